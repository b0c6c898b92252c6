"""Transitional: step 7 still drawn by ui/walk_hidden.py."""

from ui import settings, walk_hidden


def render(ctx) -> None:
    settings.use_quiz_slot(ctx.quiz_slot)
    walk_hidden.render_dZ1(ctx.state)
