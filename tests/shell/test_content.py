"""The prose lives in content/<lang>/*.md: every file parses, every placeholder resolves on
every page, a translation falls back to English section by section."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, run_page
from support import page_text

from ui import content, nav

# Settings that reach different branches of the prose: defaults, quiz and presenter, a
# trained and a diverged network, odd sizes, another activation and data set.
SETTINGS = [
    {},
    {"quiz": "1", "presenter": "1"},
    {"at": "2000", "quiz": "1"},
    {"lr": "10", "activation": "relu", "init": "he", "at": "3", "quiz": "1"},
    {"n_h": "1", "m": "1", "activation": "leaky_relu", "dataset": "moons"},
    {"n_h": "7", "m": "9", "activation": "sigmoid", "layers": "3", "quiz": "1"},
]
LEFTOVER = re.compile(r"\{\{\s*[A-Za-z_]")


def test_every_page_has_its_content_file():
    for page in nav.PAGES:
        assert (content.ROOT / content.FALLBACK / f"{page.doc}.md").is_file(), page.doc


def test_every_content_file_is_read_by_some_module():
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "ui").rglob("*.py"))
    docs = {p.doc for p in nav.PAGES}
    for doc in content.documents():
        assert doc in docs or f'"{doc}"' in code, f"content/en/{doc}.md is read by nothing"


@pytest.mark.parametrize("doc", content.documents())
def test_sections_parse_and_placeholders_are_well_formed(doc):
    sections = content.sections(doc)
    assert sections, doc
    for name, body in sections.items():
        assert body, f"{doc}.md: empty section {name}"
        unfilled = content._PLACEHOLDER.sub("", content._COUNTED.sub("", body))  # {{m|example}} too
        assert not LEFTOVER.search(unfilled), f"{doc}.md, {name}: a malformed placeholder"


@pytest.mark.parametrize("query", SETTINGS, ids=range(len(SETTINGS)))
@pytest.mark.parametrize("page_id", [p.id for p in nav.PAGES])
def test_every_placeholder_resolves_when_the_page_renders(page_id, query):
    at = run_page(nav.page(page_id).script, query, timeout=120)
    assert not at.exception, (page_id, query, [e.value for e in at.exception])
    assert "{{" not in page_text(at), (page_id, query)


def test_a_missing_value_is_an_error_not_a_blank():
    with pytest.raises(content.MissingValue):
        content.fill("n_h = {{n_h}}", {})
    assert content.fill("{{x:.2f}} {{step:dZ2}} {{Step:dZ2}} ^{{[2]}}", {"x": 1 / 3}) == (
        "0.33 step 4 Step 4 ^{{[2]}}")
    assert content.fill("ε = {{e:g}}, {{r:.1e}}", {"e": 1e-5, "r": 3.3e-10}) == "ε = 1e-5, 3.3e-10"


def test_a_translation_falls_back_to_english_section_by_section(tmp_path, monkeypatch):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "demo.md").write_text("<!-- a -->\nHello {{name}}\n\n<!-- b -->\nBye\n")
    (tmp_path / "de").mkdir()
    (tmp_path / "de" / "demo.md").write_text("<!-- a -->\nHallo {{name}}\n")
    monkeypatch.setattr(content, "ROOT", tmp_path)
    assert content.text("demo", "a", "de", name="Ada") == "Hallo Ada"
    assert content.text("demo", "b", "de") == "Bye"
    assert content.text("demo", "a", "fr", name="Ada") == "Hello Ada"  # no folder at all
