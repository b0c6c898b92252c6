"""The building blocks of quiz questions: a Question, its options in a stable order, and
the formats the answers use. The questions themselves live in each step's module.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass

import numpy as np

from ui import content

SIGNS = ("positive", "negative", "zero")


@dataclass(frozen=True)
class Question:
    prompt: str  # Markdown with $…$ maths
    options: tuple[str, ...]
    answer: int  # index into options
    why: str  # the reasoning, shown once the learner has committed to an answer

    @property
    def qid(self) -> str:
        return f"{zlib.crc32((self.prompt + '|'.join(self.options)).encode()):08x}"


def ask(prompt: str, right: str, wrong: list[str], why: str) -> Question:
    """A question with `right` among distinct distractors, in an order that is stable
    across reruns (seeded by the prompt) but not always first."""
    options = [right] + [w for i, w in enumerate(wrong) if w != right and w not in wrong[:i]]
    options = options[:4]  # the right answer and up to three distractors
    order = list(range(len(options)))
    random.Random(zlib.crc32(prompt.encode())).shuffle(order)
    shuffled = tuple(options[i] for i in order)
    return Question(prompt, shuffled, shuffled.index(right), why)


def shape(*dims: int) -> str:
    return f"({dims[0]},)" if len(dims) == 1 else "(" + ", ".join(str(d) for d in dims) + ")"


def sign(value: float) -> str:
    return "zero" if value == 0 else ("positive" if value > 0 else "negative")


def num3(value: float) -> str:
    return f"{value:.3f}"


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
