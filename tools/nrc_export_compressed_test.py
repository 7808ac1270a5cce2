#!/usr/bin/python3
"""Round trip of a compressed network to PyTorch (tools/nrc_export.py to_torch).

nrc trains gauss-k4 in double, `nrc compress` writes ranks 3 (every layer)
and 3,0,4 (a layer removed entirely); to_torch() must give a Sequential of
Linear layers of the factored shapes (Vt_l: d_{l-1} -> r_l without bias, U_l:
r_l -> d_l with b_l) whose parameter count is compression.json's "after" and
whose outputs are the dense compressed network's (model.json) to float64
rounding; against the original network the largest ||f~(x) - f(x)||_2 stays
below the proven bound and every prediction proven unchanged is unchanged.
Usage: nrc_export_compressed_test.py PATH/TO/nrc (exit 77: no python3-torch).
"""
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    import torch
except ImportError:
    print("python3-torch is not installed: skipped")
    sys.exit(77)
import nrc_export  # noqa: E402
from script_test_support import check, finish, run  # noqa: E402


def nrc(*args):
    code, out, err = run(*args)
    check(code == 0, f"nrc {' '.join(args)}: exit {code}: {err.strip()}")
    return out


def data(run_dir):
    rows = [line.split(",") for line in open(os.path.join(run_dir, "data.csv")) if line.strip()]
    X = torch.tensor([[float(v) for v in r[:-1]] for r in rows], dtype=torch.float64)
    return X


def dense_outputs(run_dir, X):
    """The network of model.json evaluated in float64 without torch modules."""
    model = json.load(open(os.path.join(run_dir, "model.json")))
    act = nrc_export._activation_module(model["activation"])
    z = X
    for i, layer in enumerate(model["layers"]):
        W = torch.tensor([[float(v) for v in row] for row in layer["W"]], dtype=torch.float64)
        z = z @ W.T + torch.tensor([float(v) for v in layer["b"]], dtype=torch.float64)
        if i + 1 < len(model["layers"]):
            z = act(z)
    return z


root = tempfile.mkdtemp(prefix="nrc-export-compressed-test-")
try:
    source = os.path.join(root, "run")
    nrc("train", "gauss-k4", "--precision", "double", "--out", source, "--no-progress")
    X = data(source)
    with torch.no_grad():
        f = nrc_export.to_torch(source)(X)
        check(torch.allclose(f, dense_outputs(source, X), rtol=0, atol=1e-12), "dense to_torch differs from model.json")
        for ranks in ["3", "3,0,4"]:
            out = os.path.join(root, "r" + ranks.replace(",", "-"))
            nrc("compress", source, "--rank", ranks, "--out", out)
            comp = json.load(open(os.path.join(out, "compression.json")))
            seq = nrc_export.to_torch(out)
            linears = [m for m in seq if isinstance(m, torch.nn.Linear)]
            check(len(linears) == 6, f"rank {ranks}: {len(linears)} Linear layers, expected 6")
            widths = [16, 16, 16, 4]
            for i, r in enumerate(comp["ranks"]):
                vt, u = linears[2 * i], linears[2 * i + 1]
                check(tuple(vt.weight.shape) == (r, widths[i]) and vt.bias is None,
                      f"rank {ranks}: layer {i + 1} Vt is {tuple(vt.weight.shape)}")
                check(tuple(u.weight.shape) == (widths[i + 1], r) and u.bias is not None,
                      f"rank {ranks}: layer {i + 1} U is {tuple(u.weight.shape)}")
            count = sum(p.numel() for p in seq.parameters())
            check(count == comp["parameters"]["after"], f"rank {ranks}: {count} parameters, compression.json says "
                  f"{comp['parameters']['after']}")
            ft = seq(X)
            # Float64 rounding of U (Vt z) against (U Vt) z: a few ulps of the outputs (|f| ~ 1).
            check(torch.allclose(ft, dense_outputs(out, X), rtol=0, atol=1e-12),
                  f"rank {ranks}: factored outputs differ from the dense compressed network")
            proof = comp["summary"]["proof"]
            worst = torch.linalg.norm(ft - f, dim=1).max().item()
            check(worst <= proof["max_bound_upper"] + 1e-12,
                  f"rank {ranks}: max ||f~ - f|| = {worst} above the proven bound {proof['max_bound_upper']}")
            same = (ft.argmax(1) == f.argmax(1)).sum().item()
            check(same >= proof["kept"], f"rank {ranks}: {same} predictions unchanged < {proof['kept']} proven")
            print(f"rank {ranks}: {count} parameters, max ||f~ - f|| {worst:.3e} <= {proof['max_bound_upper']:.3e}, "
                  f"{same} unchanged ({proof['kept']} proven)")
finally:
    shutil.rmtree(root, ignore_errors=True)

finish("to_torch round trip: ok")
