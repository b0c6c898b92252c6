"""Transitional: step 3 still drawn by ui/walk_output.py."""

from ui import settings, walk_output


def render(ctx) -> None:
    settings.use_quiz_slot(ctx.quiz_slot)
    walk_output.render_sigmoid(ctx.state)
