#!/usr/bin/env bash
# Incremental re-indexing benchmark (issue 4): the Reuters-21578 articles as
# one file each (21,578 files), indexed from scratch, then re-indexed
# unchanged, then re-indexed after one file changed and one was deleted.
#
#   bench/reindex.sh [REUTERS_DIR]      (default ../shared/corpora/reuters21578)
#
# Prints a Markdown table and writes it to bench/results/reindex.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$root/../shared/corpora/reuters21578}
[ -d "$corpus" ] || { echo "error: $corpus: no such folder (pass the Reuters-21578 folder)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One <REUTERS> element per file, outside the repository (research-use data).
python3 - "$corpus" "$work/articles" <<'PY'
import pathlib, re, sys
src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
n = 0
for sgm in sorted(src.glob("reut2-*.sgm")):
    text = sgm.read_bytes().decode("latin-1")
    for element in re.findall(r"<REUTERS.*?</REUTERS>", text, re.S):
        folder = dst / f"{n // 1000:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{n:05d}.sgm").write_text(element, encoding="latin-1")
        n += 1
print(f"{n} article files", file=sys.stderr)
PY

(cd "$root" && cargo build --release --quiet)
search="$root/target/release/search --index $work/index"

run() { # label, extra args...
    local label=$1; shift
    local start end
    start=$(date +%s.%N)
    local summary
    summary=$($search index "$@" "$work/articles" 2>/dev/null)
    end=$(date +%s.%N)
    printf '%s\t%s\t%s\n' "$label" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" "$summary"
}

{
    run "first run (empty index)"
    run "re-run, nothing changed"
    echo "Changed text." >> "$work/articles/00/00000.sgm"
    rm "$work/articles/00/00001.sgm"
    run "re-run, 1 changed + 1 deleted"
} > "$work/runs.tsv"

first=$(awk -F'\t' 'NR==1 {print $2}' "$work/runs.tsv")
{
    echo "## Incremental re-indexing: 21,578 Reuters articles, one file each"
    echo
    echo "| run | wall time (s) | speed-up vs first run | summary |"
    echo "|---|---:|---:|---|"
    while IFS=$'\t' read -r label secs summary; do
        printf '| %s | %.3f | %.1f× | %s |\n' "$label" "$secs" "$(awk -v a="$first" -v b="$secs" 'BEGIN { print a / b }')" "$summary"
    done < "$work/runs.tsv"
    echo
    echo "Machine: $(nproc) cores; $(date -u +%Y-%m-%d)."
} | tee "$root/bench/results/reindex.md"
