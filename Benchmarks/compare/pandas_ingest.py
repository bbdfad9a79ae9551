#!/usr/bin/env python3
"""The pandas baseline of the ingest benchmark (issue 2, Performance).

Reads an order file in the canonical format with pandas.read_csv, factorizes customers and
products, and builds the scipy CSR customer x product matrix (summing quantities).
Prints one line: lines, customers, products, stored entries.

    python3 pandas_ingest.py orders.csv
"""
import sys

import numpy as np
import pandas as pd
import scipy.sparse as sp


def main(path: str) -> None:
    df = pd.read_csv(path)
    customer, customers = pd.factorize(df["customer_id"])
    product, products = pd.factorize(df["product_id"])
    matrix = sp.csr_matrix(
        (df["quantity"].to_numpy(dtype=np.float64), (customer, product)),
        shape=(len(customers), len(products)),
    )
    matrix.sum_duplicates()
    print(f"lines={len(df)} customers={len(customers)} products={len(products)} entries={matrix.nnz}")


if __name__ == "__main__":
    main(sys.argv[1])
