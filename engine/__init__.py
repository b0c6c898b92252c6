"""Backprop Lab engine: a small NumPy neural network in Andrew Ng's course notation.

X is (n_x, m) with examples as columns; W[l] is (n[l], n[l-1]) and b[l] is (n[l], 1);
params, caches and grads are dicts keyed "W1", "b1", "Z1", "A1", "dZ1", "dW1", ….
Only NumPy and the standard library are used.
"""

from .activations import ACTIVATIONS, LEAKY_SLOPE, Activation, sigmoid
from .datasets import (
    DATASETS,
    MULTICLASS,
    course_moons,
    make_dataset,
    make_multiclass,
    one_hot,
)
from .diagnosis import Bounce, cost_bounce
from .dropout import draw_masks, dropout_backward, dropout_forward
from .dropout_mistakes import DROPOUT_MISTAKES, backward_with_dropout_mistake
from .experiments import COURSE2_LAYERS, COURSE2_OPTIMIZERS, course2_run
from .gradcheck import (
    AGREE,
    BUG,
    CHECK_EPS,
    MISTAKE_LABELS,
    MISTAKES,
    backward_with_mistake,
    gradient_check,
    numerical_gradients,
    relative_error,
    sparse_gradient_check,
)
from .layers import (
    activation_backward,
    activation_forward,
    compute_cost,
    cross_entropy_loss,
    linear_backward,
    linear_forward,
    output_backward,
    saturated_outputs,
)
from .minibatch import random_mini_batches
from .network import (
    INITS,
    accuracy,
    backward,
    boundary_frames,
    boundary_grid,
    forward,
    hidden_activations,
    init_params,
    layer_dims_of,
    num_layers,
    plot_extent,
    predict,
    predict_proba,
    update_params,
)
from .network_general import OUTPUTS
from .optimizers import (
    OPTIMIZERS,
    init_state,
    update_with_adam,
    update_with_gd,
    update_with_momentum,
    update_with_rmsprop,
)
from .regularisation import l2_cost, l2_grad, shrink_factor
from .script import training_script
from .shapes import ShapeRow, product_text, shape_table
from .softmax import softmax_backward, softmax_cost
from .training import (
    COST_EXPLODED,
    COST_NOT_FINITE,
    GRADS_NOT_FINITE,
    PARAMS_OVERFLOW,
    STOP_CODES,
    Snapshot,
    TrainResult,
    train,
)

__all__ = [
    "COURSE2_LAYERS",
    "COURSE2_OPTIMIZERS",
    "MULTICLASS",
    "OPTIMIZERS",
    "OUTPUTS",
    "course2_run",
    "course_moons",
    "DROPOUT_MISTAKES",
    "backward_with_dropout_mistake",
    "draw_masks",
    "dropout_backward",
    "dropout_forward",
    "init_state",
    "l2_cost",
    "l2_grad",
    "make_multiclass",
    "one_hot",
    "random_mini_batches",
    "shrink_factor",
    "softmax_backward",
    "softmax_cost",
    "update_with_adam",
    "update_with_gd",
    "update_with_momentum",
    "update_with_rmsprop",
    "ACTIVATIONS",
    "AGREE",
    "BUG",
    "CHECK_EPS",
    "COST_EXPLODED",
    "COST_NOT_FINITE",
    "DATASETS",
    "GRADS_NOT_FINITE",
    "INITS",
    "LEAKY_SLOPE",
    "MISTAKES",
    "MISTAKE_LABELS",
    "PARAMS_OVERFLOW",
    "STOP_CODES",
    "Activation",
    "Bounce",
    "ShapeRow",
    "Snapshot",
    "TrainResult",
    "accuracy",
    "cost_bounce",
    "activation_backward",
    "activation_forward",
    "backward",
    "backward_with_mistake",
    "boundary_frames",
    "boundary_grid",
    "compute_cost",
    "cross_entropy_loss",
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
    "plot_extent",
    "predict",
    "predict_proba",
    "product_text",
    "relative_error",
    "saturated_outputs",
    "shape_table",
    "sigmoid",
    "sparse_gradient_check",
    "train",
    "training_script",
    "update_params",
]
