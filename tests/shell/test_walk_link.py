"""A playground frame's link opens the walk on exactly that frame's network."""

from __future__ import annotations

import numpy as np
import pytest
import streamlit as st

from ui import compute, training_runs
from ui.state import State


@pytest.mark.parametrize("settings", [
    {"dataset": "moons", "test_frac": 0.25, "n_h": 5, "iters": 600, "lr": 0.5},
    {"dataset": "flower", "activation": "relu", "n_h": 3, "iters": 400, "init": "he"},
])
def test_walk_at_a_frame_uses_that_frames_parameters(settings):
    st.cache_data.clear()
    state = State(**settings)
    result = training_runs.training(state)
    for snap in (result.snapshots[1], result.snapshots[len(result.snapshots) // 2],
                 result.snapshots[-1]):
        walked = compute.walk(state.replace(at=snap.iteration))["params"]
        for name, value in snap.params.items():
            np.testing.assert_allclose(walked[name], value, rtol=1e-12, atol=1e-15,
                                       err_msg=f"{name} at iteration {snap.iteration}")
