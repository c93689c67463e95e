"""A small NumPy model toolkit: MLPs over one flat parameter vector, RMSE, backprop.

Candidates may use it for their own experiments; the hidden tests use it to
build seeded models with known derivatives and known jump locations.

    >>> net = MLP([3, 8, 1], "tanh")
    >>> w = net.init(np.random.default_rng(0))
    >>> net.predict(w, np.ones((5, 3))).shape
    (5,)
"""

import numpy as np

ACTIVATIONS = ("tanh", "sigmoid", "relu", "leaky_relu", "step", "floor", "identity")
LEAKY_SLOPE = 0.01


def activate(name, z):
    """Apply activation `name` elementwise."""
    if name == "tanh":
        return np.tanh(z)
    if name == "sigmoid":
        return 0.5 * (1.0 + np.tanh(0.5 * z))  # no overflow warning for large |z|
    if name == "relu":
        return np.maximum(z, 0)
    if name == "leaky_relu":
        return np.where(z > 0, z, LEAKY_SLOPE * z)
    if name == "step":
        return (z > 0).astype(z.dtype)
    if name == "floor":
        return np.floor(z)
    if name == "identity":
        return z
    raise ValueError(f"unknown activation {name!r}; choose from {ACTIVATIONS}")


def activation_derivative(name, z):
    """Derivative of activation `name` at z (0 at kinks and on the flat steps)."""
    if name == "tanh":
        return 1.0 - np.tanh(z) ** 2
    if name == "sigmoid":
        s = activate("sigmoid", z)
        return s * (1.0 - s)
    if name == "relu":
        return (z > 0).astype(z.dtype)
    if name == "leaky_relu":
        return np.where(z > 0, 1.0, LEAKY_SLOPE).astype(z.dtype)
    if name in ("step", "floor"):
        return np.zeros_like(z)
    if name == "identity":
        return np.ones_like(z)
    raise ValueError(f"unknown activation {name!r}; choose from {ACTIVATIONS}")


class MLP:
    """A fully connected network whose weights live in one flat vector.

    Layer l has a weight matrix of shape (sizes[l], sizes[l+1]) followed by a bias of
    length sizes[l+1]; all hidden layers use `activation`, the output layer is linear.
    With sizes[-1] == 1 and squeeze=True, predict returns shape (n,) instead of (n, 1).
    """

    def __init__(self, sizes, activation="tanh", squeeze=True):
        if len(sizes) < 2 or any(int(s) < 1 for s in sizes):
            raise ValueError("sizes must list at least an input and an output width, all >= 1")
        activate(activation, np.zeros(1))  # reject unknown names early
        self.sizes = tuple(int(s) for s in sizes)
        self.activation = activation
        self.squeeze = squeeze and self.sizes[-1] == 1
        self.slices = []  # (weight slice, bias slice) per layer, offsets into w
        offset = 0
        for fan_in, fan_out in zip(self.sizes[:-1], self.sizes[1:]):
            w_slice = slice(offset, offset + fan_in * fan_out)
            offset += fan_in * fan_out
            b_slice = slice(offset, offset + fan_out)
            offset += fan_out
            self.slices.append((w_slice, b_slice))
        self.n_params = offset

    def layers(self, w):
        """(W, b) views into w for every layer; no copies."""
        if w.shape != (self.n_params,):
            raise ValueError(f"w must have shape ({self.n_params},), got {w.shape}")
        return [(w[ws].reshape(fi, fo), w[bs])
                for (ws, bs), fi, fo in zip(self.slices, self.sizes[:-1], self.sizes[1:])]

    def weight_index(self, layer, row, col):
        """Flat index of W_layer[row, col]."""
        return self.slices[layer][0].start + row * self.sizes[layer + 1] + col

    def bias_index(self, layer, unit):
        """Flat index of b_layer[unit]."""
        return self.slices[layer][1].start + unit

    def init(self, rng, dtype=np.float64, scale=1.0):
        """Random weights with variance scale/fan_in, biases small and random."""
        w = np.empty(self.n_params, dtype=dtype)
        for (ws, bs), fan_in in zip(self.slices, self.sizes[:-1]):
            w[ws] = rng.standard_normal(ws.stop - ws.start) * np.sqrt(scale / fan_in)
            w[bs] = rng.standard_normal(bs.stop - bs.start) * 0.1
        return w

    def forward(self, w, X):
        """Pre-activations and activations of every layer (for backprop)."""
        X = np.asarray(X)
        zs, hs = [], [X]
        params = self.layers(w)
        for l, (W, b) in enumerate(params):
            z = hs[-1] @ W + b
            zs.append(z)
            hs.append(z if l == len(params) - 1 else activate(self.activation, z))
        return zs, hs

    def predict(self, w, X):
        """Outputs of shape (n,) (single output, squeezed) or (n, k)."""
        out = self.forward(w, X)[1][-1]
        return out[:, 0] if self.squeeze else out

    def loss(self, w, X, Y):
        """Total RMSE over every example and output."""
        return rmse(self.predict(w, X), Y)

    def per_example_loss(self, w, X, Y):
        """RMSE of each example over its outputs (|y - Y| for single outputs)."""
        return per_example_rmse(self.predict(w, X), Y)

    def backprop(self, w, X, dout):
        """Gradient of sum(predict(w, X) * dout) with respect to w."""
        zs, hs = self.forward(w, X)
        params = self.layers(w)
        delta = np.asarray(dout, dtype=zs[-1].dtype).reshape(zs[-1].shape)
        grad = np.zeros_like(w, dtype=np.result_type(w.dtype, delta.dtype))
        for l in range(len(params) - 1, -1, -1):
            ws, bs = self.slices[l]
            grad[ws] = (hs[l].T @ delta).ravel()
            grad[bs] = delta.sum(axis=0)
            if l:
                delta = (delta @ params[l][0].T) * activation_derivative(self.activation, zs[l - 1])
        return grad

    def output_gradient(self, w, X, example, output=0):
        """Exact d predict(w, X)[example, output] / dw."""
        n = np.asarray(X).shape[0]
        dout = np.zeros((n, self.sizes[-1]))
        dout[example, output] = 1.0
        return self.backprop(w, X, dout)

    def loss_gradient(self, w, X, Y):
        """Exact gradient of the total RMSE (0 where the fit is perfect)."""
        y = self.predict(w, X)
        L = rmse(y, Y)
        if L == 0:
            return np.zeros_like(w)
        return self.backprop(w, X, (y - np.asarray(Y)) / (np.size(y) * L))

    def per_example_gradients(self, w, X, Y):
        """Exact gradients of each example's RMSE: shape (n, n_params)."""
        X, Y = np.asarray(X), np.asarray(Y)
        return np.stack([self.loss_gradient(w, X[i:i + 1], Y[i:i + 1]) for i in range(len(X))])


def rmse(y_pred, y_true):
    """sqrt(mean((y_pred - y_true)^2)) over every entry."""
    diff = np.asarray(y_pred, dtype=np.float64) - np.asarray(y_true, dtype=np.float64)
    return float(np.sqrt(np.mean(diff ** 2)))


def per_example_rmse(y_pred, y_true):
    """Per-example RMSE over the outputs: shape (n,)."""
    diff = np.asarray(y_pred, dtype=np.float64) - np.asarray(y_true, dtype=np.float64)
    if diff.ndim == 1:
        return np.abs(diff)
    return np.sqrt(np.mean(diff ** 2, axis=tuple(range(1, diff.ndim))))


# The scale model stands for "30 million weights": one hidden layer, float32.
SCALE_SIZES = (2999, 10000, 1)   # 2999*10000 + 10000 + 10000 + 1 = 30,000,001 weights
SCALE_EXAMPLES = 4


SCALE_PERIOD = 1_000_003         # w is one random block of this many weights, repeated


def scale_parts(seed):
    """(net, block, X, Y) of scale_problem(seed): its w is `block` repeated (see scale_weight_parts)."""
    net = MLP(SCALE_SIZES, "tanh")
    rng = np.random.default_rng(seed)
    # A random block repeated is as good as 30M random draws here, and 10x faster.
    block = rng.random(SCALE_PERIOD, dtype=np.float32)
    block -= np.float32(0.5)
    block *= np.float32(2.0 / np.sqrt(SCALE_SIZES[0]))
    X = rng.standard_normal((SCALE_EXAMPLES, SCALE_SIZES[0])).astype(np.float32)
    Y = rng.standard_normal(SCALE_EXAMPLES).astype(np.float32)
    return net, block, X, Y


def scale_weight_parts(block, size):
    """w of `size` weights as the pieces it is made of, in order: `block` repeated, the last
    piece cut short (views of block)."""
    return [block[:min(block.size, size - start)] for start in range(0, size, block.size)]


def repeats_block(w, block):
    """Whether `w` holds exactly the bytes of `block` repeated (as scale_weight_parts cuts it)."""
    bits = block.view(np.uint32)
    for start in range(0, w.size, block.size):
        part = w[start:start + block.size].view(np.uint32)
        if not np.array_equal(part, bits[:part.size]):
            return False
    return True


def scale_problem(seed):
    """The 30M-weight float32 model with data: (net, w, X, Y), built the same way everywhere."""
    net, block, X, Y = scale_parts(seed)
    w = np.concatenate(scale_weight_parts(block, net.n_params))
    return net, w, X, Y
