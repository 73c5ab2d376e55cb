#!/usr/bin/env python3
"""Throughput of `storyline worker` against one PostgreSQL: 1, 2 and 4 workers drain the same queue.

For each worker count: a fresh database, the corpus enqueued (copies of a JSONL source with fresh ids and a line
naming the copy, so every copy is new content), then N workers with --drain, timed from start to the last exit.
Prints one JSON line per run with articles/s and where the workers' time went (their own summaries).
"""
import argparse, json, os, subprocess, tempfile, time

def psql(psql_bin, url, sql):
    subprocess.run([psql_bin, url, "-qAtc", sql], check=True, stdout=subprocess.DEVNULL)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--pg", required=True, help="postgres:// URL of a role that may create databases")
    ap.add_argument("--psql", default="psql")
    ap.add_argument("--source", required=True)
    ap.add_argument("--copies", type=int, default=6)
    ap.add_argument("--workers", default="1,2,4")
    args = ap.parse_args()

    source = [json.loads(line) for line in open(args.source, encoding="utf-8") if line.strip()]
    corpus = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8")
    for copy in range(args.copies):
        for record in source:
            record = dict(record)
            record["id"] = f"c{copy}-{record['id']}"
            record["text"] = f"{record.get('text', '')}\n\nCopy {copy}."
            record.pop("event", None)
            corpus.write(json.dumps(record) + "\n")
    corpus.close()
    server = args.pg.rsplit("/", 1)[0]
    for workers in [int(n) for n in args.workers.split(",")]:
        database = f"storyline_bench_{workers}"
        psql(args.psql, args.pg, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        psql(args.psql, args.pg, f"CREATE DATABASE {database}")
        url = f"{server}/{database}"
        queued = json.loads(subprocess.run([args.bin, "enqueue", corpus.name, "--db", url, "--json"],
                                           check=True, capture_output=True, text=True).stdout)["queued"]
        started = time.monotonic()
        procs = [subprocess.Popen([args.bin, "worker", "--db", url, "--drain", "--poll", "0.05"],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
                 for _ in range(workers)]
        summaries = [json.loads(p.communicate()[0]) for p in procs]
        seconds = time.monotonic() - started
        print(json.dumps({
            "workers": workers, "articles": queued, "seconds": round(seconds, 2),
            "articles_per_second": round(queued / seconds, 1),
            "analyze_seconds": [round(s["analyze_seconds"], 2) for s in summaries],
            "cluster_seconds": [round(s["cluster_seconds"], 2) for s in summaries],
            "analyzed": [s["analyzed"] for s in summaries],
            "clustered": [s["clustered"] for s in summaries],
        }), flush=True)
        psql(args.psql, args.pg, f"DROP DATABASE {database} WITH (FORCE)")
    os.unlink(corpus.name)

if __name__ == "__main__":
    main()
