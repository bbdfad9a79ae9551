#!/usr/bin/env python3
"""Markdown table of a `whitespot evaluate --json` output: every method's figures at K, coverage,
the plain ranking and the delivered list against the strongest baseline, what the delivered list
may never offer, and the deep-sell precision beside the naive rule.

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
baselines = [m for m in d["methods"] if m["method"] in
             ("popularity", "segment-penetration", "recent popularity", "recent segment-penetration")]
strongest = max(baselines, key=lambda m: m["ndcg"])
by_name = {m["method"]: m for m in d["methods"]}
print()
g = lambda a, b, f: f"{(a[f] / b[f] - 1) * 100:+.1f} %" if b[f] > 0 else "n/a"
for name in ("blend", "delivered list"):
    if name in by_name:
        m = by_name[name]
        print(f"- {name} vs the strongest baseline ({strongest['method']}): ndcg {g(m, strongest, 'ndcg')}, "
              f"recall {g(m, strongest, 'recall')}, precision {g(m, strongest, 'precision')}")
if "blend" in by_name and "delivered list" in by_name and by_name["blend"]["ndcg"] > 0:
    dl = by_name["delivered list"]
    print(f"- the delivered list keeps {dl['ndcg'] / by_name['blend']['ndcg'] * 100:.1f} % of the plain ranking's ndcg@{k}; "
          f"{dl.get('shortLists', 0):,} evaluated customers got fewer than {k} products")
n = d.get("notOffered")
if n:
    print(f"- relevant pairs the delivered list may never offer (kept in R): {n['inactive']:,} inactive products, "
          f"{n['variants']:,} variants of a product bought before")
ds = d.get("deepSells")
if ds:
    print(f"- deep-sells (fulfilled = bought more per year in the {ds['testDays']} test days than before): " + "; ".join(
        f"{r['name']} {r['fulfilled']:,}/{r['offered']:,} = {r['precision']:.4f}" for r in ds["rules"]))


def one_se_rule(t):
    """Why the choice stands: the highest trial's paired gain over popularity, the simplest setting."""
    g = t.get("gainOverSimplest")
    if g is None or t.get("simplest") is None:
        return ""
    if t["highest"] == t["simplest"]:
        return "; the highest is popularity, the simplest setting"
    highest, simplest = t["trials"][t["highest"]], t["trials"][t["simplest"]]
    verdict = "kept popularity: within noise" if t["chosen"] != t["highest"] else "beyond noise"
    return (f"; highest {highest['ndcg']:.4f} vs popularity {simplest['ndcg']:.4f}: "
            f"paired gain {g['mean']:+.4f}, one SE {g['standardError']:.4f} ({verdict})")


t = d.get("tuning")
if t:
    chosen = t["trials"][t["chosen"]]
    setting = ", ".join(f"{n}={v}" for n, v in chosen["parameters"].items()
                        if n in ("family", "factors", "regularization", "alpha", "halfLifeDays", "ease.regularization",
                                 "ease.halfLifeDays", "ensembleWeight", "blend", "segments", "penetrationWindowDays"))
    print(f"- tuned on validation cutoff {t['validationCutoff']} ({t['validationCustomers']:,} customers, "
          f"{len(t['trials'])} settings, by {t['criterion']}): chosen {setting} "
          f"(validation ndcg@{k} {chosen['ndcg']:.4f})" + one_se_rule(t))
