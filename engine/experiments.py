"""The course-2 optimization assignment's experiment, as the engine runs it.

Data: ``course_moons()`` (make_moons(300, noise=.2) after np.random.seed(3)); network
[2, 5, 2, 1] with relu hidden layers and a sigmoid output, He initialisation from legacy
seed 3; mini-batches of 64 shuffled before epoch e with legacy seed 10 + e; α = 0.0007;
5,000 epochs; gd, momentum (β = 0.9) or Adam (β1 = 0.9, β2 = 0.999, ε = 1e-8).
Shapes: X (2, 300), Y (1, 300).
"""

from __future__ import annotations

from .datasets import course_moons
from .network import init_params
from .network_general import accuracy
from .training import train

COURSE2_LAYERS = (2, 5, 2, 1)
COURSE2_OPTIMIZERS = ("gd", "momentum", "adam")
# Training accuracies (%) this engine reaches after 5,000 epochs. The assignment prints
# "Accuracy: 0.7166666666666667" for gd and momentum and sums Adam up as 94 %; its printed
# costs every 1,000 epochs match ours to 6 digits (tests/engine/test_training_general.py).
COURSE2_ACCURACY = {"gd": 215 / 300 * 100, "momentum": 215 / 300 * 100, "adam": 283 / 300 * 100}


def course2_run(optimizer: str, epochs: int = 5000, frames=2):
    """(TrainResult, training accuracy in %) of one run of the experiment."""
    X, Y = course_moons()
    params = init_params(COURSE2_LAYERS, seed=3, init="he")
    result = train(X, Y, activation="relu", learning_rate=0.0007, iterations=epochs,
                   params=params, frames=frames, optimizer=optimizer, beta1=0.9, beta2=0.999,
                   epsilon=1e-8, mini_batch_size=64, shuffle_seed=10)
    return result, accuracy(X, Y, result.params, "relu")
