"""Step 7 · dZ1 = dA1 * g′(Z1): the page runs and follows the settings, g′ is a mask for relu,
the matrix product fails or (n_h = m) silently mixes units and examples, dZ1 is the per-example
loss gradient in float64, and the quiz asks before the page answers."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import run_page as run_app
from support import SLOW_PAGE, centred, charts, decode, page_text, rel_err, walk_network, z_of

import engine
from ui import compute, nav, quiz

PAGE = nav.page("dZ1").script
FAIL = ":material/cancel:"  # the mark of a failed one-example check
EPS = 1e-6  # centred differences: truncation ~ε², rounding ~1e-16/ε
TOL = 1e-7
CASES = [(n_h, m, act) for n_h, m in ((4, 4), (1, 5), (6, 1), (7, 3))
         for act in ("tanh", "sigmoid", "relu", "leaky_relu")]


def run_page(query: dict[str, str] | None = None, timeout: float = 60):
    """conftest.run_page on this step, asserting on the way that the home run raised nothing."""
    at = run_app("app.py", query, timeout=timeout)
    assert not at.exception
    return at.switch_page(PAGE).run()


def ok(at) -> None:
    assert not at.exception, at.exception[0].message if at.exception else ""


def shown(at, kind: str) -> str:
    """The text of every `kind` alert, with the icon Streamlit lifts off its first line."""
    return "\n".join(e.proto.icon + " " + e.proto.body for e in at.get(kind))


def title(spec: dict) -> str:
    return spec["layout"]["title"]["text"]


def losses_from_logits(Z2: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Each example's cross-entropy L⁽ⁱ⁾, from the output logits (exact, no clipping)."""
    return np.logaddexp(0.0, Z2) - Y * Z2


def network(n_h: int, m: int, act: str) -> dict:
    """A walk-sized network with weights big enough that g′ varies (xavier, not × 0.01)."""
    return walk_network(n_h, m, act, seed=3, data="random")


# ---------------------------------------------------------------- the page

def test_page_renders_without_errors():
    at = run_page()
    ok(at)
    assert at.get("plotly_chart"), "every step page shows charts"
    body = page_text(at)
    assert "finite differences" in body  # the check caption
    assert "❌" not in "".join(e.proto.body for e in at.get("success"))
    assert FAIL not in shown(at, "success") + shown(at, "error")
    assert not at.get("error"), [e.proto.body for e in at.get("error")]


def test_settings_change_shapes_and_values():
    at = run_page()
    before = charts(at)
    assert "(4, 4)" in title(before["dz1_dZ1"])
    at.slider(key="w_n_h").set_value(6).run()
    ok(at)
    assert "(6, 4)" in title(charts(at)["dz1_dZ1"])
    at.slider(key="w_m").set_value(7).run()
    ok(at)
    wide = charts(at)
    assert "(6, 7)" in title(wide["dz1_dZ1"])
    values = z_of(wide["dz1_dZ1"])
    at.selectbox(key="w_activation").set_value("relu").run()
    ok(at)
    assert not np.allclose(z_of(charts(at)["dz1_dZ1"]), values)
    assert "❌" not in "".join(e.proto.body for e in at.get("success"))
    assert FAIL not in shown(at, "success") + shown(at, "error")


def test_a_wrong_dZ1_fails_the_one_example_check(monkeypatch):
    # The check must be able to go red: the marks above would otherwise prove nothing.
    right = compute.walk

    def wrong(state):
        walk = right(state)
        return {**walk, "grads": {**walk["grads"], "dZ1": walk["grads"]["dZ1"] * 1.01}}

    monkeypatch.setattr(compute, "walk", wrong)
    at = run_page()
    ok(at)
    assert f"{FAIL} the 4 scalar products for example 1 = column 1 of dZ1" in shown(at, "error")


def test_dZ1_relu_shows_a_mask_and_matmul_fails():
    at = run_page({"activation": "relu", "n_h": "5"})
    ok(at)
    mask = charts(at)["dz1_gprime"]
    assert title(mask).startswith("1[Z1 > 0]")
    assert set(np.unique(z_of(mask))) <= {0.0, 1.0}
    assert any(c.value.startswith("ValueError") for c in at.get("code"))
    plot = charts(at)["dz1_gprime_plot"]
    assert plot["data"][2]["name"] == "this network's Z1 entries"
    assert len(decode(plot["data"][2]["x"])) == 5 * 4


def test_dZ1_matmul_goes_through_when_square():
    at = run_page()
    assert any("n_h = m = 4" in e.proto.body for e in at.get("warning"))


def test_the_square_warning_names_the_gradient_check_step():
    at = run_page()
    body = "".join(e.proto.body for e in at.get("warning"))
    assert f"the gradient check on {nav.step_ref('check')} does" in body


# ---------------------------------------------------------------- the maths, in float64

@pytest.mark.parametrize(("n_h", "m", "act"), CASES)
def test_dZ1_is_the_per_example_loss_gradient(n_h, m, act):
    net = network(n_h, m, act)
    p, cache, grads, Y = net["params"], net["cache"], net["grads"], net["Y"]
    g = engine.ACTIVATIONS[act]
    Z1 = cache["Z1"].copy()
    if act in ("relu", "leaky_relu"):
        assert np.min(np.abs(Z1)) > 10 * EPS, "a kink would spoil the difference"
    fd = centred(lambda Z: losses_from_logits(p["W2"] @ g.forward(Z) + p["b2"], Y).sum(), Z1,
                 eps=EPS)
    assert rel_err(grads["dZ1"], fd) < TOL
    # The page's element-wise form and its diagonal-Jacobian form.
    assert rel_err(grads["dA1"] * g.derivative(cache["Z1"]), fd) < TOL
    for i in range(m):
        jac = np.diag(g.derivative(cache["Z1"][:, i]))
        np.testing.assert_allclose(jac.T @ grads["dA1"][:, i], grads["dZ1"][:, i], rtol=1e-12)


@pytest.mark.parametrize("act", ["tanh", "sigmoid", "relu", "leaky_relu"])
def test_g_prime_matches_finite_differences(act):
    g = engine.ACTIVATIONS[act]
    z = np.linspace(-4, 4, 81)
    z = z[np.abs(z) > 1e-3][None, :]  # relu has no derivative at its kink
    fd = (g.forward(z + EPS) - g.forward(z - EPS)) / (2 * EPS)
    np.testing.assert_allclose(g.derivative(z), fd, atol=1e-8)
    np.testing.assert_allclose(g.derivative_from_output(g.forward(z)), fd, atol=1e-8)


# ---------------------------------------------------------------- the quiz

def test_has_several_well_formed_questions():
    for n_h, m, act in [(4, 4, "tanh"), (1, 1, "relu"), (3, 7, "sigmoid"), (6, 2, "leaky_relu")]:
        qs = quiz.questions("dZ1", walk_network(n_h, m, act), act, [2, n_h, n_h, 1])
        assert len(qs) >= 2
        for q in qs:
            assert 2 <= len(q.options) <= 4
            assert len(set(q.options)) == len(q.options)
            assert 0 <= q.answer < len(q.options) and q.why
        assert len({q.qid for q in qs}) == len(qs)


def test_shape_answer_is_the_real_shape():
    for n_h, m in [(4, 4), (3, 7), (1, 2)]:
        data = walk_network(n_h, m)
        q = next(q for q in quiz.questions("dZ1", data) if "shape of dZ1" in q.prompt)
        assert q.options[q.answer] == str(data["grads"]["dZ1"].shape), (n_h, m)


def _score(at) -> str:
    heading = next(md.value for md in at.markdown if "Predict before you look" in md.value)
    return heading.split("score ")[1]


def test_checking_without_a_choice_does_nothing():
    at = run_app(PAGE, {"quiz": "1"}, timeout=SLOW_PAGE)
    state = at.session_state["state"]
    q = quiz.questions("dZ1", compute.walk(state), state.activation, state.layer_dims)[0]
    at.button(key=f"quiz_dZ1_0_{q.qid}_check").click().run()
    assert not at.exception and not at.error and _score(at) == "0 / 0"


def _in_page_order(node) -> list:
    """Every element under `node`, depth first, in the order the page shows them."""
    out = []
    for child in getattr(node, "children", {}).values():
        out.append(child)
        out.extend(_in_page_order(child))
    return out


def test_questions_come_before_the_values_that_answer_them():
    at = run_app(PAGE, {"quiz": "1"}, timeout=SLOW_PAGE)
    assert not at.exception
    order = _in_page_order(at.main)
    kinds = [getattr(e, "type", "") for e in order]
    first_question = next(i for i, e in enumerate(order)
                          if kinds[i] == "radio" and (e.key or "").startswith("quiz_"))
    first_answer = next(i for i, k in enumerate(kinds) if k in {"latex", "plotly_chart"})
    assert first_question < first_answer
    assert kinds.index("title") < first_question  # under the title, not above it
