"""Transitional: step 10 still drawn by ui/walk_deep.py."""

from ui import settings, walk_deep


def render(ctx) -> None:
    settings.use_quiz_slot(ctx.quiz_slot)
    walk_deep.render_deep(ctx.state)
