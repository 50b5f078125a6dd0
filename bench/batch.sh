#!/usr/bin/env bash
# Batch-search benchmark (issue 13): 1,000 names searched at once over
# Reuters-21578 with `search batch`, in the three output formats.
#
#   bench/batch.sh [REUTERS_DIR]      (default ../shared/corpora/reuters21578)
#
# The names: every entry of the corpus's own lists of people, organisations,
# exchanges, places and topics (hyphens read as spaces), then the most
# frequent organisations the index extracted, up to 1,000. The list stays in
# a temporary folder (the corpus is for research use only).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$root/../shared/corpora/reuters21578}
[ -d "$corpus" ] || { echo "error: $corpus: no such folder (pass the Reuters-21578 folder)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$root" && cargo build --release --quiet)
search="$root/target/release/search --index $work/index"
$search index "$corpus" >/dev/null 2>&1

cat "$corpus"/all-*-strings.lc.txt | tr '-' ' ' | sed '/^\s*$/d' >"$work/names.txt"
have=$(wc -l <"$work/names.txt")
$search facets --field org --top $((1000 - have)) --json |
    python3 -c 'import json,sys; print("\n".join(v["value"] for v in json.load(sys.stdin)["values"]))' >>"$work/names.txt"
names=$(wc -l <"$work/names.txt")

time_it() { # label, args...
    local label=$1; shift
    local start end
    start=$(date +%s.%N)
    $search batch "$work/names.txt" "$@" >/dev/null 2>"$work/stderr" || true
    end=$(date +%s.%N)
    printf '| %s | %s | %.2f s | %s |\n' "$label" "$names" "$(echo "$end - $start" | bc)" "$(tail -1 "$work/stderr")"
}

echo "| run | names | wall time | outcome |"
echo "|---|---:|---:|---|"
time_it "text, top 3 with snippets" -n 3
time_it "JSON Lines, top 10" --json -n 10
time_it "CSV, top 10" --csv -n 10
time_it "phrases, counts only" --phrase -n 0
time_it "typo-tolerant, top 3" --fuzzy -n 3
