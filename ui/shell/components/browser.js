// Browser glue for every page: how the Back button and a presenter's keys behave.
//
// 1. History. Streamlit pushes a history entry each time the app writes the address bar, so
//    after N slider moves Back took N + 1 presses to leave a page and never undid anything.
//    Here a write that stays on the same page replaces the current entry instead; a page
//    change (a new path) still pushes, so Back leaves the page. Installed once per tab.
// 2. Presenter keys (only while data.presenter): → / PageDown / Space reveal the next
//    derivation line, ← / PageUp go back, as a presentation clicker sends them. They click
//    the page's own reveal buttons, so every change still goes through the server's
//    session.change. At the last line the keys do nothing and the page scrolls as usual.
// 3. Wide formulas. A KaTeX display too wide for its column first shrinks to fit, down to
//    MIN_SCALE of its size (a row of numbers at 1024 px was cut otherwise); one still too
//    wide scrolls sideways, and a keyboard user must be able to reach it, so it becomes a
//    focusable region named as a formula.

const NEXT = new Set(["ArrowRight", "PageDown", " "]);
const BACK = new Set(["ArrowLeft", "PageUp"]);
const TYPING = "input, textarea, select, [contenteditable=''], [contenteditable='true'], " +
  "[role='slider'], [role='combobox'], [role='listbox'], [role='spinbutton'], [role='radio'], " +
  "[role='tab'], [role='menuitem'], [role='option']";

function keepPageOnReplace() {
  if (window.__bpHistory) return;
  window.__bpHistory = true;
  const push = window.history.pushState.bind(window.history);
  window.history.pushState = function (state, title, url) {
    if (url != null) {
      const next = new URL(String(url), window.location.href);
      if (next.pathname === window.location.pathname) {
        return window.history.replaceState(state, title, url);
      }
    }
    return push(state, title, url);
  };
}

const button = (key) => document.querySelector(`.st-key-${key} button`);
const usable = (b) => b && !b.disabled && b.getAttribute("aria-disabled") !== "true";

function onKey(event) {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
  const target = event.target instanceof Element ? event.target : null;
  if (target && target.closest(TYPING)) return; // the key belongs to a widget
  // Space on a focused button presses that button; do not press a second one.
  if (event.key === " " && target && target.closest("button, a, summary")) return;
  let pressed = null;
  if (NEXT.has(event.key)) {
    // "Show all" is disabled once every line shows: then the next button would start over.
    if (usable(button("reveal_all"))) pressed = button("reveal_next");
  } else if (BACK.has(event.key)) {
    pressed = button("reveal_back");
  }
  if (!usable(pressed)) return;
  event.preventDefault();
  // The newest line appears just above the controls: keep that spot in view.
  const row = pressed.closest("[data-testid='stHorizontalBlock']");
  const above = row && row.parentElement && row.parentElement.previousElementSibling;
  if (above) above.scrollIntoView({ block: "nearest" });
  pressed.click();
}

// Presenter mode draws formulas 1.6 times larger, so it can give up more of the size.
const MIN_SCALE = { normal: 0.7, presenter: 0.6 };
let minScale = MIN_SCALE.normal;

function fit(box) {
  box.style.fontSize = "";  // measure at the natural size first
  const natural = box.scrollWidth, room = box.clientWidth;
  if (natural > room && room > 0) {
    // 1 % to spare: glyphs overhang by a pixel or two at some sizes.
    box.style.fontSize = `${(Math.max(minScale, (room / natural) * 0.99) * 100).toFixed(1)}%`;
  }
}

function focusableFormulas() {
  for (const box of document.querySelectorAll(".katex-display")) {
    fit(box);
    const scrolls = box.scrollWidth > box.clientWidth;
    if (scrolls && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "Formula (scrolls sideways)");
    } else if (!scrolls && box.getAttribute("tabindex") === "0") {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }
}

function watchFormulas() {
  if (window.__bpFormulas) return;
  let queued = false;
  const check = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; focusableFormulas(); });
  };
  window.__bpFormulas = new MutationObserver(check);
  window.__bpFormulas.observe(document.body, { childList: true, subtree: true });
  window.addEventListener("resize", check);
  // A formula's width also changes when its web fonts arrive or its column resizes,
  // which no DOM mutation announces.
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(check);
  if (window.ResizeObserver) new ResizeObserver(check).observe(document.body);
  check();
}

// One listener for the tab's lifetime, reading the latest mount's mode. A listener added and
// removed with each mount left a gap while Streamlit re-mounted the component after every
// rerun: a clicker's key pressed in that gap was lost (seen under load in CI).
function listenForKeys() {
  if (window.__bpKeys) return;
  window.__bpKeys = (event) => { if (window.__bpPresenter) onKey(event); };
  document.addEventListener("keydown", window.__bpKeys);
}

export default function (component) {
  keepPageOnReplace();
  const presenter = Boolean(component.data && component.data.presenter);
  minScale = presenter ? MIN_SCALE.presenter : MIN_SCALE.normal;
  watchFormulas();
  window.__bpPresenter = presenter;
  listenForKeys();
  return undefined;
}
