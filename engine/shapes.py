"""Shape bookkeeping for every array of the network, numerically and in course symbols.

For a 2-layer net, layer_dims = [n_x, n_h, n_y] and the symbols are n_x, n_h, n_y, m,
e.g. W1 is "(n_h, n_x)". Deeper (or 1-layer) nets use n[0], n[1], …, n[L].
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

_OPS = {"@": "·", "*": "*", "+": "+", "-": "−"}


@dataclass(frozen=True)
class ShapeRow:
    """One array: ``shape`` like (4, 2), ``dims`` like ("n_h", "n_x"), ``symbol`` "(n_h, n_x)"."""

    name: str
    shape: tuple[int, int]
    dims: tuple[str, str]
    meaning: str = ""

    @property
    def symbol(self) -> str:
        return f"({self.dims[0]}, {self.dims[1]})"

    @property
    def T(self) -> ShapeRow:
        return ShapeRow(self.name + "T", self.shape[::-1], self.dims[::-1],
                        f"transpose of {self.name}")


def _symbols(layer_dims: Sequence[int]) -> list[str]:
    if len(layer_dims) == 3:
        return ["n_x", "n_h", "n_y"]
    if len(layer_dims) == 2:
        return ["n_x", "n_y"]
    return [f"n[{l}]" for l in range(len(layer_dims))]


def shape_table(layer_dims: Sequence[int], m: int) -> dict[str, ShapeRow]:
    """Every array's shape for a net with ``layer_dims`` trained on m examples.

    Keys: "X", "A0" (= X), "Y"; for l = 1…L "W{l}", "b{l}", "Z{l}", "A{l}", "dZ{l}",
    "dW{l}", "db{l}"; "dA{l}" for hidden l < L; and the transpose of each, key + "T"
    (e.g. "W2T", "A1T", "XT").
    """
    if len(layer_dims) < 2:
        raise ValueError(f"layer_dims needs at least two sizes, got {layer_dims}")
    n = [int(k) for k in layer_dims]
    s = _symbols(n)
    L = len(n) - 1
    rows = [
        ShapeRow("X", (n[0], m), (s[0], "m"), "input: one example per column"),
        ShapeRow("A0", (n[0], m), (s[0], "m"), "A[0] is X"),
        ShapeRow("Y", (n[L], m), (s[L], "m"), "labels"),
    ]
    for l in range(1, L + 1):
        cur, prev = (n[l], m), (s[l], "m")
        rows += [
            ShapeRow(f"W{l}", (n[l], n[l - 1]), (s[l], s[l - 1]), f"weights of layer {l}"),
            ShapeRow(f"b{l}", (n[l], 1), (s[l], "1"), f"biases of layer {l}"),
            ShapeRow(f"Z{l}", cur, prev, f"pre-activations of layer {l}"),
            ShapeRow(f"A{l}", cur, prev, f"activations of layer {l}"),
            ShapeRow(f"dZ{l}", cur, prev, f"∂L/∂Z[{l}], per example"),
            ShapeRow(f"dW{l}", (n[l], n[l - 1]), (s[l], s[l - 1]), f"∂J/∂W[{l}]"),
            ShapeRow(f"db{l}", (n[l], 1), (s[l], "1"), f"∂J/∂b[{l}]"),
        ]
        if l < L:
            rows.append(ShapeRow(f"dA{l}", cur, prev, f"∂L/∂A[{l}], per example"))
    table = {r.name: r for r in rows}
    table.update({r.name + "T": r.T for r in rows})
    return table


def _row(table: dict[str, ShapeRow], key: str) -> ShapeRow:
    try:
        return table[key]
    except KeyError:
        raise KeyError(f"no array {key!r} in the shape table; keys: {sorted(table)}") from None


def _fmt(parts) -> str:
    return f"({parts[0]}, {parts[1]})"


def product_text(
    table: dict[str, ShapeRow], left: str, right: str, op: str = "@", symbolic: bool = False
) -> str:
    """The shape arithmetic of ``left op right`` as text.

    op "@" is the matrix product: "(4, 1) · (1, 400) → (4, 400)" for W2T, dZ2 (n_h = 4,
    m = 400), or with symbolic=True "(n_h, n_y) · (n_y, m) → (n_h, m)".
    op "*", "+" or "-" is element-wise with NumPy broadcasting: "(4, 400) * (4, 400) →
    (4, 400)". Raises ValueError, naming both shapes, when they do not align.
    """
    if op not in _OPS:
        raise ValueError(f"op must be one of {sorted(_OPS)}, got {op!r}")
    a, b = _row(table, left), _row(table, right)
    if op == "@":
        if a.shape[1] != b.shape[0]:
            raise ValueError(
                f"cannot matrix-multiply {left} {a.shape} by {right} {b.shape}: the inner "
                f"sizes {a.shape[1]} ({a.dims[1]}) and {b.shape[0]} ({b.dims[0]}) differ"
            )
        shape, dims = (a.shape[0], b.shape[1]), (a.dims[0], b.dims[1])
    else:
        shape, dims = [], []
        for i in range(2):
            if a.shape[i] != b.shape[i] and 1 not in (a.shape[i], b.shape[i]):
                raise ValueError(
                    f"cannot combine {left} {a.shape} and {right} {b.shape} element-wise: "
                    f"axis {i} has sizes {a.shape[i]} and {b.shape[i]} (broadcasting needs "
                    "equal sizes or a 1)"
                )
            big = a if a.shape[i] >= b.shape[i] else b  # a size-1 axis stretches to the other
            shape.append(big.shape[i])
            dims.append(big.dims[i])
    if symbolic:
        return f"{a.symbol} {_OPS[op]} {b.symbol} → {_fmt(dims)}"
    return f"{_fmt(a.shape)} {_OPS[op]} {_fmt(b.shape)} → {_fmt(tuple(shape))}"
