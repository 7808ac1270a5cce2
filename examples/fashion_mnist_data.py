"""Shared by the Fashion-MNIST examples: the Debian package's images and a tanh MLP.

load(split): ("train" or "test") the IDX files of dataset-fashion-mnist as
float64 torch tensors, pixels scaled to [0, 1] (X: N x 784) and int64 labels.
tanh_mlp(widths): torch.nn.Sequential of Linear layers with Tanh between them.
mse_epoch(model, X, y, opt, sched=None): one epoch of mini-batches of 256 in a
random order (torch.randperm), the spec's MSE loss (tools/nrc_export.spec_loss).
"""
import gzip
import os

import numpy as np
import torch

import nrc_export  # tools/, on sys.path in the examples

DIR = "/usr/share/datasets/fashion-mnist"
FILES = {"train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
         "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")}


def load(split):
    images, labels = FILES[split]
    with gzip.open(os.path.join(DIR, images)) as f:
        X = np.frombuffer(f.read(), dtype=np.uint8, offset=16).reshape(-1, 784) / 255.0
    with gzip.open(os.path.join(DIR, labels)) as f:
        y = np.frombuffer(f.read(), dtype=np.uint8, offset=8).astype(np.int64)
    return torch.tensor(X, dtype=torch.float64), torch.tensor(y)


def tanh_mlp(widths):
    layers = []
    for i in range(len(widths) - 1):
        layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i + 2 < len(widths):
            layers.append(torch.nn.Tanh())
    return torch.nn.Sequential(*layers)


def mse_epoch(model, X, y, opt, sched=None):
    perm = torch.randperm(len(y))
    for i in range(0, len(y), 256):
        idx = perm[i:i + 256]
        opt.zero_grad()
        nrc_export.spec_loss(model(X[idx]), y[idx], "mse").backward()
        opt.step()
        if sched is not None:
            sched.step()
