#!/usr/bin/env python3
"""The implicit==0.7.3 side of the training benchmark (issue 3, Performance).

Both tools solve the same problem: the pairs are built exactly as Whitespot builds them (returns
net against purchases; a pair exists when its net quantity is positive; r = number of lines
with positive quantity) and the confidence is Whitespot's c = 1 + alpha * log1p(r). implicit
0.7.3 treats the matrix value itself as the confidence (C = its alpha * value; b = sum C y;
A = YtY + reg I + sum (C - 1) y y^T), so it is fed c with its own alpha = 1.

    python3 implicit_als.py fit ORDERS --threads 2            # timing, one JSON line
    python3 implicit_als.py quality ORDERS --cutoff 2024-07-01 --ours MODEL.safetensors \
        --train-csv TRAIN.csv                                 # precision@10 of both

`quality` first writes the lines before the cutoff to --train-csv (when given without --ours,
then exits) so that `whitespot train` can fit the same training split.
"""
import argparse
import json
import struct
import sys
import time

import numpy as np
import pandas as pd
import scipy.sparse as sp
from threadpoolctl import threadpool_limits


def read_orders(path):
    return pd.read_csv(path, usecols=["customer_id", "order_date", "product_id", "quantity"],
                       dtype={"customer_id": str, "product_id": str, "order_date": str, "quantity": np.float64})


def pairs(df, customers, products):
    """Whitespot's purchase pairs and line counts: net quantity > 0 and at least one positive line."""
    c = pd.Categorical(df["customer_id"], categories=customers).codes
    p = pd.Categorical(df["product_id"], categories=products).codes
    g = pd.DataFrame({"c": c, "p": p, "q": df["quantity"].to_numpy(), "pos": (df["quantity"] > 0).to_numpy()})
    agg = g.groupby(["c", "p"], sort=False).agg(q=("q", "sum"), n=("pos", "sum")).reset_index()
    agg = agg[(agg["q"] > 0) & (agg["n"] > 0)]
    return agg["c"].to_numpy(), agg["p"].to_numpy(), agg["n"].to_numpy(np.float64)


def confidence_matrix(df, alpha):
    customers = pd.unique(df["customer_id"])
    products = pd.unique(df["product_id"])
    c, p, n = pairs(df, customers, products)
    conf = (1.0 + alpha * np.log1p(n)).astype(np.float32)
    m = sp.csr_matrix((conf, (c, p)), shape=(len(customers), len(products)), dtype=np.float32)
    m.sort_indices()
    return m, customers, products


def fit(m, args):
    from implicit.cpu.als import AlternatingLeastSquares
    with threadpool_limits(limits=1, user_api="blas"):
        model = AlternatingLeastSquares(factors=args.factors, iterations=args.iterations,
                                        regularization=args.regularization, alpha=1.0, use_cg=True,
                                        num_threads=args.threads, calculate_training_loss=False,
                                        random_state=args.seed)
        model.cg_steps = args.cg_steps
        seconds = []
        start = time.perf_counter()
        model.fit(m, show_progress=False, callback=lambda it, elapsed, loss: seconds.append(elapsed))
        total = time.perf_counter() - start
    return model, seconds, total


def load_whitespot_model(path):
    """A Whitespot model file with plain numpy: 8-byte header length, JSON header, tensors."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    def tensor(name):
        t = header[name]
        dtype = {"F32": np.float32, "I32": np.int32, "U8": np.uint8}[t["dtype"]]
        a, b = t["data_offsets"]
        return np.frombuffer(data[a:b], dtype=dtype).reshape(t["shape"])
    return {
        "customer_factors": tensor("customer_factors"),
        "product_factors": tensor("product_factors"),
        "customer_ids": json.loads(tensor("customer_ids").tobytes()),
        "product_ids": json.loads(tensor("product_ids").tobytes()),
        "metadata": header["__metadata__"],
    }


def precision_at_k(x, y, train_m, relevant, product_ids, k=10, chunk=4096):
    """EVALUATION.md: rank every catalogue product not bought in train by x_u . y_i, ties by
    product id in byte order; precision@k averaged over evaluated customers."""
    byte_rank = np.argsort(np.argsort(np.array([s.encode() for s in product_ids], dtype=object)))
    users = np.array(sorted(relevant))
    hits = 0.0
    for lo in range(0, len(users), chunk):
        block = users[lo:lo + chunk]
        scores = x[block] @ y.T
        bought = train_m[block]
        scores[bought.nonzero()] = -np.inf
        top = np.argpartition(-scores, k, axis=1)[:, :k + 5]
        for row, u in enumerate(block):
            cand = top[row]
            s = scores[row, cand]
            order = np.lexsort((byte_rank[cand], -s))[:k]
            hits += len(set(cand[order].tolist()) & relevant[u]) / k
    return hits / len(users), len(users)


def quality(args):
    df = read_orders(args.orders)
    train = df[df["order_date"] < args.cutoff]
    test = df[df["order_date"] >= args.cutoff]
    if args.ours is None:
        train.to_csv(args.train_csv, index=False)
        print(json.dumps({"train_lines": len(train), "test_lines": len(test)}))
        return
    m, customers, products = confidence_matrix(train, args.alpha)
    model, seconds, _ = fit(m, args)
    c_index = {c: i for i, c in enumerate(customers)}
    p_index = {p: i for i, p in enumerate(products)}
    known = test[test["customer_id"].isin(c_index) & test["product_id"].isin(p_index)]
    tc, tp, _ = pairs(known, customers, products)
    train_bought = m.astype(bool).tocsr()
    relevant = {}
    for u, i in zip(tc.tolist(), tp.tolist()):
        if not train_bought[u, i]:
            relevant.setdefault(u, set()).add(i)
    ours = load_whitespot_model(args.ours)
    # Align Whitespot's rows and columns to this script's customer and product order.
    oc = {c: i for i, c in enumerate(ours["customer_ids"])}
    op = {p: i for i, p in enumerate(ours["product_ids"])}
    xo = ours["customer_factors"][[oc[c] for c in customers]]
    yo = ours["product_factors"][[op[p] for p in products]]
    p_ours, evaluated = precision_at_k(xo, yo, train_bought, relevant, list(products))
    p_implicit, _ = precision_at_k(model.user_factors, model.item_factors, train_bought, relevant, list(products))
    print(json.dumps({"cutoff": args.cutoff, "evaluated_customers": evaluated, "train_pairs": int(m.nnz),
                      "precision_at_10_whitespot": p_ours, "precision_at_10_implicit": p_implicit,
                      "ratio": p_ours / p_implicit if p_implicit else None}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["fit", "quality"])
    ap.add_argument("orders")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--factors", type=int, default=64)
    ap.add_argument("--iterations", type=int, default=15)
    ap.add_argument("--regularization", type=float, default=0.01)
    ap.add_argument("--alpha", type=float, default=1.0)
    ap.add_argument("--cg-steps", type=int, default=3)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--cutoff")
    ap.add_argument("--ours")
    ap.add_argument("--train-csv")
    args = ap.parse_args()
    if args.mode == "quality":
        quality(args)
        return
    start = time.perf_counter()
    m, _, _ = confidence_matrix(read_orders(args.orders), args.alpha)
    load = time.perf_counter() - start
    _, seconds, total = fit(m, args)
    print(json.dumps({"tool": "implicit", "threads": args.threads, "pairs": int(m.nnz), "load_seconds": load,
                      "fit_seconds": total, "seconds_per_iteration": float(np.median(seconds)),
                      "iteration_seconds": seconds}))


if __name__ == "__main__":
    sys.exit(main())
