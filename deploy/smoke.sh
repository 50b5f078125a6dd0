#!/usr/bin/env bash
# Smoke test of the shipped engine configurations against live engines.
#
# For each engine whose URL is set, this creates an index from the shipped
# configuration, loads `search export` of corpus/, and checks that
# "Cisco Skolkovo" finds the seed article and that a country facet
# aggregation returns Russia. Engines whose URL is unset are skipped with
# the reason printed. Exit status 1 when a check fails on a reachable engine.
#
#   OPENSEARCH_URL=http://localhost:9200 deploy/smoke.sh
#   QUICKWIT_URL=http://localhost:7280   deploy/smoke.sh
#   MEILI_URL=http://localhost:7700 [MEILI_KEY=...] deploy/smoke.sh
#
# Needs curl and python3; builds the `search` binary with cargo when
# SEARCH_BIN is not set.
set -euo pipefail
cd "$(dirname "$0")/.."

INDEX_NAME=${SMOKE_INDEX:-newsindex-smoke}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [[ -z "${OPENSEARCH_URL:-}${QUICKWIT_URL:-}${MEILI_URL:-}" ]]; then
    echo "skip: none of OPENSEARCH_URL, QUICKWIT_URL, MEILI_URL is set; no engine to test"
    exit 0
fi

search=${SEARCH_BIN:-}
if [[ -z "$search" ]]; then
    cargo build --release --quiet
    search=target/release/search
fi
"$search" --index "$work/index" index corpus/ >/dev/null
"$search" --index "$work/index" export >"$work/export.ndjson"
echo "exported $(wc -l <"$work/export.ndjson") articles of corpus/"

failed=0
check() { # check NAME JSON-FILE PYTHON-EXPRESSION-ON-d
    if python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($3) else 1)" "$2"; then
        echo "ok:   $1"
    else
        echo "FAIL: $1 (response in $2)"; cp "$2" "./smoke-$1.json"; failed=1
    fi
}

if [[ -n "${OPENSEARCH_URL:-}" ]]; then
    os=${OPENSEARCH_URL%/}
    curl -fsS -X DELETE "$os/$INDEX_NAME" >/dev/null 2>&1 || true
    curl -fsS -X PUT "$os/$INDEX_NAME" -H 'Content-Type: application/json' \
        --data-binary @deploy/opensearch/news.json >/dev/null
    # Bulk format: an action line before each document, _id from the article id.
    python3 - "$work/export.ndjson" >"$work/bulk.ndjson" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    doc = json.loads(line)
    print(json.dumps({"index": {"_id": doc["id"]}}))
    print(json.dumps(doc, ensure_ascii=False))
PY
    curl -fsS -X POST "$os/$INDEX_NAME/_bulk?refresh=true" -H 'Content-Type: application/x-ndjson' \
        --data-binary @"$work/bulk.ndjson" >"$work/os-bulk.json"
    check opensearch-bulk "$work/os-bulk.json" 'not d["errors"]'
    curl -fsS "$os/$INDEX_NAME/_search" -H 'Content-Type: application/json' -d '{
        "query": {"multi_match": {"query": "Cisco Skolkovo", "fields": ["title^2", "body"]}},
        "aggs": {"countries": {"terms": {"field": "countries"}}}}' >"$work/os-search.json"
    check opensearch-query "$work/os-search.json" \
        '"skolkovo" in d["hits"]["hits"][0]["_source"]["path"].lower()'
    check opensearch-facet "$work/os-search.json" \
        'any(b["key"] == "Russia" for b in d["aggregations"]["countries"]["buckets"])'
else
    echo "skip: OPENSEARCH_URL is not set"
fi

if [[ -n "${QUICKWIT_URL:-}" ]]; then
    qw=${QUICKWIT_URL%/}
    curl -fsS -X DELETE "$qw/api/v1/indexes/$INDEX_NAME" >/dev/null 2>&1 || true
    sed "s/^index_id: news$/index_id: $INDEX_NAME/" deploy/quickwit/news.yaml >"$work/news.yaml"
    curl -fsS -X POST "$qw/api/v1/indexes" -H 'Content-Type: application/yaml' \
        --data-binary @"$work/news.yaml" >/dev/null
    curl -fsS -X POST "$qw/api/v1/$INDEX_NAME/ingest?commit=force" \
        --data-binary @"$work/export.ndjson" >"$work/qw-ingest.json"
    check quickwit-ingest "$work/qw-ingest.json" 'd.get("num_docs_for_processing", 1) > 0'
    curl -fsS -X POST "$qw/api/v1/$INDEX_NAME/search" -H 'Content-Type: application/json' -d '{
        "query": "cisco AND skolkovo", "max_hits": 5,
        "aggs": {"countries": {"terms": {"field": "countries"}}}}' >"$work/qw-search.json"
    check quickwit-query "$work/qw-search.json" '"skolkovo" in d["hits"][0]["path"].lower()'
    check quickwit-facet "$work/qw-search.json" \
        'any(b["key"] == "Russia" for b in d["aggregations"]["countries"]["buckets"])'
else
    echo "skip: QUICKWIT_URL is not set"
fi

if [[ -n "${MEILI_URL:-}" ]]; then
    ms=${MEILI_URL%/}
    auth=()
    [[ -n "${MEILI_KEY:-}" ]] && auth=(-H "Authorization: Bearer $MEILI_KEY")
    wait_task() { # wait for a Meilisearch task to finish
        local uid
        uid=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["taskUid"])')
        for _ in $(seq 100); do
            status=$(curl -fsS "${auth[@]}" "$ms/tasks/$uid" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
            [[ "$status" == succeeded ]] && return 0
            [[ "$status" == failed ]] && { echo "FAIL: meilisearch task $uid failed"; failed=1; return 1; }
            sleep 0.2
        done
    }
    curl -fsS -X DELETE "${auth[@]}" "$ms/indexes/$INDEX_NAME" >/dev/null 2>&1 || true
    curl -fsS -X POST "${auth[@]}" "$ms/indexes" -H 'Content-Type: application/json' \
        -d "{\"uid\": \"$INDEX_NAME\", \"primaryKey\": \"id\"}" | wait_task
    curl -fsS -X PATCH "${auth[@]}" "$ms/indexes/$INDEX_NAME/settings" -H 'Content-Type: application/json' \
        --data-binary @deploy/meilisearch/settings.json | wait_task
    curl -fsS -X POST "${auth[@]}" "$ms/indexes/$INDEX_NAME/documents" -H 'Content-Type: application/x-ndjson' \
        --data-binary @"$work/export.ndjson" | wait_task
    curl -fsS -X POST "${auth[@]}" "$ms/indexes/$INDEX_NAME/search" -H 'Content-Type: application/json' \
        -d '{"q": "Cisco Skolkovo", "facets": ["countries"]}' >"$work/ms-search.json"
    check meilisearch-query "$work/ms-search.json" '"skolkovo" in d["hits"][0]["path"].lower()'
    check meilisearch-facet "$work/ms-search.json" '"Russia" in d["facetDistribution"]["countries"]'
else
    echo "skip: MEILI_URL is not set"
fi

exit $failed
