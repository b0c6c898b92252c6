"""What a heatmap cell says, and how wide that is on screen.

Each entry gets its own significant digits, so an entry a hundred times smaller than its
neighbours still reads as a number (leaky relu's trickle of gradient, 0.0031 beside 0.25)
instead of 0.0000 at decimals set by the largest entry. Widths are estimated so that a
matrix can be given cells its widest number fits in.
"""

from __future__ import annotations

import math

import numpy as np

# Advance widths in em, a little above Arial/Liberation Sans (the fallback when the app's font
# has not loaded) and so above Source Sans too: an estimate that errs wide keeps text inside.
_EM = {**dict.fromkeys("0123456789", 0.57), ".": 0.29, ",": 0.29, "-": 0.35, "e": 0.57,
       "∞": 0.8, " ": 0.29, "(": 0.34, ")": 0.34, "i": 0.26, "l": 0.26, "t": 0.36, "f": 0.36,
       "r": 0.39, "j": 0.26, "I": 0.3, "m": 0.85, "w": 0.75, "M": 0.85, "W": 0.95}
_OTHER_EM = 0.62  # letters not listed: about the widest lower case
BOLD = 1.06  # presenter mode writes cell values at weight 600

SCI_BELOW, SCI_FROM = -3, 4  # decimal exponents written in e-notation: below 1e-3, from 1e4


def cell_text(v: float, sig: int = 3) -> str:
    """`v` with `sig` significant digits: "0.250", "0.00310", "1.2e-5", "-4.0e4";
    exactly 0 is "0" (never "-0.00"), a whole number below 1e4 is itself ("1"), and
    the non-finite entries are "∞", "-∞" and "NaN"."""
    if not math.isfinite(v):  # a saturated sigmoid divides by zero: ±∞, or 0/0 and ∞·0
        return "NaN" if math.isnan(v) else ("∞" if v > 0 else "-∞")  # "-" as in "-2.00"
    if v == 0:
        return "0"
    if v == int(v) and abs(v) < 10.0**SCI_FROM:
        return str(int(v))
    mantissa, exp = f"{v:.{sig - 1}e}".split("e")  # the exponent after rounding: 9.996 → 1.00e1
    power = int(exp)
    if power < SCI_BELOW or power >= SCI_FROM:
        return f"{mantissa}e{power}"  # as people write it: 1.2e-5, not 1.2e-05
    return f"{v:.{max(sig - 1 - power, 0)}f}"


def cell_texts(M: np.ndarray, sig: int = 3) -> list[list[str]]:
    """Every entry of the 2-D array M as cell_text writes it."""
    return [[cell_text(float(v), sig) for v in row] for row in np.atleast_2d(M)]


def text_px(text: str, font: float, bold: bool = False) -> float:
    """About how many pixels `text` takes at `font` px (erring wide)."""
    return sum(_EM.get(c, _OTHER_EM) for c in text) * font * (BOLD if bold else 1.0)


def widest_px(texts: list[list[str]], font: float, bold: bool = False) -> float:
    return max((text_px(t, font, bold) for row in texts for t in row), default=0.0)


def wrap(text: str, font: float, width: float) -> list[str]:
    """`text` in lines of at most `width` px where it can be. Its parts, set apart by double
    spaces ("dW2  (1, 4)  (values ×1e-5)"), break only between them; a part wider than a line
    breaks at its spaces, and a word wider than a line gets a line of its own."""
    lines: list[str] = []
    for part in text.split("  "):
        if lines and text_px(f"{lines[-1]}  {part}", font) <= width:
            lines[-1] = f"{lines[-1]}  {part}"
        elif text_px(part, font) <= width or " " not in part or part.startswith("("):
            lines.append(part)
        else:
            words = part.split(" ")
            lines.append(words[0])
            for word in words[1:]:
                if text_px(f"{lines[-1]} {word}", font) <= width:
                    lines[-1] = f"{lines[-1]} {word}"
                else:
                    lines.append(word)
    return lines
