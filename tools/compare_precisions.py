#!/usr/bin/python3
"""Checks one statement of trained run directories in two precisions and
compares: for every layer and norm, the bound in each precision and
|bound_a - bound_b| / (error estimate of the lower precision). Values <= 1
mean the two builds agree to the working precision (theorems.md, "How a check
is judged").

Usage: tools/compare_precisions.py NRC RUN_DIR... [--statement T13]
                                   [--precisions double,mpfr:256]
"""
import argparse
import json
import subprocess
import sys


def verdicts(nrc, run_dir, precision, statement):
    out = subprocess.run([nrc, 'check', run_dir, '--precision', precision, '--json', '--no-write', '--no-proofs'],
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f'compare_precisions: nrc check {run_dir} --precision {precision} failed: {out.stderr.strip()}')
    return {(v['layer'], v['norm']): v for v in json.loads(out.stdout) if v['statement'] == statement}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('nrc')
    ap.add_argument('run_dirs', nargs='+')
    ap.add_argument('--statement', default='T13')
    ap.add_argument('--precisions', default='double,mpfr:256')
    a = ap.parse_args()
    low, high = a.precisions.split(',')
    worst = 0.0
    print(f'run layer norm {a.statement}[{low}] {a.statement}[{high}] |diff|/error_estimate[{low}] verdicts')
    for d in a.run_dirs:
        vl, vh = verdicts(a.nrc, d, low, a.statement), verdicts(a.nrc, d, high, a.statement)
        for key in sorted(vl):
            x, y = vl[key], vh[key]
            units = abs(x['bound'] - y['bound']) / x['error_estimate']
            worst = max(worst, units)
            print(f"{d} {key[0]} {key[1]} {x['bound']:.10e} {y['bound']:.10e} {units:.1e} "
                  f"{x['verdict']}/{y['verdict']}")
    print(f'worst |diff| / error estimate: {worst:.2e}')
    return 0 if worst <= 1 else 1


if __name__ == '__main__':
    sys.exit(main())
