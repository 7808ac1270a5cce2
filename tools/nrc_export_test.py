#!/usr/bin/python3
"""The PyTorch round trip, end to end (ctest nrc_export_test):
train small nets with torch.optim and weight decay inside the test, export them
with tools/nrc_export.py, `nrc import`, `nrc check`, `nrc polish`.

Checked:
  * every float64 weight and input arrives in the run directory bit for bit;
  * the weight-decay conventions: nrc's ||grad J||_2 (certificate) at the
    imported point equals the gradient norm of the objective torch minimised,
    rescaled to the spec's J -- SGD+momentum with the spec's MSE (lambda = wd,
    lambda_b = wd), Adam with CrossEntropyLoss and the biases in a no-decay
    group (lambda_b = 0), SGD with torch's MSELoss() (mean over N*K entries:
    lambda = K wd / 2, J_spec = (K/2) J_torch); negative control: the same
    point exported with the wrong bias decay disagrees;
  * nrc check holds at the (non-stationary) imported point and prints the
    stationarity share; nrc polish reaches the float128 floor and records how
    far the parameters moved;
  * bad input (a Softmax or Dropout module, a NaN weight, a label out of
    range, inputs of the wrong width) is refused by nrc import with exit 2 and
    one line naming the module or data line, in both export formats;
  * the .npy export (default) and the decimal CSV export of the same point
    import to the same run; data above 2^18 values reach the run directory's
    data.npy bit for bit (np.load), never as CSV.
Skips (exit 77, ctest SKIP_RETURN_CODE) when python3-torch is not installed.
Usage: nrc_export_test.py PATH/TO/nrc
"""

import json
import os
import shutil
import sys
import tempfile

try:
    import torch
except ImportError:
    print("SKIP: python3-torch is not installed (tools/setup installs it); the PyTorch round trip is not tested")
    sys.exit(77)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nrc_export  # noqa: E402
from script_test_support import NRC, check, finish, run  # noqa: E402,F401


def clusters(K=3, d=4, n=20, std=0.3, seed=0):
    g = torch.Generator().manual_seed(seed)
    centres = torch.randn(K, d, generator=g, dtype=torch.float64)
    X = torch.cat([centres[c] + std * torch.randn(n, d, generator=g, dtype=torch.float64) for c in range(K)])
    y = torch.arange(K).repeat_interleave(n)
    return X, y


def net(d, K, width=8, act=torch.nn.Tanh, seed=1):
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(d, width), act(), torch.nn.Linear(width, width), act(),
                               torch.nn.Linear(width, K)).double()


def train(model, X, y, optimizer, loss_fn, steps):
    for _ in range(steps):
        optimizer.zero_grad()
        loss_fn(model(X), y).backward()
        optimizer.step()


def torch_grad_norm(model, X, y, loss_fn, wd, bias_wd):
    """||grad|| of the objective torch minimised: loss_fn + (wd/2)||W||^2 + (bias_wd/2)||b||^2."""
    model.zero_grad()
    J = loss_fn(model(X), y)
    for m in model:
        if isinstance(m, torch.nn.Linear):
            J = J + 0.5 * wd * (m.weight ** 2).sum() + 0.5 * bias_wd * (m.bias ** 2).sum()
    J.backward()
    return torch.sqrt(sum((p.grad ** 2).sum() for p in model.parameters())).item()


def import_run(export_dir, out):
    code, stdout, stderr = run("import", export_dir, "--out", out)
    check(code == 0, f"nrc import {export_dir}: exit {code}: {stderr.strip()}")
    return json.load(open(os.path.join(out, "certificate.json")))


root = tempfile.mkdtemp(prefix="nrc-export-test-")
try:
    X, y = clusters()
    K, d = 3, 4
    spec_mse = lambda out, lab: nrc_export.spec_loss(out, lab, "mse")  # noqa: E731

    # 1. SGD + momentum, the spec's MSE, weight decay on every parameter.
    m1 = net(d, K)
    opt = torch.optim.SGD(m1.parameters(), lr=0.05, momentum=0.9, weight_decay=1e-3)
    train(m1, X, y, opt, spec_mse, 400)
    g1 = torch_grad_norm(m1, X, y, spec_mse, 1e-3, 1e-3)
    doc = nrc_export.export(m1, X, y, os.path.join(root, "e1"), loss="mse", optimizer=opt, name="sgd-mse")
    check(doc["lambda"] == "0.001" and doc["lambda_b"] == "0.001", f"SGD lambdas {doc['lambda']}, {doc['lambda_b']}")
    cert = import_run(os.path.join(root, "e1"), os.path.join(root, "r1"))
    gn = float(cert["grad_norm_2"])
    print(f"SGD+momentum, spec MSE: ||grad J|| torch {g1:.6e}, nrc {gn:.6e}")
    # Both are the same norm at the same point: torch's in float64 (sums of
    # N = 60 terms of size ~1, relative error ~1e-14 on a norm of ~1e-3),
    # nrc's the midpoint of its rigorous enclosure (fast engine, radius ~1e-13
    # relative) or an MPFR value. 1e-9 leaves room for that and nothing else.
    check(abs(gn - g1) <= 1e-9 * g1, f"SGD: nrc's ||grad J|| {gn} != torch's {g1}")
    check(g1 > 1e-6, f"SGD run is already stationary ({g1}): the test would not see a wrong lambda")

    model_json = json.load(open(os.path.join(root, "r1", "model.json")))
    linears = [m for m in m1 if isinstance(m, torch.nn.Linear)]
    exact = True
    for layer, lin in zip(model_json["layers"], linears):
        for i, row in enumerate(lin.weight.detach().tolist()):
            exact &= all(float(s) == v for s, v in zip(layer["W"][i], row))
        exact &= all(float(s) == v for s, v in zip(layer["b"], lin.bias.detach().tolist()))
    check(exact, "a weight of model.json differs from the trained float64")
    rows = [line.split(",") for line in open(os.path.join(root, "r1", "data.csv")).read().split("\n") if line]
    if rows and not rows[0][-1].lstrip("-").isdigit():
        rows = rows[1:]  # a header line "N,d,class names"
    data_exact = len(rows) == X.shape[0] and all(
        [float(v) for v in r[:-1]] == X[i].tolist() and int(r[-1]) == y[i].item() for i, r in enumerate(rows))
    check(data_exact, "data.csv of the run differs from X, y")

    code, stdout, stderr = run("check", os.path.join(root, "r1"))
    check(code == 0, f"nrc check: exit {code}: {stderr.strip()}")
    check("stationarity share" in stdout and " 0 violated" in stdout, "nrc check: no share line or a violation")

    code, stdout, stderr = run("polish", os.path.join(root, "r1"), "--precision", "float128",
                               "--out", os.path.join(root, "p1"))
    check(code == 0, f"nrc polish: exit {code}: {stderr.strip()}")
    check("parameters moved" in stdout, "nrc polish does not say how far the parameters moved")
    cert_p = json.load(open(os.path.join(root, "p1", "certificate.json")))
    # float128's rounding floor for ||grad J|| on this problem is ~1e-33.
    check(float(cert_p["grad_norm_2"]) < 1e-28, f"polished ||grad J|| {cert_p['grad_norm_2']} above 1e-28")
    moved = json.load(open(os.path.join(root, "p1", "log.json")))["origin"]["movement"]
    check(0 < moved["relative"] < 1, f"movement {moved['relative']}")
    check(len(moved["layers"]) == 3, "movement per layer missing")
    print(f"polished to ||grad J|| {float(cert_p['grad_norm_2']):.3e}, moved {moved['relative']:.3e} (relative)")

    # Negative control: the same point with the biases declared undecayed.
    nrc_export.export(m1, X, y, os.path.join(root, "e1-wrong"), loss="mse", weight_decay=1e-3, bias_weight_decay=0)
    gw = float(import_run(os.path.join(root, "e1-wrong"), os.path.join(root, "r1-wrong"))["grad_norm_2"])
    check(abs(gw - g1) > 1e-6 * g1, f"wrong lambda_b not detected: {gw} vs {g1}")

    # 2. Adam, cross-entropy (mean), biases in a no-decay group: lambda_b = 0.
    m2 = net(d, K, act=torch.nn.GELU, seed=2)
    weights = [m.weight for m in m2 if isinstance(m, torch.nn.Linear)]
    biases = [m.bias for m in m2 if isinstance(m, torch.nn.Linear)]
    opt2 = torch.optim.Adam([{"params": weights, "weight_decay": 1e-2}, {"params": biases, "weight_decay": 0.0}],
                            lr=1e-2)
    ce = torch.nn.CrossEntropyLoss()
    train(m2, X, y, opt2, ce, 300)
    g2 = torch_grad_norm(m2, X, y, ce, 1e-2, 0.0)
    doc2 = nrc_export.export(m2, X, y, os.path.join(root, "e2"), loss="ce", reduction="mean", optimizer=opt2)
    check(doc2["lambda"] == "0.01" and doc2["lambda_b"] == "0.0", f"Adam lambdas {doc2['lambda']}, {doc2['lambda_b']}")
    gn2 = float(import_run(os.path.join(root, "e2"), os.path.join(root, "r2"))["grad_norm_2"])
    print(f"Adam, CE, no bias decay: ||grad J|| torch {g2:.6e}, nrc {gn2:.6e}")
    check(abs(gn2 - g2) <= 1e-9 * g2, f"Adam: nrc's ||grad J|| {gn2} != torch's {g2}")

    # 3. torch's MSELoss() (mean over N*K entries, no 1/2): lambda = K wd / 2
    # and J_spec = (K/2) J_torch, so the gradient norms differ by K/2 exactly.
    m3 = net(d, K, seed=3)
    mse_mean = torch.nn.MSELoss()
    onehot_mse = lambda out, lab: mse_mean(out, torch.nn.functional.one_hot(lab, K).double())  # noqa: E731
    opt3 = torch.optim.SGD(m3.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-3)
    train(m3, X, y, opt3, onehot_mse, 300)
    g3 = torch_grad_norm(m3, X, y, onehot_mse, 1e-3, 1e-3)
    doc3 = nrc_export.export(m3, X, y, os.path.join(root, "e3"), loss="mse", reduction="mean", optimizer=opt3)
    check(doc3["lambda"] == repr(1e-3 * K / 2), f"MSELoss(mean) lambda {doc3['lambda']}")
    gn3 = float(import_run(os.path.join(root, "e3"), os.path.join(root, "r3"))["grad_norm_2"])
    print(f"SGD, MSELoss(mean): (K/2) ||grad J_torch|| {K / 2 * g3:.6e}, nrc {gn3:.6e}")
    check(abs(gn3 - K / 2 * g3) <= 1e-9 * gn3, f"MSELoss(mean): nrc {gn3} != (K/2) torch {K / 2 * g3}")

    # 4. Bad input: nrc import exits 2 with one line naming the problem.
    def refused(name, model, Xb, yb, expected, data_format="npy"):
        folder = os.path.join(root, "bad-" + name)
        nrc_export.export(model, Xb, yb, folder, loss="mse", weight_decay=1e-3, data_format=data_format)
        code, _, stderr = run("import", folder, "--out", os.path.join(root, "bad-run-" + name))
        lines = stderr.strip().split("\n")
        check(code == 2 and len(lines) == 1 and lines[0].startswith("nrc: error:") and expected in lines[0],
              f"{name}: exit {code}, {stderr.strip()!r} (expected one line with {expected!r})")

    bad = net(d, K, seed=4)
    refused("softmax", torch.nn.Sequential(*bad, torch.nn.Softmax(dim=1)), X, y, "module 5 (Softmax)")
    refused("dropout", torch.nn.Sequential(bad[0], bad[1], torch.nn.Dropout(0.1), bad[2], bad[3], bad[4]), X, y,
            "module 2 (Dropout): unsupported module type")
    nan_net = net(d, K, seed=5)
    with torch.no_grad():
        nan_net[2].weight[3, 1] = float("nan")
    refused("nan-csv", nan_net, X, y, "module 2 (Linear): weight[3][1] = 'nan' is not a finite number", "csv")
    refused("nan", nan_net, X, y, "module2_weight.npy:0:0: NaN at index [3, 1]")
    y_bad = y.clone()
    y_bad[7] = K
    refused("label-csv", net(d, K), X, y_bad, "data.csv:8:", "csv")
    refused("label", net(d, K), X, y_bad, "labels.npy:0:0: label of sample 7 is 3, not below K=3")
    refused("width", net(d, K), torch.cat([X, X[:, :1]], dim=1), y, "5 features per sample")

    # 5. Data above 2^18 values (N = 1100, d = 250): .npy from torch to the run
    # directory, bit for bit; the same point exported as decimal CSV imports to
    # the same run content (weights, data, certificate).
    import numpy as np
    Xl, yl = clusters(K=3, d=250, n=367, std=0.5, seed=6)
    Xl, yl = Xl[:1100], yl[:1100]
    ml = torch.nn.Sequential(torch.nn.Linear(250, 4), torch.nn.Tanh(), torch.nn.Linear(4, 3)).double()
    train(ml, Xl, yl, torch.optim.SGD(ml.parameters(), lr=0.05, weight_decay=1e-3), spec_mse, 20)
    runs = {}
    for fmt in ("npy", "csv"):
        doc = nrc_export.export(ml, Xl, yl, os.path.join(root, "el-" + fmt), loss="mse", weight_decay=1e-3,
                                data_format=fmt, class_names=["a", "b", "c"])
        check(doc["format"] == ("nrc-export/2" if fmt == "npy" else "nrc-export/1"), f"{fmt}: format {doc['format']}")
        runs[fmt] = os.path.join(root, "rl-" + fmt)
        import_run(os.path.join(root, "el-" + fmt), runs[fmt])
    exported = np.load(os.path.join(root, "el-npy", "data.npy"), allow_pickle=False)
    check(exported.dtype == np.dtype("<f8") and np.array_equal(exported.view(np.uint64), Xl.numpy().view(np.uint64)),
          "exported data.npy differs from X")
    for fmt, run_dir in runs.items():
        check(not os.path.exists(os.path.join(run_dir, "data.csv")), f"{fmt}: a 275000-value run stored data.csv")
        stored = np.load(os.path.join(run_dir, "data.npy"), allow_pickle=False)
        labels = np.load(os.path.join(run_dir, "labels.npy"), allow_pickle=False)
        check(np.array_equal(stored.view(np.uint64), Xl.numpy().view(np.uint64)), f"{fmt}: run data.npy differs from X")
        check(np.array_equal(labels, yl.numpy()), f"{fmt}: run labels.npy differs from y")
    model_npy = json.load(open(os.path.join(runs["npy"], "model.json")))
    model_csv = json.load(open(os.path.join(runs["csv"], "model.json")))
    check(model_npy["layers"] == model_csv["layers"], "npy and csv exports import to different weights")
    check(model_npy["data"]["sha256"] == model_csv["data"]["sha256"], "npy and csv exports import to different data")
    check(model_npy["data"]["class_names"] == ["a", "b", "c"], f"class names {model_npy['data']['class_names']}")
    exact_l = all(float(s) == v for layer, lin in zip(model_npy["layers"], [ml[0], ml[2]])
                  for i, row in enumerate(lin.weight.detach().tolist()) for s, v in zip(layer["W"][i], row))
    check(exact_l, "a weight of the npy import differs from the trained float64")
    cert_n = json.load(open(os.path.join(runs["npy"], "certificate.json")))["grad_norm_2"]
    cert_c = json.load(open(os.path.join(runs["csv"], "certificate.json")))["grad_norm_2"]
    check(cert_n == cert_c, f"certificates differ: {cert_n} vs {cert_c}")
    code, _, stderr = run("check", runs["npy"])
    check(code == 0, f"nrc check of the npy run: exit {code}: {stderr.strip()}")

    # The exporter's own refusals (a Python exception naming the problem).
    for what, call in [
        ("AdamW", lambda: nrc_export.export(m1, X, y, os.path.join(root, "x"), loss="mse",
                                            optimizer=torch.optim.AdamW(m1.parameters(), weight_decay=1e-3))),
        ("float labels", lambda: nrc_export.export(m1, X, y.double(), os.path.join(root, "x"), loss="mse",
                                                   weight_decay=1e-3)),
        ("not Sequential", lambda: nrc_export.export(torch.nn.Linear(4, 3), X, y, os.path.join(root, "x"),
                                                     loss="mse", weight_decay=1e-3)),
    ]:
        try:
            call()
            check(False, f"exporter accepted {what}")
        except nrc_export.ExportError as e:
            print(f"exporter refuses {what}: {e}")
finally:
    shutil.rmtree(root, ignore_errors=True)

finish("PyTorch round trip: ok")
