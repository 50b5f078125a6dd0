#!/usr/bin/env bash
# Extraction parity check for speed work (issue 21): dumps what `extract`
# and `extract_with_evidence` return for every Reuters-21578 article and
# every BBC News article numbered 321 and up (one JSON line an article,
# `examples/eval_extract.rs` in its `dump` mode) and diffs it against a
# saved baseline. A change that keeps the answers prints no diff.
#
#   tools/extract_parity.sh save  EVAL_EXTRACT_BINARY BASELINE.jsonl
#   tools/extract_parity.sh check EVAL_EXTRACT_BINARY BASELINE.jsonl
#
# Build the binary with `cargo build --release --example eval_extract`
# (copy it aside for the baseline: both builds share one target folder).
# The corpora are read in place from ../shared/corpora (or ../../shared
# from a worktree; set CORPORA to move them). `check` exits 0 when identical, 1 with the sources of the
# articles that differ (and the first differing lines) otherwise.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpora=${CORPORA:-$root/../shared/corpora}
[ -d "$corpora" ] || corpora=$root/../../shared/corpora # a worktree under wt/
mode=${1:?save or check}
bin=${2:?eval_extract binary}
baseline=${3:?baseline file}

dump() { "$bin" "$corpora/reuters21578" dump "$corpora/bbc"; }

case $mode in
save)
    dump >"$baseline"
    echo "[parity] saved $(wc -l <"$baseline") articles to $baseline" >&2
    ;;
check)
    now=$(mktemp)
    trap 'rm -f "$now"' EXIT
    dump >"$now"
    if cmp -s "$baseline" "$now"; then
        echo "[parity] identical: $(wc -l <"$now") articles" >&2
        exit 0
    fi
    sources=$(diff "$baseline" "$now" | grep -o '"source":"[^"]*"' | sort -u || true)
    echo "[parity] $(echo "$sources" | wc -l) articles differ; the first:" >&2
    echo "$sources" | head -20 >&2
    diff "$baseline" "$now" | head -c 4000 >&2 || true
    exit 1
    ;;
*)
    echo "usage: $0 save|check EVAL_EXTRACT_BINARY BASELINE.jsonl" >&2
    exit 2
    ;;
esac
