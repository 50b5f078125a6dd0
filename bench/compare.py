#!/usr/bin/env python3
"""Driver of bench/compare.sh: index and query every corpus with every engine,
then print one Markdown table per corpus size (and write bench/results/latest.md).

    compare.py WORK_DIR SEARCH_BIN BENCH_QUERY_BIN CORPUS...   (CORPUS: a folder name under WORK_DIR/data)

Environment: THREADS (2), QUERY_ITERS (50), HF_RUNS (30), RESULTS (output file),
FTS5_MAX_MB (200: FTS5 indexes only sets up to this many MB of text; it takes
minutes a gigabyte and its figures there add nothing the smaller sets do not).
Nothing but the standard library; the engines are run as processes.
"""
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
THREADS = int(os.environ.get("THREADS", "2"))
QUERY_ITERS = int(os.environ.get("QUERY_ITERS", "50"))
HF_RUNS = int(os.environ.get("HF_RUNS", "30"))
FTS5_MAX_MB = float(os.environ.get("FTS5_MAX_MB", "200"))
QUERIES = os.path.join(HERE, "queries.tsv")
TEXT_KINDS = ["rare", "common", "and", "or", "phrase"]
OUR_KINDS = TEXT_KINDS + ["facet", "amount", "filter"]
# Whole-process queries: a rare word (a handful of hits) and a word that is nowhere.
CLI_QUERIES = [("rare", "zambia"), ("zero-hit", "qwertzuiop")]
# Whole-process filter-only queries (ours only): by an alias and by a country.
CLI_FILTERS = [("org alias", ["--org", "Opec"]), ("country", ["--country", "Japan"])]

# tantivy-cli schema equivalent to ours for the searchable text: title and
# body with positions, en_stem, stored; the id stored (tantivy-cli never
# deletes, so it need not be indexed).
TANTIVY_META = {
    "index_settings": {"docstore_compression": "lz4", "docstore_blocksize": 16384},
    "segments": [],
    "schema": [
        {"name": "id", "type": "text", "options": {"stored": True, "fast": False}},
    ]
    + [
        {
            "name": name,
            "type": "text",
            "options": {
                "indexing": {"record": "position", "fieldnorms": True, "tokenizer": "en_stem"},
                "stored": True,
                "fast": False,
            },
        }
        for name in ("title", "body")
    ],
    "opstamp": 0,
}


def log(msg):
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def timed(cmd, **kw):
    """Run cmd under /usr/bin/time -v: (wall seconds, peak RSS bytes, stdout)."""
    start = time.perf_counter()
    proc = subprocess.run(
        ["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True, **kw
    )
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {shlex.join(cmd)}\n{proc.stderr[-3000:]}")
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))
    return wall, rss_kb * 1024, proc.stdout


def du(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(root, f)) for f in files)
    return total


def pct(samples, q):
    s = sorted(samples)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def summarise(queries, kinds):
    """p50 / p99 over all samples of the queries of these kinds, and per kind p50."""
    all_samples = [x for q in queries if q["kind"] in kinds and "samples_us" in q for x in q["samples_us"]]
    per_kind = {}
    for kind in kinds:
        s = [x for q in queries if q["kind"] == kind and "samples_us" in q for x in q["samples_us"]]
        if s:
            per_kind[kind] = statistics.median(s)
    if not all_samples:
        return None
    return {"p50": pct(all_samples, 0.5), "p99": pct(all_samples, 0.99), "kinds": per_kind}


def tantivy_bench(index_dir, text_queries_file, iters):
    """tantivy-cli `bench`: per-query search (top 10 + count) and doc-fetch times."""
    out = subprocess.run(
        ["tantivy", "bench", "-i", index_dir, "-q", text_queries_file, "-n", str(iters)],
        capture_output=True, text=True, check=True,
    ).stdout
    search, fetch = out.split("FETCH STORE")
    samples = {}
    for line in search.splitlines():
        cols = line.split("\t")
        if len(cols) == 3 and cols[2].isdigit():
            samples.setdefault(cols[0], []).append(float(cols[2]))
    fetches = {}
    for line in fetch.splitlines():
        cols = line.split("\t")
        if len(cols) == 2 and cols[1].isdigit():
            fetches.setdefault(cols[0], []).append(float(cols[1]))
    return samples, fetches


def hyperfine(commands, json_out):
    cmd = ["hyperfine", "-N", "-i", "--output=pipe", "--warmup", "5", "--runs", str(HF_RUNS),
           "--export-json", json_out]
    for name, argv in commands:
        cmd += ["-n", name, shlex.join(argv)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(json_out) as f:
        results = json.load(f)["results"]
    return {r["command"]: statistics.median(r["times"]) for r in results}


def run_corpus(work, search_bin, bench_query_bin, corpus, manifest):
    data = os.path.join(work, "data", corpus)
    idx = os.path.join(work, "idx", corpus)
    os.makedirs(idx, exist_ok=True)
    files = sorted(os.path.join(data, f) for f in os.listdir(data) if f.endswith(".jsonl"))
    meta = manifest[corpus]
    text_bytes, articles = meta["text_bytes"], meta["articles"]
    res = {"corpus": corpus, "articles": articles, "text_bytes": text_bytes,
           "jsonl_bytes": sum(os.path.getsize(f) for f in files), "engines": {}}

    # ---- indexing
    ours_dir = os.path.join(idx, "ours")
    shutil.rmtree(ours_dir, ignore_errors=True)
    log(f"{corpus}: indexing with newsindex")
    wall, rss, _ = timed([search_bin, "--index", ours_dir, "index", data])
    res["engines"]["ours"] = {"index_s": wall, "rss": rss, "size": du(ours_dir)}

    tv_dir = os.path.join(idx, "tantivy")
    shutil.rmtree(tv_dir, ignore_errors=True)
    os.makedirs(tv_dir)
    with open(os.path.join(tv_dir, "meta.json"), "w") as f:
        json.dump(TANTIVY_META, f)
    log(f"{corpus}: indexing with tantivy-cli")
    cat = shlex.join(["cat"] + files)
    wall, rss, _ = timed(["sh", "-c", f"{cat} | tantivy index -i {shlex.quote(tv_dir)} -t {THREADS}"])
    res["engines"]["tantivy"] = {"index_s": wall, "rss": rss, "size": du(tv_dir)}

    db = os.path.join(idx, "fts5.db")
    with_fts5 = text_bytes / 1e6 <= FTS5_MAX_MB
    if with_fts5:
        log(f"{corpus}: indexing with SQLite FTS5")
        if os.path.exists(db):
            os.remove(db)
        wall, rss, _ = timed([sys.executable, os.path.join(HERE, "fts5.py"), "index", db, data])
        res["engines"]["fts5"] = {"index_s": wall, "rss": rss, "size": du(db)}

    # ---- warm in-process queries
    log(f"{corpus}: warm queries (newsindex)")
    out = subprocess.run([bench_query_bin, ours_dir, QUERIES, str(QUERY_ITERS)],
                         capture_output=True, text=True, check=True).stdout
    ours_q = json.loads(out)["queries"]
    res["engines"]["ours"]["warm"] = summarise(ours_q, TEXT_KINDS)
    res["engines"]["ours"]["warm_all"] = summarise(ours_q, OUR_KINDS)

    res["engines"]["ours"]["warm_filter"] = summarise(ours_q, ["filter"])
    res["engines"]["ours"]["queries"] = len(ours_q)

    if with_fts5:
        log(f"{corpus}: warm queries (FTS5)")
        out = subprocess.run([sys.executable, os.path.join(HERE, "fts5.py"), "query", db, QUERIES,
                              str(QUERY_ITERS)], capture_output=True, text=True, check=True).stdout
        res["engines"]["fts5"]["warm"] = summarise(json.loads(out)["queries"], TEXT_KINDS)

    log(f"{corpus}: warm queries (tantivy-cli bench)")
    text_file = os.path.join(idx, "text-queries.txt")
    kinds = {}
    with open(QUERIES) as f, open(text_file, "w") as g:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 2 and cols[0] in TEXT_KINDS:
                g.write(cols[1] + "\n")
                kinds[cols[1]] = cols[0]
    search, fetch = tantivy_bench(tv_dir, text_file, QUERY_ITERS)
    # Per run: search (top 10 + count) plus fetching the 10 stored docs.
    tq = []
    for text, s in search.items():
        f = fetch.get(text, [0.0] * len(s))
        tq.append({"kind": kinds.get(text, "?"), "text": text,
                   "samples_us": [a + b for a, b in zip(s, f)]})
    res["engines"]["tantivy"]["warm"] = summarise(tq, TEXT_KINDS)

    # ---- whole-process latency of one CLI query
    log(f"{corpus}: whole-process queries (hyperfine)")
    fts_sql = ("SELECT id, title, snippet(docs, 2, '**', '**', '…', 32) FROM docs "
               "WHERE docs MATCH '{q}' ORDER BY bm25(docs, 0.0, 2.0, 1.0) LIMIT 10")
    cli = {}
    for label, q in CLI_QUERIES:
        cmds = [
            ("ours", [search_bin, "--index", ours_dir, "query", q]),
            ("tantivy", ["tantivy", "search", "-i", tv_dir, "-q", q]),
            ("fts5", ["sqlite3", db, fts_sql.format(q=q)]),
            ("rg", ["rg", "-i", "-w", q, data]),
        ]
        if not with_fts5:
            cmds = [c for c in cmds if c[0] != "fts5"]
        cli[label] = hyperfine(cmds, os.path.join(idx, f"hyperfine-{label}.json"))
    res["cli"] = cli
    res["cli_filters"] = {}
    for label, args in CLI_FILTERS:
        cmds = [("ours", [search_bin, "--index", ours_dir, "query", ""] + args)]
        slug = label.replace(" ", "-")
        res["cli_filters"][label] = hyperfine(cmds, os.path.join(idx, f"hyperfine-{slug}.json"))["ours"]
    return res


def fmt_s(x):
    return f"{x:.2f} s" if x >= 1 else f"{x * 1000:.0f} ms"


def fmt_us(x):
    return f"{x / 1000:.2f} ms" if x >= 1000 else f"{x:.0f} µs"


def fmt_ms(x):
    return f"{x * 1000:.1f} ms"


def ratio(ours, peer, higher_is_better):
    if not ours or not peer:
        return "–"
    r = ours / peer if higher_is_better else peer / ours
    return f"{r:.2f}×"


def table(res):
    e = res["engines"]
    mb = res["text_bytes"] / 1e6
    lines = [
        f"### {res['corpus']}: {res['articles']:,} articles, {mb:.1f} MB of text "
        f"({res['jsonl_bytes'] / 1e6:.1f} MB JSONL)",
        "",
        "Ratios read as *our advantage*: above 1× we are better (faster, smaller, leaner).",
        "",
        "| metric | newsindex | tantivy-cli | SQLite FTS5 | ripgrep | vs tantivy-cli | vs FTS5 | vs ripgrep |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def row(name, key, fmt, higher_is_better, peers=("tantivy", "fts5")):
        vals = {k: key(v) if v is not None else None for k, v in e.items()}
        cells = [fmt(vals[k]) if vals.get(k) is not None else "–" for k in ("ours", "tantivy", "fts5")]
        rat = [ratio(vals["ours"], vals.get(p), higher_is_better) if p in peers else "–"
               for p in ("tantivy", "fts5")]
        lines.append(f"| {name} | {' | '.join(cells)} | – | {' | '.join(rat)} | – |")

    row("indexing wall time", lambda v: v["index_s"], fmt_s, False)
    row("articles/s", lambda v: res["articles"] / v["index_s"], lambda x: f"{x:,.0f}", True)
    row("MB/s of text", lambda v: mb / v["index_s"], lambda x: f"{x:.1f}", True)
    row("peak RSS (indexing)", lambda v: v["rss"], lambda x: f"{x / 2**20:.0f} MiB", False)
    row("index size (% of text)", lambda v: v["size"] / res["text_bytes"] * 100,
        lambda x: f"{x:.0f} %", False)

    def warm(key, kind=None):
        def get(v):
            w = v.get("warm")
            if not w:
                return None
            return w["kinds"].get(kind) if kind else w[key]
        return get

    row("warm query p50 (text kinds)", warm("p50"), fmt_us, False)
    row("warm query p99 (text kinds)", warm("p99"), fmt_us, False)
    for kind in TEXT_KINDS:
        row(f"  p50 {kind}", warm(None, kind), fmt_us, False)
    wa = e["ours"]["warm_all"]
    for kind in ("facet", "amount"):
        if kind in wa["kinds"]:
            lines.append(f"| p50 {kind} (ours only) | {fmt_us(wa['kinds'][kind])} | – | – | – | – | – | – |")
    wf = e["ours"].get("warm_filter")
    if wf:
        lines.append(f"| filter-only p50 / p99 (ours only) | {fmt_us(wf['p50'])} / {fmt_us(wf['p99'])} "
                     "| – | – | – | – | – | – |")
    lines.append(f"| warm p50 / p99, all {e['ours']['queries']} queries (ours) | {fmt_us(wa['p50'])} / "
                 f"{fmt_us(wa['p99'])} | – | – | – | – | – | – |")
    for label, q in CLI_QUERIES:
        c = res["cli"][label]
        cells = [fmt_ms(c[k]) if k in c else "–" for k in ("ours", "tantivy", "fts5", "rg")]
        rat = [ratio(c["ours"], c.get(k), False) for k in ("tantivy", "fts5", "rg")]
        lines.append(f"| one CLI process, {label} `{q}` | {' | '.join(cells)} | {' | '.join(rat)} |")
    for label, args in CLI_FILTERS:
        t = res.get("cli_filters", {}).get(label)
        if t is not None:
            lines.append(f"| one CLI process, {label} `{shlex.join(args)}` (ours only) | {fmt_ms(t)} "
                         "| – | – | – | – | – | – |")
    return "\n".join(lines)


def targets(results):
    """The issue's targets, checked against this run's figures."""
    by = {r["corpus"]: r for r in results}
    out = ["### Targets (issue #6)", "", "| target | figure | met |", "|---|---|---|"]

    def add(name, figure, ok):
        out.append(f"| {name} | {figure} | {'yes' if ok else '**no**'} |")

    base = by.get("reuters-1x")
    if base:
        e = base["engines"]
        mbs = {k: base["text_bytes"] / 1e6 / v["index_s"] for k, v in e.items()}
        add("indexing ≥ 0.8× tantivy-cli (Reuters 1×)",
            f"{mbs['ours']:.1f} vs {mbs['tantivy']:.1f} MB/s = {mbs['ours'] / mbs['tantivy']:.2f}×",
            mbs["ours"] >= 0.8 * mbs["tantivy"])
        add("indexing ≥ 2× FTS5",
            f"{mbs['ours']:.1f} vs {mbs['fts5']:.1f} MB/s = {mbs['ours'] / mbs['fts5']:.2f}×",
            mbs["ours"] >= 2 * mbs["fts5"])
        size = e["ours"]["size"] / base["text_bytes"] * 100
        add("index size ≤ 80 % of text", f"{size:.0f} %", size <= 80)
        w = e["ours"]["warm"]
        add("warm p50 ≤ 300 µs", fmt_us(w["p50"]), w["p50"] <= 300)
        add("warm p99 ≤ 3 ms", fmt_us(w["p99"]), w["p99"] <= 3000)
        common_ours = w["kinds"]["common"]
        common_fts = e["fts5"]["warm"]["kinds"]["common"]
        add("common terms ≥ 10× faster than FTS5 with snippet()",
            f"{fmt_us(common_ours)} vs {fmt_us(common_fts)} = {common_fts / common_ours:.1f}×",
            common_fts >= 10 * common_ours)
        one = base["cli"]["rare"]["ours"]
        add("one `search query` process ≤ 5 ms at 1×", fmt_ms(one), one <= 0.005)
    for r in results:
        add(f"peak RSS ≤ 300 MB ({r['corpus']})", f"{r['engines']['ours']['rss'] / 1e6:.0f} MB",
            r["engines"]["ours"]["rss"] <= 300e6)
    big = by.get("reuters-16x")
    if base and big:
        g = big["engines"]["ours"]["warm"]["p50"] / base["engines"]["ours"]["warm"]["p50"]
        add("warm p50 grows ≤ 4× from 1× to 16×", f"{g:.1f}×", g <= 4)
        one = big["cli"]["rare"]["ours"]
        add("one `search query` process ≤ 10 ms at 16×", fmt_ms(one), one <= 0.010)
        t = big["engines"]["ours"]["index_s"] / base["engines"]["ours"]["index_s"]
        add("indexing time 1× → 16× grows ≤ 17×", f"{t:.1f}×", t <= 17)
    return "\n".join(out)


def scale_targets(results):
    """Issue #21's targets (one big file, a gigabyte), against this run's figures."""
    by = {r["corpus"]: r for r in results}
    out = ["### Targets (issue #21)", "", "| target | figure | met |", "|---|---|---|"]

    def add(name, figure, ok):
        out.append(f"| {name} | {figure} | {'yes' if ok else '**no**'} |")

    for name in ("reuters-1x", "reuters-1x-1file", "reuters-6x-1file", "reuters-60x-1file"):
        r = by.get(name)
        if not r:
            continue
        e = r["engines"]
        speed = e["tantivy"]["index_s"] / e["ours"]["index_s"]
        add(f"indexing ≥ 0.75× tantivy-cli ({name})",
            f"{fmt_s(e['ours']['index_s'])} vs {fmt_s(e['tantivy']['index_s'])} = {speed:.2f}×",
            speed >= 0.75)
        rss = e["ours"]["rss"] / e["tantivy"]["rss"]
        add(f"peak RSS ≤ 2× tantivy-cli's ({name})",
            f"{e['ours']['rss'] / 2**20:.0f} vs {e['tantivy']['rss'] / 2**20:.0f} MiB = {rss:.2f}×",
            rss <= 2)
    small, big = by.get("reuters-6x-1file"), by.get("reuters-60x-1file")
    if small and big:
        growth = big["engines"]["ours"]["rss"] / small["engines"]["ours"]["rss"]
        add("peak RSS flat from 100 MB to 1 GB (6× → 60×, ≤ 1.25×)", f"{growth:.2f}×", growth <= 1.25)
    if big:
        w = big["engines"]["ours"]["warm"]
        add("warm top-10 p50 ≤ 2 ms at 1 GB", fmt_us(w["p50"]), w["p50"] <= 2000)
        add("warm top-10 p99 ≤ 20 ms at 1 GB", fmt_us(w["p99"]), w["p99"] <= 20000)
        one = max(big["cli"][label]["ours"] for label, _ in CLI_QUERIES)
        add("one `search query` process ≤ 15 ms at 1 GB", fmt_ms(one), one <= 0.015)
        wf = big["engines"]["ours"].get("warm_filter")
        if wf:
            add("filter-only query (canonical name or alias) ≤ 10 ms warm at 1 GB (p99)",
                fmt_us(wf["p99"]), wf["p99"] <= 10000)
    return "\n".join(out)


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    work, search_bin, bench_query_bin = sys.argv[1:4]
    corpora = sys.argv[4:]
    with open(os.path.join(work, "data", "manifest.json")) as f:
        manifest = json.load(f)
    results = [run_corpus(work, search_bin, bench_query_bin, c, manifest) for c in corpora]
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    head = subprocess.run(["git", "-C", HERE, "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True).stdout.strip()
    tv = subprocess.run(["tantivy", "--version"], capture_output=True, text=True).stdout.strip()
    doc = [
        "# Benchmark: newsindex vs tantivy-cli vs SQLite FTS5 vs ripgrep",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.cpu_count()} cores, "
        f"commit {head or '?'} (working tree), {tv or 'tantivy-cli'}, SQLite {__import__('sqlite3').sqlite_version}, "
        f"{THREADS} indexing threads, {QUERY_ITERS} runs per warm query, {HF_RUNS} hyperfine runs. "
        "Produced by `bench/compare.sh`; absolute times are noisy on this shared machine, "
        "the ratios (same run) are what count.",
        "",
        "- Same text for all: the corpora exported once as JSON Lines (`id`, `title`, `body`); "
        "newsindex indexes those files itself (parsing and facet extraction included).",
        "- tantivy-cli: title and body with positions, `en_stem`, stored; its default 1 GB writer budget. "
        "FTS5: `porter unicode61`, one transaction, `optimize`.",
        "- Warm queries: 25 text queries (5 each of rare, common, two-term AND, OR, phrase); newsindex "
        "returns top 10 **with a snippet each, total hit count and tiered ranking**; FTS5 top 10 with "
        "`bm25()` and `snippet()`; tantivy-cli `bench` = top 10 + count, plus fetching the 10 stored docs. "
        "Facet- and amount-filtered queries (10 more) exist only for newsindex.",
        "- One CLI process (hyperfine, warm cache, output piped): `search query` prints top 10 with "
        "snippets; `tantivy search` prints every hit as JSON; `sqlite3` top 10 with snippet(); "
        "`rg -i -w` prints matching lines of the JSONL.",
        "",
    ]
    for r in results:
        doc += [table(r), ""]
    doc += [targets(results), "", scale_targets(results), ""]
    text = "\n".join(doc)
    print(text)
    out = os.environ.get("RESULTS", os.path.join(HERE, "results", "latest.md"))
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
