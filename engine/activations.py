"""Activation functions g(z) and their derivatives g'(z), in course notation.

Every function here is element-wise, so every array keeps its shape:
Z and A are (n[l], m) for layer l, and g(Z), g'(Z) are (n[l], m) too.

Each activation object offers ``forward``, ``derivative`` and ``derivative_from_output``,
built on in-place helpers (``forward_into``, ``backprop_into``) that the training loop calls
with preallocated buffers so that no array is allocated per iteration. ``fast_forward_into``
is what training uses for g(Z); it is ``forward_into`` except for tanh (see there).
relu'(0) is taken as 0 and leaky_relu'(0) as 0.01 (no derivative exists at the kink).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

LEAKY_SLOPE = 0.01


def sigmoid(Z: np.ndarray) -> np.ndarray:
    """σ(Z) = 1 / (1 + e^(−Z)), the course's formula, safe for any z.  Z: any shape → same.

    For z < −709 (float64) e^(−z) overflows to inf and 1 / (1 + inf) = 0, which is the
    correctly rounded value (σ(z) < 1e-308); that overflow is expected and silenced, so
    σ(±1000) gives 0 and 1 without warnings. Elsewhere the formula is accurate to ~1 ulp.
    """
    Z = np.asarray(Z)
    with np.errstate(over="ignore"):
        return _sigmoid_into(Z, np.empty(Z.shape, np.result_type(Z, np.float16)))


def _sigmoid_into(Z: np.ndarray, out: np.ndarray) -> np.ndarray:
    """out = 1 / (1 + e^(−Z)) in place.  Z, out: same shape; out may alias Z.

    Call under np.errstate(over="ignore"): see ``sigmoid``.
    """
    np.negative(Z, out=out)
    np.exp(out, out=out)
    np.add(out, 1.0, out=out)
    return np.divide(1.0, out, out=out)


@dataclass(frozen=True)
class Activation:
    """One activation function.  Every method maps (n, m) arrays to an (n, m) array.

    ``derivative_from_output(A)`` gives g'(Z) from A = g(Z) alone, which is how the course
    writes backprop (σ' = A(1 − A), tanh' = 1 − A²); it lets training skip storing Z.
    The ``*_into`` methods compute the same numbers into preallocated buffers.
    """

    name: str
    latex: str
    derivative_latex: str

    def forward(self, Z: np.ndarray) -> np.ndarray:
        """A = g(Z).  Z: (n, m) → A: (n, m)."""
        Z = np.asarray(Z)
        out = np.empty(Z.shape, np.result_type(Z, np.float16))
        self.forward_into(Z, out, np.empty_like(out))
        return out

    def derivative(self, Z: np.ndarray) -> np.ndarray:
        """g'(Z).  Z: (n, m) → (n, m)."""
        Z = np.asarray(Z)
        return self.derivative_from_output(self.forward(Z))

    def derivative_from_output(self, A: np.ndarray) -> np.ndarray:
        """g'(Z) written with A = g(Z).  A: (n, m) → (n, m)."""
        A = np.asarray(A)
        out = np.empty(A.shape, np.result_type(A, np.float16))
        self.backprop_into(np.ones_like(out), A, out, np.empty_like(out))
        return out

    def forward_into(self, Z: np.ndarray, out: np.ndarray, tmp: np.ndarray) -> np.ndarray:
        """out = g(Z).  Z, out, tmp: (n, m); out may alias Z, tmp is scratch."""
        raise NotImplementedError

    def backprop_into(
        self, dA: np.ndarray, A: np.ndarray, out: np.ndarray, tmp: np.ndarray
    ) -> np.ndarray:
        """out = dZ = dA * g'(Z), with g' from A = g(Z).  All (n, m); out may alias dA."""
        raise NotImplementedError

    def fast_forward_into(self, Z: np.ndarray, out: np.ndarray, tmp: np.ndarray) -> np.ndarray:
        """``forward_into`` for the training hot loop and boundary grids; may trade the last
        bits of accuracy for speed (only tanh does). Call under np.errstate(over="ignore").
        """
        return self.forward_into(Z, out, tmp)


class _Sigmoid(Activation):
    def derivative(self, Z):
        return sigmoid(Z) * sigmoid(-Z)  # = σ(1 − σ) without the cancellation in 1 − σ near 1

    def forward_into(self, Z, out, tmp):
        with np.errstate(over="ignore"):
            return _sigmoid_into(Z, out)

    def fast_forward_into(self, Z, out, tmp):
        return _sigmoid_into(Z, out)

    def backprop_into(self, dA, A, out, tmp):
        np.subtract(1.0, A, out=tmp)
        np.multiply(tmp, A, out=tmp)  # σ' = a (1 − a)
        return np.multiply(dA, tmp, out=out)


class _Tanh(Activation):
    def forward_into(self, Z, out, tmp):
        return np.tanh(Z, out=out)

    def fast_forward_into(self, Z, out, tmp):
        # tanh z = 1 − 2 / (1 + e^{2z}): np.exp is ~3× faster than np.tanh for float64, and
        # the result is within 3.3e-16 of np.tanh (absolute); e^{2z} = inf gives exactly 1
        np.multiply(Z, 2.0, out=out)
        np.exp(out, out=out)
        np.add(out, 1.0, out=out)
        np.divide(2.0, out, out=out)
        return np.subtract(1.0, out, out=out)

    def backprop_into(self, dA, A, out, tmp):
        np.multiply(A, A, out=tmp)
        np.subtract(1.0, tmp, out=tmp)  # tanh' = 1 − a²
        return np.multiply(dA, tmp, out=out)


class _ReLU(Activation):
    def forward_into(self, Z, out, tmp):
        return np.maximum(Z, 0, out=out)

    def backprop_into(self, dA, A, out, tmp):
        # a > 0 exactly when z > 0, and relu'(0) := 0 by convention (no derivative at the kink)
        np.greater(A, 0, out=tmp)
        return np.multiply(dA, tmp, out=out)


class _LeakyReLU(Activation):
    def forward_into(self, Z, out, tmp):
        np.multiply(Z, LEAKY_SLOPE, out=tmp)
        return np.maximum(Z, tmp, out=out)  # max(z, 0.01 z) because the slope is below 1

    def backprop_into(self, dA, A, out, tmp):
        # derivative at the kink z = 0 taken as the slope 0.01, in line with relu'(0) = 0
        np.greater(A, 0, out=tmp)
        np.maximum(tmp, LEAKY_SLOPE, out=tmp)
        return np.multiply(dA, tmp, out=out)


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": _Sigmoid(
        "sigmoid",
        r"\sigma(z) = \frac{1}{1 + e^{-z}}",
        r"\sigma'(z) = \sigma(z)\,(1 - \sigma(z)) = a\,(1 - a)",
    ),
    "tanh": _Tanh(
        "tanh",
        r"\tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}",
        r"\tanh'(z) = 1 - \tanh^2(z) = 1 - a^2",
    ),
    "relu": _ReLU(
        "relu",
        r"\mathrm{relu}(z) = \max(0, z)",
        r"\mathrm{relu}'(z) = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}",
    ),
    "leaky_relu": _LeakyReLU(
        "leaky_relu",
        r"\mathrm{leaky}(z) = \max(0.01\,z, z)",
        r"\mathrm{leaky}'(z) = \begin{cases} 1 & z > 0 \\ 0.01 & z \le 0 \end{cases}",
    ),
}


def get_activation(activation: str | Activation) -> Activation:
    """Look up an activation by name (or pass an Activation through)."""
    if isinstance(activation, Activation):
        return activation
    try:
        return ACTIVATIONS[activation]
    except KeyError:
        raise ValueError(
            f"unknown activation {activation!r}; choose from {sorted(ACTIVATIONS)}"
        ) from None
