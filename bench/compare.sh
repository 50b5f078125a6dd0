#!/usr/bin/env bash
# Benchmark newsindex against tantivy-cli, SQLite FTS5 and ripgrep on the
# same article text (issue #6). One command, from the repository root:
#
#   bench/compare.sh            # Reuters 1x, 4x, 16x as many files; 1x, 6x and 60x (~1 GB) as
#                               # one file each; BBC (about an hour on 2 cores, 3 GB of disk)
#   bench/compare.sh --quick    # Reuters 1x (as many files and as one) and BBC (a few minutes)
#
# Installs what it lacks (ripgrep, hyperfine, GNU time, sqlite3 from Debian;
# tantivy-cli from crates.io), builds our release binary and benchmark
# example, exports the corpora once as JSON Lines under $BENCH_WORK
# (default target/bench, never committed), runs every engine, and prints one
# Markdown table per corpus size, also written to bench/results/latest.md.
#
# Environment: CORPORA (default ../shared/corpora), BENCH_WORK, THREADS (2),
# QUERY_ITERS (50), HF_RUNS (30), RESULTS (output file).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
QUICK=0
for arg in "$@"; do
    case "$arg" in
        --quick) QUICK=1 ;;
        -h | --help)
            sed -n '2,16p' "$0"
            exit 0
            ;;
        *)
            echo "unknown argument: $arg (try --help)" >&2
            exit 2
            ;;
    esac
done

CORPORA=${CORPORA:-$ROOT/../shared/corpora}
WORK=${BENCH_WORK:-$ROOT/target/bench}
export THREADS=${THREADS:-2}
mkdir -p "$WORK"
log() { echo "[bench] $*" >&2; }

for corpus in reuters21578 bbc; do
    if [[ ! -d $CORPORA/$corpus ]]; then
        echo "missing corpus $CORPORA/$corpus (set CORPORA=...)" >&2
        exit 2
    fi
done

# tantivy-cli compiles for minutes: start it first, in the background.
# (Not --locked: its lock file no longer builds on current toolchains.)
TANTIVY_PID=""
if ! command -v tantivy >/dev/null; then
    log "installing tantivy-cli in the background (log: $WORK/tantivy-install.log)"
    nice cargo install tantivy-cli >"$WORK/tantivy-install.log" 2>&1 &
    TANTIVY_PID=$!
fi

missing=()
command -v rg >/dev/null || missing+=(ripgrep)
command -v hyperfine >/dev/null || missing+=(hyperfine)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
[[ -x /usr/bin/time ]] || missing+=(time)
if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    SUDO=""
    [[ $(id -u) -eq 0 ]] || SUDO=sudo
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
python3 -c 'import sqlite3; sqlite3.connect(":memory:").execute("create virtual table t using fts5(a)")'

log "building newsindex (release)"
cargo build --release --quiet --bin search --example export_jsonl --example bench_query
BIN=$ROOT/target/release

# NAME-1file: the same articles as NAME, as one JSON Lines file (big
# dumps come as one file: it must use every core and keep memory flat).
if [[ $QUICK -eq 1 ]]; then
    REPLICAS=1
    ONE_FILE=(reuters-1x)
    SETS=(bbc-1x reuters-1x reuters-1x-1file)
else
    REPLICAS=1,4,6,16,60
    ONE_FILE=(reuters-1x reuters-6x reuters-60x)
    SETS=(bbc-1x reuters-1x reuters-1x-1file reuters-4x reuters-6x-1file reuters-16x reuters-60x-1file)
fi
# Export once (re-used while the corpora and replicas are the same).
STAMP="$CORPORA $REPLICAS"
if [[ ! -f $WORK/data/manifest.json || $(cat "$WORK/data/stamp" 2>/dev/null) != "$STAMP" ]]; then
    log "exporting JSON Lines to $WORK/data"
    rm -rf "$WORK/data"
    "$BIN/examples/export_jsonl" "$WORK/data" \
        "reuters=$CORPORA/reuters21578:$REPLICAS" "bbc=$CORPORA/bbc"
    for name in "${ONE_FILE[@]}"; do
        mkdir -p "$WORK/data/$name-1file"
        cat "$WORK/data/$name"/*.jsonl >"$WORK/data/$name-1file/all.jsonl"
        # Only the one-file form of the replicas not measured as parts is kept (disk).
        case " ${SETS[*]} " in *" $name "*) ;; *) rm -rf "${WORK:?}/data/$name" ;; esac
        python3 - "$WORK/data/manifest.json" "$name" <<'PY'
import json, sys
path, name = sys.argv[1:3]
manifest = json.load(open(path))
manifest[name + "-1file"] = manifest[name]
json.dump(manifest, open(path, "w"), indent=1)
PY
    done
    echo "$STAMP" >"$WORK/data/stamp"
fi

if [[ -n $TANTIVY_PID ]]; then
    log "waiting for the tantivy-cli install"
    wait "$TANTIVY_PID" || {
        tail -20 "$WORK/tantivy-install.log" >&2
        exit 2
    }
fi
export PATH="$HOME/.cargo/bin:$PATH"

python3 bench/compare.py "$WORK" "$BIN/search" "$BIN/examples/bench_query" "${SETS[@]}"
