#!/usr/bin/python3
"""Certified compression of Fashion-MNIST MLPs along a weight-decay sweep (docs/compress.md).

For each lambda: trains a tanh MLP (default 784-128-128-10) with the spec's MSE loss
and weight decay lambda on every parameter, on the first N training images (Adam,
one-cycle learning rate, mini-batches of 256, float32; then full-batch L-BFGS in
float64 towards the stationary point, where the rank collapse of T11-T13 happens),
exports it with tools/nrc_export.py, and runs
    nrc import EXPORT --out RUN
    nrc compress RUN --rank R          --out RUN-rR    --test-data fashion-mnist:test
    nrc compress RUN --rank auto --tolerance TOL --out RUN-auto --test-data fashion-mnist:test
printing what nrc printed and, at the end, one line per lambda: test accuracy
before -> after and predictions proven unchanged (of the 10000 test images) at
rank R and at the automatic ranks. Larger lambda: lower rank kept for free.
Needs python3-torch, python3-numpy and the Debian package dataset-fashion-mnist.
Usage: examples/fashion-mnist-compress-lambda.py NRC OUT [--lams 1e-2,3e-2,1e-1]
       [--widths 784,128,128,10] [--n 10000] [--epochs 10] [--polish 300]
       [--rank 10] [--tolerance 1e-2] [--train-only]
(OUT/lam-X/model.pt, once trained, is reused.)
"""
import argparse
import os
import re
import subprocess
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nrc_export  # noqa: E402
from fashion_mnist_data import load, mse_epoch, tanh_mlp  # noqa: E402


def objective(model, X, y, lam):
    """The spec's J: MSE data loss plus (lambda / 2) ||theta||^2 (every parameter)."""
    return nrc_export.spec_loss(model(X), y, "mse") + 0.5 * lam * sum((p * p).sum() for p in model.parameters())


def train(widths, X, y, lam, epochs, polish, seed=1):
    torch.manual_seed(seed)
    model = tanh_mlp(widths)
    steps_per_epoch = (len(y) + 255) // 256
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=lam)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=max(1, epochs * steps_per_epoch))
    X32 = X.float()
    for _ in range(epochs):
        mse_epoch(model, X32, y, opt, sched)
    model = model.double()
    if polish > 0:
        lbfgs = torch.optim.LBFGS(model.parameters(), lr=1, max_iter=polish, history_size=20,
                                  line_search_fn="strong_wolfe", tolerance_grad=1e-12, tolerance_change=0)

        def closure():
            lbfgs.zero_grad()
            v = objective(model, X, y, lam)
            v.backward()
            return v
        lbfgs.step(closure)
    return model


def nrc(cmd):
    t = time.time()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(f"$ {' '.join(cmd)}   # exit {p.returncode}, {time.time() - t:.1f} s wall\n{p.stdout}", flush=True)
    if p.returncode not in (0, 1):
        sys.exit(f"fashion-mnist-compress-lambda: {cmd[1]} failed")
    return p.stdout


def summary(text):
    """(test accuracy before -> after, 'kept of N' on the test data, ranks, % removed) from nrc compress's output."""
    acc = re.search(r"test data \(\d+ samples\): accuracy ([0-9.]+) -> ([0-9.]+)", text)
    kept = re.search(r"interval proof on the test data .*?(\d+) of (\d+) predictions proven unchanged", text)
    ranks = re.findall(r"layer \d+: rank (\d+)", text)
    removed = re.search(r"\(([0-9.]+)% removed\)", text)
    return (f"{acc.group(1)} -> {acc.group(2)}" if acc else "?", f"{kept.group(1)} of {kept.group(2)}" if kept else "?",
            ",".join(ranks), removed.group(1) + "%" if removed else "?")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("nrc")
    ap.add_argument("out")
    ap.add_argument("--lams", default="1e-2,3e-2,1e-1")
    ap.add_argument("--widths", default="784,128,128,10")
    ap.add_argument("--n", type=int, default=10000, help="the first N training images")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--polish", type=int, default=300, help="full-batch L-BFGS iterations after Adam")
    ap.add_argument("--rank", type=int, default=10)
    ap.add_argument("--tolerance", default="1e-2")
    ap.add_argument("--train-only", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(1)
    widths = [int(w) for w in a.widths.split(",")]
    X, y = load("train")
    X, y = X[:a.n], y[:a.n]
    Xt, yt = load("test")
    rows = []
    for lam_text in a.lams.split(","):
        lam = float(lam_text)
        out = os.path.join(a.out, "lam-" + lam_text)
        os.makedirs(out, exist_ok=True)
        saved = os.path.join(out, "model.pt")
        t = time.time()
        if os.path.exists(saved):
            model = tanh_mlp(widths).double()
            model.load_state_dict(torch.load(saved))
        else:
            model = train(widths, X, y, lam, a.epochs, a.polish)
            torch.save(model.state_dict(), saved)
        model.zero_grad()
        objective(model, X, y, lam).backward()
        grad = torch.cat([p.grad.flatten() for p in model.parameters()]).norm().item()
        with torch.no_grad():
            train_acc = (model(X).argmax(1) == y).double().mean().item()
            test_acc = (model(Xt).argmax(1) == yt).double().mean().item()
            sig = [torch.linalg.svdvals(m.weight) for m in model if isinstance(m, torch.nn.Linear)]
        print(f"lambda {lam_text}: trained in {time.time() - t:.0f} s, ||grad J||_2 = {grad:.3e} (float64), "
              f"train accuracy {train_acc:.4f}, test accuracy {test_acc:.4f}, sigma_{a.rank + 1}(W_l) = "
              + ", ".join(f"{s[a.rank].item() if len(s) > a.rank else 0.0:.3e}" for s in sig), flush=True)
        if a.train_only:
            continue
        export, run = os.path.join(out, "export"), os.path.join(out, "run")
        if not os.path.exists(os.path.join(run, "model.json")):
            nrc_export.export(model, X, y, export, loss="mse", weight_decay=lam, name=f"fashion-mnist-lam-{lam_text}")
            nrc([a.nrc, "import", export, "--out", run, "--force", "--no-progress"])
        test = ["--test-data", "fashion-mnist:test", "--force"]
        at_k = summary(nrc([a.nrc, "compress", run, "--rank", str(a.rank), "--out", run + f"-r{a.rank}"] + test))
        auto = summary(nrc([a.nrc, "compress", run, "--rank", "auto", "--tolerance", a.tolerance, "--out", run + "-auto"]
                           + test))
        rows.append((lam_text, at_k, auto))
    if not rows:
        return
    print(f"\nlambda  | rank {a.rank}: removed, test accuracy, proven unchanged | auto ({a.tolerance}): ranks, removed, "
          "test accuracy, proven unchanged")
    for lam_text, (acc, kept, _, rem), (acc2, kept2, ranks2, rem2) in rows:
        print(f"{lam_text:7} | {rem}, {acc}, {kept} | {ranks2}, {rem2}, {acc2}, {kept2}")


if __name__ == "__main__":
    main()
