"""Worked lines check by hand (issue 11, item 11): wherever the walk multiplies numbers out,
the factors as shown, multiplied and rounded as the result is shown, give the result shown
(never `0.997 × 0.0028 = 0.0027`). One helper writes them (ui.walk.latex.worked and friends);
tested here as a property, then on every page at several settings by reading the LaTeX back
(worked_lines.relations). Also: every product caption gives the symbolic form and the
numbers, and step 5 writes out every entry of dW2 that fits."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import LEAKY, RELU, no_exception, run_step
from worked_lines import quantum, relations

from ui import nav
from ui.walk import example, latex

# ---------------------------------------------------------------- the helper, as a property

sign = st.sampled_from([1.0, -1.0])
magnitude = st.floats(-6, 3).map(lambda p: 10.0 ** p)
factor = st.one_of(st.builds(lambda s, m: s * m, sign, magnitude), st.sampled_from([0.0, 1.0]))
SIG = st.integers(2, 5)


def assert_checks(line: str, expected: int = 1) -> None:
    found = relations(line)
    assert len(found) == expected, (line, found)
    assert all(r.ok for r in found), (line, found)


def assert_near_truth(true: float, shown: str) -> None:
    """The result shown is the true result rounded (off by at most a rounding tie)."""
    assert abs(true - latex.value_of(shown)) <= quantum(shown) * (1 + 1e-6) + 1e-300, (
        true, shown)


@settings(max_examples=300, deadline=None)
@given(st.lists(factor, min_size=2, max_size=3), SIG)
def test_a_worked_product_checks_by_hand(factors, sig):
    texts, shown = latex.worked(lambda *v: math.prod(v), factors, sig=sig)
    assert_near_truth(math.prod(factors), shown)
    assert_checks(r"\cdot".join(map(latex.bracket, texts)) + f" = {shown}")


@settings(max_examples=200, deadline=None)
@given(st.lists(factor, min_size=5, max_size=5), SIG)
def test_a_worked_sum_of_products_checks_by_hand(v, sig):
    def f(w, x, u, t, b):
        return w * x + u * t + b

    texts, shown = latex.worked(f, v, sig=sig)
    bk = latex.bracket
    assert_checks(rf"{bk(texts[0])}\cdot{bk(texts[1])} + {bk(texts[2])}\cdot{bk(texts[3])} + "
                  rf"{bk(texts[4])} = {shown}")
    assert_near_truth(f(*v), shown)


@settings(max_examples=200, deadline=None)
@given(st.floats(1e-9, 1 - 1e-9), st.sampled_from([0, 1]), SIG)
def test_a_worked_difference_from_the_label_checks_by_hand(a, y, sig):
    # a − y near 0 is where 4 digits of a lose every digit of the difference.
    (a_,), shown = latex.worked(lambda p: p - y, [a], sig=sig)
    assert_checks(f"{a_} - {y} = {shown}")
    assert_near_truth(a - y, shown)


@settings(max_examples=200, deadline=None)
@given(st.builds(lambda s, m: s * m, sign, magnitude), st.integers(1, 20), SIG)
def test_a_worked_mean_in_prose_checks_by_hand(total, m, sig):
    (total_,), shown = latex.worked(lambda t: t / m, [total], sig=sig, write=latex.plain)
    assert "times" not in total_ + shown  # prose: no LaTeX
    assert latex.plain(latex.value_of(total_) / m, sig) == shown


@settings(max_examples=200, deadline=None)
@given(st.builds(lambda s, m: s * m, sign, magnitude),
       st.lists(st.floats(-1, 1), min_size=1, max_size=8), SIG)
def test_a_worked_row_of_products_checks_by_hand(dz, row, sig):
    a1 = np.array([row])
    (dz_, a1_), product = latex.worked_matrices(lambda d, a: d * a, [dz, a1], dz * a1, sig=sig,
                                                max_cols=6)
    found = relations(rf"{latex.bracket(dz_)}\cdot{a1_} = {product}")
    if len(row) <= 6:  # a row cut short (⋯) is checked entry by entry below
        assert len(found) == 1 and found[0].ok, (dz_, a1_, product)
    shown = latex.values_of(product)
    again = latex.value_of(dz_) * latex.values_of(a1_)
    decimals = len(re.search(r"-?\d+\.(\d+)", product).group(1))
    assert np.all(np.abs(again - shown) <= 0.5 * 10.0 ** -decimals * (1 + 1e-6))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(factor, factor), min_size=1, max_size=3), SIG)
def test_a_worked_sum_of_products_with_its_terms_checks_at_both_signs(pairs, sig):
    # a₁b₁ + a₂b₂ = t₁ + t₂ = r (step 6 with a second output unit): both "=" check by hand.
    result = sum(a * b for a, b in pairs)
    factors, terms, shown = latex.worked_sum_of_products(pairs, result, sig)
    if len(terms) > 1:  # one term is the result itself
        assert_checks(" + ".join(map(latex.bracket, terms)) + f" = {shown}")
    for (a, b), term in zip(factors, terms, strict=True):
        assert_checks(rf"{latex.bracket(a)}\cdot{latex.bracket(b)} = {term}")
    assert_near_truth(result, shown)


def test_the_example_of_the_issue_is_repaired():
    # The review saw 0.997 × 0.0028 shown as 0.0027: the shown factors give 0.0028.
    assert not relations(r"0.997\cdot0.0028 = 0.0027")[0].ok  # the reader catches it
    texts, shown = latex.worked(lambda p, q: p * q, [0.99712, 0.0027712], sig=2)
    assert_checks(r"\cdot".join(texts) + f" = {shown}")
    assert texts != ["1.0", "0.0028"]


def test_rows_share_their_digits():
    lines = [(lambda w, d: w * d, [w, -0.2003123], w * -0.2003123) for w in (0.8213, 0.0123)]
    rows = latex.worked_rows(lines, sig=3)
    assert rows[0][0][1] == rows[1][0][1]  # dz2 written alike on every unit's line


# ---------------------------------------------------------------- every page, read back

SETTINGS = {
    "defaults": {},
    "relu": {"activation": "relu", "n_h": "3", "m": "5", "at": "300"},
    "leaky": {"activation": "leaky_relu", "n_h": "6", "m": "2", "init": "he", "at": "50"},
    "sigmoid_one": {"activation": "sigmoid", "n_h": "1", "m": "1"},
    "trained": {"at": "2000", "n_h": "5"},
    "saturated_relu": RELU,
    "saturated_leaky": LEAKY,
}
# The worked lines each step shows at least, whatever the setting.
AT_LEAST = {"forward": 1, "cost": 1, "sigmoid": 1, "dZ2": 1, "dW2": 1, "transpose": 1,
            "dZ1": 2, "dW1": 1}


def prose_means(at) -> list[tuple[str, str, int]]:
    """The sums and means the prose divides by m: (sum, mean, m), as written."""
    text = "\n".join(m.value for m in at.markdown)
    found = [(s, j, int(m)) for m, s, j in re.findall(
        r"All (\d+) examples? share.*?here the sum is (\S+?)\); averaging keeps J = (\S+) on",
        text, re.S)]
    found += [(s, d, int(m)) for s, m, d in re.findall(
        r"that sum is (\S+) for db2, and dividing by m = (\d+) gives (\S+?)\.(?:\s|$)", text)]
    return found


@pytest.mark.parametrize("step", [p.id for p in nav.STEPS])
@pytest.mark.parametrize("name", list(SETTINGS))
def test_every_worked_line_on_every_page_checks_by_hand(step, name):
    at = run_step(nav.page(step).script, SETTINGS[name])
    no_exception(at)
    found = [r for e in at.get("latex") for r in relations(e.value)]
    wrong = [(r.left, r.right, r.value) for r in found if not r.ok]
    assert not wrong, wrong
    assert len(found) >= AT_LEAST.get(step, 0), (step, [e.value for e in at.get("latex")])
    for total, mean, m in prose_means(at):
        value = latex.value_of(total) / m
        assert abs(value - latex.value_of(mean)) <= quantum(mean.replace("e", r"\times 10^{")
                                                            + ("}" if "e" in mean else "")), (
            total, m, mean)


def test_the_prose_means_are_found():
    # prose_means must read the sentences it checks, or the loop above checks nothing.
    assert prose_means(run_step(nav.page("cost").script))
    assert prose_means(run_step(nav.page("dW2").script))


# ---------------------------------------------------------------- product captions

def product_captions(at) -> list[str]:
    """Captions that give a product's shapes: "… (n_h, m) · (m, n_x) → …"."""
    return [c.value for c in at.caption if "→" in c.value and re.search(r"\(\d+, \d+\)",
                                                                          c.value + " (0, 0)")
            and re.search(r"[·*]", c.value)]


@pytest.mark.parametrize("step", [p.id for p in nav.STEPS])
def test_every_product_caption_gives_symbols_and_numbers(step):
    at = run_step(nav.page(step).script, {"n_h": "5", "m": "3"})
    no_exception(at)
    captions = product_captions(at)
    if step in ("forward", "sigmoid", "dW2", "transpose", "dZ1", "dW1"):
        assert captions, step
    for text in captions:
        symbolic = re.search(r"\((?:n_\w+|m|1), (?:n_\w+|m|1)\) [·*] \((?:n_\w+|m|1), "
                             r"(?:n_\w+|m|1)\) → \((?:n_\w+|m|1), (?:n_\w+|m|1)\)", text)
        numbers = re.search(r"here \(\d+, \d+\) [·*] \(\d+, \d+\) → \(\d+, \d+\)", text)
        assert symbolic and numbers, text


# ---------------------------------------------------------------- step 5's dW2

@pytest.mark.parametrize("n_h", ["4", "6"])
def test_step_5_writes_out_every_entry_of_dW2_that_fits(n_h):
    at = run_step(nav.page("dW2").script, {"n_h": n_h})
    no_exception(at)
    block = next(e.value for e in at.get("latex") if r"dW^{[2]} &= \begin{bmatrix}" in e.value)
    row = re.search(r"dW\^\{\[2\]\} &= \\begin\{bmatrix\}(.*?)\\end\{bmatrix\}", block).group(1)
    assert r"\cdots" not in row and len(row.split("&")) == int(n_h), row


def test_the_sigmoid_of_the_shown_z_is_the_shown_a():
    # The forward step writes a = σ(z) with the z as shown.
    assert_checks(rf"\sigma({latex.worked(example.sigmoid, [1.38441], sig=4)[0][0]}) = "
                  f"{latex.worked(example.sigmoid, [1.38441], sig=4)[1]}")
