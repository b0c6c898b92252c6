"""The shell around every page: the session's state, page set-up, sidebar and presenter style.

The shell owns the session: it is the only part that reads or writes `st.session_state`'s
settings, and every change of a setting goes through `session.change`.
"""
