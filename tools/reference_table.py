#!/usr/bin/python3
"""Prints the "Reference problems: current figures" table of docs/figures.md (Markdown)
from an `nrc verify` (or `nrc sweep`) output folder: one row per layer of
each named run, read from its analysis.json and certificate.json, nothing
recomputed. Spectral sigma_K+1 and bounds (T13, T12, T3), the Frobenius tail
over the paper's bound T8, the chain losses T3/T5 and T5/T8 (Frobenius), the
certificate's stationarity share, the numerical rank and the verdict counts.

Usage: tools/reference_table.py OUT_DIR [--runs gauss-k4,gauss-k4-ce,iris,digits]
"""
import argparse
import collections
import json
import os
import sys


def sci(x):
    return '-' if x is None else f'{x:.2e}'


def ratio(a, b):
    return None if a is None or not b else a / b


def rows(run_dir, name):
    with open(os.path.join(run_dir, 'analysis.json')) as f:
        analysis = json.load(f)
    with open(os.path.join(run_dir, 'certificate.json')) as f:
        certificate = json.load(f)
    share = {c['layer']: float(c['stationarity_share']) for c in certificate['layers']}
    counts = collections.defaultdict(collections.Counter)
    for v in analysis['verdicts']:
        counts[v['layer']][v['verdict']] += 1
    out = []
    for i, layer in enumerate(analysis['layers']):
        s = layer['summary']
        l = s['layer']
        rows_, cols = s['shape']
        has_tail = min(rows_, cols) > analysis['K']
        sigma = s['sigma_K+1'] if has_tail else None
        c = counts[l]
        verdicts = f"{sum(c.values())}: " + ', '.join(f'{c[o]} {o}' for o in ('proven', 'holds', 'undecided', 'violated')
                                                      if c[o])
        first = i == 0
        out.append('| ' + ' | '.join([
            name if first else '', analysis['train_precision'] if first else '',
            f"{analysis['grad_norm_2']:.1e}" if first else '', str(l), sci(sigma), sci(s['T13_spectral']),
            sci(s['T12_spectral']), sci(s['T3_spectral']), sci(ratio(sigma, s['T3_spectral'])),
            sci(ratio(s['tail'], s['T8']) if has_tail else None), f"{s['T3'] / s['T5']:.2f}",
            f"{s['T5'] / s['T8']:.2f}", sci(share.get(l)), f"{s['numerical_rank']}/{min(rows_, cols)}", verdicts
        ]) + ' |')
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('out_dir')
    ap.add_argument('--runs', default='gauss-k4,gauss-k4-ce,iris,digits')
    args = ap.parse_args()
    print('| problem | trained to | ‖∇J‖₂ | layer | σ_K+1 | T13 | T12 | T3 | σ_K+1/T3 | tail (Frobenius) / T8 '
          '| T3/T5 | T5/T8 | stationarity share | rank | verdicts |')
    print('|' + '---|' * 15)
    for name in args.runs.split(','):
        run_dir = os.path.join(args.out_dir, 'runs', name)
        if not os.path.isfile(os.path.join(run_dir, 'analysis.json')):
            sys.exit(f'reference_table: {run_dir} has no analysis.json (run nrc verify first)')
        print('\n'.join(rows(run_dir, name)))


if __name__ == '__main__':
    main()
