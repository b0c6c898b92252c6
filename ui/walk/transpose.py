"""Transitional: step 6 still drawn by ui/walk_transpose.py."""

from ui import settings, walk_transpose


def render(ctx) -> None:
    settings.use_quiz_slot(ctx.quiz_slot)
    walk_transpose.render_dA1(ctx.state)
