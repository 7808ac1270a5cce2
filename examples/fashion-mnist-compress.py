#!/usr/bin/python3
"""Certified compression of a PyTorch-trained Fashion-MNIST MLP (docs/compress.md).

Trains a 784-128-128-10 tanh MLP with torch (Adam, weight decay WD on every
parameter, cross-entropy, EPOCHS epochs on the 60000 training images, float64),
exports it with a class-balanced subset of the training images as its data
(tools/nrc_export.py), then runs
    nrc import EXPORT --out RUN
    nrc compress RUN --rank R --out RUN-rR --test-data fashion-mnist:test@n=TEST
for each rank R and prints what nrc printed. Needs python3-torch, python3-numpy
and the Debian package dataset-fashion-mnist.
Usage: examples/fashion-mnist-compress.py NRC OUT [--wd 1e-3] [--epochs 5]
       [--ranks 16,24,32] [--train-subset 2000] [--test 1000] [--train-only]
(OUT/model.pt, once trained, is reused.)
"""
import argparse
import os
import subprocess
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nrc_export  # noqa: E402
from fashion_mnist_data import load  # noqa: E402


def balanced(y, n, seed=1):
    g = torch.Generator().manual_seed(seed)
    per = n // 10
    idxs = [torch.nonzero(y == c).flatten() for c in range(10)]
    return torch.cat([i[torch.randperm(len(i), generator=g)[:per]] for i in idxs])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("nrc")
    ap.add_argument("out")
    ap.add_argument("--wd", type=float, default=1e-3)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--ranks", default="16,24,32")
    ap.add_argument("--train-subset", type=int, default=2000)
    ap.add_argument("--test", type=int, default=1000)
    ap.add_argument("--train-only", action="store_true", help="train and save OUT/model.pt, nothing else")
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(1)
    X, y = load("train")
    Xt, yt = load("test")
    model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.Tanh(), torch.nn.Linear(128, 128), torch.nn.Tanh(),
                                torch.nn.Linear(128, 10)).double()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=a.wd)
    loss_fn = torch.nn.CrossEntropyLoss()
    os.makedirs(a.out, exist_ok=True)
    saved = os.path.join(a.out, "model.pt")
    t0 = time.time()
    if os.path.exists(saved):  # trained before: reuse
        model.load_state_dict(torch.load(saved))
        a.epochs = 0
    for epoch in range(a.epochs):
        perm = torch.randperm(len(y))
        for k in range(0, len(y), 128):
            b = perm[k:k + 128]
            opt.zero_grad()
            loss_fn(model(X[b]), y[b]).backward()
            opt.step()
        with torch.no_grad():
            acc = (model(Xt).argmax(1) == yt).double().mean().item()
        print(f"epoch {epoch + 1}: test accuracy {acc:.4f} ({time.time() - t0:.0f} s)", flush=True)
    torch.save(model.state_dict(), saved)
    if a.train_only:
        return
    sub = balanced(y, a.train_subset)
    export = os.path.join(a.out, "export")
    nrc_export.export(model, X[sub], y[sub], export, loss="ce", optimizer=opt, name="fashion-mnist-torch")
    run = os.path.join(a.out, "run")
    subprocess.run([a.nrc, "import", export, "--out", run, "--force"], check=True)
    for r in a.ranks.split(","):
        t = time.time()
        p = subprocess.run([a.nrc, "compress", run, "--rank", r, "--out", os.path.join(a.out, "run-r" + r), "--force",
                            "--test-data", f"fashion-mnist:test@n={a.test}"], stdout=subprocess.PIPE, text=True)
        print(f"--- rank {r} (exit {p.returncode}, {time.time() - t:.0f} s wall)\n{p.stdout}", flush=True)


if __name__ == "__main__":
    main()
