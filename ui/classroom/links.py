"""Links to a view: the page's address plus `state.to_query` (non-default fields only).

A link is encoded the way Streamlit writes the address bar, so a link opened and copied
again is the same text. `st.context.url` gives the browser's address of this page without
its query; where it is unknown (AppTest) a link falls back to a path relative to the app's
root.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from ui import content, nav
from ui.state import State, to_query


def app_root() -> str | None:
    """The app's absolute root URL as the browser sees it (no trailing slash), if known."""
    return root_of(st.context.url)


def root_of(url: str | None) -> str | None:
    """Strip a page's path from `st.context.url` (scheme, host, base path and page path)."""
    if not url:
        return None
    url = url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    for page in nav.PAGES:
        path = nav.url_path(page.id)
        if path and url.endswith("/" + path):
            return url[: -len(path) - 1]
    return url


def query_string(state: State) -> str:
    # Streamlit writes the address bar with urlencode too (a "," becomes %2C).
    return urlencode(to_query(state))


def link(state: State, page_id: str) -> str:
    """A link that opens page `page_id` with `state`: absolute when the app's address is
    known."""
    root = app_root()
    path = f"{root if root is not None else ''}/{nav.url_path(page_id)}"
    query = query_string(state)
    return f"{path}?{query}" if query else path


def share_box(state: State, page_id: str, label: str = "Link to this view") -> None:
    """The current view's link in a code box (it has a copy button), with a hint."""
    st.markdown(f"**{label}**")
    st.code(link(state, page_id), language=None, wrap_lines=True)
    st.caption(content.text("lesson", "share_caption"))


def current_link(state: State) -> str:
    """A link to the page being drawn, with `state`; `st.context.url` already names the page."""
    query = query_string(state)
    return (st.context.url or "") + (f"?{query}" if query else "")


def sidebar_share(state: State) -> None:
    """A compact "link to this view" for the sidebar of any page (a popover with a copy box)."""
    with st.popover("Link to this view", icon=":material/link:", width="stretch"):
        st.code(current_link(state), language=None, wrap_lines=True)
        st.caption(content.text("lesson", "sidebar_share_caption"))
