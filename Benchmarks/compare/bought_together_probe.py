#!/usr/bin/env python3
"""Probe: would a "bought together" term help the whitespot ranking (issue 4's optional third
blend term)? Follows shared/EVALUATION.md (train before the cutoff; relevant = first purchases
after it of train-catalogue products by train customers; K = 10; ties by product id in byte
order) and prints NDCG@10 of popularity, segment penetration, "together" (the co-purchase
confidence P(i | j) summed over the customer's products j, customer level) and
w * minmax(together) + (1 - w) * penetration for a few w (untuned: an upper view of the gain).

With a tenth argument, a Whitespot model trained on the same lines before the cutoff, it also
prints the embedding alone, embedding + segment at w = 0.6, and three-term blends.

Usage: python3 Benchmarks/compare/bought_together_probe.py FILE CUSTOMER DATE DATE_FORMAT PRODUCT
    SEGMENT|- QUANTITY|- CUTOFF EXCLUDED_PRODUCTS [MODEL]   (results: Benchmarks/EVALUATION.md)"""
import json, struct, sys, math, numpy as np, pandas as pd
file, cust, date, fmt, prod, seg, qty, cutoff, exclude = sys.argv[1:10]
model = sys.argv[10] if len(sys.argv) > 10 else None
d = pd.read_csv(file, encoding="utf-8-sig", dtype=str, keep_default_na=False)
d = d[(d[cust] != "") & ~d[prod].isin(set(filter(None, exclude.split(","))))].copy()
d["day"] = pd.to_datetime(d[date], format=fmt).dt.normalize()
d["q"] = pd.to_numeric(d[qty]) if qty != "-" else 1.0
d["row"] = range(len(d))
cut = pd.Timestamp(cutoff)
train, test = d[d.day < cut], d[d.day >= cut]
def bought(x):
    g = x.groupby([cust, prod]).q.agg(net="sum", pos=lambda s: (s > 0).sum())
    return g[(g.net > 0) & (g.pos > 0)].reset_index()[[cust, prod]]
tp, sp = bought(train), bought(test)
customers = sorted(set(train[cust])); cidx = {c: i for i, c in enumerate(customers)}
catalogue = sorted(set(train[prod]), key=lambda s: s.encode()); pidx = {p: i for i, p in enumerate(catalogue)}
C, P = len(customers), len(catalogue)
B = np.zeros((C, P), dtype=np.float64)
B[tp[cust].map(cidx).values, tp[prod].map(pidx).values] = 1
if seg != "-":
    sl = train[train[seg] != ""].sort_values(["day", "row"])
    segment = sl.groupby(cust)[seg].last().reindex(customers).fillna("Unknown").values
else:
    segment = np.array(["all"] * C)
rel = {}
for c, p in zip(sp[cust], sp[prod]):
    if c in cidx and p in pidx and B[cidx[c], pidx[p]] == 0:
        rel.setdefault(cidx[c], set()).add(pidx[p])
users = sorted(rel)
buyers = B.sum(0)
segs, sinv = np.unique(segment, return_inverse=True)
pen = np.zeros((len(segs), P))
for g in range(len(segs)):
    m = sinv == g
    pen[g] = B[m].sum(0) / m.sum()
co = B.T @ B  # products x products co-purchase counts (customer level)
np.fill_diagonal(co, 0)
conf = co / np.maximum(buyers[:, None], 1)  # conf(j -> i) = P(i | j)
def ndcg(scores, K=10):
    tot = 0.0
    for n, u in enumerate(users):
        s = scores[n].copy(); s[B[u] > 0] = -np.inf
        order = np.lexsort((np.arange(P), -s))[:K]   # score desc, byte order asc
        r = rel[u]
        dcg = sum(1 / math.log2(j + 2) for j, p in enumerate(order) if p in r)
        idcg = sum(1 / math.log2(j + 2) for j in range(min(K, len(r))))
        tot += dcg / idcg
    return tot / len(users)
U = np.array(users)
pop = np.tile(buyers, (len(users), 1))
segpen = pen[sinv[U]]
tog = B[U] @ conf
print(f"{file.split('/')[-1]} cutoff {cutoff}: customers {C}, products {P}, evaluated {len(users)}")
print(f"  popularity {ndcg(pop):.4f}  segment {ndcg(segpen):.4f}  together {ndcg(tog):.4f}")
def minmax(x):
    y = x.copy()
    for n, u in enumerate(users):
        cand = B[u] == 0
        lo, hi = y[n, cand].min(), y[n, cand].max()
        y[n] = (y[n] - lo) / (hi - lo) if hi > lo else 0.5
    return y
tn = minmax(tog)
print("  blend w*together + (1-w)*segment: " + "  ".join(f"w={w}: {ndcg(w * tn + (1 - w) * segpen):.4f}" for w in [0.1, 0.25, 0.5, 0.75]))
if model:
    raw = open(model, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header, data = json.loads(raw[8:8 + n]), raw[8 + n:]
    def tensor(name, dtype):
        a, b = header[name]["data_offsets"]
        return np.frombuffer(data[a:b], dtype=dtype).reshape(header[name]["shape"])
    ci = {c: i for i, c in enumerate(json.loads(tensor("customer_ids", np.uint8).tobytes()))}
    pi = {p: i for i, p in enumerate(json.loads(tensor("product_ids", np.uint8).tobytes()))}
    X = tensor("customer_factors", np.float32).astype(np.float64)
    Y = tensor("product_factors", np.float32).astype(np.float64)[[pi[p] for p in catalogue]]
    mf = np.stack([Y @ X[ci[customers[u]]] for u in users])
    mn = minmax(mf)
    print(f"  embedding {ndcg(mf):.4f}  0.6*embedding + 0.4*segment {ndcg(0.6 * mn + 0.4 * segpen):.4f}")
    for a, b in [(0.6, 0.05), (0.6, 0.1), (0.55, 0.1), (0.5, 0.2), (0.6, 0.2), (0.7, 0.1), (0.5, 0.3)]:
        print(f"  {a}*embedding + {b}*together + {1 - a - b:.2f}*segment: {ndcg(a * mn + b * tn + (1 - a - b) * segpen):.4f}")
