// Network diagram: the network drawn beside the boundary, each unit's picture in its node.
//
// Loaded in one module with boundary_player.js (animation.py joins the files), which calls
// createDiagram once per trajectory and diagram.show(frame) from its own show(). The payload
// part comes from ui/playground/diagram.py: per kept frame every unit's activation over a
// small grid (uint8) and the exact float64 weights, so forward and backward propagation for
// one training point, redone here, give the engine's z, a and dz. Names carry an nd prefix:
// this file shares the module's top level with the player.

const ND_CSS = `
.bp-stage { flex-wrap: wrap; }
.nd-wrap { position: relative; flex: 0 0 auto; }
.nd-wrap.nd-below { order: 3; flex-basis: 100%; }
.nd-wrap canvas { display: block; }
.nd-node { position: absolute; border-radius: 50%; cursor: pointer; }
.nd-node:focus-visible, .nd-node:hover { outline: 3px solid #009E73; outline-offset: 1px; }
.nd-tip { position: absolute; z-index: 5; pointer-events: none; background: #fff;
  border: 1px solid #c9ced8; border-radius: 6px; padding: 4px 8px; font-size: 0.9rem;
  box-shadow: 0 2px 6px rgba(0,0,0,.15); white-space: nowrap; display: none;
  font-variant-numeric: tabular-nums; }
.nd-tip b { font-weight: 600; }
.nd-hint { order: 4; flex-basis: 100%; font-size: 0.85rem; color: #5b6270; margin-top: -6px; }
`;
const ND_SUB = "₀₁₂₃₄₅₆₇₈₉";
const ND_EDGES = 240; // most edges drawn between two layers
const ndSub = (n) => String(n).split("").map((d) => ND_SUB[Number(d)]).join("");
// Four significant digits, trailing zeros kept: tanh(5.6) shows 1.000, never a bare 1.
const ndNum = (v) => (Number.isFinite(v) ? v.toPrecision(4).replace("-", "−") : "–");

function createDiagram(root, data, hooks) {
  const D = data.diagram;
  const stage = root.querySelector(".bp-stage");
  if (!D || !stage) return null;
  const dims = D.dims, L = dims.length - 1, g = D.grid;
  const units = dims.slice(1).reduce((s, n) => s + n, 0);
  const bytes = data.frames;
  const pics = bytes.subarray(D.offset, D.offset + D.pictures_bytes);
  const kept = D.iterations.length, nW = D.n_weights;
  const start = D.offset + D.weights_at;
  // A copy: Float64Array needs an 8-byte-aligned offset, and the tail starts anywhere.
  const weights = new Float64Array(bytes.slice(start, start + 8 * nW * kept).buffer);
  const signed = ndColours(D.signed), proba = ndColours(D.proba);
  let wTop = 0; // the largest finite |w| of the whole run: the thickest edge
  for (let i = 0; i < weights.length; i++) if (Number.isFinite(weights[i])) wTop = Math.max(wTop, Math.abs(weights[i]));
  const act = D.activation;

  if (!document.getElementById("nd-style")) {
    const style = document.createElement("style");
    style.id = "nd-style"; style.textContent = ND_CSS;
    document.head.appendChild(style);
  }
  const wrap = document.createElement("div");
  wrap.className = "nd-wrap"; wrap.dataset.testid = "nd-diagram";
  wrap.setAttribute("data-testid", "nd-diagram");
  const canvas = document.createElement("canvas");
  canvas.setAttribute("data-testid", "nd-canvas");
  canvas.setAttribute("aria-label", `Network ${dims.join("-")}: each unit's output over the plane`);
  const layer = document.createElement("div");
  const tip = document.createElement("div");
  tip.className = "nd-tip"; tip.setAttribute("data-testid", "nd-tip"); tip.setAttribute("role", "status");
  const hint = document.createElement("div");
  hint.className = "nd-hint"; hint.setAttribute("data-testid", "nd-hint"); hint.textContent = data.diagram_hint || "";
  wrap.append(canvas, layer, tip);
  const boundary = stage.querySelector("[data-testid=bp-canvas]");
  stage.insertBefore(wrap, boundary ? boundary.nextSibling : null);
  stage.appendChild(hint); // one line under the whole stage, not a column under the nodes
  const atlas = document.createElement("canvas");
  atlas.width = g * units; atlas.height = g;
  const actx = atlas.getContext("2d");
  const image = actx.createImageData(g * units, g);
  const ctx = canvas.getContext("2d");
  const mask = document.createElement("canvas"), rims = document.createElement("canvas");
  const discCanvas = document.createElement("canvas"), discs = discCanvas.getContext("2d");

  let frame = -1, k = -1, point = 0, focused = null, box = { w: 0, h: 0, dpr: 1 }, nodes = [];
  const listeners = [];
  const listen = (node, type, fn) => { node.addEventListener(type, fn); listeners.push([node, type, fn]); };
  if (hooks.canvas) listen(hooks.canvas, "mousemove", (event) => {
    const p = hooks.toData(event);
    if (!p) return;
    point = nearest(p);
    root.dataset.ndPoint = String(point);
    if (focused) tipFor(focused);
  });
  root.dataset.ndPoint = String(point);

  function nearest([x1, x2]) {
    // On screen, not in data units: the axes may have different spans.
    const sx = data.x_range[1] - data.x_range[0], sy = data.y_range[1] - data.y_range[0];
    let best = 0, bestD = Infinity;
    for (let i = 0; i < D.y.length; i++) {
      const dx = (D.x[0][i] - x1) / sx, dy = (D.x[1][i] - x2) / sy, d = dx * dx + dy * dy;
      if (d < bestD) { bestD = d; best = i; }
    }
    return best;
  }

  function reserve(width, side) {
    // Beside the plot when the curves can narrow to make room; below it (full width) on
    // narrow screens. Returns the width (with its gap) the plot leaves free, and the curves'.
    const curves = side ? Math.min(side, Math.max(220, Math.floor(width * 0.26))) : 0;
    const avail = width - curves - (curves ? 16 : 0);
    if (curves && avail >= 500) {
      box.beside = Math.max(220, Math.min(440, Math.floor(avail * 0.4)));
      return { beside: box.beside + 16, side: curves };
    }
    box.beside = 0;
    return { beside: 0, side };
  }

  function layout(plot, width) {
    const w = box.beside || Math.max(240, Math.min(width, 560)), h = box.beside ? plot : Math.max(220, Math.round(w * 0.5));
    wrap.classList.toggle("nd-below", !box.beside);
    wrap.style.width = box.beside ? `${w}px` : "";
    const dpr = window.devicePixelRatio || 1;
    box = { ...box, w, h, dpr };
    canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr);
    canvas.style.width = `${w}px`; canvas.style.height = `${h}px`;
    place();
    drawStatic();
    const f = frame; frame = -1; k = -1; // a new size: repaint whatever the frame
    if (f >= 0) show(f);
  }

  function place() {
    // Columns for x, the hidden layers and the output; nodes shrink with the widest layer.
    const cols = [2, ...dims.slice(1)], top = 14, bottom = box.h - 18;
    const most = Math.max(...cols);
    const r = Math.max(3, Math.min(30, ((box.w - 60) / (cols.length - 1)) * 0.3, ((bottom - top) / most) * 0.42));
    const padX = r + 4, gapX = (box.w - 2 * padX) / (cols.length - 1);
    nodes = [];
    cols.forEach((n, l) => {
      const step = Math.min((bottom - top) / n, r * 3.2), mid = (top + bottom) / 2;
      for (let j = 0; j < n; j++) nodes.push({ l, j, x: padX + l * gapX, y: mid + (j - (n - 1) / 2) * step, r });
    });
    layer.innerHTML = "";
    for (const node of nodes) {
      if (node.l === 0) continue;
      const el = document.createElement("div");
      el.className = "nd-node"; el.tabIndex = 0; el.setAttribute("role", "button");
      el.setAttribute("data-testid", `nd-node-${node.l}-${node.j + 1}`);
      el.setAttribute("aria-label", node.l === L ? "output unit" : `unit ${node.j + 1} of hidden layer ${node.l}`);
      Object.assign(el.style, { left: `${node.x - r}px`, top: `${node.y - r}px`, width: `${2 * r}px`, height: `${2 * r}px` });
      const enter = () => { focused = node; tipFor(node); };
      const leave = () => { if (focused === node) { focused = null; tip.style.display = "none"; } };
      el.addEventListener("mouseenter", enter); el.addEventListener("focus", enter);
      el.addEventListener("mouseleave", leave); el.addEventListener("blur", leave);
      el.addEventListener("click", () => open(node));
      el.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); event.stopPropagation(); open(node); }
      });
      node.el = el;
      layer.appendChild(el);
    }
  }

  function open(node) {
    if (typeof root.__setTrigger !== "function" || k < 0) return;
    root.__setTrigger("node", { layer: node.l, unit: node.j + 1, iteration: D.iterations[k] });
  }

  function show(next) {
    if (next === frame || !box.w) return;
    const was = k;
    frame = next; k = D.frame_of[Math.min(next, D.frame_of.length - 1)];
    // A big network keeps every few frames only: between them the picture stands still.
    if (k !== was || !canvas.dataset.painted) { draw(); if (focused) tipFor(focused); }
    canvas.dataset.painted = String(frame);
    wrap.dataset.kept = String(k);
  }

  function draw() {
    // The atlas: every unit's g × g picture side by side, coloured in one pass.
    const px = image.data, base = k * units * g * g;
    for (let u = 0, uo = 0; u < units; u++) {
      const lut = u >= units - dims[L] ? proba : signed;
      for (let r = 0; r < g; r++) {
        for (let c = 0; c < g; c++) {
          const v = pics[base + u * g * g + r * g + c] * 3, i = ((g - 1 - r) * g * units + uo + c) * 4;
          px[i] = lut[v]; px[i + 1] = lut[v + 1]; px[i + 2] = lut[v + 2]; px[i + 3] = 255;
        }
      }
      uo += g;
    }
    actx.putImageData(image, 0, 0);
    // Pictures as squares, cut to circles by one mask: one composite instead of a clip per node.
    discs.setTransform(box.dpr, 0, 0, box.dpr, 0, 0);
    discs.globalCompositeOperation = "source-over";
    discs.clearRect(0, 0, box.w, box.h);
    discs.imageSmoothingEnabled = true;
    let u = 0;
    for (const node of nodes) {
      if (node.l === 0) continue;
      discs.drawImage(atlas, u * g, 0, g, g, node.x - node.r, node.y - node.r, 2 * node.r, 2 * node.r);
      u++;
    }
    discs.setTransform(1, 0, 0, 1, 0, 0);
    discs.globalCompositeOperation = "destination-in";
    discs.drawImage(mask, 0, 0);
    discs.globalCompositeOperation = "source-over";
    ctx.setTransform(box.dpr, 0, 0, box.dpr, 0, 0);
    ctx.clearRect(0, 0, box.w, box.h);
    drawEdges();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(discCanvas, 0, 0);
    ctx.drawImage(rims, 0, 0);
    canvas.dataset.painted = String(frame);
  }

  function drawStatic() {
    // Once per layout: the circles' mask, and the rims with the input nodes and their labels.
    for (const c of [mask, rims, discCanvas]) { c.width = canvas.width; c.height = canvas.height; }
    const m = mask.getContext("2d"), o = rims.getContext("2d");
    m.setTransform(box.dpr, 0, 0, box.dpr, 0, 0); o.setTransform(box.dpr, 0, 0, box.dpr, 0, 0);
    m.fillStyle = "#000";
    for (const node of nodes) {
      o.beginPath(); o.arc(node.x, node.y, node.r, 0, 2 * Math.PI);
      if (node.l === 0) { o.fillStyle = "#f2f3f5"; o.fill(); }
      else { m.beginPath(); m.arc(node.x, node.y, node.r, 0, 2 * Math.PI); m.fill(); }
      o.lineWidth = 1; o.strokeStyle = "#555"; o.stroke();
      if (node.l === 0 && node.r >= 7) {
        o.fillStyle = "#1B1F24"; o.font = `${Math.min(14, node.r)}px sans-serif`;
        o.textAlign = "center"; o.textBaseline = "middle";
        o.fillText(`x${ndSub(node.j + 1)}`, node.x, node.y);
      }
    }
  }

  function drawEdges() {
    // Colour says the sign, width the size against the run's largest |w| (square root, so
    // small weights still show): edges grow as the network learns. Edges go in 2 × 6
    // buckets, one stroke each, so 4 layers × 50 units stay cheap.
    const w = weights.subarray(k * nW, (k + 1) * nW);
    let at = 0, first = 0;
    for (let l = 1; l <= L; l++) {
      const n = dims[l], p = dims[l - 1], prev = first, here = first + p;
      const top = wTop;
      const buckets = [[], []].map(() => Array.from({ length: 6 }, () => []));
      // Thousands of long lines would cost the frame rate and hide each other: a wide layer
      // shows its ND_EDGES strongest weights.
      let floor = 0;
      if (n * p > ND_EDGES) {
        const sizes = Float64Array.from(w.subarray(at, at + n * p), Math.abs).sort();
        floor = sizes[n * p - ND_EDGES];
      }
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < p; i++) {
          const v = w[at + j * p + i];
          if (!Number.isFinite(v) || top === 0 || Math.abs(v) < floor) continue;
          const level = Math.min(5, Math.floor(Math.sqrt(Math.abs(v) / top) * 6));
          buckets[v >= 0 ? 0 : 1][level].push([nodes[prev + i], nodes[here + j]]);
        }
      }
      buckets.forEach((levels, s) => levels.forEach((pairs, level) => {
        if (!pairs.length) return;
        ctx.beginPath();
        for (const [a, b] of pairs) { ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y); }
        ctx.strokeStyle = s === 0 ? D.positive : D.negative;
        ctx.globalAlpha = 0.25 + 0.13 * level;
        ctx.lineWidth = 0.6 + level * 0.9 * Math.min(1, nodes[0].r / 12 + 0.3);
        ctx.stroke();
      }));
      ctx.globalAlpha = 1;
      at += n * p + n; first = here;
    }
  }

  function propagate(i) {
    // engine.forward then engine.backward for the one column x(i), with this frame's weights.
    const w = weights.subarray(k * nW, (k + 1) * nW);
    const A = [[D.x[0][i], D.x[1][i]]], Z = [null];
    let at = 0;
    const Ws = [null];
    for (let l = 1; l <= L; l++) {
      const n = dims[l], p = dims[l - 1], W = w.subarray(at, at + n * p), b = w.subarray(at + n * p, at + n * p + n);
      Ws.push(W); at += n * p + n;
      const z = [], a = [];
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < p; q++) s += W[j * p + q] * A[l - 1][q];
        z.push(s + b[j]); a.push(ndAct(l === L ? "sigmoid" : act, s + b[j]));
      }
      Z.push(z); A.push(a);
    }
    const dZ = [];
    dZ[L] = A[L].map((a) => a - D.y[i]);
    for (let l = L; l > 1; l--) {
      const n = dims[l], p = dims[l - 1], W = Ws[l];
      dZ[l - 1] = [];
      for (let q = 0; q < p; q++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += W[j * p + q] * dZ[l][j];
        dZ[l - 1].push(s * ndSlope(act, A[l - 1][q]));
      }
    }
    return { Z, A, dZ };
  }

  function tipFor(node) {
    if (k < 0) return;
    const { Z, A, dZ } = propagate(point);
    const name = (s) => `${s}<sup>[${node.l}]</sup>${ndSub(node.j + 1)}`;
    const x = [D.x[0][point], D.x[1][point]];
    tip.innerHTML =
      `${name("z")} = <b data-testid="nd-z">${ndNum(Z[node.l][node.j])}</b> · ` +
      `${name("a")} = <b data-testid="nd-a">${ndNum(A[node.l][node.j])}</b> · ` +
      `${name("dz")} = <b data-testid="nd-dz">${ndNum(dZ[node.l][node.j])}</b><br>` +
      `<span data-testid="nd-point" data-index="${point}">x = (${ndNum(x[0])}, ${ndNum(x[1])}), y = ${D.y[point]}</span>` +
      ` · iteration <span data-testid="nd-iteration">${D.iterations[k].toLocaleString("en-US")}</span>`;
    tip.style.display = "block";
    const left = node.x + node.r + 6, width = tip.offsetWidth;
    tip.style.left = `${left + width > box.w ? Math.max(0, node.x - node.r - 6 - width) : left}px`;
    tip.style.top = `${Math.max(0, node.y - 18)}px`;
  }

  function destroy() {
    for (const [node, type, fn] of listeners) node.removeEventListener(type, fn);
    wrap.remove(); hint.remove();
  }

  const api = { show, layout, reserve, destroy };
  wrap.__diagram = api; // for timing a repaint in the page (bench, tests)
  return api;
}

function ndAct(name, z) {
  if (name === "sigmoid") return 1 / (1 + Math.exp(-z));
  if (name === "tanh") return Math.tanh(z);
  if (name === "relu") return Math.max(z, 0);
  return Math.max(z, 0.01 * z); // leaky_relu
}

function ndSlope(name, a) {
  // g'(z) from a = g(z), as engine.activation_backward takes it.
  if (name === "sigmoid") return a * (1 - a);
  if (name === "tanh") return 1 - a * a;
  if (name === "relu") return a > 0 ? 1 : 0;
  return a > 0 ? 1 : 0.01;
}

function ndColours(scale) {
  // 256 RGB entries along a [[pos, "#rrggbb"], …] scale.
  const stops = scale.map(([p, hex]) => [p, [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))]);
  const lut = new Uint8ClampedArray(256 * 3);
  for (let v = 0; v < 256; v++) {
    const p = v / 255;
    let s = 0;
    while (s < stops.length - 2 && p > stops[s + 1][0]) s++;
    const [p0, c0] = stops[s], [p1, c1] = stops[s + 1], t = p1 > p0 ? (p - p0) / (p1 - p0) : 0;
    for (let j = 0; j < 3; j++) lut[v * 3 + j] = Math.round(c0[j] + (c1[j] - c0[j]) * t);
  }
  return lut;
}
