"""NumPy reference of the EASE fit (Steck 2019, the paper's code): B from the float64 Gram matrix
with np.linalg.inv, on the same purchase pairs as `whitespot train --algorithm ease` (customer,
product pairs whose net quantity is positive, binary rows).

Usage: python3 numpy_ease.py ORDERS.csv LAMBDA [B.safetensors-to-compare]
Prints JSON: gram_seconds, inverse_seconds, fit_seconds (Gram + inverse + B), peak_rss_kb, and with a
whitespot model the largest |B_numpy - B_whitespot|.
"""
import csv, json, resource, sys, time

import numpy as np
import scipy.sparse as sp


def pairs(path):
    net = {}
    with open(path, newline="") as f:
        rows = csv.reader(f)
        header = [h.strip().lower() for h in next(rows)]
        c, p, q = header.index("customer_id"), header.index("product_id"), header.index("quantity")
        for row in rows:
            key = (row[c], row[p])
            net[key] = net.get(key, 0.0) + float(row[q])
    return [k for k, v in net.items() if v > 0]


def main():
    orders, lam = sys.argv[1], float(sys.argv[2])
    bought = pairs(orders)
    customers = {c: i for i, c in enumerate(sorted({c for c, _ in bought}))}
    products = sorted({p for _, p in bought}, key=lambda s: s.encode())
    index = {p: i for i, p in enumerate(products)}
    rows = np.array([customers[c] for c, _ in bought])
    cols = np.array([index[p] for _, p in bought])
    X = sp.csr_matrix((np.ones(len(bought)), (rows, cols)), shape=(len(customers), len(products)))
    del bought, rows, cols, customers
    rss_before = _rss_kb()
    t0 = time.perf_counter()
    G = X.T.dot(X).toarray()  # float64, as in the paper's code
    t1 = time.perf_counter()
    G[np.diag_indices(G.shape[0])] += lam
    P = np.linalg.inv(G)
    t2 = time.perf_counter()
    B = P / (-np.diag(P))
    B[np.diag_indices(B.shape[0])] = 0.0
    t3 = time.perf_counter()
    out = {"products": len(products), "pairs": int(X.nnz), "gram_seconds": t1 - t0, "inverse_seconds": t2 - t1,
           "fit_seconds": t3 - t0, "rss_before_fit_kb": rss_before,
           "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
    if len(sys.argv) > 3:
        with open(sys.argv[3], "rb") as f:
            n = int.from_bytes(f.read(8), "little")
            header = json.loads(f.read(n))
            ids = json.loads(_tensor(f, header, 8 + n, "product_ids"))
            if "item_weights" in header:  # format version 3: the dense B
                ours = np.frombuffer(_tensor(f, header, 8 + n, "item_weights"), dtype="<f4").reshape(len(ids), len(ids))
                kept = np.ones_like(ours, dtype=bool)
            else:  # version 4: the kept weights of each row (CSR), compared where kept
                offsets = np.frombuffer(_tensor(f, header, 8 + n, "item_neighbour_offsets"), dtype="<i4")
                columns = np.frombuffer(_tensor(f, header, 8 + n, "item_neighbours"), dtype="<i4")
                weights = np.frombuffer(_tensor(f, header, 8 + n, "item_neighbour_weights"), dtype="<f4")
                rows = np.repeat(np.arange(len(ids)), np.diff(offsets))
                ours = np.zeros((len(ids), len(ids)), dtype=np.float32)
                ours[rows, columns] = weights
                kept = np.zeros_like(ours, dtype=bool)
                kept[rows, columns] = True
        common = [k for k, p in enumerate(ids) if p in index]  # products with a purchase in both
        order = [index[ids[k]] for k in common]
        difference = np.abs(B[np.ix_(order, order)] - ours[np.ix_(common, common)])
        out["max_abs_difference"] = float(difference[kept[np.ix_(common, common)]].max())
        out["max_abs_weight"] = float(np.abs(B).max())
    print(json.dumps(out))


def _rss_kb():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


def _tensor(f, header, start, name):
    begin, end = header[name]["data_offsets"]
    f.seek(start + begin)
    return f.read(end - begin)


if __name__ == "__main__":
    main()
