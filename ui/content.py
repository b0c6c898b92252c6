"""The prose: Markdown files under content/<lang>/, read by section and filled with live values.

A content file is Markdown split into named sections by HTML comments, which every Markdown
viewer hides, so a teacher can read and edit the file as plain prose:

    <!-- intro -->
    Multiply the two links from {{step:sigmoid}} and almost everything cancels.

    <!-- derivation -->
    First line of the derivation.

    Second line: each paragraph is one line a presenter reveals.

Placeholders in double braces are filled from the values the step passes:
- `{{n_h}}` is the value's text, `{{cost:.4f}}` formats it;
- `{{step:transpose}}` names another page through the page registry ("step 6"), and
  `{{Step:transpose}}` does so at the start of a sentence ("Step 6");
- `{{name:arg}}`, where `name` is a function among the values, is `name(arg)`, e.g.
  `{{shape:W2}}` with `shape=lambda n: ...`;
- `{{m|example}}` is the count and its noun, singular for 1: "1 example", "4 examples";
  an irregular plural follows a second bar, `{{n|entry|entries}}`, and a format spec goes
  before the bar, `{{iters:,|iteration}}`.
A placeholder with no value raises `MissingValue`: the tests render every page and fail on it.

A second language is a parallel folder (content/de/…); any file or section it lacks falls
back to English. Pure Python: no Streamlit.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path

from ui import nav

ROOT = Path(__file__).resolve().parents[1] / "content"
FALLBACK = "en"
_SECTION = re.compile(r"^<!--\s*([\w-]+)\s*-->\s*$", re.MULTILINE)
# An identifier right after the braces, so LaTeX such as ^{{[2]}} is never taken for one.
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_]\w*)(?::([^{}]*?))?\s*\}\}")
# A count and its noun: {{m|example}}, {{n|entry|entries}}, {{iters:,|iteration}}.
_COUNTED = re.compile(r"\{\{\s*([A-Za-z_]\w*)(?::([^{}|]*?))?\s*\|\s*([^{}|]+?)\s*"
                      r"(?:\|\s*([^{}|]+?)\s*)?\}\}")
BUILTINS: dict[str, Callable[[str], str]] = {
    "step": nav.step_ref,  # "step 4"
    "Step": lambda page_id: nav.step_ref(page_id)[:1].upper() + nav.step_ref(page_id)[1:],
}


class MissingValue(KeyError):
    """A placeholder that the step did not give a value for."""


@functools.cache
def _sections(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    parts = _SECTION.split(text)
    return {name: body.strip() for name, body in zip(parts[1::2], parts[2::2], strict=True)}


def sections(doc: str, lang: str = FALLBACK) -> dict[str, str]:
    """Every section of `doc` (e.g. "steps/dZ2"), `lang` first and English for the rest.
    Shared between callers: read it, never change it."""
    return _merged(ROOT, doc, lang)


@functools.cache  # a page asks for dozens of sections a rerun; the files never change in a run
def _merged(root: Path, doc: str, lang: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for code in dict.fromkeys((FALLBACK, lang)):  # English first, then overridden
        path = root / code / f"{doc}.md"
        if path.is_file():
            found.update(_sections(path))
    if not found:
        raise FileNotFoundError(f"no content file {doc}.md under {root}")
    return found


def counted(count: object, noun: str, plural: str | None = None, spec: str = "") -> str:
    """"1 unit", "4 units": the count (formatted by `spec`) and its noun, plural unless 1."""
    word = noun if count == 1 else (plural or noun + "s")
    return f"{format(count, spec)} {word}"


def _missing(match: re.Match) -> MissingValue:
    return MissingValue(f"no value for {{{{{match.group(0)[2:-2].strip()}}}}}")


def unpadded(number: str) -> str:
    """Python pads exponents ("1e-05"); prose writes them as people do ("1e-5")."""
    return re.sub(r"e([+-])0(\d)", r"e\1\2", number)


def fill(text: str, values: dict[str, object]) -> str:
    """`text` with every placeholder replaced from `values` (see the module docstring)."""

    def count(match: re.Match) -> str:
        name, spec, noun, plural = match.groups()
        if name not in values:
            raise _missing(match)
        return counted(values[name], noun, plural, (spec or "").strip())

    def one(match: re.Match) -> str:
        name, arg = match.group(1), match.group(2)
        value = values.get(name, BUILTINS.get(name))
        if value is None and name not in values:
            raise _missing(match)
        if callable(value):
            return str(value(arg.strip()) if arg is not None else value())
        return unpadded(format(value, arg.strip())) if arg else str(value)

    return _PLACEHOLDER.sub(one, _COUNTED.sub(count, text))


def text(doc: str, section: str, lang: str = FALLBACK, **values: object) -> str:
    """One section of `doc`, filled."""
    body = sections(doc, lang).get(section)
    if body is None:
        raise KeyError(f"{doc}.md has no section <!-- {section} -->")
    return fill(body, values)


def paragraphs(doc: str, section: str, lang: str = FALLBACK, **values: object) -> list[str]:
    """One section split at blank lines: a derivation's lines, a list of hints."""
    return [p.strip() for p in re.split(r"\n\s*\n", text(doc, section, lang, **values))
            if p.strip()]


def placeholders(doc: str, lang: str = FALLBACK) -> set[str]:
    """The names every section of `doc` asks for (for tests)."""
    return {m.group(1) for body in sections(doc, lang).values()
            for pattern in (_PLACEHOLDER, _COUNTED) for m in pattern.finditer(body)}


def documents(lang: str = FALLBACK) -> list[str]:
    """Every content file of `lang`, as the names `text` takes."""
    base = ROOT / lang
    return sorted(str(p.relative_to(base).with_suffix("")) for p in base.rglob("*.md"))
