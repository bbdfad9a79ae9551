#!/usr/bin/env python3
"""Train Whitespot's customer and product factors with Spark MLlib ALS.

Reads orders (CSV or Parquet) by Whitespot's rules (whitespot_orders.py), builds the same
purchase pairs and confidences as `whitespot train`, fits `pyspark.ml.recommendation.ALS`
with implicitPrefs=True at parameters translated from Whitespot's, and writes a factors file
(whitespot_factors.py) that `whitespot import-factors` turns into a model file.

    python3 spark/whitespot_spark_train.py orders.csv --factors 64 --iterations 15 --out spark.factors

The objectives differ in one place (spark/README.md): Spark's regularisation of a row is
regParam times the row's number of purchases (ALS-WR), Whitespot's is a plain λ. By default
regParam = λ (customers + products) / (2 · pairs), which gives both the same total penalty
weight over all rows; --reg-param sets it directly. Confidence is the same: the rating given
to Spark is f(r) · d, and Spark's 1 + alpha · rating is Whitespot's 1 + α · f(r) · d.
"""

import argparse
import datetime
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import whitespot_factors  # noqa: E402
import whitespot_orders  # noqa: E402


def product_codes(text):
    """`--exclude-products`: a file (one code per line, # comments) or A,B,C, as whitespot reads it."""
    if not os.path.exists(text):
        lower = text.lower()
        if "/" in text or lower.endswith(".txt") or lower.endswith(".csv"):
            raise whitespot_orders.OrderError(f"{text}: no such file (a product list file; give codes as A,B,C instead)")
        return {c.strip(" \t") for c in text.split(",") if c.strip(" \t")}
    with open(text, encoding="utf-8") as f:
        return {line.split("#", 1)[0].strip(" \t\r") for line in f if line.split("#", 1)[0].strip(" \t\r")}


def day(text):
    """A yyyy-MM-dd date, or None when `text` is not one."""
    try:
        return datetime.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def arguments(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("orders", nargs="+", help="order files: CSV (any delimiter) or Parquet (*.parquet)")
    p.add_argument("--out", required=True, help="the factors file to write")
    orders = p.add_argument_group("orders (as whitespot reads them)")
    orders.add_argument("--columns", help="field=Column,... mapping (customer, date, product, quantity, revenue, price)")
    orders.add_argument("--date-format", help="date pattern, e.g. dd-MM-yyyy (default ISO 8601)")
    orders.add_argument("--delimiter", help="comma, semicolon, tab, pipe or one character (default: detected)")
    orders.add_argument("--decimal-comma", action="store_true", help="numbers are written 12,5")
    orders.add_argument("--exclude-products", help="product codes to drop: a file or A,B,C")
    orders.add_argument("--product-level", help="an order-file column to analyse instead of products")
    orders.add_argument("--skip-bad-lines", action="store_true", help="drop bad lines instead of stopping")
    orders.add_argument("--multiline-fields", action="store_true",
                        help="quoted CSV fields may hold line breaks (each file is then read by one task)")
    orders.add_argument("--before", help="only lines dated before this day (yyyy-MM-dd): evaluate's training period")
    model = p.add_argument_group("hyper-parameters (whitespot train's)")
    model.add_argument("--factors", type=int, default=64)
    model.add_argument("--iterations", type=int, default=15)
    model.add_argument("--regularization", type=float, default=0.01, help="Whitespot's λ, translated to regParam")
    model.add_argument("--alpha", type=float, default=1.0)
    model.add_argument("--signal", choices=["lines", "quantity", "revenue"], default="lines")
    model.add_argument("--scaling", choices=["log1p", "identity"], default="log1p")
    model.add_argument("--half-life", type=float, help="recency half-life in days (default: none)")
    model.add_argument("--seed", type=int, default=42)
    spark = p.add_argument_group("Spark")
    spark.add_argument("--reg-param", type=float, help="Spark's regParam (default: translated from --regularization)")
    spark.add_argument("--master", help="Spark master (default: spark-submit's, else local[*])")
    spark.add_argument("--blocks", type=int, help="ALS numUserBlocks and numItemBlocks (default: the parallelism)")
    spark.add_argument("--shuffle-partitions", type=int,
                       help="spark.sql.shuffle.partitions (default: twice the parallelism)")
    spark.add_argument("--pairs-out", help="also write the purchase pairs with their ratings as CSV (for checking)")
    spark.add_argument("--json", action="store_true", help="print a JSON summary (counts, seconds, parameters)")
    a = p.parse_args(argv)
    if a.before is not None and day(a.before) is None:
        p.error(f"--before '{a.before}': not a date; write it as yyyy-MM-dd")
    if a.factors < 1 or a.iterations < 1 or a.regularization < 0 or a.alpha < 0 or (a.half_life or 1) <= 0:
        p.error("--factors and --iterations must be at least 1, --regularization and --alpha not negative, "
                "--half-life positive")
    return a


def session(master, shuffle_partitions=None, name="whitespot-train"):
    """A Spark session on `master` (default: spark-submit's, else local[*]) with few shuffle
    partitions (Spark's 200 cost minutes on a small machine) and without ANSI mode."""
    from pyspark.sql import SparkSession
    # Python workers run the python that runs this job (whose pyspark it has), unless set otherwise.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(name)
    if master or not os.environ.get("SPARK_ENV_LOADED"):
        builder = builder.master(master or "local[*]")
    # ANSI mode (Spark 4's default) raises on an impossible date such as 2019-02-30; Whitespot
    # treats it as a bad line, which make_date gives as null without ANSI mode.
    spark = (builder.config("spark.sql.ansi.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .getOrCreate())
    spark.conf.set("spark.sql.shuffle.partitions", str(shuffle_partitions or 2 * spark.sparkContext.defaultParallelism))
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def main(argv=None):
    a = arguments(argv)
    import numpy as np
    from pyspark.ml.recommendation import ALS
    from pyspark.sql import functions as F

    spark = session(a.master, a.shuffle_partitions)
    start = time.monotonic()
    try:
        lines = whitespot_orders.order_lines(
            spark, a.orders, columns=a.columns, date_format=a.date_format, delimiter=a.delimiter,
            decimal_comma=a.decimal_comma,
            exclude_products=product_codes(a.exclude_products) if a.exclude_products else None,
            product_level=a.product_level, skip_bad_lines=a.skip_bad_lines,
            before=day(a.before) if a.before else None, multiline=a.multiline_fields)
        pairs = whitespot_orders.ratings(whitespot_orders.purchase_pairs(lines), a.signal, a.scaling, a.half_life)
    except whitespot_orders.OrderError as e:
        print(f"whitespot_spark_train: {e}", file=sys.stderr)
        return 1
    pairs = pairs.cache()
    # Spark's ALS needs integer ids: index customers and products (sorted ids, so the indices
    # are the same in every run), and carry the ids into the factors file.
    customers = [r[0] for r in pairs.select("customer").distinct().orderBy("customer").collect()]
    products = [r[0] for r in pairs.select("product").distinct().orderBy("product").collect()]
    if not customers:
        print("whitespot_spark_train: the orders hold no purchase", file=sys.stderr)
        return 1
    index = lambda ids, name: spark.createDataFrame(list(enumerate(ids)), [f"{name}_index", name])
    data = (pairs.join(F.broadcast(index(customers, "customer")), "customer")
            .join(F.broadcast(index(products, "product")), "product")
            .select("customer_index", "product_index", "rating").cache())
    pair_count = data.count()
    ingest_seconds = time.monotonic() - start
    if a.pairs_out:
        rows = pairs.select("customer", "product", "lines", "quantity", "revenue", "last_day", "rating").collect()
        import csv
        with open(a.pairs_out, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["customer_id", "product_id", "lines", "quantity", "revenue", "last_day", "rating"])
            for r in rows:
                w.writerow([r[0], r[1], r[2], repr(r[3]), repr(r[4]), r[5], repr(r[6])])

    reg_param = a.reg_param if a.reg_param is not None else \
        a.regularization * (len(customers) + len(products)) / (2.0 * pair_count)
    als = ALS(rank=a.factors, maxIter=a.iterations, regParam=reg_param, alpha=a.alpha, implicitPrefs=True,
              nonnegative=False, seed=a.seed, userCol="customer_index", itemCol="product_index", ratingCol="rating",
              numUserBlocks=a.blocks or spark.sparkContext.defaultParallelism,
              numItemBlocks=a.blocks or spark.sparkContext.defaultParallelism)
    fit_start = time.monotonic()
    model = als.fit(data)
    user_rows = sorted(model.userFactors.collect())   # (id, features); forces the fit
    item_rows = sorted(model.itemFactors.collect())
    fit_seconds = time.monotonic() - fit_start

    def matrix(rows, count):
        out = np.zeros((count, a.factors), dtype=np.float32)
        for i, features in rows:
            out[i] = features
        return out

    import pyspark
    parameters = {"factors": a.factors, "iterations": a.iterations, "regularization": a.regularization,
                  "alpha": a.alpha, "signal": a.signal, "scaling": a.scaling, "solver": "cholesky", "cgSteps": 3,
                  "threads": spark.sparkContext.defaultParallelism, "seed": a.seed}
    if a.half_life is not None:
        parameters["halfLifeDays"] = a.half_life
    trainer = (f"Spark MLlib ALS {pyspark.__version__} (implicitPrefs, rank {a.factors}, maxIter {a.iterations}, "
               f"regParam {reg_param:.6g}, alpha {a.alpha:g}, seed {a.seed})")
    try:
        contents = whitespot_factors.encode(customers, matrix(user_rows, len(customers)), products,
                                            matrix(item_rows, len(products)), parameters, pair_count, trainer)
        whitespot_factors.write(a.out, contents)
    except (ValueError, OSError) as e:
        print(f"whitespot_spark_train: {a.out}: {e}", file=sys.stderr)
        return 1
    summary = {"factors_file": a.out, "customers": len(customers), "products": len(products), "pairs": pair_count,
               "ingest_seconds": ingest_seconds, "fit_seconds": fit_seconds, "reg_param": reg_param,
               "parallelism": spark.sparkContext.defaultParallelism, "trainer": trainer}
    if a.json:
        print(json.dumps(summary))
    else:
        print(f"Trained {len(customers):,} customers x {len(products):,} products ({pair_count:,} purchases) "
              f"with {trainer} in {fit_seconds:.1f} s\nSaved {a.out}")
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
