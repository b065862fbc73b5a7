#!/usr/bin/env python3
"""The check behind `cargo xtask spark-test`: `khabar stream` under a local[2] PySpark job.

    python spark_test.py --khabar BIN --corpus corpus.jsonl --bad bad.jsonl \
        --reference documents.jsonl --work DIR [--partitions 4]

1. The corpus goes through `run_khabar.khabar_records` (`rdd.pipe(..., checkCode=True)`) over
   several partitions and is saved with `saveAsTextFile`; the union of the records must equal
   the reference (`khabar run --format jsonl`'s `documents.jsonl`) doc_id by doc_id, whole
   records (the two are written by one serializer), and the part files read in order must
   give the input order.
2. A corpus with one malformed line must fail the job (`--on-error fail` + `checkCode=True`).
3. The same corpus with `--on-error skip` must give one record per line, one of them an
   error record naming the line.

Prints `spark-test: N passed, M failed` last and exits 1 when something failed.
"""

import argparse
import glob
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_khabar  # noqa: E402


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def read_parts(folder):
    out = []
    for p in sorted(glob.glob(os.path.join(folder, "part-*"))):
        out.extend(read_jsonl(p))
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--khabar", required=True)
    p.add_argument("--corpus", required=True)
    p.add_argument("--bad", required=True)
    p.add_argument("--reference", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--partitions", type=int, default=4)
    args = p.parse_args()

    # The Python workers must be this interpreter (the one with pyspark), not the first
    # python3 on PATH.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    passed, failed = 0, 0

    def result(name, ok, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
        print(f"spark-test: {'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}", flush=True)

    t0 = time.monotonic()
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("khabar-spark-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.task.maxFailures", "1")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    sc = spark.sparkContext
    print(f"spark-test: local[2] session up in {time.monotonic() - t0:.1f}s", flush=True)
    try:
        corpus_lines = [line for line in open(args.corpus, encoding="utf-8") if line.strip()]
        input_ids = [json.loads(line)["id"] for line in corpus_lines]

        # 1. The whole corpus over several partitions.
        t = time.monotonic()
        cmd = run_khabar.khabar_command(args.khabar, threads=1)
        rdd = run_khabar.khabar_records(sc, args.corpus, cmd, args.partitions)
        parts = rdd.getNumPartitions()
        out = os.path.join(args.work, "records")
        rdd.saveAsTextFile(out)
        records = read_parts(out)
        print(f"spark-test: {len(records)} records from {parts} partitions in {time.monotonic() - t:.1f}s", flush=True)
        result("several partitions", parts >= min(args.partitions, 2), f"{parts} partitions")
        result("one record per input line, in input order", [r.get("doc_id") for r in records] == input_ids,
               f"{len(records)} records for {len(input_ids)} lines")
        reference = {r["doc_id"]: r for r in read_jsonl(args.reference)}
        got = {r["doc_id"]: r for r in records}
        diffs = []
        if set(got) != set(reference):
            diffs.append(f"ids differ: {len(set(got) - set(reference))} only in spark, "
                         f"{len(set(reference) - set(got))} only in the reference")
        for k in sorted(set(got) & set(reference)):
            g, r = got[k], reference[k]
            if g != r:
                fields = sorted(f for f in set(g) | set(r) if g.get(f) != r.get(f))
                diffs.append(f"{k}: {', '.join(fields)} differ")
        n_ent = sum(len(r["entities"]) for r in records)
        n_dat = sum(len(r["dates"]) for r in records)
        result("union of the records equals the reference", not diffs and n_ent > 0,
               "; ".join(diffs[:5]) or f"{len(got)} ids, {n_ent} entities, {n_dat} dates")

        # 2. A malformed record fails the job.
        t = time.monotonic()
        sc.setLogLevel("OFF")  # the expected task failure would print three stack traces
        try:
            run_khabar.khabar_records(sc, args.bad, cmd, 2).saveAsTextFile(os.path.join(args.work, "bad-fail"))
            result("malformed record fails the job with checkCode=True", False, "the job succeeded")
        except Exception as e:  # py4j's Py4JJavaError wraps the task's PythonException
            msg = str(e)
            ok = "PIPE_FUNCTION_EXITED" in msg or "exited with error code" in msg
            result("malformed record fails the job with checkCode=True", ok,
                   f"failed in {time.monotonic() - t:.1f}s" if ok else msg[:300])
        sc.setLogLevel("ERROR")

        # 3. The same corpus with --on-error skip.
        skip_cmd = run_khabar.khabar_command(args.khabar, threads=1, on_error="skip")
        out = os.path.join(args.work, "bad-skip")
        run_khabar.khabar_records(sc, args.bad, skip_cmd, 2).saveAsTextFile(out)
        recs = read_parts(out)
        bad_lines = sum(1 for line in open(args.bad, encoding="utf-8") if line.strip())
        errors = [r for r in recs if "error" in r]
        result("--on-error skip keeps every line, bad ones as error records",
               len(recs) == bad_lines and len(errors) == 1 and errors[0].get("line", 0) > 0,
               f"{len(recs)} records for {bad_lines} lines, {len(errors)} error records")
    finally:
        spark.stop()
    print(f"spark-test: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
