"""Numbers as a question shows them, and whether they decide its answer.

A question that shows numbers declares them (`Question.shown`, the strings as written) and a
`rule` that computes the answer from them. A learner sees only the rounded strings, so the
answer must be the same for every true value each string could stand for: the rule is run
over the ends of every shown number's rounding interval (and its middle, for rules that are
not monotone), and a question whose answer changes anywhere in there is not decided by what
it shows. `settle` then writes the numbers with more decimals, or gives the question up.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterator, Sequence

from ui.content import unpadded

# A number with a decimal point, as a question writes it: "0.512", "-0.026", "−1.953",
# "8.2e-8". Integers (example numbers, labels, sizes, counts) are exact and are not matched;
# nor is a digit glued to a name (W1, a^{[2]}).
NUMBER = re.compile(r"(?<![\w.^])[−-]?\d+\.\d+(?:e[+−-]?\d+)?")
DIGITS = (3, 4, 5, 6)  # the decimals a question may use, fewest first
_INSIDE = 1 - 1e-9  # the ends of an interval, just inside: its boundary rounds either way


def num(value: float, digits: int = 3) -> str:
    """`value` with `digits` decimals; a non-zero value that would read as 0 in scientific
    notation instead (so "0.000" always means zero, and never "-0.000")."""
    if value == 0:
        return f"{0:.{digits}f}"
    if math.isfinite(value) and abs(value) < 0.5 * 10.0 ** -digits:
        return unpadded(f"{value:.1e}")
    return f"{value:.{digits}f}"


def found(text: str) -> tuple[str, ...]:
    """The numbers `text` shows, in order, as written."""
    return tuple(NUMBER.findall(text))


def value(text: str) -> float:
    return float(text.replace("−", "-"))


def interval(text: str) -> tuple[float, float]:
    """Every true value that `text` could be the rounding of (its ends just inside). `num`
    writes a non-zero value that small in e-notation, so a zero it writes is exactly 0."""
    v = value(text)
    if v == 0:
        return 0.0, 0.0
    mantissa, _, exponent = text.replace("−", "-").partition("e")
    decimals = len(mantissa.partition(".")[2])
    half = 0.5 * 10.0 ** (int(exponent or 0) - decimals) * _INSIDE
    return v - half, v + half


def points(texts: Sequence[str]) -> Iterator[tuple[float, ...]]:
    """Where to try a rule: each shown number at its interval's two ends and its middle
    (only the ends when there are many numbers: the rules that take many are sums of
    products, whose extremes lie at the corners)."""
    spans = [interval(t) for t in texts]
    if len(spans) <= 6:
        choices = [(lo, (lo + hi) / 2, hi) for lo, hi in spans]
    else:
        choices = [(lo, hi) for lo, hi in spans]
    return itertools.product(*choices)


def unique_best(scores: Sequence[float], largest: bool = True) -> int | None:
    """The index of the largest (or smallest) score, or None on a tie or a non-finite score:
    a choice that a tie leaves open is not decided."""
    if any(not math.isfinite(s) for s in scores):
        return None
    ranked = sorted(range(len(scores)), key=lambda i: scores[i], reverse=largest)
    if len(ranked) > 1 and scores[ranked[0]] == scores[ranked[1]]:
        return None
    return ranked[0]


def chosen(options: Sequence[str], outcome: object) -> int | None:
    """The option a rule's outcome names: an option's text, or a number, whose nearest
    numeric option it is (None when two are equally near or it is not finite)."""
    if outcome is None:
        return None
    if isinstance(outcome, str):
        return options.index(outcome) if outcome in options else None
    x = float(outcome)
    if not math.isfinite(x):
        return None
    numeric = [i for i, o in enumerate(options) if NUMBER.fullmatch(o.strip())]
    best = unique_best([-abs(value(options[i]) - x) for i in numeric])
    return None if best is None else numeric[best]


def decides(prompt: str, options: Sequence[str], answer: int, shown: Sequence[str],
            rule: Callable[..., object] | None, digits: int = 3) -> bool:
    """Whether the numbers `prompt` shows decide that `answer` is the right option.

    They must be the declared `shown`; the rule must give `answer` at the shown values (a
    number as the option writes it) and everywhere in their rounding intervals. A prompt
    without numbers needs no rule. Numeric options must differ as numbers."""
    if tuple(shown) != found(prompt):
        return False
    if not shown:
        return True
    if rule is None:
        return False
    numbers = [value(o) for o in options if NUMBER.fullmatch(o.strip())]
    if len(set(numbers)) != len(numbers):
        return False
    at_shown = rule(*(value(t) for t in shown))
    if chosen(options, at_shown) != answer:
        return False
    if not isinstance(at_shown, str) and options[answer] != num(float(at_shown), digits):
        return False
    return all(chosen(options, rule(*p)) == answer for p in points(shown))


def settle(make: Callable[[int], object], digits: Sequence[int] = DIGITS):
    """`make(d)`'s question at the fewest decimals d whose numbers decide it, or None.

    `make` writes the question's numbers with d decimals and returns it, or None when those
    numbers make no question (a probability written as 1.000)."""
    for d in digits:
        q = make(d)
        if q is not None and q.decided:
            return q
    return None
