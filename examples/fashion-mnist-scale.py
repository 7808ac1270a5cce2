#!/usr/bin/python3
"""The issue-17 scale case: all 60000 Fashion-MNIST training images, 784-256-256-10.

Trains a tanh MLP (MSE loss in the spec's convention, weight decay lambda on every
parameter, Adam, mini-batches, float32 on the CPU) with torch, widens it to float64
(exactly) and exports it with tools/nrc_export.py as .npy files, the way a user
would (docs/pytorch.md). Then, by hand:
    nrc import OUT --out RUN      # the stationarity certificate (fast engine)
    nrc check RUN                 # every statement, with proofs
(docs/performance.md has the measured times). Needs python3-torch, python3-numpy
and the Debian package dataset-fashion-mnist.
Usage: examples/fashion-mnist-scale.py OUT [--widths 784,256,256,10] [--epochs 3]
       [--lam 1e-3] [--n 60000] [--seed 1] [--threads 1]
"""
import argparse
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nrc_export  # noqa: E402
from fashion_mnist_data import load, mse_epoch, tanh_mlp  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--widths", default="784,256,256,10")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lam", type=float, default=1e-3)
    ap.add_argument("--n", type=int, default=60000, help="the first N training images")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    X, y = load("train")
    X, y = X[:a.n], y[:a.n]
    widths = [int(w) for w in a.widths.split(",")]
    model = tanh_mlp(widths)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=a.lam)
    X32 = X.float()
    start = time.time()
    for epoch in range(a.epochs):
        mse_epoch(model, X32, y, opt)
        with torch.no_grad():
            loss = nrc_export.spec_loss(model(X32), y, "mse").item()
        print(f"epoch {epoch + 1}: data loss {loss:.5f} ({time.time() - start:.0f} s)", flush=True)
    model = model.double()
    with torch.no_grad():
        acc = (model(X).argmax(dim=1) == y).double().mean().item()
    print(f"training accuracy {acc:.4f}; exporting to {a.out}", flush=True)
    nrc_export.export(model, X, y, a.out, loss="mse", weight_decay=a.lam)


if __name__ == "__main__":
    main()
