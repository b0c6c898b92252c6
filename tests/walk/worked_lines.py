"""Reading a page's worked arithmetic back, as a learner checking by hand would.

A walk page writes its worked examples in LaTeX: `0.9971\\cdot0.002765 = 0.002757`, chains of
`&=` lines, bracketed matrices, an `\\underbrace{g'(z)}_{0.0637}`. `relations(latex)` finds
every `expression = result` in such a block whose two sides are plain arithmetic on written
numbers (or on symbols the block gave a number earlier), evaluates the left side from the
numbers exactly as shown, and reports whether it rounds to the right side as written.
Independent of ui.walk.latex on purpose: it reads the page, not the helper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

NUMBER = r"-?\d+(?:\.\d+)?(?:\\times\s*10\^\{-?\d+\})?"
_MATRIX = re.compile(r"\\begin\{bmatrix\}(.*?)\\end\{bmatrix\}", re.S)
_SAFE = re.compile(r"^[\w\s.+\-*/()@]*$")
_FUNCTIONS = {"log": np.log, "exp": np.exp, "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
              "softplus": lambda t: np.logaddexp(0.0, t)}


@dataclass
class Relation:
    left: str  # the expression as written
    right: str  # the result as written
    value: float | np.ndarray  # the left side worked out from the shown numbers
    shown: float | np.ndarray  # the right side as written
    ok: bool


def _split(text: str) -> tuple[str, int]:
    """A written number's mantissa and its power of ten ("1.25\\times 10^{-3}" → "1.25", -3)."""
    mantissa, _, power = text.partition(r"\times")
    match = re.search(r"10\^\{(-?\d+)\}", power)
    return mantissa.strip(), int(match.group(1)) if match else 0


def _number(text: str) -> float:
    mantissa, power = _split(text)
    return float(f"{mantissa}e{power}")


def quantum(text: str) -> float:
    """Half a unit in the last written digit of a number; 0 for an exact 0 or 1 (relu's slope,
    a label), the only integers the walk writes without decimals on purpose."""
    mantissa, power = _split(text)
    if mantissa.lstrip("-") in ("0", "1"):
        return 0.0
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    return 0.5 * 10.0 ** (power - decimals)


def _unbrace(text: str, start: int) -> tuple[str, int]:
    """The contents of the {…} group opening at `start`, and the index after it."""
    depth = 0
    for k in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[k], 0)
        if depth == 0:
            return text[start + 1:k], k + 1
    raise ValueError(f"unbalanced braces in {text!r}")


def _underbraces(text: str) -> str:
    """\\underbrace{g'(0.2)}_{0.96} → 0.96: the value the line multiplies by."""
    while (k := text.find(r"\underbrace")) >= 0:
        _, after = _unbrace(text, k + len(r"\underbrace"))
        label, end = _unbrace(text, after + 1)  # after is "_"
        text = text[:k] + label + text[end:]
    return text


def _fractions(text: str) -> str:
    while (k := text.find(r"\frac")) >= 0:
        top, after = _unbrace(text, k + len(r"\frac"))
        bottom, end = _unbrace(text, after)
        text = f"{text[:k]}(({top})/({bottom})){text[end:]}"
    return text


def _python(segment: str, names: dict) -> str | None:
    """`segment` as a Python expression over numbers, matrices and known symbols, or None
    when it is not plain arithmetic (a formula in symbols, a function such as g′)."""
    s = segment
    for symbol, name in names.items():
        s = s.replace(symbol, f" {name} ")
    # log(1 + e^t) as a learner's calculator does it: no overflow, no 1 + 1e-23 == 1.
    s = re.sub(r"\\log\s*\\big\(\s*1\s*\+\s*e\^\{([^{}]*)\}\s*\\big\)", r" softplus(\1) ", s)
    s = re.sub(r"\\(?:big|Big|bigg|left|right)\b", "", s)
    s = s.replace(r"\cdot", "*").replace(r"\,", " ").replace(r"\;", " ").replace(r"\quad", " ")
    s = re.sub(r"\\log\s*", " log ", s)
    s = re.sub(r"\\sigma\s*", " sigmoid ", s)
    s = re.sub(r"e\^\{([^{}]*)\}", r" exp(\1)", s)
    s = _fractions(s)
    # A written number, never the digits of a name (M0, s1) the lines above put in.
    s = re.sub(r"(?<![\w.])" + NUMBER, lambda m: f" ({_number(m.group(0))!r}) ", s)
    s = s.replace("{", "(").replace("}", ")")
    s = re.sub(r"\)\s*(?=\()", ") * ", s)  # (1/3)(…): a product
    # Two matrices side by side multiply; a name next to a bracket or a name multiplies too.
    s = re.sub(r"(M\d+)\s+(?=M\d+)", r"\1 @ ", s)
    s = re.sub(r"(\b[A-Za-z_]\w*\b)\s+(?=[A-Za-z_(])",
               lambda m: m.group(1) + (" " if m.group(1) in _FUNCTIONS else " * "), s)
    words = {w for w in re.findall(r"[A-Za-z_]\w*", s) if not re.fullmatch(r"e|M\d+", w)}
    if "\\" in s or not words <= set(names.values()) | set(_FUNCTIONS):
        return None
    return s if _SAFE.match(s) else None


def _evaluate(expr: str, env: dict):
    return eval(expr, {"__builtins__": {}}, {**_FUNCTIONS, **env})  # noqa: S307 (own text)


def relations(latex: str) -> list[Relation]:
    """Every worked `expression = result` of one LaTeX block, checked (see the module)."""
    text = latex.replace("$$", "").replace(r"\small", "")
    text = re.sub(r"\\(?:begin|end)\{aligned\}", "", text)
    matrices, partial = {}, set()

    def matrix(match: re.Match) -> str:
        name = f"M{len(matrices)}"
        body = match.group(1)
        if r"\cdots" in body or r"\vdots" in body:
            partial.add(name)
        rows = [[c.strip() for c in row.split("&")] for row in body.split(r"\\")]
        matrices[name] = rows
        return f" {name} "

    text = _MATRIX.sub(matrix, _underbraces(text))
    lines = [line.replace("&", "").strip() for line in re.split(r"\\\\(?:\[\w+\])?", text)]
    chains: list[str] = []
    for line in lines:
        if line.startswith("=") and chains:
            chains[-1] += " " + line
        elif line:
            chains.append(line)
    env: dict = {}
    cells: dict[str, list[str]] = {}
    for name, rows in matrices.items():
        if name not in partial:
            try:
                env[name] = np.array([[_number(c) for c in row] for row in rows])
                cells[name] = [c for row in rows for c in row]
            except ValueError:
                pass  # ∞ or "undefined": no arithmetic to check
    symbols: dict[str, str] = {}
    found: list[Relation] = []
    for chain in chains:
        for piece in re.split(r"(?<!\\),\s*(?:\\quad)?", chain):
            segments = [s.strip() for s in piece.split("=")]
            for left, right in zip(segments, segments[1:], strict=False):
                found += _relation(left, right, env, cells, symbols)
            # "dz^{[2](1)} = -0.2003": a symbol with a number, for a later line that
            # multiplies symbols. Only symbols with an index, never a bare letter.
            if len(segments) == 2 and re.search(r"[\^_]", segments[0]) \
                    and _python(segments[1], symbols) is not None:
                value = _python(segments[1], symbols)
                try:
                    name = f"s{len(symbols)}"
                    env[name] = _evaluate(value, env)
                    symbols[segments[0]] = name
                except Exception:  # noqa: BLE001 (a matrix the page cut short, say)
                    pass
    return found


def _relation(left: str, right: str, env: dict, cells: dict,
              symbols: dict) -> list[Relation]:
    # The right side must be one written number or one whole matrix: a result.
    one_number = re.fullmatch(r"\(?\s*" + NUMBER + r"\s*\)?", right)
    one_matrix = re.fullmatch(r"M\d+", right.strip())
    if not (one_number or (one_matrix and right.strip() in env)):
        return []
    expr = _python(left, symbols)
    if expr is None or re.fullmatch(r"\s*\(\s*-?[\d.eE+-]+\s*\)\s*", expr):
        return []  # not arithmetic, or a bare number (a definition, not a worked result)
    if any(name not in env for name in re.findall(r"\bM\d+\b", expr)):
        return []  # a matrix cut short (⋯): its hidden entries cannot be checked
    try:
        with np.errstate(all="ignore"):
            value = _evaluate(expr, env)
    except Exception:  # noqa: BLE001 (shapes that do not multiply: not a worked product)
        return []
    if one_number:
        written = right.strip().strip("()")
        shown, tol = _number(written), quantum(written)
        ok = bool(np.all(np.isfinite(value))) and abs(float(value) - shown) <= \
            tol * (1 + 1e-9) + 1e-300
        return [Relation(left, right, float(value), shown, ok)]
    shown = env[right.strip()]
    ok = np.shape(value) == shown.shape and all(
        abs(float(v) - s) <= quantum(t) * (1 + 1e-9) + 1e-300
        for v, s, t in zip(np.ravel(value), shown.ravel(), cells[right.strip()], strict=True))
    return [Relation(left, right, value, shown, ok)]
