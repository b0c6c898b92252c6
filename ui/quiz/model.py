"""The building blocks of quiz questions: a Question, its options in a stable order, and
the formats the answers use. The questions themselves live in each step's module.

A question that shows numbers says which (`shown`, as written) and how its answer follows
from them (`rule`); `explain` gives the numbers its reasoning computes from them. Each is
written from the shown, rounded numbers, never from the hidden values behind them, so the
prompt, the answer and the reasoning agree digit for digit (numbers.py checks the rest).
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from ui import content
from ui.quiz.numbers import decides, num, settle, unique_best, value

SIGNS = ("positive", "negative", "zero")


@dataclass(frozen=True)
class Question:
    prompt: str  # Markdown with $…$ maths
    options: tuple[str, ...]
    answer: int  # index into options
    why: str  # the reasoning, shown once the learner has committed to an answer
    shown: tuple[str, ...] = ()  # the numbers the prompt shows, as written, in order
    # From the shown numbers (floats, in order) to the answer: an option's text, or a number
    # that the right option writes with `digits` decimals. None only when nothing is shown.
    rule: Callable[..., object] | None = field(default=None, compare=False, repr=False)
    # From the shown numbers to the numbers the reasoning computes, in `digits` decimals.
    explain: Callable[..., tuple[float, ...]] | None = field(default=None, compare=False,
                                                              repr=False)
    digits: int = 3

    @property
    def qid(self) -> str:
        return f"{zlib.crc32((self.prompt + '|'.join(self.options)).encode()):08x}"

    @cached_property  # settle() and build() both ask; the answer cannot change
    def decided(self) -> bool:
        """Whether the numbers the prompt shows decide the marked answer (numbers.decides)."""
        return decides(self.prompt, self.options, self.answer, self.shown, self.rule,
                       self.digits)

    def worked(self) -> tuple[str, ...]:
        """The numbers the reasoning computes from the shown ones, as it writes them."""
        if self.explain is None:
            return ()
        return tuple(num(x, self.digits) for x in self.explain(*(value(t) for t in self.shown)))


def ask(prompt: str, right: str, wrong: list[str], why: str, *, shown: tuple[str, ...] = (),
        rule: Callable[..., object] | None = None,
        explain: Callable[..., tuple[float, ...]] | None = None, digits: int = 3) -> Question:
    """A question with `right` among distinct distractors, in an order that is stable
    across reruns (seeded by the prompt) but not always first. A prompt that shows numbers
    passes them as `shown` with the `rule` that decides the answer from them."""
    options = [right] + [w for i, w in enumerate(wrong) if w != right and w not in wrong[:i]]
    options = options[:4]  # the right answer and up to three distractors
    order = list(range(len(options)))
    random.Random(zlib.crc32(prompt.encode())).shuffle(order)
    shuffled = tuple(options[i] for i in order)
    return Question(prompt, shuffled, shuffled.index(right), why, tuple(shown), rule, explain,
                    digits)


def shape(*dims: int) -> str:
    return f"({dims[0]},)" if len(dims) == 1 else "(" + ", ".join(str(d) for d in dims) + ")"


def sign(value: float) -> str:
    return "zero" if value == 0 else ("positive" if value > 0 else "negative")


def num3(x: float) -> str:
    return num(x, 3)


decimals = num  # decimals(x, d): x as a question writes it, with d decimals
__all__ = ["SIGNS", "Question", "ask", "decimals", "num3", "pick", "settle", "shape",
           "shape_question", "sign", "unique_best"]


def shape_question(name: str, expr: str, right: tuple[int, ...], wrong: list[tuple[int, ...]],
                   why: str) -> Question:
    rows, cols = right
    # When sizes coincide the usual slips give the same shape; these stay distinct.
    fallback = [(cols, rows), (rows * cols,), (rows, 1), (1, cols), (1, 1), (rows + cols,)]
    return ask(content.text("quiz", "shape_prompt", name=name, expr=expr), shape(*right),
               [shape(*w) for w in [*wrong, *fallback]], why)


def pick(values: np.ndarray) -> int:
    """The example (or unit) with the largest magnitude: the clearest case to reason about."""
    return int(np.argmax(np.abs(values)))
