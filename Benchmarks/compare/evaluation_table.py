#!/usr/bin/env python3
"""Markdown table of a `whitespot evaluate --json` output: every method's figures at K, coverage,
and the relative gains of the project's methods over the two baselines.

Usage: python3 Benchmarks/compare/evaluation_table.py run.json [title]
"""
import json, sys

d = json.load(open(sys.argv[1]))
title = sys.argv[2] if len(sys.argv) > 2 else d["orders"]
k, c = d["k"], d["counts"]
print(f"**{title}** — cutoff {d['cutoff']}, segments: {d['segmentSource']}; {c['customers']:,} customers, "
      f"{c['products']:,} products, {c['trainPairs']:,} train pairs, {c['evaluatedCustomers']:,} evaluated customers, "
      f"{c['testPairs']:,} test pairs\n")
figures = ["precision", "recall", "hit", "ndcg", "map", "coverage"]
print("| method | " + " | ".join(f"{f}@{k}" for f in figures) + " |")
print("|---|" + "---:|" * len(figures))
for m in d["methods"]:
    print(f"| {m['method']} | " + " | ".join(f"{m[f]:.4f}" for f in figures) + " |")
base = {m["method"]: m for m in d["methods"] if m["method"] in ("popularity", "segment-penetration")}
print()
for m in d["methods"]:
    if m["method"] in base:
        continue
    gains = []
    for b in ("segment-penetration", "popularity"):
        g = lambda f: f"{(m[f] / base[b][f] - 1) * 100:+.1f} %" if base[b][f] > 0 else "n/a"
        gains.append(f"vs {b}: ndcg {g('ndcg')}, recall {g('recall')}, precision {g('precision')}")
    print(f"- {m['method']}: " + "; ".join(gains))
t = d.get("tuning")
if t:
    chosen = t["trials"][t["chosen"]]
    setting = ", ".join(f"{n}={v}" for n, v in chosen["parameters"].items()
                        if n in ("factors", "regularization", "alpha", "blend"))
    print(f"- tuned on validation cutoff {t['validationCutoff']} ({t['validationCustomers']:,} customers, "
          f"{len(t['trials'])} settings, by {t['criterion']}): chosen {setting} "
          f"(validation ndcg@{k} {chosen['ndcg']:.4f})")
