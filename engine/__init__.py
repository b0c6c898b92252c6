"""Backprop Lab engine: a small NumPy neural network in Andrew Ng's course notation.

X is (n_x, m) with examples as columns; W[l] is (n[l], n[l-1]) and b[l] is (n[l], 1);
params, caches and grads are dicts keyed "W1", "b1", "Z1", "A1", "dZ1", "dW1", ….
Only NumPy and the standard library are used.
"""

from .activations import ACTIVATIONS, LEAKY_SLOPE, Activation, sigmoid
from .datasets import DATASETS, make_dataset
from .gradcheck import (
    MISTAKE_LABELS,
    MISTAKES,
    backward_with_mistake,
    gradient_check,
    numerical_gradients,
    relative_error,
)
from .layers import (
    activation_backward,
    activation_forward,
    compute_cost,
    linear_backward,
    linear_forward,
    output_backward,
)
from .network import (
    INITS,
    accuracy,
    backward,
    boundary_grid,
    forward,
    hidden_activations,
    init_params,
    layer_dims_of,
    num_layers,
    predict,
    predict_proba,
    update_params,
)
from .shapes import ShapeRow, product_text, shape_table
from .training import Snapshot, TrainResult, boundary_frames, train

__all__ = [
    "ACTIVATIONS",
    "DATASETS",
    "INITS",
    "LEAKY_SLOPE",
    "MISTAKES",
    "MISTAKE_LABELS",
    "Activation",
    "ShapeRow",
    "Snapshot",
    "TrainResult",
    "accuracy",
    "activation_backward",
    "activation_forward",
    "backward",
    "backward_with_mistake",
    "boundary_frames",
    "boundary_grid",
    "compute_cost",
    "forward",
    "gradient_check",
    "hidden_activations",
    "init_params",
    "layer_dims_of",
    "linear_backward",
    "linear_forward",
    "make_dataset",
    "num_layers",
    "numerical_gradients",
    "output_backward",
    "predict",
    "predict_proba",
    "product_text",
    "relative_error",
    "shape_table",
    "sigmoid",
    "train",
    "update_params",
]
