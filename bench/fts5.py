#!/usr/bin/env python3
"""SQLite FTS5 peer for bench/compare.sh (Python's built-in sqlite3 only).

    fts5.py index DB JSONL_DIR            # one transaction, `optimize` at the end
    fts5.py query DB QUERIES.tsv ITERS    # warm latency, bm25() + snippet(), top 10

The table mirrors our schema's searchable part: `id` (unindexed), `title`,
`body`, Porter-stemmed like Tantivy's `en_stem`; bm25 weighs title matches
double, as we do. Facet- and amount-filtered queries have no FTS5
equivalent and are skipped (their kinds are printed as skipped).
"""
import json
import os
import sqlite3
import sys
import time

TEXT_KINDS = {"rare", "common", "and", "or", "phrase"}
SQL = (
    "SELECT id, title, snippet(docs, 2, '**', '**', '…', 32), bm25(docs, 0.0, 2.0, 1.0) AS s "
    "FROM docs WHERE docs MATCH ? ORDER BY s LIMIT 10"
)


def index(db, folder):
    if os.path.exists(db):
        os.remove(db)
    con = sqlite3.connect(db)
    con.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, tokenize='porter unicode61')"
    )
    count = 0
    with con:  # one transaction
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".jsonl"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                rows = (
                    (d["id"], d["title"], d["body"]) for d in map(json.loads, f)
                )
                cur = con.executemany("INSERT INTO docs VALUES (?, ?, ?)", rows)
                count += cur.rowcount
        con.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    con.close()
    print(json.dumps({"articles": count}))


def query(db, queries_file, iters):
    con = sqlite3.connect(db)
    out = []
    queries = []
    with open(queries_file, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            queries.append((cols[0], cols[1]))
    for kind, text in queries:  # warm-up
        if kind in TEXT_KINDS:
            con.execute(SQL, (text,)).fetchall()
    for kind, text in queries:
        if kind not in TEXT_KINDS:
            out.append({"kind": kind, "text": text, "skipped": True})
            continue
        samples = []
        rows = []
        for _ in range(iters):
            start = time.perf_counter()
            rows = con.execute(SQL, (text,)).fetchall()
            samples.append((time.perf_counter() - start) * 1e6)
        out.append({"kind": kind, "text": text, "hits": len(rows), "samples_us": samples})
    print(json.dumps({"queries": out}))


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "index":
        index(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 5 and sys.argv[1] == "query":
        query(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
