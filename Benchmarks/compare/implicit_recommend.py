"""implicit 0.7.3's batch recommend on a Whitespot model's factors (the scoring benchmark's baseline).

Usage: [TOP=N] python3 implicit_recommend.py MODEL.safetensors ORDERS.csv [OURS_RANKING.csv]

Loads the model's customer and product factors (float32, as saved by `whitespot train`), builds
user_items from the orders (a pair = positive net quantity, as Whitespot's purchase matrix),
and times only (wall clock and CPU of all threads) `model.recommend(np.arange(n_users), user_items, N=TOP,
filter_already_liked_items=True)` (TOP from the environment, default 10). With OURS_RANKING.csv (`whitespot score --ranking-only
--top 10 --blend 1`) it also reports how many customers get the same top-10 list.
Prints one JSON object.
"""
import json
import os
import struct
import sys
import time

import numpy as np
import pandas as pd
import scipy.sparse as sp
from implicit.cpu.als import AlternatingLeastSquares


def load_model(path):
    with open(path, "rb") as f:
        raw = f.read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    base = 8 + n

    def tensor(name, dtype):
        t = header[name]
        start, end = t["data_offsets"]
        return np.frombuffer(raw[base + start:base + end], dtype=dtype).reshape(t["shape"])

    customers = json.loads(tensor("customer_ids", np.uint8).tobytes())
    products = json.loads(tensor("product_ids", np.uint8).tobytes())
    return customers, products, tensor("customer_factors", "<f4").copy(), tensor("product_factors", "<f4").copy()


model_path, orders_path = sys.argv[1], sys.argv[2]
ours_path = sys.argv[3] if len(sys.argv) > 3 else None
customers, products, user_factors, item_factors = load_model(model_path)
orders = pd.read_csv(orders_path, usecols=["customer_id", "product_id", "quantity"],
                     dtype={"customer_id": str, "product_id": str})
pairs = orders.groupby(["customer_id", "product_id"], sort=False)["quantity"].sum()
pairs = pairs[pairs > 0].reset_index()
rows = pd.Categorical(pairs["customer_id"], categories=customers).codes
cols = pd.Categorical(pairs["product_id"], categories=products).codes
keep = (rows >= 0) & (cols >= 0)
user_items = sp.csr_matrix((np.ones(int(keep.sum()), dtype=np.float32), (rows[keep], cols[keep])),
                           shape=(len(customers), len(products)))

model = AlternatingLeastSquares(factors=user_factors.shape[1])
model.user_factors = user_factors
model.item_factors = item_factors
started, started_cpu = time.perf_counter(), time.process_time()
ids, scores = model.recommend(np.arange(len(customers)), user_items, N=int(os.environ.get("TOP", "10")),
                              filter_already_liked_items=True)
seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu

result = {"recommend_seconds": seconds, "recommend_cpu_seconds": cpu, "users": len(customers), "items": len(products), "pairs": int(user_items.nnz)}
if ours_path:
    ours = pd.read_csv(ours_path, dtype={"customer": str, "product": str})
    ours_lists = ours.groupby("customer", sort=False)["product"].apply(list).to_dict()
    product_ids = np.array(products, dtype=object)
    same = sum(1 for u, c in enumerate(customers) if ours_lists.get(c) == list(product_ids[ids[u]]))
    same_sets = sum(1 for u, c in enumerate(customers) if set(ours_lists.get(c, [])) == set(product_ids[ids[u]]))
    result["identical_lists"] = same / len(customers)
    result["identical_sets"] = same_sets / len(customers)
print(json.dumps(result))
