#!/usr/bin/env python3
"""Independent pandas implementation of the popularity and segment-penetration baselines of
shared/EVALUATION.md, to cross-check `whitespot evaluate --json` figure by figure.

Usage (from the package root):
  python3 Benchmarks/compare/check_baselines.py --file "../shared/data/superstore/Sample - Superstore.csv" \
      --customer "Customer ID" --date "Order Date" --date-format %m/%d/%Y --product "Product ID" \
      --quantity Quantity --segment Segment --cutoff 2019-07-01 [--exclude POST,M] [--whitespot out.json]

With --whitespot it compares with the JSON of `whitespot evaluate ... --json` and prints the
largest absolute difference (summation order may differ in the last bit).
"""
import argparse, json, math
import pandas as pd

a = argparse.ArgumentParser()
for name in ["file", "customer", "date", "date-format", "product", "segment", "cutoff"]:
    a.add_argument("--" + name, required=True)
a.add_argument("--quantity")
a.add_argument("--exclude", default="")
a.add_argument("--k", type=int, default=10)
a.add_argument("--whitespot")
args = a.parse_args()

d = pd.read_csv(args.file, encoding="utf-8-sig", dtype={args.customer: str, args.product: str, args.segment: str},
                keep_default_na=False)
d = d[(d[args.customer] != "") & ~d[args.product].isin(set(filter(None, args.exclude.split(","))))].copy()
d["day"] = pd.to_datetime(d[args.date], format=args.date_format).dt.normalize()
d["q"] = pd.to_numeric(d[args.quantity]) if args.quantity else 1.0
d["row"] = range(len(d))
cutoff = pd.Timestamp(args.cutoff)
train, test = d[d.day < cutoff], d[d.day >= cutoff]


def bought(x):
    """(customer, product) pairs with positive net quantity and at least one positive line."""
    g = x.groupby([args.customer, args.product]).q.agg(net="sum", pos=lambda s: (s > 0).sum())
    return set(g[(g.net > 0) & (g.pos > 0)].index)


train_pairs, test_pairs = bought(train), bought(test)
customers = set(train[args.customer])
catalogue = sorted(set(train[args.product]), key=lambda s: s.encode())  # byte order = tie-break
in_catalogue = set(catalogue)
seg_lines = train[train[args.segment] != ""].sort_values(["day", "row"])
segment = seg_lines.groupby(args.customer)[args.segment].last().reindex(sorted(customers)).fillna("Unknown")
relevant = {}
for c, p in test_pairs:
    if c in customers and p in in_catalogue and (c, p) not in train_pairs:
        relevant.setdefault(c, set()).add(p)
mine, buyers, seg_buyers = {}, {}, {}
for c, p in train_pairs:
    mine.setdefault(c, set()).add(p)
    buyers[p] = buyers.get(p, 0) + 1
    seg_buyers[(segment[c], p)] = seg_buyers.get((segment[c], p), 0) + 1
seg_size = segment.value_counts().to_dict()


def evaluate(score, K=args.k):
    total = dict(precision=0.0, recall=0.0, hit=0.0, ndcg=0.0, map=0.0)
    seen = set()
    for c, rel in relevant.items():
        candidates = [p for p in catalogue if p not in mine.get(c, ())]
        candidates.sort(key=lambda p: -score(c, p))  # stable sort keeps byte order among ties
        top = candidates[:K]
        seen.update(top)
        hits = dcg = ap = 0.0
        for j, p in enumerate(top, 1):
            if p in rel:
                hits += 1; dcg += 1 / math.log2(j + 1); ap += hits / j
        idcg = sum(1 / math.log2(j + 1) for j in range(1, min(K, len(rel)) + 1))
        total["precision"] += hits / K; total["recall"] += hits / len(rel); total["hit"] += hits > 0
        total["ndcg"] += dcg / idcg; total["map"] += ap / min(K, len(rel))
    out = {k: v / len(relevant) for k, v in total.items()}
    out["coverage"] = len(seen) / len(catalogue)
    return out


results = {
    "popularity": evaluate(lambda c, p: buyers.get(p, 0)),
    "segment-penetration": evaluate(lambda c, p: seg_buyers.get((segment[c], p), 0) / seg_size[segment[c]]),
}
print(f"customers {len(customers)}, products {len(catalogue)}, train pairs {len(train_pairs)}, "
      f"evaluated {len(relevant)}, test pairs {sum(map(len, relevant.values()))}")
for name, figures in results.items():
    print(name, " ".join(f"{k}={v:.6f}" for k, v in figures.items()))
if args.whitespot:
    ours = {m["method"]: m for m in json.load(open(args.whitespot))["methods"]}
    worst = max(abs(ours[n][k] - v) for n, f in results.items() for k, v in f.items())
    print(f"largest difference from whitespot: {worst:.3g}")
