#!/usr/bin/env bash
# JSON parity check for refactors (issue 20): runs a fixed set of CLI
# commands and HTTP API requests with two builds of `search` over the same
# articles and diffs everything they print (stdout, stderr, exit status,
# HTTP status and body). A behaviour-preserving change prints no diff.
#
#   tools/json_parity.sh [BASE_REV]     (default: origin/main if it exists, else HEAD)
#
# BASE_REV is built in a git worktree under target/parity/; the working tree
# is built as it is. Articles: the seed, the test fixtures, one Reuters SGML
# file and BBC articles 321-335 of each category from ../shared/corpora
# (read in place; set CORPORA to move it; missing corpora are left out).
# Timings in index reports (elapsed_secs, *_ms) are masked before the diff.
# Exit status 0 when identical, 1 when anything differs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
base=${1:-$(git rev-parse --verify -q origin/main || git rev-parse HEAD)}
corpora=${CORPORA:-$root/../shared/corpora}
out=$root/target/parity
mkdir -p "$out"

target=${CARGO_TARGET_DIR:-$root/target}
build() { # workdir, name -> a copy of its debug binary (both builds share one target folder)
    (cd "$1" && CARGO_TARGET_DIR=$target cargo build --quiet --locked --bin search) >&2
    cp "$target/debug/search" "$out/search-$2"
    echo "$out/search-$2"
}

log() { echo "[parity] $*" >&2; }

log "building $base"
if [[ $(git -C "$out/base" rev-parse HEAD 2>/dev/null) != $(git rev-parse "$base") ]]; then
    rm -rf "$out/base"
    git worktree prune
    git worktree add --detach -f "$out/base" "$base" >/dev/null 2>&1
fi
old_bin=$(build "$out/base" base)
log "building the working tree"
new_bin=$(build "$root" new)

# One copy of the articles, the same relative paths for both builds.
data=$out/articles
rm -rf "$data"
mkdir -p "$data"
cp -r corpus "$data/seed"
cp -r tests/fixtures/mixed tests/fixtures/query tests/fixtures/sgml tests/fixtures/languages "$data/"
if [[ -f $corpora/reuters21578/reut2-003.sgm ]]; then
    mkdir -p "$data/reuters" && cp "$corpora/reuters21578/reut2-003.sgm" "$data/reuters/"
fi
if [[ -d $corpora/bbc ]]; then
    for category in "$corpora"/bbc/*/; do
        name=$(basename "$category")
        mkdir -p "$data/bbc/$name"
        for n in $(seq 321 335); do
            [[ -f $category/$n.txt ]] && cp "$category/$n.txt" "$data/bbc/$name/"
        done
    done
fi
printf 'Cisco\nGazprom\nAcme, Inc\n# a comment\nWorld Bank\n"oil price"\n' >"$data/names.txt"

mask() { sed -E 's/"(elapsed_secs|[a-z_]*_ms|[a-z_]*_secs)": ?[0-9.eE+-]+/"\1":0/g; s/in [0-9.]+ ?(ms|s)\b/in T/g; s/[0-9.]+ (articles|files)\/s/N \1\/s/g'; }

run_all() { # binary, output folder
    local bin=$1 dest=$2 n=0
    rm -rf "$dest" && mkdir -p "$dest"
    cd "$data"
    rm -rf idx
    c() { # label, args... : one CLI command, its streams and status
        n=$((n + 1))
        local file
        file=$(printf '%s/%02d-%s' "$dest" "$n" "$1")
        shift
        set +e
        # One core: the writer's threads then add the articles in one order,
        # so ties, export order and duplicate groups are the same run to run.
        taskset -c 0 "$bin" --index idx "$@" >"$file.out" 2>"$file.err" </dev/null
        echo "exit $?" >"$file.status"
        set -e
        mask <"$file.out" >"$file.tmp" && mv "$file.tmp" "$file.out"
        mask <"$file.err" >"$file.tmp" && mv "$file.tmp" "$file.err"
    }
    c index-json index --json seed mixed query sgml languages reuters bbc
    c index-again index --json
    c query-seed query --json "Cisco Skolkovo"
    c query-oil query --json oil --limit 5
    c query-facets query --json oil --facets --top 5
    c query-country query --json --country Russia ""
    c query-org query --json trade --org "World Bank"
    c query-amount query --json --min-amount 1M --max-amount 1bn --limit 5 ""
    c query-currency query --json --currency GBP --limit 5 ""
    c query-sort-date query --json --sort date --limit 5 bank
    c query-sort-amount query --json --sort amount --limit 5 bank
    c query-explain query --json --explain --limit 3 "oil prices"
    c query-snippets query --json --snippets 3 --limit 2 government
    c query-offset query --json --offset 3 --limit 3 government
    c query-alldup query --json --all-duplicates --limit 5 wheat
    c query-phrase query --json '"interest rates"'
    c query-fuzzy query --json --fuzzy Gazprm
    c query-since query --json --since 1987-03-01 --until 1987-12-31 --limit 3 oil
    c query-under query --json --under bbc/sport --limit 3 ""
    c query-lang query --json --lang fr ""
    c query-about query --json --about Japan ""
    c query-strict query --json --strict '"unbalanced'
    c query-loose query --json '"unbalanced (query'
    c query-nohits query --json zzxxqqnotaword
    c query-bad-amount query --json --min-amount lots oil
    c query-bad-date query --json --since 1987-13-45 oil
    c query-bad-range query --json --since 1988-01-01 --until 1987-01-01 oil
    c query-bad-currency query --json --currency XYZ oil
    c query-jsonl query --format jsonl --limit 3 oil
    c query-csv query --format csv --limit 3 oil
    c query-text query --limit 3 --facets "Cisco Skolkovo"
    c facets-country facets --json
    c facets-org facets --json --field org --top 20
    c facets-amount facets --json --field amount
    c facets-currency facets --json --field currency
    c facets-lang facets --json --field lang
    c facets-about facets --json --field about oil
    c facets-bad facets --json --field nosuchfield
    c facets-text facets --field org --country Japan
    c similar-path similar --json seed/skolkovo-cisco.txt
    c show-path show --json seed/skolkovo-cisco.txt
    c show-hash show --json 'mixed/wires.jsonl#1'
    c show-text show 'sgml/wire.sgm#0'
    c show-missing show --json nosucharticle
    c batch-json batch --json names.txt
    c batch-csv batch --csv names.txt
    c batch-phrase batch --json --phrase --country Russia names.txt
    c export-all export
    c export-query export --country Japan oil
    c export-csv export --format csv bank
    c export-fields export --fields id,title,group,similar,copies wheat
    c extract-json extract --json seed mixed
    c extract-text extract sgml
    c stats-json stats --json
    c stats-text stats
    c duplicates-json duplicates --json --sample 5
    c duplicates-text duplicates --sample 3
    local id
    id=$(jq -r '.hits[0].id' "$dest/03-query-seed.out")
    c show-id show --json "$id"
    c similar-id similar --json -n 3 "$id"

    # The HTTP API over the same index.
    taskset -c 0 "$bin" --index idx serve --addr 127.0.0.1:0 >"$dest/serve.log" 2>&1 &
    local pid=$! addr=""
    for _ in $(seq 100); do
        addr=$(grep -o 'http://[0-9.:]*' "$dest/serve.log" || true)
        [[ -n $addr ]] && break
        sleep 0.1
    done
    a() { # label, path?query : one API request, its status and body
        n=$((n + 1))
        local file
        file=$(printf '%s/%02d-api-%s' "$dest" "$n" "$1")
        curl -s -o "$file.out" -w '%{http_code} %{content_type}\n' "$addr$2" >"$file.status" || true
    }
    a search '/api/search?q=Cisco+Skolkovo'
    a search-filters '/api/search?q=oil&country=Russia&min_amount=1M&facets=true&top=5'
    a search-sort '/api/search?q=bank&sort=date&limit=3&offset=1&snippets=2&explain=1'
    a search-org '/api/search?q=&org=World+Bank&limit=3'
    a search-alldup '/api/search?q=wheat&all_duplicates=1&limit=4'
    a search-fuzzy '/api/search?q=Gazprm&fuzzy=1'
    a search-dates '/api/search?q=oil&since=1987-03-01&until=1987-12-31&limit=2'
    a facets '/api/facets?field=org&top=10'
    a facets-filtered '/api/facets?q=oil&field=country&currency=USD'
    a article "/api/articles/$id"
    a similar "/api/similar/$id"
    a stats '/api/stats'
    a health '/health'
    a bad-param '/api/search?q=oil&colour=red'
    a bad-amount '/api/search?q=oil&min_amount=lots'
    a bad-max '/api/search?q=oil&max_amount=-5'
    a bad-date '/api/search?q=oil&since=yesterday-ish'
    a bad-range '/api/search?q=oil&since=1988-01-01&until=1987-01-01'
    a bad-currency '/api/search?q=oil&currency=XYZ'
    a bad-limit '/api/search?q=oil&limit=100000'
    a bad-sort '/api/search?q=oil&sort=colour'
    a bad-field '/api/facets?field=colour'
    a bad-flag '/api/search?q=oil&facets=maybe'
    a repeated '/api/search?q=oil&q=gas'
    a strict '/api/search?q=%22open&strict=1'
    a missing-article '/api/articles/nosuchid'
    a country-unknown '/api/search?q=oil&country=Atlantis'
    kill "$pid" 2>/dev/null || true
    sed -i -E 's#127\.0\.0\.1:[0-9]+#127.0.0.1:PORT#' "$dest/serve.log"
    wait "$pid" 2>/dev/null || true
    cd "$root"
}

log "running $(basename "$old_bin") at $base"
run_all "$old_bin" "$out/old"
log "running the working tree"
run_all "$new_bin" "$out/new"
count=$(find "$out/new" -name '*.status' | wc -l)
if diff -r "$out/old" "$out/new" >"$out/diff.txt"; then
    log "identical: $count commands and requests"
else
    cat "$out/diff.txt"
    log "DIFFERENT ($count commands and requests): see $out/diff.txt"
    exit 1
fi
