"""Transitional: step 5 still drawn by ui/walk_dw2.py."""

from ui import settings, walk_dw2


def render(ctx) -> None:
    settings.use_quiz_slot(ctx.quiz_slot)
    walk_dw2.render_dW2(ctx.state)
