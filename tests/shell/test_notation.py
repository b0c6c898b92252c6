"""One notation everywhere (issue 11, item 10): the glossary writes it once, every page carries
it in a Notation panel with live shapes, and no content file or rendered page spells a symbol
another way. Each banned spelling names the one to use instead."""

from __future__ import annotations

import json
import re

import pytest
from conftest import run_page
from support import SLOW_PAGE, page_text

from ui import content, nav
from ui.state import FIELD_BY_NAME

# Variant spellings, each with the app's one spelling (stated in content/en/glossary.md).
BANNED = {
    # Sentences write a numbered layer as the code does (W2, dZ2, z1); W[l] is for layer l.
    "numbered layer in brackets: write W2, dZ2, a2": r"(?<![\w\\^{])d?[WbZAza]\[\d+\]",
    "transpose: write W2ᵀ in text, W^{[2]T} in LaTeX":
        r"\\top\b|\]\}\s*\^\s*\{?\s*T\b|\b[WA]_\{?\d\}?\^\{?T|\bW\d\^T|\b[WA]\dT\b",
    "bare g: write g[1], g[1]′ (LaTeX g^{[1]}, g^{[1]\\prime})":
        r"(?<![\w\\])g\s*(?:′|'|\(|\^\s*\{?\s*\\prime|\\prime)",
    "a walk step is 'step N', never 'page N'": r"\b[Pp]ages? \d",
}
# In the walk's own prose a step is "this step"; "page" is left to the app's other pages.
STEP_PROSE = {"a walk step is 'this step'": r"\b(?:on|of) this page\b"}


def variants(text: str, rules: dict[str, str]) -> list[str]:
    """Every banned spelling in `text`, with its rule and some context."""
    return [f"{rule}: …{text[max(0, m.start() - 40):m.end() + 20]}…"
            for rule, pattern in rules.items() for m in re.finditer(pattern, text)]


def content_sections(quiz: bool) -> list[tuple[str, str]]:
    """(doc, section) of every English content section, quiz sections or the rest."""
    return [(doc, name) for doc in content.documents() for name in content.sections(doc)
            if name.startswith("quiz") == quiz]


def rules_for(doc: str) -> dict[str, str]:
    return {**BANNED, **STEP_PROSE} if doc.startswith(("steps/", "walk/")) else BANNED


@pytest.mark.parametrize("doc", content.documents())
def test_content_files_use_one_spelling(doc):
    found = [f"{name}: {hit}" for d, name in content_sections(quiz=False) if d == doc
             for hit in variants(content.sections(doc)[name], rules_for(doc))]
    assert not found, "\n".join(found)


def test_quiz_prose_uses_one_spelling():
    found = [f"{doc}.md, {name}: {hit}" for doc, name in content_sections(quiz=True)
             for hit in variants(content.sections(doc)[name], rules_for(doc))]
    assert not found, "\n".join(found)


def test_the_variant_rules_catch_each_variant():
    for wrong in ("W[2]ᵀ", "∂L/∂Z[2]", "a[2] = 0.5", r"W^{[2]}^T", r"W^{[2]}^{T}", r"W^\top",
                  "W2T dZ2", "g′(Z1)", r"g'(z)", r"g(Z^{[1]})", r"g^{\prime}", "see page 6"):
        assert variants(wrong, BANNED), wrong
    for right in ("W2ᵀ dZ2", r"W^{[2]T}", "g[1]′(Z1)", r"g^{[1]\prime}(z)", r"g^{[l]}(Z^{[l]})",
                  "W[l+1]ᵀ", "dZ1[2, 3]", "W2[1, j]", r"\log(1 + e^{-z})", r"\big(x\big)",
                  "step 6", "e.g. (4, 2)", r"dz^{[2](1)}_k"):
        assert not variants(right, BANNED), right


def test_the_glossary_states_each_choice():
    said = content.text("glossary", "conventions")
    for choice in ("W2ᵀ", "W^{[2]T}", "g[1]", "g[1]′", r"g^{[1]\prime}", "m_train", "step 1",
                   "∂L/∂Z2", "J = (1/m) Σ L"):
        assert choice in said, choice


def test_m_is_the_walk_and_m_train_the_playground():
    assert "m_train" in FIELD_BY_NAME["train_m"].label
    assert "m in the walk" in FIELD_BY_NAME["m"].label
    for doc in ("playground", "own_data"):
        for name, body in content.sections(doc).items():
            # m on its own is the walk's count; the playground's is m_train.
            assert not re.search(r"\(2, m\)|\bm = ", body), (doc, name)


# ---------------------------------------------------------------- every page, rendered

QUERY = {"n_h": "5", "m": "3", "iters": "1000"}  # shapes that tell n_h, m and n_x apart
RUNS: dict[tuple[str, tuple], object] = {}


def rendered(page_id: str, query: dict[str, str] = QUERY):
    key = (page_id, tuple(sorted(query.items())))
    if key not in RUNS:
        RUNS[key] = run_page(nav.page(page_id).script, query, timeout=SLOW_PAGE)
    return RUNS[key]


def chart_words(at) -> list[str]:
    """The titles, axis titles, legend names and annotations of every Plotly chart."""
    words = []
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        layout = spec.get("layout", {})
        words += [str((layout.get(k) or {}).get("title", {}).get("text", ""))
                  for k in ("xaxis", "yaxis")]
        words.append(str(layout.get("title", {}).get("text", "")))
        words += [str(a.get("text", "")) for a in layout.get("annotations", [])]
        words += [str(t.get("name", "")) for t in spec.get("data", [])]
    return words


def screen_text(at) -> str:
    """The prose, maths, alerts, headings, links, buttons and chart labels of a run. Not its
    code: a Python script names its functions as Python does (`def g(Z)`)."""
    parts = [str(e.value) for kind in ("markdown", "latex", "caption") for e in at.get(kind)]
    parts += [e.proto.body for kind in ("success", "error", "warning", "info")
              for e in at.get(kind)]
    parts += [e.value for kind in ("title", "header", "subheader") for e in at.get(kind)]
    parts += [e.proto.label for kind in ("page_link", "button", "selectbox", "slider")
              for e in at.get(kind)]
    return "\n".join(parts + chart_words(at))


def main_text(at) -> str:
    return "\n".join(str(e.value) for kind in ("markdown", "caption")
                     for e in at.main.get(kind))


# A second network reaches other branches: leaky relu's notes, a trained network, m = 2.
OTHER = {"activation": "leaky_relu", "at": "300", "n_h": "3", "m": "2", "iters": "1000"}


@pytest.mark.parametrize("query", [QUERY, OTHER], ids=["tanh", "leaky_relu"])
@pytest.mark.parametrize("page_id", [p.id for p in nav.PAGES])
def test_rendered_page_uses_one_spelling(page_id, query):
    at = rendered(page_id, query)
    assert not at.exception, [e.value for e in at.exception]
    assert not variants(screen_text(at), BANNED), variants(screen_text(at), BANNED)
    if nav.page(page_id).number is not None:  # a walk step calls itself a step
        assert not variants(main_text(at), STEP_PROSE), variants(main_text(at), STEP_PROSE)


@pytest.mark.parametrize("page_id", [p.id for p in nav.PAGES if p.number is not None])
def test_rendered_quiz_uses_one_spelling(page_id):
    at = rendered(page_id, {**QUERY, "quiz": "1"})
    assert not variants(screen_text(at), BANNED), variants(screen_text(at), BANNED)


def notation_panel(at):
    """The sidebar's Notation popover, or None."""
    for block in at.sidebar.children.values():
        proto = getattr(block, "proto", None)
        if proto is not None and proto.HasField("popover") and proto.popover.label == "Notation":
            return block
    return None


@pytest.mark.parametrize("page_id", [p.id for p in nav.PAGES])
def test_notation_panel_on_every_page_with_live_shapes(page_id):
    at = rendered(page_id)
    panel = notation_panel(at)
    assert panel is not None, f"no Notation panel on {page_id}"
    text = "\n".join(e.value for e in panel.get("markdown"))
    # n_h = 5, m = 3 and n_x = 2 are all different, so each shape names its own sizes.
    for shape in ("(n_x, m) = (2, 3)", "W1 (5, 2)", "W2 (1, 5)", "Z1, A1 (5, 3)",
                  "dZ2 (1, 3)", "| 3 |", "| 400 |", "g[1]′", "W^{[2]T}"):
        assert shape in text, (page_id, shape)


def test_notation_panel_follows_the_settings_and_presenter_mode():
    at = rendered("transpose", {"n_h": "7", "m": "2", "presenter": "1", "test_frac": "0.25",
                                "activation": "relu"})
    text = "\n".join(e.value for e in notation_panel(at).get("markdown"))
    assert "W1 (7, 2)" in text and "Z1, A1 (7, 2)" in text and "now relu" in text
    assert "| 300 |" in text  # m_train: the 400 points less the quarter held out for testing


def test_dZ2_says_it_is_the_derivative_of_L_not_J():
    text = page_text(rendered("dZ2"))
    assert "derivative of that example's own loss L, not of the cost J = (1/m) Σ L" in text
    assert nav.step_ref("dW2") in text  # where the 1/m comes in
