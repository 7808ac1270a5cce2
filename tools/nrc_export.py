#!/usr/bin/python3
"""nrc_export: a PyTorch network and its training data -> an nrc export folder.

`nrc import EXPORT_DIR --out RUN_DIR` turns the folder into an nrc run
directory; `nrc check RUN_DIR` then checks the statements T1-T13 of the spec at
that point and `nrc polish RUN_DIR --out RUN_DIR2` runs Newton from it to tight
stationarity. Needs Debian's python3-torch and python3-numpy (tools/setup).

Python:

    import nrc_export                      # tools/ on sys.path
    nrc_export.export(model, X, y, "my-export", loss="mse", optimizer=opt)

Command line (the model saved with torch.save(model, "model.pt"), the data
with torch.save({"X": X, "y": y}, "data.pt")):

    python3 tools/nrc_export.py model.pt data.pt --out my-export \\
        --loss mse --reduction spec --weight-decay 1e-3

What is exported (training/imported_network.h documents the format), by
default (data_format="npy", export.json format "nrc-export/2"):
  * export.json: every module of the torch.nn.Sequential, in order: Linear
    layers with their weights and biases, activations with their settings,
    anything else by its type name (nrc import rejects it, naming the module);
  * module<i>_weight.npy, module<i>_bias.npy: each Linear layer's weight
    (out_features, in_features) and bias (out_features,) as NumPy float64
    ('<f8', little-endian) arrays -- the exact binary64 values;
  * data.npy (N, d) float64 and labels.npy (N,) int64: the inputs and labels,
    8 bytes a value (all 60000 Fashion-MNIST images: 376 MB, where decimal
    CSV took about 530 MB and minutes to parse).
With data_format="csv" (--format csv; "nrc-export/1", what older nrc reads):
every weight inline in export.json and the data in data.csv, each value
written with repr() -- the shortest decimal string that parses back to the
same float64. Either way nrc holds exactly the trained parameters (float32
models are widened to float64 exactly);
  * lambda and lambda_b in the spec's convention (below), and how they were
    derived ("regularization").

Weight decay -> lambda. nrc's objective (spec/theorems.md, "Setting") is
    J = (1/N) sum_i loss_i + (lambda/2) sum_l ||W_l||_F^2 + (lambda_b/2) sum_l ||b_l||^2
with loss_i = (1/2)||f(x_i) - e_{y_i}||^2 (MSE, one-hot targets) or
-log softmax(f(x_i))_{y_i} (CE). PyTorch's SGD and Adam with weight_decay=wd
add wd * p to the gradient of every parameter p of the group: exactly the
gradient of the penalty (wd/2)||p||^2. So when the data loss torch minimised
is c times the spec's data loss, torch's objective is c times
    J_spec with lambda = wd / c,
and both have the same stationary points. c by loss and reduction:
    MSE, reduction "spec": 0.5 * ((f - onehot)**2).sum(1).mean()  c = 1
         (spec_loss() below computes it)
    MSE, "mean": torch.nn.MSELoss() (mean over N*K entries, no 1/2)  c = 2/K
    MSE, "sum":  torch.nn.MSELoss(reduction="sum")                  c = 2N
    CE,  "mean": torch.nn.CrossEntropyLoss() (= the spec's)          c = 1
    CE,  "sum":  torch.nn.CrossEntropyLoss(reduction="sum")          c = N
lambda_b: biases in the same (decayed) parameter group as the weights give
lambda_b = lambda; biases in a group with weight_decay=0 give lambda_b = 0
(the spec allows only these two). lambda is rounded once to the nearest
float64 (nrc's lambda is a double): a relative change of at most 2^-53.
AdamW's decoupled weight decay is not the gradient of a penalty (its fixed
points are not stationary points of any J of this form) and is refused.

The other direction, for deployment: to_torch(RUN_DIR) returns the network of
an nrc run directory as a float64 torch.nn.Sequential; for a run written by
`nrc compress` every layer becomes two Linear layers of the factored shapes
(docs/compress.md).

Errors: ExportError (command line: "nrc_export: error: ...", exit 2) for what
cannot be written (not a Sequential, X not N x d, labels not integers,
inconsistent weight decays, AdamW, unwritable folder). Modules nrc cannot
represent, shape mismatches, NaN weights and labels out of range are written
as they are and rejected by nrc import with one line naming the module, field
or data line -- the checks live in one place (training/imported_network.cc).
"""

import argparse
import fractions
import json
import os
import sys
import tempfile

FORMAT = "nrc-export/2"      # .npy files
FORMAT_CSV = "nrc-export/1"  # decimal strings and data.csv


class ExportError(ValueError):
    """Bad input to the exporter (one line)."""


def _float_string(x):
    """repr of a float64: the shortest string that parses back exactly ('nan', 'inf' for non-finite)."""
    return repr(float(x))


def data_loss_scale(loss, reduction, num_classes, num_samples):
    """c such that torch's data loss = c * the spec's (1/N) sum_i loss_i, as a Fraction."""
    table = {
        ("mse", "spec"): fractions.Fraction(1),
        ("mse", "mean"): fractions.Fraction(2, num_classes),
        ("mse", "sum"): fractions.Fraction(2 * num_samples),
        ("ce", "spec"): fractions.Fraction(1),
        ("ce", "mean"): fractions.Fraction(1),
        ("ce", "sum"): fractions.Fraction(num_samples),
    }
    if (loss, reduction) not in table:
        raise ExportError(f"loss {loss!r} with reduction {reduction!r} is not supported "
                          "(loss: mse or ce; reduction: spec, mean or sum)")
    return table[(loss, reduction)]


def spec_loss(output, labels, loss):
    """The spec's data loss (1/N) sum_i loss_i as a torch scalar: MSE (1/2)||f - onehot||^2, or CE."""
    import torch
    if loss == "mse":
        onehot = torch.nn.functional.one_hot(labels, output.shape[1]).to(output.dtype)
        return 0.5 * ((output - onehot) ** 2).sum(dim=1).mean()
    if loss == "ce":
        return torch.nn.functional.cross_entropy(output, labels)
    raise ExportError(f"loss {loss!r}: expected 'mse' or 'ce'")


def _module_record(index, module, arrays):
    """export.json's record of a module; with arrays (a dict) given, the Linear
    weights go there as float64 numpy arrays under their file names instead of
    inline decimal strings."""
    import torch
    import torch.nn as nn
    rec = {"index": index, "type": type(module).__name__}
    if isinstance(module, nn.Linear):
        w = module.weight.detach().to("cpu", dtype=torch.float64)
        rec["in_features"] = int(module.in_features)
        rec["out_features"] = int(module.out_features)
        b = None if module.bias is None else module.bias.detach().to("cpu", dtype=torch.float64)
        if arrays is not None:
            rec["weight"] = f"module{index}_weight.npy"
            arrays[rec["weight"]] = w.numpy()
            rec["bias"] = None
            if b is not None:
                rec["bias"] = f"module{index}_bias.npy"
                arrays[rec["bias"]] = b.numpy()
        else:
            rec["weight"] = [[_float_string(v) for v in row] for row in w.tolist()]
            rec["bias"] = None if b is None else [_float_string(v) for v in b.tolist()]
    elif isinstance(module, nn.LeakyReLU):
        rec["negative_slope"] = _float_string(module.negative_slope)
    elif isinstance(module, nn.GELU):
        rec["approximate"] = getattr(module, "approximate", "none")
    elif isinstance(module, nn.Softplus):
        rec["beta"] = _float_string(module.beta)
        rec["threshold"] = _float_string(module.threshold)
    return rec


def weight_decays_from_optimizer(model, optimizer):
    """(weight_decay of the Linear weights, weight_decay of their biases or None) from the param groups."""
    import torch
    import torch.nn as nn
    if isinstance(optimizer, getattr(torch.optim, "AdamW", ())):
        raise ExportError("optimizer: AdamW's decoupled weight decay is not a penalty (lambda/2)||W||^2; "
                          "pass weight_decay= only if you know the penalty your training minimised")
    decay = {}
    for group in optimizer.param_groups:
        for p in group["params"]:
            decay[id(p)] = float(group.get("weight_decay", 0.0))
    weights, biases = set(), set()
    for index, module in model.named_children():
        if not isinstance(module, nn.Linear):
            continue
        for what, p, bag in (("weight", module.weight, weights), ("bias", module.bias, biases)):
            if p is None:
                continue
            if id(p) not in decay:
                raise ExportError(f"module {index} (Linear): its {what} is not in the optimizer (frozen?)")
            bag.add(decay[id(p)])
    if len(weights) != 1:
        raise ExportError(f"optimizer: the Linear weights have different weight_decay values {sorted(weights)}; "
                          "nrc has one lambda")
    if len(biases) > 1:
        raise ExportError(f"optimizer: the biases have different weight_decay values {sorted(biases)}")
    return weights.pop(), (biases.pop() if biases else None)


def _write_atomically(path, write, mode="w"):
    """write(f) into a temporary file beside path (opened with mode), flushed to disk, then renamed over path."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=os.path.basename(path) + ".tmp-", dir=folder)
    try:
        with os.fdopen(fd, mode, **({"encoding": "utf-8"} if "b" not in mode else {})) as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _write_text_atomically(path, text):
    _write_atomically(path, lambda f: f.write(text))


def _write_npy_atomically(path, array, dtype):
    """np.save of array as dtype (C order, no pickle), atomically."""
    import numpy as np
    _write_atomically(path, lambda f: np.save(f, np.ascontiguousarray(array, dtype=dtype), allow_pickle=False), "wb")


def export(model, X, y, out_dir, *, loss, optimizer=None, weight_decay=None, bias_weight_decay=None,
           reduction="spec", name="pytorch", class_names=None, data_format="npy"):
    """Writes out_dir/export.json with the weights and data (data_format "npy":
    .npy files; "csv": inline decimal strings and data.csv); returns the
    export.json dict.

    model: a torch.nn.Sequential; X: N x d inputs as the network saw them; y: N
    integer labels 0..K-1; loss: "mse" or "ce"; reduction: see the module
    docstring. The weight decay comes from `optimizer` (its parameter groups)
    or from weight_decay / bias_weight_decay (default: weight_decay).
    """
    import torch
    import torch.nn as nn
    if data_format not in ("npy", "csv"):
        raise ExportError(f"data_format {data_format!r}: expected 'npy' or 'csv'")
    if not isinstance(model, nn.Sequential):
        raise ExportError(f"model: expected a torch.nn.Sequential, got {type(model).__name__}")
    if loss not in ("mse", "ce"):
        raise ExportError(f"loss {loss!r}: expected 'mse' or 'ce'")
    X = torch.as_tensor(X).detach().to("cpu")
    y = torch.as_tensor(y).detach().to("cpu")
    if X.dim() != 2:
        raise ExportError(f"X: expected an N x d matrix, got shape {tuple(X.shape)}")
    if y.dim() != 1 or y.shape[0] != X.shape[0]:
        raise ExportError(f"y: expected {X.shape[0]} labels (one per row of X), got shape {tuple(y.shape)}")
    if y.is_floating_point() or y.is_complex() or y.dtype == torch.bool:
        raise ExportError(f"y: labels must be integers 0..K-1, got dtype {y.dtype}")
    X = X.to(torch.float64)

    if optimizer is not None:
        if weight_decay is not None or bias_weight_decay is not None:
            raise ExportError("give either optimizer= or weight_decay=, not both")
        weight_decay, bias_weight_decay = weight_decays_from_optimizer(model, optimizer)
    elif weight_decay is None:
        raise ExportError("weight decay unknown: pass optimizer= (its parameter groups) or weight_decay=")
    elif bias_weight_decay is None:
        bias_weight_decay = weight_decay
    weight_decay = float(weight_decay)
    if not weight_decay > 0:
        raise ExportError(f"weight_decay = {weight_decay!r}: nrc needs lambda > 0")

    arrays = {} if data_format == "npy" else None
    modules = [_module_record(index, m, arrays) for index, m in model.named_children()]
    linears = [m for m in modules if m["type"] == "Linear"]
    num_classes = linears[-1]["out_features"] if linears else 0
    if num_classes < 1:
        raise ExportError("model: no Linear layer")
    n = int(X.shape[0])
    c = data_loss_scale(loss, reduction, num_classes, n)
    lam = float(fractions.Fraction(weight_decay) / c)  # correctly rounded to float64
    if bias_weight_decay is None or float(bias_weight_decay) == 0.0:
        lam_b = 0.0
    elif float(bias_weight_decay) == weight_decay:
        lam_b = lam
    else:
        raise ExportError(f"bias weight decay {bias_weight_decay!r}: must be 0 or the weights' {weight_decay!r} "
                          "(the spec allows lambda_b in {0, lambda})")

    doc = {
        "format": FORMAT if data_format == "npy" else FORMAT_CSV,
        "name": name,
        "producer": f"tools/nrc_export.py, torch {torch.__version__}",
        "loss": loss,
        "lambda": _float_string(lam),
        "lambda_b": _float_string(lam_b),
        "regularization": {
            "weight_decay": _float_string(weight_decay),
            "bias_weight_decay": _float_string(bias_weight_decay) if bias_weight_decay is not None else None,
            "reduction": reduction,
            "data_loss_scale": str(c),
            "rule": "torch data loss = c x spec data loss, so lambda = weight_decay / c "
                    "(and lambda_b = lambda when the biases are decayed, else 0)",
            "optimizer": type(optimizer).__name__ if optimizer is not None else None,
        },
        "modules": modules,
        "data": {"file": "data.csv", "N": n, "d": int(X.shape[1]), "K": num_classes},
    }
    if data_format == "npy":
        doc["data"] = {"file": "data.npy", "labels_file": "labels.npy", "N": n, "d": int(X.shape[1]),
                       "K": num_classes}
        if class_names is not None:
            doc["data"]["class_names"] = [str(s) for s in class_names]
    try:
        os.makedirs(out_dir, exist_ok=True)
        if data_format == "npy":
            for file, array in arrays.items():
                _write_npy_atomically(os.path.join(out_dir, file), array, "<f8")
            _write_npy_atomically(os.path.join(out_dir, "data.npy"), X.numpy(), "<f8")
            _write_npy_atomically(os.path.join(out_dir, "labels.npy"), y.to(torch.int64).numpy(), "<i8")
        else:
            lines = []
            if class_names is not None:
                names = [str(s) for s in class_names]
                lines.append(",".join([str(n), str(int(X.shape[1]))] + names))
            for row, label in zip(X.tolist(), y.tolist()):
                lines.append(",".join([_float_string(v) for v in row] + [str(int(label))]))
            _write_text_atomically(os.path.join(out_dir, "data.csv"), "\n".join(lines) + "\n")
        _write_text_atomically(os.path.join(out_dir, "export.json"), json.dumps(doc, indent=1) + "\n")
    except OSError as e:
        raise ExportError(f"cannot write {out_dir}: {e.strerror or e}") from None
    return doc


def _activation_module(name):
    import torch
    if name.startswith("leaky_relu"):
        slope = float(name.split(":", 1)[1]) if ":" in name else 0.01
        return torch.nn.LeakyReLU(slope)
    table = {"tanh": torch.nn.Tanh, "sigmoid": torch.nn.Sigmoid, "softplus": torch.nn.Softplus,
             "relu": torch.nn.ReLU, "gelu": torch.nn.GELU, "silu": torch.nn.SiLU, "identity": torch.nn.Identity}
    if name not in table:
        raise ExportError(f"activation {name!r} has no torch module here")
    return table[name]()


def _linear(weight_rows, bias):
    """A float64 torch.nn.Linear with these weights (rows of decimal strings) and bias (strings or None)."""
    import torch
    W = torch.tensor([[float(v) for v in row] for row in weight_rows], dtype=torch.float64)
    if W.dim() != 2:  # a rank-0 factor: no rows
        W = W.reshape(0, 0)
    lin = torch.nn.Linear(W.shape[1], W.shape[0], bias=bias is not None).double()
    with torch.no_grad():
        lin.weight.copy_(W)
        if bias is not None:
            lin.bias.copy_(torch.tensor([float(v) for v in bias], dtype=torch.float64))
    return lin


def to_torch(run_dir):
    """An nrc run directory -> torch.nn.Sequential (float64), for deployment.

    An ordinary run gives one Linear per layer (model.json's weights rounded to
    float64). A compressed run (`nrc compress`: compression.json present) gives
    each layer as two Linear layers of the factored shapes,
    Linear(d_{l-1}, r_l, bias=False) with weight Vt_l and Linear(r_l, d_l)
    with weight U_l and the bias b_l: r_l (d_l + d_{l-1}) + d_l parameters
    instead of d_l d_{l-1} + d_l, computing U_l (Vt_l z) = W~_l z. The factors
    are float64 numbers, so this is exactly the compressed network nrc
    proved T14 for, up to float64 rounding in the forward pass. Biases are
    model.json's strings rounded to float64. Raises ExportError for a folder
    that is not a run directory."""
    import torch
    try:
        with open(os.path.join(run_dir, "model.json")) as f:
            model = json.load(f)
        compression = None
        path = os.path.join(run_dir, "compression.json")
        if os.path.exists(path):
            with open(path) as f:
                compression = json.load(f)
    except (OSError, ValueError) as e:
        raise ExportError(f"{run_dir}: not a readable run directory: {e}") from None
    layers = model["layers"]
    modules = []
    for i, layer in enumerate(layers):
        bias = layer["b"] if layer.get("b") is not None else None
        if compression is None:
            modules.append(_linear(layer["W"], bias))
        else:
            c = compression["layers"][i]
            r, d_in, d_out = c["rank"], model["widths"][i], model["widths"][i + 1]
            vt = _linear(c["Vt"], None) if r > 0 else torch.nn.Linear(d_in, 0, bias=False).double()
            u = _linear(c["U"], bias) if r > 0 else torch.nn.Linear(0, d_out, bias=bias is not None).double()
            if r == 0:
                with torch.no_grad():
                    if bias is not None:
                        u.bias.copy_(torch.tensor([float(v) for v in bias], dtype=torch.float64))
            modules += [vt, u]
        if i + 1 < len(layers):
            modules.append(_activation_module(model["activation"]))
    return torch.nn.Sequential(*modules)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Export a PyTorch nn.Sequential and its training data for `nrc import`.")
    parser.add_argument("model", help="torch.save(model) of a torch.nn.Sequential")
    parser.add_argument("data", help="torch.save({'X': X, 'y': y}): inputs N x d and integer labels")
    parser.add_argument("--out", required=True, help="export folder to write")
    parser.add_argument("--loss", required=True, choices=["mse", "ce"])
    parser.add_argument("--reduction", default="spec", choices=["spec", "mean", "sum"],
                        help="how the training loss was reduced (see the module docstring)")
    parser.add_argument("--weight-decay", required=True, type=float, help="the optimizer's weight_decay on the weights")
    parser.add_argument("--bias-weight-decay", type=float, default=None,
                        help="the biases' weight_decay (default: --weight-decay; 0 for a no-decay group)")
    parser.add_argument("--name", default="pytorch")
    parser.add_argument("--format", default="npy", choices=["npy", "csv"],
                        help="npy (default): weights and data as float64 .npy files; "
                             "csv: decimal strings and data.csv (what older nrc reads)")
    args = parser.parse_args(argv)
    try:
        import torch
    except ImportError:
        print("nrc_export: error: python3-torch is not installed (tools/setup installs it)", file=sys.stderr)
        return 2
    try:
        try:
            model = torch.load(args.model, map_location="cpu")
            data = torch.load(args.data, map_location="cpu")
        except Exception as e:  # unreadable or not a torch file
            raise ExportError(f"cannot load: {e}") from None
        if not isinstance(data, dict) or "X" not in data or "y" not in data:
            raise ExportError(f"{args.data}: expected a dict with 'X' and 'y'")
        export(model, data["X"], data["y"], args.out, loss=args.loss, reduction=args.reduction,
               weight_decay=args.weight_decay, bias_weight_decay=args.bias_weight_decay, name=args.name,
               data_format=args.format)
    except ExportError as e:
        print(f"nrc_export: error: {e}", file=sys.stderr)
        return 2
    print(f"wrote {args.out} (export.json, weights and data); next: nrc import {args.out} --out RUN_DIR")
    return 0


if __name__ == "__main__":
    sys.exit(main())
