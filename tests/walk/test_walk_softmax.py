"""Softmax and cross-entropy → dZ2 = A2 − Y (issue 14, walk step 1): the page renders for
every K and the edge settings, the Jacobian it shows times −y/a is a − y, K = 2 is the
sigmoid network's dZ2, the dZ2 it shows is the engine's and passes a float64 finite
difference, and its quiz answers follow from the numbers it shows."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import run_page
from support import FAIL, FINE_EPS, charts, no_exception, page_text, z_of

from engine import network_general as general
from engine.softmax import softmax_loss
from ui import content, quiz
from ui.state import State, from_query
from ui.walk import frame, latex
from ui.walk import softmax as step
from ui.walk import softmax_compute as sc

PAGE = "softmax"
EDGE = {"m": "1", "n_h": "1", "activation": "relu"}
# lr 10 with He weights blows up: the page shows the last finite network
DIVERGED = {"lr": "10", "init": "he", "activation": "relu", "at": "300", "m": "6"}
CASES = [({}, 2), ({}, 3), ({"presenter": "1", "reveal": "99"}, 4), ({}, 5), (EDGE, 2), (EDGE, 5),
         ({"activation": "sigmoid", "m": "20", "n_h": "50", "dataset": "moons"}, 4),
         ({"activation": "leaky_relu", "at": "0", "dataset": "blobs"}, 3), (DIVERGED, 2)]


def open_with(query: dict[str, str], K: int):
    at = run_page(PAGE, query)
    no_exception(at)
    if K != sc.DEFAULT_K:
        at.segmented_control(key=step.K_KEY).set_value(K).run()
        no_exception(at)
    return at


def network(query: dict[str, str], K: int) -> dict:
    state, warnings = from_query(query)
    assert not warnings
    return {**sc.build(state, K), "activation": state.activation}


def case_id(case) -> str:
    return f"{'-'.join(case[0].values()) or 'default'}-K{case[1]}"


@pytest.fixture(scope="module", params=CASES, ids=case_id)
def rendered(request):
    query, K = request.param
    return open_with({**query, "quiz": "1"}, K), network(query, K), K


# ---------------------------------------------------------------- the page

def test_page_renders_with_its_matrices_and_checks(rendered):
    at, walk, K = rendered
    m = walk["Y"].shape[1]
    text = page_text(at)
    assert "{{" not in text and FAIL not in text
    shown = charts(at)
    for key, rows in (("sm_Z2", K), ("sm_A2", K), ("sm_Y", K), ("sm_dZ2", K),
                      ("sm_jacobian", K)):
        assert z_of(shown[key]).shape[0] == rows, key
    assert z_of(shown["sm_dZ2"]).shape == (K, m)
    assert at.segmented_control(key=step.K_KEY).value == K
    assert f"{frame.CHECKED} dZ2 is checked" in text


def test_shown_dZ2_is_the_engines_and_passes_a_finite_difference(rendered):
    at, walk, K = rendered
    shown = charts(at)
    X, Y, params = walk["X"], walk["Y"], walk["params"]
    cache = general.forward(X, params, walk["activation"], "softmax")
    grads = general.backward(X, Y, params, cache, walk["activation"], "softmax")
    np.testing.assert_array_equal(z_of(shown["sm_Y"]), Y)
    np.testing.assert_allclose(z_of(shown["sm_A2"]), cache["A2"], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(z_of(shown["sm_dZ2"]), grads["dZ2"], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(z_of(shown["sm_dZ2"]), z_of(shown["sm_A2"]) - Y, atol=1e-15)
    # dZ2 is m · ∂J/∂Z2: each column the derivative of its own example's loss
    losses = softmax_loss(Y, cache["Z2"])[0]
    gap = np.max(np.abs(loss_differences(cache["Z2"], Y) - grads["dZ2"]), axis=0)
    # ~1e-16 · L / ε of rounding; a diverged network's losses reach thousands
    assert np.all(gap <= 1e-8 * np.maximum(1.0, losses)), (gap, losses)
    assert walk["fd_diff"] <= walk["fd_tol"]


def loss_differences(Z2: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """∂L_i/∂Z2[k, i] by centred differences of example i's loss at the tests' own ε,
    divided by the step float64 took (a diverged network's logits are ~1e3, where z ± ε
    rounds by ~1e-13)."""
    grad = np.zeros_like(Z2, dtype=np.float64)
    for k, i in np.ndindex(Z2.shape):
        z = np.array(Z2[:, i:i + 1], dtype=np.float64)
        saved = z[k, 0]
        z[k, 0] = saved + FINE_EPS
        hi, up = float(softmax_loss(Y[:, i:i + 1], z)[0, 0]), z[k, 0]
        z[k, 0] = saved - FINE_EPS
        lo, down = float(softmax_loss(Y[:, i:i + 1], z)[0, 0]), z[k, 0]
        grad[k, i] = (hi - lo) / (up - down)
    return grad


def test_jacobian_shown_times_minus_y_over_a_is_a_minus_y(rendered):
    at, walk, K = rendered
    shown = charts(at)
    J, dlda = z_of(shown["sm_jacobian"]), z_of(shown["sm_dlda"])
    i = at.selectbox(key=step.EXAMPLE_KEY).value
    a, y = walk["cache"]["A2"][:, i], walk["Y"][:, i]
    assert J.shape == (K, K) and dlda.shape == (K, 1)
    np.testing.assert_allclose(J, np.diag(a) - np.outer(a, a), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(J, J.T, atol=0)
    if np.all(np.isfinite(dlda)) and a[np.argmax(y)] > 1e-12:
        np.testing.assert_allclose((J.T @ dlda)[:, 0], a - y, atol=1e-12)
        np.testing.assert_allclose(z_of(shown["sm_chain"])[:, 0], a - y, atol=1e-12)
    np.testing.assert_allclose(z_of(shown["sm_direct"])[:, 0], walk["grads"]["dZ2"][:, i],
                               atol=0)


def worked_lines(at) -> list[tuple[int, str, str, str]]:
    """(j, the Jacobian entry, −1/a, the result) of each worked line dz_j = … on the page."""
    out = []
    for element in at.get("latex"):
        for line in element.value.split(r" \\[6pt] "):
            if "dz_{" not in line:
                continue
            j = int(line.split("dz_{", 1)[1].split("}", 1)[0])
            worked = line.rsplit(r"\Big) = ", 1)[1].split(r"\end{aligned}")[0]
            product, result = worked.split(" = ")
            left, right = product.split(r"\cdot")
            out.append((j, left, right, result.strip()))
    return out


def test_worked_lines_check_by_hand_and_give_a_minus_y(rendered):
    at, walk, K = rendered
    i = at.selectbox(key=step.EXAMPLE_KEY).value
    a, y = walk["cache"]["A2"][:, i], walk["Y"][:, i]
    lines = worked_lines(at)
    assert len(lines) == (0 if a[np.argmax(y)] == 0 else 1 + (K > 1 and bool(
        np.max(np.delete(a, np.argmax(y))) > 0)))
    for j, left, right, result in lines:
        by_hand = latex.value_of(left) * latex.value_of(right)
        assert result in (latex.num(by_hand, 4), latex.exact(by_hand, 4)), (left, right, result)
        assert result == latex.exact(a[j - 1] - y[j - 1], 4)


def test_two_classes_are_the_sigmoid_networks_dZ2(rendered):
    at, walk, K = rendered
    shown = charts(at)
    if K != 2:
        assert "sm_sig_dZ2" not in shown
        return
    sig, soft = z_of(shown["sm_sig_dZ2"]), z_of(shown["sm_soft_dZ2"])
    np.testing.assert_allclose(sig, soft, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(soft, walk["grads"]["dZ2"][1:2], atol=0)


# ---------------------------------------------------------------- the numbers

@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu", "leaky_relu"])
@pytest.mark.parametrize("m,n_h", [(1, 1), (5, 4), (20, 50)])
def test_sigmoid_twin_is_the_walks_sigmoid_network(activation, m, n_h):
    walk = network({"activation": activation, "m": str(m), "n_h": str(n_h)}, 2)
    twin = sc.sigmoid_twin(walk)
    # the walk's own engine, on the sigmoid network with z = z2 − z1 and y = 1 for class 2
    Z2 = walk["cache"]["Z2"]
    np.testing.assert_allclose(twin["cache"]["Z2"], Z2[1:2] - Z2[0:1], rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(twin["grads"]["dZ2"], walk["grads"]["dZ2"][1:2], atol=1e-14)
    np.testing.assert_allclose(walk["grads"]["dZ2"][0], -walk["grads"]["dZ2"][1], atol=1e-15)
    # the same decision: class 2 wherever σ(z) > 0.5
    np.testing.assert_array_equal(np.argmax(walk["cache"]["A2"], axis=0),
                                  (twin["cache"]["A2"][0] > 0.5).astype(int))


@pytest.mark.parametrize("K", sc.KS)
def test_chain_through_the_jacobian_is_a_minus_y_for_every_class(K):
    walk = network({"m": "8"}, K)
    for i in range(walk["Y"].shape[1]):
        a, y = walk["cache"]["A2"][:, i], walk["Y"][:, i]
        np.testing.assert_allclose(sc.chain(a, y)["dz"], a - y, atol=1e-13)


def test_training_is_capped_and_said_so():
    state = State(at=5000, train_m=40)
    walk = sc.build(state, 3)
    assert walk["trained"] == sc.MOST_ITERATIONS
    at = run_page(PAGE, {"at": "5000", "train_m": "40"})
    no_exception(at)
    assert f"but this page trains at most {sc.MOST_ITERATIONS:,}" in page_text(at)


# ---------------------------------------------------------------- the quiz

def test_quiz_answers_follow_from_the_engine(rendered):
    _, walk, K = rendered
    m = walk["Y"].shape[1]
    qs = quiz.build(step.questions, walk, walk["activation"], [2, 1, K])
    by_prompt = {q.prompt: q for q in qs}
    shape_q = next(q for q in qs if "shape" in q.prompt)
    assert shape_q.options[shape_q.answer] == f"({K}, {m})"
    sums = by_prompt[content.text(step.DOC, "quiz_sum")]
    assert sums.options[sums.answer] == "0"
    np.testing.assert_allclose(walk["grads"]["dZ2"].sum(axis=0), 0, atol=1e-12)
    entries = [q for q in qs if q.shown]  # the true class's entry: a − 1 from the a shown
    truth = np.sum(walk["cache"]["A2"] * walk["Y"], axis=0)
    if 0.01 < truth.min() < 0.99:
        assert len(entries) == 1
    for q in entries:
        a = float(q.shown[0])
        assert q.options[q.answer] == f"{a - 1:.{q.digits}f}"
        assert abs(a - truth.min()) <= 0.5 * 10.0 ** -q.digits
        assert q.decided
