"""Transitional: the old names, now in ui.shell and ui.nav. Removed once nothing imports it."""

import threading

from ui import nav
from ui.nav import TRAIN_GROUPS, WALK_GROUPS  # noqa: F401
from ui.shell import session, sidebar
from ui.shell.session import CUSTOM_DATA_KEY, get_state, sync_url  # noqa: F401

PAGES = tuple((p.script, p.label, p.icon, p.section) for p in nav.PAGES)
update_state = session.change
_slot = threading.local()


def prev_next(script: str) -> None:
    sidebar.prev_next(nav.BY_SCRIPT[script].id)


def use_quiz_slot(container) -> None:
    _slot.container = container


def quiz_slot():
    return getattr(_slot, "container", None)
