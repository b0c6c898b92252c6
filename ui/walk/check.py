"""Transitional: step 9 still drawn by ui/walk_check.py."""

from ui import settings, walk_check


def render(ctx) -> None:
    settings.use_quiz_slot(ctx.quiz_slot)
    walk_check.render_check(ctx.state)
