"""PyTorch side of TrainingStepBenchmark: the Spiking-FER SNN (SEW-ResNet, ADD, multi-step IF
neurons with the ATan surrogate, hard detached reset, output accumulator) or the ResNet ANN, the
same architecture as search.models.ResNetModel, trained one step at a time with torch.optim.SGD
(momentum 0.9, weight decay 5e-4) and cross-entropy on the batch the Java side wrote.

Usage: training_step.py <snn|ann> <width> <blocks> <T> <size> <classes> <batch> <inputs.f32> <labels.i64>
                        <warmup> <steps> <threads>
Prints one line: step_ms=<mean milliseconds per training step over <steps> steps>
forward_ms=<mean milliseconds per evaluation-mode forward pass without autograd> torch=<version>.
"""
import math
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class ATanSpike(torch.autograd.Function):
    """Heaviside forward; derivative (alpha/2) / (1 + (pi/2 alpha x)^2) backward (alpha = 2)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return (x >= 0).to(x.dtype)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        z = math.pi / 2 * 2.0 * x
        return grad * (2.0 / 2) / (1 + z * z)


def integrate_and_fire(x, steps):
    """x: (T*N, ...) time-major; threshold 1, hard reset to 0, reset detached."""
    out = []
    v = None
    for xt in x.chunk(steps, 0):
        v = xt if v is None else v + xt
        s = ATanSpike.apply(v - 1.0)
        out.append(s)
        v = v * (1 - s.detach())
    return torch.cat(out, 0)


class Block(nn.Module):
    def __init__(self, cin, cout, stride, snn):
        super().__init__()
        self.snn = snn
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        if snn:
            nn.init.zeros_(self.bn2.weight)
        self.down = None
        if stride != 1 or cin != cout:
            self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, 0, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x, steps):
        if self.snn:
            y = integrate_and_fire(self.bn1(self.conv1(x)), steps)
            y = integrate_and_fire(self.bn2(self.conv2(y)), steps)
            identity = x if self.down is None else integrate_and_fire(self.down(x), steps)
            return y + identity
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        identity = x if self.down is None else self.down(x)
        return F.relu(y + identity)


class Net(nn.Module):
    def __init__(self, kind, width, blocks, steps, classes):
        super().__init__()
        self.snn = kind == "snn"
        self.steps = steps
        base = max(1, round(64 * width))
        self.stem = nn.Conv2d(2 if self.snn else 2 * steps, base, 7, 2, 3, bias=False)
        self.stem_bn = nn.BatchNorm2d(base)
        layers = []
        cin = base
        for stage in range(4):
            cout = base << stage
            for b in range(blocks):
                layers.append(Block(cin, cout, 2 if stage > 0 and b == 0 else 1, self.snn))
                cin = cout
        self.layers = nn.ModuleList(layers)
        self.features = cin
        if self.snn:
            self.hidden = nn.Linear(cin, cin)
            self.dropout = nn.Dropout(0.5)
        self.classifier = nn.Linear(cin, classes, bias=False)

    def forward(self, x):
        n = x.shape[0]
        if self.snn:
            x = x.reshape(n, self.steps, 2, x.shape[2], x.shape[3]).transpose(0, 1).reshape(self.steps * n, 2, x.shape[2], x.shape[3])
            x = integrate_and_fire(self.stem_bn(self.stem(x)), self.steps)
        else:
            x = F.relu(self.stem_bn(self.stem(x)))
        x = F.max_pool2d(x, 3, 2, 1)
        for layer in self.layers:
            x = layer(x, self.steps)
        pooled = x.mean(dim=(2, 3))
        if self.snn:
            hidden = self.dropout(self.hidden(pooled))
            pooled = hidden.reshape(self.steps, n, self.features).sum(0)
        return self.classifier(pooled)


def main(argv):
    kind, width, blocks, steps, size, classes, batch = argv[0], float(argv[1]), int(argv[2]), int(argv[3]), int(argv[4]), int(argv[5]), int(argv[6])
    inputs_path, labels_path, warmup, measured, threads = argv[7], argv[8], int(argv[9]), int(argv[10]), int(argv[11])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    x = torch.from_numpy(np.fromfile(inputs_path, dtype="<f4").reshape(batch, 2 * steps, size, size).copy())
    y = torch.from_numpy(np.fromfile(labels_path, dtype="<i8").copy())
    model = Net(kind, width, blocks, steps, classes)
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)

    def step():
        optimizer.zero_grad(set_to_none=False)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        return loss.item()

    for _ in range(warmup):
        step()
    start = time.perf_counter()
    for _ in range(measured):
        step()
    seconds = time.perf_counter() - start
    model.eval()
    with torch.no_grad():
        for _ in range(warmup):
            model(x)
        start = time.perf_counter()
        for _ in range(measured):
            model(x)
        forward = time.perf_counter() - start
    print("step_ms=%.3f forward_ms=%.3f torch=%s" % (1000 * seconds / measured, 1000 * forward / measured, torch.__version__))


if __name__ == "__main__":
    main(sys.argv[1:])
