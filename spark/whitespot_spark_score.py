#!/usr/bin/env python3
"""Score with the `whitespot` binary as Spark tasks: one task per `--shard i/n`.

Ships the binary and the model with the job (SparkContext.addFile), runs `whitespot score
... --shard i/n --shard-layout contiguous --out -` in task i - 1 (mapPartitionsWithIndex over n
partitions) and saves the rows as part files: part-00000 holds the CSV header and shard 1,
part-00001 shard 2, and so on, so that the part files concatenated in order are byte for byte
the output of one `whitespot score` run with the same flags.

    python3 spark/whitespot_spark_score.py --shards 4 --binary .build/release/whitespot \\
        --model models/tuned.safetensors --output recommendations-parts -- orders.csv --columns ... --top 3

Everything after `--` goes to `whitespot score` unchanged (orders file or --orders-db, mapping,
list flags). The orders must be readable from every executor at the same path (a shared file
system or a database); `--ship-orders` sends a local orders file with the job instead. The
executors need the binary's shared libraries (libopenblas0, libsqlite3-0, libpq5).
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def arguments(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--shards", type=int, required=True, help="number of shards (Spark tasks)")
    p.add_argument("--binary", required=True, help="the whitespot binary to ship")
    p.add_argument("--model", required=True, help="the model file to ship")
    p.add_argument("--output", required=True, help="directory of the part files (must not exist)")
    p.add_argument("--ship-orders", action="store_true", help="ship the orders file (the first score argument) too")
    p.add_argument("--threads", type=int, default=1, help="whitespot score --threads per task (default 1)")
    p.add_argument("--master", help="Spark master (default: spark-submit's, else local[*])")
    p.add_argument("score", nargs=argparse.REMAINDER, help="-- then the arguments of whitespot score")
    a = p.parse_args(argv)
    a.score = a.score[1:] if a.score[:1] == ["--"] else a.score
    if a.shards < 1:
        p.error("--shards must be at least 1")
    if not a.score:
        p.error("give the whitespot score arguments after --, e.g. -- orders.csv --top 3")
    for flag in ("--shard", "--shard-layout", "--out", "--out-db", "--model", "--model-dir", "--threads"):
        if any(arg == flag or arg.startswith(flag + "=") for arg in a.score):
            p.error(f"{flag} is set by this job; leave it out of the score arguments")
    for path in (a.binary, a.model):
        if not os.path.isfile(path):
            p.error(f"{path}: no such file")
    return a


def shard_rows(index, shards, binary, model, orders, score_arguments, threads):
    """The output lines of `whitespot score --shard index+1/shards` (a generator run in a task):
    without the header except in shard 1, without line ends (saveAsTextFile adds them back)."""
    from pyspark import SparkFiles
    work = tempfile.mkdtemp(prefix="whitespot-shard-")
    try:
        # SparkFiles are shared by the tasks of an executor: run a private executable copy.
        executable = os.path.join(work, "whitespot")
        shutil.copy(SparkFiles.get(os.path.basename(binary)), executable)
        os.chmod(executable, 0o755)
        arguments = list(score_arguments)
        if orders is not None:
            arguments[0] = SparkFiles.get(os.path.basename(orders))
        command = [executable, "score", *arguments, "--model", SparkFiles.get(os.path.basename(model)),
                   "--shard", f"{index + 1}/{shards}", "--shard-layout", "contiguous",
                   "--threads", str(threads), "--out", "-"]
        with open(os.path.join(work, "stderr"), "w+b") as err:
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=err)
            first = True
            for line in process.stdout:
                if first and index > 0:
                    first = False
                    continue
                first = False
                yield line.decode("utf-8").removesuffix("\n")
            if process.wait() != 0:
                err.seek(0)
                raise RuntimeError(f"whitespot score --shard {index + 1}/{shards} failed "
                                   f"(exit {process.returncode}): {err.read().decode('utf-8', 'replace')}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv=None):
    a = arguments(argv)
    from whitespot_spark_train import session
    spark = session(a.master, name="whitespot-score")
    context = spark.sparkContext
    context.addFile(os.path.abspath(a.binary))
    context.addFile(os.path.abspath(a.model))
    orders = None
    if a.ship_orders:
        orders = os.path.abspath(a.score[0])
        context.addFile(orders)
    shards, binary, model, score, threads = a.shards, a.binary, a.model, a.score, a.threads
    rows = context.parallelize(range(shards), shards).mapPartitionsWithIndex(
        lambda index, _: shard_rows(index, shards, binary, model, orders, score, threads))
    try:
        rows.saveAsTextFile(a.output)
    except Exception as e:  # Py4JJavaError wrapping the task's RuntimeError: print its message only
        reason = next((line.split(": ", 1)[1] for line in str(e).splitlines() if line.startswith("RuntimeError: ")), str(e))
        print(f"whitespot_spark_score: {reason}", file=sys.stderr)
        spark.stop()
        return 1
    parts = sorted(f for f in os.listdir(a.output) if f.startswith("part-")) if os.path.isdir(a.output) else []
    print(f"Scored {shards} shards into {a.output}" + (f" ({len(parts)} part files)" if parts else ""))
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
