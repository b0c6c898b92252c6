"""Links made on the teacher's own machine: `localhost` reaches nobody else.

A teacher who runs the app on a laptop opens it as http://localhost:8501, so every link
the app builds names `localhost`, which on a student's laptop is the student's own
machine. Streamlit itself prints a "Network URL" at start-up; the same address, when the
server knows one, makes the links work across the classroom's network.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import streamlit as st
from streamlit import net_util

from ui import content

DOC = "lesson"
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})


def is_local(url: str | None) -> bool:
    """Whether `url` names this machine only (a loopback or unspecified address)."""
    host = urlsplit(url or "").hostname or ""
    return host in LOCAL_HOSTS or host.startswith("127.")


def on_network(url: str, address: str) -> str:
    """`url` with its host replaced by `address`, keeping scheme, port, path and query."""
    parts = urlsplit(url)
    netloc = address + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def note(url: str | None) -> None:
    """Under a link: say when it only works on this machine, with the network address."""
    if not is_local(url):
        return
    address = net_util.get_internal_ip()
    if address and not is_local(f"http://{address}"):
        st.warning(content.text(DOC, "local_link_lan", host=urlsplit(url).hostname),
                   icon=":material/lan:")
        st.code(on_network(url, address), language=None, wrap_lines=True)
    else:
        st.warning(content.text(DOC, "local_link", host=urlsplit(url).hostname),
                   icon=":material/lan:")
