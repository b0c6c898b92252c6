// Boundary player: plays a training trajectory computed once on the server.
//
// The payload (ui/animation.py) arrives as bytes: a uint32 length, that much JSON, then every
// frame's probability grid as uint8. The JSON holds the points once, and one number per frame
// for iteration, cost and accuracy. Drawing a frame is one putImageData of a small grid, one
// scaled drawImage, a 0.5 contour and a cached overlay of axes and points, so it stays far
// below a 60 Hz frame budget. No network, no libraries.
//
// Streamlit calls this function again whenever the payload changes, on the same DOM; a
// player bound to the root is replaced then, and kept when the same trajectory comes back.

const SPEEDS = [[5, "slow"], [15, "½×"], [30, "1×"], [60, "2×"]];
const DEFAULT_FPS = 30;
const svg = (d) => `<svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true"><path d="${d}" fill="currentColor"/></svg>`;
const PLAY = `${svg("M4 2v12l9-6z")} Play`, PAUSE = `${svg("M3 2h4v12H3zM9 2h4v12H9z")} Pause`;
const PAD = { l: 44, r: 10, t: 10, b: 34 }; // room for the axis ticks around the plot

export default function (component) {
  const { parentElement } = component;
  const root = parentElement.querySelector(".bp-player");
  if (root) root.__setTrigger = component.setTriggerValue; // the diagram's node clicks
  const data = unpack(component.data);
  if (root && data) { // drawing (ui/playground/drawing.py): the mode changes without a new
    // trajectory, so it lives on the root, where a kept player reads it at click time
    root.dataset.draw = data.draw || "";
    const plane = root.querySelector("[data-testid=bp-canvas]");
    if (plane) plane.style.cursor = data.draw ? "crosshair" : "";
  }
  if (!root || !data || !data.n_frames) return undefined;
  // Streamlit keeps only the latest returned cleanup and calls it on unmount: always return one.
  const cleanup = () => { if (root.__player) { root.__player.destroy(); root.__player = null; } };
  if (root.__player && root.__player.id === data.id) return cleanup;
  if (root.__player) root.__player.destroy();
  root.__player = createPlayer(root, data);
  root.dataset.payloadBytes = String(data.payloadBytes); // read by the fps bench
  root.dataset.runId = data.id; // …and by the bench of a slider change to a playing run
  return cleanup;
}

function createPlayer(root, data) {
  const F = data.n_frames, nx = data.nx, ny = data.ny;
  const frames = data.frames;
  // K classes (a softmax output): a byte is class × shades + shade, coloured by the class.
  const K = data.k_classes || 0;
  const lut = K ? classTable(data.classes, data.shades, data.heat_alpha ?? 0.78)
    : colourTable(data.scale, data.heat_alpha ?? 0.78);
  const epochs = data.unit === "epoch"; // mini-batches: one iteration is one pass, an epoch
  const q = (sel) => root.querySelector(sel);
  const el = {
    canvas: q("[data-testid=bp-canvas]"), curves: q("[data-testid=bp-curves]"),
    play: q("[data-testid=bp-play]"), back: q("[data-testid=bp-step-back]"),
    step: q("[data-testid=bp-step]"), first: q("[data-testid=bp-first]"),
    scrub: q("[data-testid=bp-scrub]"), speed: q("[data-testid=bp-speed]"),
    loop: q("[data-testid=bp-loop]"), testToggle: q("[data-testid=bp-test-toggle]"),
    iteration: q("[data-testid=bp-iteration]"), cost: q("[data-testid=bp-cost]"),
    accuracy: q("[data-testid=bp-accuracy]"), testStats: q("[data-testid=bp-test-stats]"),
    frame: q("[data-testid=bp-frame]"), stop: q("[data-testid=bp-stopped]"),
    hover: q("[data-testid=bp-hover]"),
    rate: q("[data-testid=bp-rate]"), rateNow: q("[data-testid=bp-rate-now]"),
    moreN: q("[data-testid=bp-more-n]"), more: q("[data-testid=bp-train-more]"),
    log: q("[data-testid=bp-log]"),
  };
  const unitWord = q("[data-testid=bp-unit]"); // the same element serves every run
  if (unitWord) unitWord.textContent = epochs ? "Epoch" : "Iteration";
  // The α the run used from each iteration on: [[0, α], [start, α′], …] (steering marks).
  const schedule = data.schedule && data.schedule.length ? data.schedule : [[0, NaN]];
  const rateAt = (k) => { let a = schedule[0][1]; for (const [t, r] of schedule) if (t <= data.iterations[k]) a = r; return a; };
  const big = !!data.presenter; // presenter mode: larger type on the canvases too
  const font = `${big ? 18 : 12}px 'Source Sans Pro', sans-serif`;
  const pad = big ? { l: 60, r: 12, t: 12, b: 50 } : PAD;
  root.classList.toggle("bp-presenter", big);
  const grid = document.createElement("canvas");
  grid.width = nx; grid.height = ny;
  const gctx = grid.getContext("2d");
  const image = gctx.createImageData(nx, ny);
  const overlay = document.createElement("canvas");
  const curveCache = document.createElement("canvas");
  const ctx = el.canvas.getContext("2d");
  const cctx = el.curves.getContext("2d");
  // network_diagram.js: the network beside the boundary, drawn from show() like the rest.
  const diagram = typeof createDiagram === "function" ? createDiagram(root, data, {
    canvas: el.canvas,
    toData: (event) => {
      const rect = el.canvas.getBoundingClientRect(), b = plotBox();
      const fx = (event.clientX - rect.left - b.x) / b.w, fy = 1 - (event.clientY - rect.top - b.y) / b.h;
      if (fx < 0 || fx > 1 || fy < 0 || fy > 1) return null;
      return [data.x_range[0] + fx * (data.x_range[1] - data.x_range[0]),
              data.y_range[0] + fy * (data.y_range[1] - data.y_range[0])];
    },
  }) : null;
  let frame = clamp(data.start_frame ?? 0, 0, F - 1);
  // The player of a run's first tenth hands over to the full run's (ui/playground/page.py):
  // the same iteration, still playing, at the same speed.
  const handoff = data.run && window.__bpHandoff && window.__bpHandoff.run === data.run
    ? window.__bpHandoff : null;
  if (handoff) {
    const k = data.iterations.findIndex((it) => it >= handoff.iteration);
    frame = k < 0 ? F - 1 : k;
  }
  let playing = false, raf = 0, last = 0, acc = 0, alive = true;
  let fps = handoff ? handoff.fps : DEFAULT_FPS, showTest = !!data.test, size = { w: 0, h: 0, dpr: 1 };

  el.play.innerHTML = PLAY;
  el.scrub.max = String(F - 1);
  el.speed.innerHTML = "";
  for (const [value, label] of SPEEDS) el.speed.add(new Option(label, String(value)));
  el.speed.value = String(fps);
  el.testToggle.checked = showTest;
  el.testToggle.disabled = !data.test;
  el.testToggle.parentElement.style.display = data.test ? "" : "none";
  el.stop.textContent = data.stopped ? data.stopped : "";
  el.stop.style.display = data.stopped ? "" : "none";
  setUpSteering();

  const on = (node, type, fn) => node.addEventListener(type, fn);
  const listeners = [];
  const listen = (node, type, fn) => { on(node, type, fn); listeners.push([node, type, fn]); };
  listen(el.play, "click", () => (playing ? pause() : play()));
  listen(el.back, "click", () => { pause(); show(frame - 1); });
  listen(el.step, "click", () => { pause(); show(frame + 1); });
  listen(el.first, "click", () => { pause(); show(0); });
  listen(el.scrub, "input", () => { pause(); show(Number(el.scrub.value)); });
  listen(el.speed, "change", () => { fps = Number(el.speed.value); });
  listen(el.testToggle, "change", () => { showTest = el.testToggle.checked; layout(true); });
  listen(el.log, "change", () => { layout(true); });
  listen(el.more, "click", () => {
    // Continue from the run's last weights at the α it ended with.
    pause(); steer(data.iterations[F - 1], Number(el.moreN.value), schedule[schedule.length - 1][1]);
  });
  listen(el.rate, "change", () => {
    // A new α continues from the frame on screen: paused there, the rest is trained anew.
    pause(); steer(data.iterations[frame], Number(el.moreN.value), Number(el.rate.value));
  });
  listen(root, "keydown", (event) => {
    // Space plays/pauses and the arrows step, for a teacher with a clicker or a keyboard.
    if (event.target.matches("input, select")) return;
    if (event.key === " " && event.target.matches("button")) return; // the button's own click
    if (event.key === " ") { event.preventDefault(); playing ? pause() : play(); }
    else if (event.key === "ArrowRight") { event.preventDefault(); pause(); show(frame + 1); }
    else if (event.key === "ArrowLeft") { event.preventDefault(); pause(); show(frame - 1); }
  });
  listen(el.canvas, "mousemove", hover);
  listen(el.canvas, "mouseleave", () => { el.hover.textContent = data.hover_hint || ""; });
  listen(el.canvas, "click", drawClick);
  const resize = new ResizeObserver(() => layout(false));
  resize.observe(root);
  listen(window, "resize", () => layout(false));
  layout(true);

  function play() {
    if (playing) return;
    if (frame >= F - 1) show(0); // play from the start once the end was reached
    playing = true; acc = 0; last = performance.now();
    el.play.innerHTML = PAUSE; el.play.setAttribute("aria-pressed", "true");
    remember();
    raf = requestAnimationFrame(tick);
  }

  function pause() {
    playing = false; cancelAnimationFrame(raf);
    el.play.innerHTML = PLAY; el.play.setAttribute("aria-pressed", "false");
    remember();
  }

  function tick(now) {
    if (!alive || !root.isConnected) { destroy(); return; }
    if (!playing) return;
    acc += Math.min(now - last, 250); last = now;
    const interval = 1000 / fps;
    if (acc >= interval * 0.95) { // 0.95: a 60 Hz display still lands every 2nd rAF at 30 fps
      acc = Math.max(0, acc - interval);
      if (frame >= F - 1) {
        if (data.early) { raf = requestAnimationFrame(tick); return; } // the full run is coming
        if (el.loop.checked) show(0); else { pause(); return; }
      } else show(frame + 1);
    }
    raf = requestAnimationFrame(tick);
  }

  function layout(force) {
    // The plot is square: as wide as the stage allows next to the curves, and short enough
    // that the controls and the plot fit on one screen together.
    const width = Math.max(240, el.canvas.parentElement.clientWidth);
    let side = width >= 720 ? Math.min(340, Math.floor(width * 0.36)) : 0;
    const tall = Math.max(320, window.innerHeight - 250);
    // The diagram may narrow the curves to sit beside the plot; `beside` is its width.
    const room = diagram ? diagram.reserve(width, side) : { beside: 0, side };
    const beside = room.beside;
    side = room.side;
    const plot = Math.max(240, Math.min(width - side - (side ? 16 : 0) - beside, 620, tall));
    const dpr = window.devicePixelRatio || 1;
    if (!force && plot === size.w && side === size.side && dpr === size.dpr) return;
    size = { w: plot, h: plot, side, dpr };
    setCanvasSize(el.canvas, plot, plot, dpr);
    setCanvasSize(overlay, plot, plot, dpr);
    el.curves.style.display = side ? "" : "none";
    if (side) {
      setCanvasSize(el.curves, side, plot, dpr);
      setCanvasSize(curveCache, side, plot, dpr);
      drawCurveCache();
    }
    drawOverlay();
    if (diagram) diagram.layout(plot, width);
    show(frame, true);
  }

  // --- drawing ---------------------------------------------------------------------------
  function plotBox() {
    return { x: pad.l, y: pad.t, w: size.w - pad.l - pad.r, h: size.h - pad.t - pad.b };
  }

  function show(next, force) {
    next = clamp(next, 0, F - 1);
    if (next === frame && !force) return;
    frame = next;
    if (diagram) diagram.show(frame);
    drawBoundary();
    if (size.side) drawCurves();
    el.scrub.value = String(frame);
    const it = data.iterations[frame];
    el.iteration.textContent = it.toLocaleString("en-US");
    el.cost.textContent = fmt(data.cost[frame], 4);
    el.accuracy.textContent = pct(data.accuracy[frame]);
    if (data.test_cost) {
      el.testStats.textContent =
        `test cost ${fmt(data.test_cost[frame], 4)} · test accuracy ${pct(data.test_accuracy[frame])}`;
    }
    el.frame.textContent = `frame ${frame + 1} / ${F}`;
    remember();
    el.rateNow.textContent = fmtRate(rateAt(frame));
    if (!playing && document.activeElement !== el.rate) el.rate.value = String(rateAt(frame));
    root.dataset.frame = String(frame);
  }

  function drawBoundary() {
    const off = frame * nx * ny, px = image.data;
    for (let r = 0; r < ny; r++) {
      const row = (ny - 1 - r) * nx; // grid row 0 is the bottom of the plot
      for (let c = 0; c < nx; c++) {
        const v = frames[off + r * nx + c] * 3, i = (row + c) * 4;
        px[i] = lut[v]; px[i + 1] = lut[v + 1]; px[i + 2] = lut[v + 2]; px[i + 3] = 255;
      }
    }
    gctx.putImageData(image, 0, 0);
    const b = plotBox();
    ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
    ctx.clearRect(0, 0, size.w, size.h);
    ctx.imageSmoothingEnabled = true;
    // Grid values sit at cell centres: stretch so the outer centres land on the plot edges.
    const sx = b.w / (nx - 1), sy = b.h / (ny - 1);
    ctx.save();
    ctx.beginPath(); ctx.rect(b.x, b.y, b.w, b.h); ctx.clip();
    ctx.drawImage(grid, b.x - sx / 2, b.y - sy / 2, b.w + sx, b.h + sy);
    drawContour(b, off);
    ctx.restore();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(overlay, 0, 0);
    el.canvas.dataset.painted = "1";
  }

  function drawContour(b, off) {
    if (K) { drawClassEdges(b, off); return; }
    // Marching squares on the 0.5 level (uint8 127.5): the line where the prediction flips.
    // A nearly flat frame (a freshly initialised net says ≈ 0.5 everywhere) has no boundary
    // worth drawing: at uint8 precision its crossing is only quantisation noise.
    let lo = 255, hi = 0;
    for (let k = off; k < off + nx * ny; k++) { const v = frames[k]; if (v < lo) lo = v; if (v > hi) hi = v; }
    if (hi - lo < 8 || hi < 128 || lo > 127) return;
    const L = 127.5, sx = b.w / (nx - 1), sy = b.h / (ny - 1);
    const X = (c) => b.x + c * sx, Y = (r) => b.y + b.h - r * sy;
    ctx.beginPath();
    for (let r = 0; r < ny - 1; r++) {
      for (let c = 0; c < nx - 1; c++) {
        const a = frames[off + r * nx + c], bb = frames[off + r * nx + c + 1];
        const d = frames[off + (r + 1) * nx + c], e = frames[off + (r + 1) * nx + c + 1];
        const pts = [];
        if ((a > L) !== (bb > L)) pts.push([X(c + (L - a) / (bb - a)), Y(r)]);
        if ((bb > L) !== (e > L)) pts.push([X(c + 1), Y(r + (L - bb) / (e - bb))]);
        if ((d > L) !== (e > L)) pts.push([X(c + (L - d) / (e - d)), Y(r + 1)]);
        if ((a > L) !== (d > L)) pts.push([X(c), Y(r + (L - a) / (d - a))]);
        for (let k = 0; k + 1 < pts.length; k += 2) {
          ctx.moveTo(pts[k][0], pts[k][1]); ctx.lineTo(pts[k + 1][0], pts[k + 1][1]);
        }
      }
    }
    ctx.strokeStyle = "rgba(30,30,30,0.75)"; ctx.lineWidth = 1.6; ctx.stroke();
  }

  function drawClassEdges(b, off) {
    // Between two neighbouring cells of different predicted classes: the boundary's piece.
    const sx = b.w / (nx - 1), sy = b.h / (ny - 1), S = data.shades;
    const cls = (k) => Math.floor(frames[k] / S);
    const X = (c) => b.x + c * sx, Y = (r) => b.y + b.h - r * sy;
    ctx.beginPath();
    for (let r = 0; r < ny; r++) {
      for (let c = 0; c < nx; c++) {
        const k = off + r * nx + c, here = cls(k);
        if (c + 1 < nx && cls(k + 1) !== here) {
          ctx.moveTo(X(c + 0.5), Y(r - 0.5)); ctx.lineTo(X(c + 0.5), Y(r + 0.5));
        }
        if (r + 1 < ny && cls(k + nx) !== here) {
          ctx.moveTo(X(c - 0.5), Y(r + 0.5)); ctx.lineTo(X(c + 0.5), Y(r + 0.5));
        }
      }
    }
    ctx.strokeStyle = "rgba(30,30,30,0.6)"; ctx.lineWidth = 1.2; ctx.stroke();
  }

  function drawOverlay() {
    const o = overlay.getContext("2d"), b = plotBox();
    o.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
    o.clearRect(0, 0, size.w, size.h);
    const [x0, x1] = data.x_range, [y0, y1] = data.y_range;
    const toX = (x) => b.x + ((x - x0) / (x1 - x0)) * b.w;
    const toY = (y) => b.y + b.h - ((y - y0) / (y1 - y0)) * b.h;
    o.strokeStyle = "#888"; o.lineWidth = 1; o.strokeRect(b.x, b.y, b.w, b.h);
    o.fillStyle = "#444"; o.font = font;
    o.textAlign = "center"; o.textBaseline = "top";
    for (const t of ticks(x0, x1)) {
      o.fillRect(toX(t), b.y + b.h, 1, 4); o.fillText(tickLabel(t), toX(t), b.y + b.h + 6);
    }
    o.textAlign = "right"; o.textBaseline = "middle";
    for (const t of ticks(y0, y1)) {
      o.fillRect(b.x - 4, toY(t), 4, 1); o.fillText(tickLabel(t), b.x - 7, toY(t));
    }
    o.textAlign = "center"; o.textBaseline = "bottom";
    o.fillText("x₁", b.x + b.w / 2, size.h);
    o.save(); o.translate(11, b.y + b.h / 2); o.rotate(-Math.PI / 2);
    o.textBaseline = "middle"; o.fillText("x₂", 0, 0); o.restore();
    o.save(); o.beginPath(); o.rect(b.x, b.y, b.w, b.h); o.clip();
    const radius = Math.max(2.5, Math.min(4.5, b.w / 130));
    drawPoints(o, data.train, toX, toY, radius, false);
    if (showTest && data.test) drawPoints(o, data.test, toX, toY, radius, true);
    o.restore();
  }

  function drawPoints(o, pts, toX, toY, radius, hollow) {
    for (let i = 0; i < pts.x.length; i++) {
      const colour = data.classes[pts.c[i]];
      o.beginPath(); o.arc(toX(pts.x[i]), toY(pts.y[i]), radius, 0, 2 * Math.PI);
      if (hollow) {
        o.fillStyle = "white"; o.fill();
        o.lineWidth = 1.8; o.strokeStyle = colour; o.stroke();
      } else {
        o.fillStyle = colour; o.fill();
        o.lineWidth = 0.8; o.strokeStyle = "white"; o.stroke();
      }
    }
  }

  function curveBox(half) {
    // Two stacked boxes, each with its title in the strip above it.
    const head = big ? 26 : 18, gap = 14, h = (size.h - pad.t - pad.b - 2 * head - gap) / 2;
    const y = pad.t + head + (half === 0 ? 0 : h + gap + head), left = big ? 56 : 40;
    return { x: left, y, w: size.side - left - 8, h };
  }

  function drawCurveCache() {
    const o = curveCache.getContext("2d");
    o.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
    o.clearRect(0, 0, size.side, size.h);
    const series = [
      { box: curveBox(0), title: "cost J", lines: [data.cost, data.test_cost], fixed: null },
      { box: curveBox(1), title: "accuracy", lines: [data.accuracy, data.test_accuracy],
        fixed: [0, 1] },
    ];
    const its = data.iterations, xmax = Math.max(data.total_iters, its[its.length - 1], 1);
    for (const s of series) {
      const b = s.box, vals = s.lines.filter(Boolean).flat();
      let [lo, hi] = s.fixed ?? [0, Math.max(...vals) * 1.05 || 1];
      if (hi <= lo) hi = lo + 1;
      const logged = el.log.checked, lx = Math.log10(1 + xmax);
      s.map = { toX: (t) => b.x + (logged ? Math.log10(1 + t) / lx : t / xmax) * b.w, toY: (v) => b.y + b.h - ((v - lo) / (hi - lo)) * b.h };
      o.strokeStyle = "#bbb"; o.lineWidth = 1; o.strokeRect(b.x, b.y, b.w, b.h);
      o.fillStyle = "#444"; o.font = font;
      o.textAlign = "left"; o.textBaseline = "bottom"; o.fillText(s.title, b.x, b.y - 4);
      o.textAlign = "right"; o.textBaseline = "middle";
      for (const v of [lo, (lo + hi) / 2, hi]) {
        o.fillText(s.fixed ? `${Math.round(v * 100)}%` : fmt(v, 2), b.x - 4, s.map.toY(v));
      }
      s.lines.forEach((line, k) => {
        if (!line) return;
        o.beginPath();
        line.forEach((v, i) => { const X = s.map.toX(its[i]), Y = s.map.toY(v); i ? o.lineTo(X, Y) : o.moveTo(X, Y); });
        o.setLineDash(k ? [5, 4] : []); o.lineWidth = 2; o.strokeStyle = k ? "#888" : "#1B1F24";
        o.stroke(); o.setLineDash([]);
      });
    }
    const b = series[1].box;
    o.textAlign = "left"; o.textBaseline = "top"; o.fillStyle = "#444";
    o.fillText("0", b.x, b.y + b.h + 5);
    const noun = epochs ? "epochs" : "iterations";
    const unit = el.log.checked ? `${noun} (log)` : noun;
    o.textAlign = "right"; o.fillText(`${xmax.toLocaleString("en-US")} ${unit}`, b.x + b.w, b.y + b.h + 5);
    drawMarks(o, series);
    if (data.test_cost) {
      o.textAlign = "right"; o.textBaseline = "bottom";
      o.fillText("── train   - - test", series[0].box.x + series[0].box.w, series[0].box.y - 4);
    }
    curveCache.__series = series;
  }

  function drawCurves() {
    cctx.setTransform(1, 0, 0, 1, 0, 0);
    cctx.clearRect(0, 0, el.curves.width, el.curves.height);
    cctx.drawImage(curveCache, 0, 0);
    cctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
    const series = curveCache.__series, X = series[0].map.toX(data.iterations[frame]);
    for (const s of series) {
      cctx.strokeStyle = "#009E73"; cctx.lineWidth = 1.5;
      cctx.beginPath(); cctx.moveTo(X, s.box.y); cctx.lineTo(X, s.box.y + s.box.h); cctx.stroke();
      const v = s.lines[0][frame];
      cctx.fillStyle = "#009E73"; cctx.beginPath(); cctx.arc(X, s.map.toY(v), 4, 0, 2 * Math.PI); cctx.fill();
    }
  }

  function hover(event) {
    const rect = el.canvas.getBoundingClientRect(), b = plotBox();
    const fx = (event.clientX - rect.left - b.x) / b.w, fy = 1 - (event.clientY - rect.top - b.y) / b.h;
    if (fx < 0 || fx > 1 || fy < 0 || fy > 1) { el.hover.textContent = data.hover_hint || ""; return; }
    const c = Math.round(fx * (nx - 1)), r = Math.round(fy * (ny - 1));
    const v = frames[frame * nx * ny + r * nx + c], p = v / 255;
    const [x0, x1] = data.x_range, [y0, y1] = data.y_range;
    const at = `x₁ = ${fmt(x0 + fx * (x1 - x0), 2)}, x₂ = ${fmt(y0 + fy * (y1 - y0), 2)}: `;
    if (K) { // the shade maps the largest probability from 1/K to 1
      const top = 1 / K + (1 - 1 / K) * (v % data.shades) / (data.shades - 1);
      el.hover.textContent = at + `the network predicts class ${Math.floor(v / data.shades)}, ` +
        `with probability ≈ ${fmt(top, 2)}`;
      return;
    }
    el.hover.textContent = at +
      `the network says P(y = 1) = ${fmt(p, 2)} → predicts ${p > 0.5 ? 1 : 0}`;
  }

  let clicks = 0;
  function drawClick(event) {
    // A click on the plane in a drawing mode: report it in data coordinates (Shift: the
    // other class). The server checks and applies it; this only says where.
    if (!root.dataset.draw || typeof root.__setTrigger !== "function") return;
    const rect = el.canvas.getBoundingClientRect(), b = plotBox();
    const fx = (event.clientX - rect.left - b.x) / b.w, fy = 1 - (event.clientY - rect.top - b.y) / b.h;
    if (fx < 0 || fx > 1 || fy < 0 || fy > 1) return;
    const [x0, x1] = data.x_range, [y0, y1] = data.y_range;
    root.__setTrigger("click", { x1: x0 + fx * (x1 - x0), x2: y0 + fy * (y1 - y0),
      shift: event.shiftKey, n: ++clicks });
  }

  function setUpSteering() {
    el.rate.innerHTML = "";
    for (const r of data.rates || []) el.rate.add(new Option(fmtRate(r), String(r)));
    el.moreN.innerHTML = "";
    const left = data.more_left ?? 0;
    for (const n of data.more_options || []) {
      const option = new Option(n.toLocaleString("en-US"), String(n));
      option.disabled = n > left;
      el.moreN.add(option);
    }
    const usable = [...el.moreN.options].filter((o) => !o.disabled);
    if (usable.length) el.moreN.value = usable[Math.min(1, usable.length - 1)].value;
    const off = !usable.length || typeof root.__setTrigger !== "function";
    el.more.disabled = off; el.rate.disabled = off;
    el.more.title = off ? (data.more_full || "") : "";
  }

  function remember() {
    if (data.run) window.__bpHandoff = { run: data.run, iteration: data.iterations[frame], playing, fps };
  }

  let steers = 0;
  function steer(start, n, rate) {
    // The server appends the continuation to the state (and the link) and trains it.
    if (!Number.isFinite(n) || !Number.isFinite(rate) || typeof root.__setTrigger !== "function") return;
    root.dataset.steering = "1";
    root.__setTrigger("steer", { start, n, lr: rate, k: ++steers });
  }

  function drawMarks(o, series) {
    // Where α changed: a dashed line across both curves, labelled with the new α.
    for (const [t, r] of schedule.slice(1)) {
      if (r === rateAtIteration(t - 1)) continue; // "Train N more" at the same α: no mark
      const X = series[0].map.toX(t);
      o.save(); o.setLineDash([4, 3]); o.strokeStyle = "#D55E00"; o.lineWidth = 1.5;
      for (const s of series) { o.beginPath(); o.moveTo(X, s.box.y); o.lineTo(X, s.box.y + s.box.h); o.stroke(); }
      o.restore();
      o.fillStyle = "#D55E00"; o.textAlign = "left"; o.textBaseline = "top";
      o.fillText(`α = ${fmtRate(r)}`, X + 3, series[0].box.y + 2);
    }
    root.dataset.marks = String(schedule.slice(1).filter(([t, r]) => r !== rateAtIteration(t - 1)).length);
  }

  function rateAtIteration(it) {
    let a = schedule[0][1];
    for (const [t, r] of schedule) if (t <= it) a = r;
    return a;
  }

  function destroy() {
    alive = false; playing = false; cancelAnimationFrame(raf); resize.disconnect();
    if (diagram) diagram.destroy();
    for (const [node, type, fn] of listeners) node.removeEventListener(type, fn);
  }

  el.hover.textContent = data.hover_hint || "";
  if (handoff ? handoff.playing : data.autoplay) play();
  return { id: data.id, destroy };
}

// --- helpers -----------------------------------------------------------------------------
function setCanvasSize(canvas, w, h, dpr) {
  canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr);
  canvas.style.width = `${w}px`; canvas.style.height = `${h}px`;
}

function unpack(raw) {
  // uint32 n (little-endian), n bytes of JSON, then the grids; frames stay a view, no copy.
  if (!raw || typeof raw !== "object") return null;
  const bytes = raw instanceof Uint8Array ? raw : new Uint8Array(raw);
  if (bytes.byteLength < 4) return null;
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  const data = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + n)));
  data.frames = bytes.subarray(4 + n);
  data.payloadBytes = bytes.byteLength;
  return data;
}

function colourTable(scale, alpha) {
  // 256 RGB entries from the Plotly-style [[pos, "#rrggbb"], …] scale, blended onto white.
  const stops = scale.map(([p, hex]) => [p, [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))]);
  const lut = new Uint8ClampedArray(256 * 3);
  for (let v = 0; v < 256; v++) {
    const p = v / 255;
    let k = 0;
    while (k < stops.length - 2 && p > stops[k + 1][0]) k++;
    const [p0, c0] = stops[k], [p1, c1] = stops[k + 1];
    const t = p1 > p0 ? (p - p0) / (p1 - p0) : 0;
    for (let j = 0; j < 3; j++) {
      const c = c0[j] + (c1[j] - c0[j]) * t;
      lut[v * 3 + j] = Math.round(255 + (c - 255) * alpha);
    }
  }
  return lut;
}

function classTable(colours, shades, alpha) {
  // Byte class × shades + shade: the class's colour, paler where the network is less sure
  // (shade 0: its probability is only 1/K), blended onto white like colourTable.
  const lut = new Uint8ClampedArray(256 * 3).fill(255);
  colours.forEach((hex, k) => {
    const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    for (let s = 0; s < shades && k * shades + s < 256; s++) {
      const a = alpha * (0.25 + 0.75 * s / (shades - 1));
      for (let j = 0; j < 3; j++) lut[(k * shades + s) * 3 + j] = Math.round(255 + (rgb[j] - 255) * a);
    }
  });
  return lut;
}

function ticks(lo, hi) {
  const span = hi - lo, raw = span / 5, mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => span / s <= 6) || raw;
  const out = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) out.push(Math.abs(t) < 1e-9 ? 0 : t);
  return out;
}

function tickLabel(t) {
  return Number.isInteger(t) ? String(t) : t.toFixed(Math.abs(t) < 1 ? 1 : 1);
}

const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
const fmt = (v, d) => (Number.isFinite(v) ? v.toFixed(d) : "–");
const fmtRate = (v) => (Number.isFinite(v) ? String(Number(v.toPrecision(6))) : "–");
const pct = (v) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : "–");
