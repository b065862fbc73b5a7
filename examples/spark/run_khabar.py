#!/usr/bin/env python3
"""Run `khabar stream` over a JSONL corpus with PySpark and write the records.

    spark-submit examples/spark/run_khabar.py CORPUS OUT --khabar /opt/khabar/bin/khabar

CORPUS is anything `SparkContext.textFile` reads (a file, a folder, a glob, `.gz` files,
`hdfs://...`, `s3a://...`) holding one JSON article a line: `id`, `text` (or `maintext`),
and optionally `title`, `date` (or `date_publish`), `url`, `source`.
OUT is a new folder of `part-NNNNN` files, one JSON record a line, one record per article.

Every partition is piped through one `khabar stream` process, which loads the gazetteer once
and analyses its records in parallel batches.
`checkCode=True` is what makes a failing `khabar` fail the task: without it PySpark ignores
the exit status and a task whose `khabar` stopped on a bad record would look like a short,
successful partition.
"""

import argparse
import shlex
import sys
import time


def khabar_command(khabar, threads=1, on_error="fail", gazetteers=(), no_default_gazetteer=False,
                   reference_date=None, batch_size=None):
    """The `khabar stream` command line, as the one string `RDD.pipe` wants.

    `khabar` must be an absolute path (or be in /bin or /usr/bin): PySpark's `pipe` runs the
    command with only the `env` it is given, so without one there is no PATH.
    """
    cmd = [khabar, "stream", "--quiet", "--threads", str(threads), "--on-error", on_error]
    for g in gazetteers:
        cmd += ["--gazetteer", g]
    if no_default_gazetteer:
        cmd.append("--no-default-gazetteer")
    if reference_date:
        cmd += ["--reference-date", reference_date]
    if batch_size:
        cmd += ["--batch-size", str(batch_size)]
    return shlex.join(cmd)


def khabar_records(sc, corpus, command, partitions=None):
    """An RDD of khabar's JSON records (strings) for the JSONL articles in `corpus`.

    The records of one partition come out in the order of its input lines.
    """
    lines = sc.textFile(corpus, minPartitions=partitions)
    return lines.pipe(command, checkCode=True)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("corpus", help="JSONL articles (file, folder or glob; any textFile URL)")
    p.add_argument("out", help="output folder for the JSONL records (must not exist)")
    p.add_argument("--khabar", default="/usr/local/bin/khabar",
                   help="absolute path of the khabar binary on every executor")
    p.add_argument("--threads", type=int, default=1,
                   help="khabar threads per task: match spark.task.cpus (default 1)")
    p.add_argument("--on-error", choices=["fail", "skip"], default="fail",
                   help="fail: a bad record fails the task; skip: it becomes an error record")
    p.add_argument("--gazetteer", action="append", default=[],
                   help="gazetteer file, at the same path on every executor (repeatable)")
    p.add_argument("--no-default-gazetteer", action="store_true")
    p.add_argument("--reference-date", help="YYYY-MM-DD anchor for articles without a date")
    p.add_argument("--partitions", type=int, default=None, help="minimum number of input partitions")
    p.add_argument("--master", default=None, help="Spark master, e.g. local[2] (default: from spark-submit)")
    args = p.parse_args(argv)

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("khabar")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        command = khabar_command(args.khabar, args.threads, args.on_error, args.gazetteer,
                                 args.no_default_gazetteer, args.reference_date)
        started = time.monotonic()
        khabar_records(spark.sparkContext, args.corpus, command, args.partitions).saveAsTextFile(args.out)
        print(f"run_khabar: records in {args.out} ({time.monotonic() - started:.1f}s)", file=sys.stderr)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
