"""Transitional: step 2 still drawn by ui/walk_forward.py."""

from ui import settings, walk_forward


def render(ctx) -> None:
    settings.use_quiz_slot(ctx.quiz_slot)
    walk_forward.render_cost(ctx.state)
