#!/usr/bin/python3
"""bench_vs_pytorch: nrc against PyTorch (float64) on the same networks, data and lambda, in one go.

    tools/bench_vs_pytorch.py                       # everything, results in bench-vs-pytorch/
    tools/bench_vs_pytorch.py --skip-train          # loss + gradient timings only (~2 min)
    tools/bench_vs_pytorch.py --train-seconds 1200 --threads 1,2 --out my-dir

Needs a Release build with the benchmarks (build/bench/mlp_bench, build/apps/nrc;
--build names another build folder), python3-torch and python3-numpy
(tools/setup installs them).

What it runs, on this machine, one after the other (never two at once):

1. Loss + gradient, per evaluation, for 1 and 2 threads (--threads):
   * digits: 64-32-32-10 tanh, MSE, lambda 1e-3, free biases, N = 1797 (data/digits.csv.gz, raw features);
   * wide:   784-64-64-10 tanh, MSE, lambda 1e-3, free biases, N = 2000: Fashion-MNIST
     (Debian's dataset-fashion-mnist, the first 200 training images of each class in
     file order, pixels / 255), or, without that package, synthetic data from a fixed
     seed (--data synthetic forces it);
   nrc: build/bench/mlp_bench BM_ThreadedGradient<double> and BM_GemmFloor (Google
   Benchmark JSON, wall time; the wide data reach it through NRC_BENCH_DATA);
   PyTorch: the same objective J (spec's MSE (1/2)||f - onehot||^2 averaged over
   samples + (lambda/2) sum ||W_l||^2), forward + backward, torch.set_num_threads(t),
   the median of repeated timed runs (at least 1 s).
2. Time to ||grad J||_2 <= 1e-6 (--target) on the wide problem, each side from its own
   seeded initialisation, at most --train-seconds each:
   * PyTorch: torch.optim.LBFGS (float64, strong Wolfe, history 20, lr 1), steps of
     20 iterations, ||grad J||_2 of the full objective checked after every step;
   * nrc: `nrc train` of the same problem in double (config.json written here: L-BFGS
     stage until ||grad J||_2 <= target, then the Newton stage); the time is read from
     log.json (the first stage that ends at or below the target; within a stage the
     time is interpolated along its grad_norm_history, uniform in iterations).

Output: OUT/results.json and a Markdown table on stdout (OUT/results.md). Timings
depend on the load of the machine: run it on an idle machine and say so.
"""
import argparse
import csv
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "tools"))
FASHION_DIR = "/usr/share/datasets/fashion-mnist"
LAMBDA = 1e-3
PROBLEMS = {"digits": [64, 32, 32, 10], "wide": [784, 64, 64, 10]}


class BenchError(Exception):
    pass


def read_idx(path):
    """An IDX file (gzip): magic, big-endian dimensions, uint8 data."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * k:8 + 4 * k], "big") for k in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def wide_data(n, source):
    """(X as N x 784 float64, y, description): Fashion-MNIST or synthetic."""
    images = os.path.join(FASHION_DIR, "train-images-idx3-ubyte.gz")
    if source == "fashion" and not os.path.exists(images):
        raise BenchError(f"{images} not found: install dataset-fashion-mnist or use --data synthetic")
    if source == "auto":
        source = "fashion" if os.path.exists(images) else "synthetic"
    per_class = n // 10
    if source == "fashion":
        X = read_idx(images).reshape(-1, 784).astype(np.float64) / 255.0
        y = read_idx(os.path.join(FASHION_DIR, "train-labels-idx1-ubyte.gz")).astype(np.int64)
        idx = np.concatenate([np.flatnonzero(y == c)[:per_class] for c in range(10)])
        idx.sort()
        return X[idx], y[idx], f"Fashion-MNIST, first {per_class} training images per class, pixels/255"
    rng = np.random.default_rng(12345)
    centres = rng.uniform(0.0, 1.0, size=(10, 784))
    y = np.repeat(np.arange(10), per_class)
    X = np.clip(centres[y] + 0.3 * rng.standard_normal((10 * per_class, 784)), 0.0, 1.0)
    return X, y, f"synthetic: 10 clusters in [0,1]^784, {per_class} per class, numpy seed 12345"


def digits_data():
    with gzip.open(os.path.join(REPO, "data", "digits.csv.gz"), "rt") as f:
        rows = [r for r in csv.reader(f) if r]
    M = np.array([[float(v) for v in r] for r in rows])
    return M[:, :-1], M[:, -1].astype(np.int64), "digits (data/digits.csv.gz), raw features"


def write_csv(path, X, y):
    """nrc's CSV format (data/README.md): features then the label, one sample a row."""
    with open(path, "w") as f:
        for row, label in zip(X, y):
            f.write(",".join(repr(float(v)) for v in row) + f",{int(label)}\n")


# ---------------------------------------------------------------- PyTorch side
def torch_model(widths, seed):
    import torch
    torch.manual_seed(seed)
    layers = []
    for l in range(1, len(widths)):
        layers.append(torch.nn.Linear(widths[l - 1], widths[l]).double())
        if l < len(widths) - 1:
            layers.append(torch.nn.Tanh())
    return torch.nn.Sequential(*layers)


def torch_objective(model, X, y):
    import torch
    from nrc_export import spec_loss
    weights = [m.weight for m in model if isinstance(m, torch.nn.Linear)]
    return spec_loss(model(X), y, "mse") + 0.5 * LAMBDA * sum((w * w).sum() for w in weights)


def torch_gradient_ms(widths, X, y, threads, min_seconds):
    import torch
    torch.set_num_threads(threads)
    model = torch_model(widths, 0)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)

    def once():
        model.zero_grad(set_to_none=True)
        torch_objective(model, Xt, yt).backward()

    for _ in range(5):
        once()
    samples, start = [], time.perf_counter()
    while time.perf_counter() - start < min_seconds or len(samples) < 20:
        t0 = time.perf_counter()
        once()
        samples.append(time.perf_counter() - t0)
    return 1e3 * statistics.median(samples)


def torch_time_to_target(widths, X, y, threads, target, limit):
    import torch
    torch.set_num_threads(threads)
    model = torch_model(widths, 0)
    params = list(model.parameters())
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    opt = torch.optim.LBFGS(params, lr=1, max_iter=20, history_size=20, line_search_fn="strong_wolfe",
                            tolerance_grad=0.0, tolerance_change=0.0)

    def closure():
        opt.zero_grad()
        J = torch_objective(model, Xt, yt)
        J.backward()
        return J

    def grad_norm():
        opt.zero_grad()
        torch_objective(model, Xt, yt).backward()
        return float(torch.sqrt(sum((p.grad * p.grad).sum() for p in params)))

    start, norm, steps = time.perf_counter(), grad_norm(), 0
    while norm > target and time.perf_counter() - start < limit:
        opt.step(closure)
        steps += 1
        norm = grad_norm()
        if not np.isfinite(norm):
            break
    elapsed = time.perf_counter() - start
    return {"reached": norm <= target, "seconds": elapsed, "grad_norm": norm, "lbfgs_steps_of_20": steps}


# ---------------------------------------------------------------- nrc side
def nrc_gradient_ms(build, data_csv, threads, min_seconds):
    exe = os.path.join(build, "bench", "mlp_bench")
    if not os.access(exe, os.X_OK):
        raise BenchError(f"{exe} not found: build the mlp_bench target (Release)")
    env = dict(os.environ, NRC_BENCH_DATA=data_csv)
    out = subprocess.run([exe, "--benchmark_filter=BM_ThreadedGradient<double>|BM_GemmFloor",
                          "--benchmark_format=json", f"--benchmark_min_time={min_seconds}"],
                         env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise BenchError(f"mlp_bench failed: {out.stderr.strip()[-300:]}")
    result = {}
    for b in json.loads(out.stdout)["benchmarks"]:
        ms = b["real_time"] * {"ms": 1.0, "us": 1e-3, "ns": 1e-6, "s": 1e3}[b["time_unit"]]
        parts = b["name"].split("/")
        problem = "digits" if parts[1] == "0" else "wide"
        if parts[0] == "BM_GemmFloor":
            result[(problem, "floor")] = ms
        elif int(parts[2]) in threads:
            result[(problem, int(parts[2]))] = ms
    return result


def nrc_time_to_target(build, data_csv, target, limit, workdir):
    exe = os.path.join(build, "apps", "nrc")
    config = {"name": "bench-vs-pytorch", "data": data_csv, "widths": PROBLEMS["wide"], "activation": "tanh",
              "loss": "mse", "bias": True, "lambda": LAMBDA, "lambda_b": 0, "seed": 1, "precision": "double",
              "lbfgs": {"gradient_tolerance": target, "max_seconds": limit},
              "newton": {"max_seconds": limit}}
    cfg = os.path.join(workdir, "nrc-train.json")
    with open(cfg, "w") as f:
        json.dump(config, f, indent=1)
    run = os.path.join(workdir, "nrc-run")
    shutil.rmtree(run, ignore_errors=True)
    start = time.perf_counter()
    try:
        proc = subprocess.run([exe, "train", cfg, "--out", run, "--no-progress"], capture_output=True, text=True,
                              timeout=3 * limit + 600, check=False)
    except subprocess.TimeoutExpired:
        return {"reached": False, "seconds": time.perf_counter() - start, "note": "nrc train timed out"}
    wall = time.perf_counter() - start
    log_path = os.path.join(run, "log.json")
    if proc.returncode != 0 or not os.path.exists(log_path):
        return {"reached": False, "seconds": wall, "note": f"nrc train exit {proc.returncode}: {proc.stderr.strip()[-300:]}"}
    with open(log_path) as f:
        log = json.load(f)
    elapsed, best = 0.0, float("inf")
    for stage in log["stages"]:
        seconds = float(stage["seconds"])
        history = [float(g) for g in stage.get("grad_norm_history") or []]
        end = float(stage["grad_norm_end"])
        best = min(best, end)
        if end <= target:
            hit = next((k for k, g in enumerate(history) if g <= target), None)
            frac = (hit + 1) / len(history) if hit is not None and history else 1.0
            return {"reached": True, "seconds": elapsed + frac * seconds, "grad_norm": end, "stage": stage["name"],
                    "train_wall_seconds": wall}
        elapsed += seconds
    return {"reached": False, "seconds": elapsed, "grad_norm": best, "train_wall_seconds": wall}


# ---------------------------------------------------------------- driver
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(REPO, "build"))
    ap.add_argument("--out", default="bench-vs-pytorch")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--n", type=int, default=2000, help="samples of the wide problem (multiple of 10)")
    ap.add_argument("--data", choices=["auto", "fashion", "synthetic"], default="auto")
    ap.add_argument("--min-seconds", type=float, default=1.0, help="timing per benchmark and side")
    ap.add_argument("--target", type=float, default=1e-6, help="||grad J||_2 target of the training race")
    ap.add_argument("--train-seconds", type=float, default=600, help="time limit of each side's training")
    ap.add_argument("--train-threads", type=int, default=2)
    ap.add_argument("--skip-train", action="store_true")
    args = ap.parse_args()
    threads = [int(t) for t in args.threads.split(",")]
    os.makedirs(args.out, exist_ok=True)
    Xw, yw, wide_desc = wide_data(args.n, args.data)
    wide_csv = os.path.abspath(os.path.join(args.out, "wide.csv"))
    write_csv(wide_csv, Xw, yw)
    Xd, yd, digits_desc = digits_data()
    blas_link = "/etc/alternatives/libblas.so.3-x86_64-linux-gnu"
    results = {"machine": os.uname().nodename, "cpus": os.cpu_count(), "lambda": LAMBDA,
               "load_average_at_start": os.getloadavg()[0],
               "pytorch_blas": os.path.realpath(blas_link) if os.path.exists(blas_link) else "unknown",
               "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE", ""),
               "data": {"digits": digits_desc, "wide": wide_desc + f", N = {len(yw)}"},
               "gradient_ms": [], "train": {}}
    nrc = nrc_gradient_ms(args.build, wide_csv, threads, args.min_seconds)
    for name, (X, y) in {"digits": (Xd, yd), "wide": (Xw, yw)}.items():
        for t in threads:
            torch_ms = torch_gradient_ms(PROBLEMS[name], X, y, t, args.min_seconds)
            results["gradient_ms"].append({"problem": name, "widths": PROBLEMS[name], "N": len(y), "threads": t,
                                           "nrc": nrc.get((name, t)), "nrc_gemm_floor_1thread": nrc.get((name, "floor")),
                                           "pytorch": torch_ms})
    if not args.skip_train:
        results["train"] = {"target": args.target, "threads": args.train_threads, "limit_seconds": args.train_seconds,
                            "pytorch_lbfgs": torch_time_to_target(PROBLEMS["wide"], Xw, yw, args.train_threads,
                                                                  args.target, args.train_seconds)}
        os.environ["NRC_THREADS"] = str(args.train_threads)
        results["train"]["nrc_train"] = nrc_time_to_target(args.build, wide_csv, args.target, args.train_seconds,
                                                            os.path.abspath(args.out))
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    lines = ["| problem | threads | nrc ms | PyTorch float64 ms | PyTorch / nrc | nrc GEMM floor (1 thread) ms |",
             "|---|---|---|---|---|---|"]
    for r in results["gradient_ms"]:
        ratio = f"{r['pytorch'] / r['nrc']:.2f}x" if r["nrc"] else "-"
        floor = f"{r['nrc_gemm_floor_1thread']:.3f}" if r["nrc_gemm_floor_1thread"] else "-"
        nrc_ms = f"{r['nrc']:.3f}" if r["nrc"] else "-"
        lines.append(f"| {r['problem']} {'-'.join(map(str, r['widths']))}, N={r['N']} | {r['threads']} | {nrc_ms} | "
                     f"{r['pytorch']:.3f} | {ratio} | {floor} |")
    if results["train"]:
        tr = results["train"]
        lines += ["", f"Time to ||grad J||_2 <= {tr['target']:g} (wide problem, {tr['threads']} threads, "
                      f"limit {tr['limit_seconds']:g} s each):", ""]
        for who in ("pytorch_lbfgs", "nrc_train"):
            r = tr[who]
            state = "reached" if r["reached"] else f"not reached (best {r.get('grad_norm', float('nan')):.3g})"
            lines.append(f"- {who}: {state} after {r['seconds']:.1f} s {r.get('note', '')}".rstrip())
        if tr["pytorch_lbfgs"]["reached"] and tr["nrc_train"]["reached"]:
            lines.append(f"- speed-up nrc vs PyTorch: {tr['pytorch_lbfgs']['seconds'] / tr['nrc_train']['seconds']:.1f}x")
    text = "\n".join(lines) + "\n"
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write(f"Data: digits = {results['data']['digits']}; wide = {results['data']['wide']}. "
                f"Load average at start {results['load_average_at_start']:.1f}; PyTorch's BLAS "
                f"{results['pytorch_blas']}\n\n" + text)
    print(text, end="")


if __name__ == "__main__":
    try:
        main()
    except BenchError as e:
        print(f"bench_vs_pytorch: error: {e}", file=sys.stderr)
        sys.exit(2)
