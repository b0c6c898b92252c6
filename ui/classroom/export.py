"""The lesson page's export section: the offline animation, the weights and the NumPy script.

The three files are built by pure functions (offline_html, `weights_json` below,
script_export) that the page hands to `st.download_button` as deferred callables: the work
happens only when someone clicks, on Streamlit's download thread.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime

import numpy as np
import streamlit as st

from ui import compute, content, training_runs
from ui.classroom.offline_html import animation_html
from ui.classroom.script_export import FILE_NAME, network_title, print_every, python_script
from ui.playground import options, stops
from ui.shell import session
from ui.state import FIELD_BY_NAME, State, to_query

DOC = "lesson"


def _settings(state: State) -> dict[str, object]:
    values = dataclasses.asdict(state)
    values["hide"] = list(state.hide)
    return values


def weights_json(result, state: State) -> str:
    """The trained parameters (the final snapshot) as lists, with the settings behind them."""
    final = result.snapshots[-1]
    body = {
        "app": "Backprop Lab",
        "exported": datetime.now(UTC).isoformat(timespec="seconds"),
        "settings": _settings(state),
        "link_query": to_query(state),
        "layer_dims": [int(n) for n in result.layer_dims],
        "hidden_activation": result.activation,
        "output_activation": "sigmoid",
        "iterations_done": int(final.iteration),
        "stopped_early": bool(result.stopped_early),
        "final_cost": float(final.cost),
        "final_train_accuracy_percent": float(final.accuracy),
        "shapes": {k: list(v.shape) for k, v in final.params.items()},
        "params": {k: np.asarray(v).tolist() for k, v in final.params.items()},
    }
    return json.dumps(body, indent=1)


def _reset_options() -> None:
    session.change(**{n: FIELD_BY_NAME[n].default for n in options.NAMES})


def _text(section: str, **values: object) -> str:
    return content.text(DOC, section, **values)


def render(state: State) -> None:
    """Three downloads for the current settings, each built only when clicked."""
    if training_runs.engine_options(state):
        # The script, the weights file and the offline player describe the first course's
        # network (a sigmoid output trained by full-batch gradient descent): with a course-2
        # option set they would reproduce a different run. Say so instead.
        names = ", ".join(FIELD_BY_NAME[n].label for n in options.NAMES
                          if getattr(state, n) != FIELD_BY_NAME[n].default)
        st.info(_text("options_not_exported", options=names), icon=":material/info:")
        st.button(_text("options_reset_label"), key="export_reset_options",
                  icon=":material/restart_alt:", on_click=_reset_options)
        return
    result = training_runs.training(state)
    data = compute.dataset(state)
    custom = compute.custom_data() if state.dataset == "custom" else None
    final = result.snapshots[-1]
    st.markdown(_text("export_summary", title=network_title(state), iteration=final.iteration,
                      cost=final.cost, accuracy=final.accuracy))
    if result.stopped_early:
        st.warning(_text("stopped_early", reason=stops.reason(result)), icon=":material/warning:")
    anim, weights, script = st.columns(3)
    with anim:
        st.markdown(_text("animation_heading"))
        st.caption(_text("animation_note", frames=len(result.snapshots)))
        st.download_button("Download the animation (HTML)",
                           lambda: animation_html(result, data, state),
                           file_name="backprop_lab_animation.html", mime="text/html",
                           key="export_animation", icon=":material/movie:", on_click="ignore",
                           width="stretch")
    with weights:
        st.markdown(_text("weights_heading"))
        st.caption(_text("weights_note"))
        st.download_button("Download the weights (JSON)", lambda: weights_json(result, state),
                           file_name="backprop_lab_weights.json", mime="application/json",
                           key="export_weights", icon=":material/data_object:",
                           on_click="ignore", width="stretch")
    with script:
        st.markdown(_text("script_heading"))
        st.caption(_text("script_note", every=print_every(state.iters)))
        st.download_button("Download the script (.py)", lambda: python_script(state, custom),
                           file_name=FILE_NAME, mime="text/x-python",
                           key="export_script", icon=":material/code:", on_click="ignore",
                           width="stretch")
    with st.expander("Read the script"):
        st.code(python_script(state, custom), language="python", line_numbers=True)
