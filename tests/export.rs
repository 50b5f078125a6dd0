//! `NewsIndex::export` against the engine configurations shipped in
//! `deploy/`, and its memory bound.
//!
//! What the configuration checks mirror: each engine's documented rules
//! for the versions named in `deploy/README.md` (OpenSearch 2.x mappings
//! with `dynamic: strict`, Quickwit 0.9 doc mappings in `strict` mode,
//! Meilisearch 1.x settings and document ids). What they do not prove:
//! that an engine accepts the files (only `deploy/smoke.sh` against a live
//! engine does), nor how it ranks.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::Ordering;

use newsindex::{Article, Facets, NewsIndex, Query};
use serde_json::Value;

#[path = "support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::{LIVE, PEAK};

fn repo(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A fixture index: non-ASCII text, several amounts (one range, one
/// without a known USD rate is not needed), a dated article with source
/// and URL, and an undated one.
fn fixture_export() -> Vec<Value> {
    let index = NewsIndex::in_memory().unwrap();
    let mut indexer = index.indexer().unwrap();
    let mut dated = Article::new(
        "Nestlé buys a Zürich start-up",
        "GENEVA, March 3 - Nestlé paid 120 million Swiss francs ($130m) for the Zürich firm, \
         and Crédit Suisse earned between €3bn and €4bn. Société Générale advised.",
    );
    dated.date = Some(time::macros::datetime!(2005-03-03 00:00 UTC));
    dated.source = Some("Reuters".into());
    dated.url = Some("https://example.com/nestle".into());
    dated.path = Some("/corpus/wire/nestle.txt".into());
    indexer.add_article(dated).unwrap();
    // People come from the extractor; given here so the key is exported.
    let moscow = Article::new(
        "Москва: talks in Moscow",
        "Gazprom's Alexei Miller and the Russian government met in Moscow on prices.",
    );
    let mut facets = newsindex::extract::extract(&moscow.title, &moscow.body);
    facets.people = vec!["Alexei Miller".into()];
    indexer.add_extracted(&moscow, &facets).unwrap();
    indexer.commit().unwrap();
    let mut out = Vec::new();
    index
        .export(&Query::new(""), |article| {
            out.push(serde_json::to_value(article).unwrap());
            Ok(())
        })
        .unwrap();
    assert_eq!(out.len(), 2);
    out
}

/// Every key of the export with the JSON kinds its values take:
/// "string", "integer", "float", "[string]", "[float]", "[object]".
fn exported_kinds(articles: &[Value]) -> BTreeMap<String, String> {
    let kind = |v: &Value| -> String {
        match v {
            Value::String(_) => "string".into(),
            Value::Number(n) if n.is_i64() || n.is_u64() => "integer".into(),
            Value::Number(_) => "float".into(),
            Value::Array(items) => match items.first() {
                Some(Value::String(_)) => "[string]".into(),
                Some(Value::Number(_)) => "[float]".into(),
                Some(Value::Object(_)) => "[object]".into(),
                _ => "[]".into(),
            },
            other => panic!("unexpected value {other}"),
        }
    };
    let mut kinds = BTreeMap::new();
    for article in articles {
        for (key, value) in article.as_object().unwrap() {
            let k = kind(value);
            if k != "[]" {
                kinds.insert(key.clone(), k);
            }
        }
    }
    kinds
}

const FACETS: [&str; 5] = [
    "countries",
    "about",
    "organisations",
    "people",
    "amount_currency",
];

#[test]
fn fixture_covers_every_exported_key() {
    let articles = fixture_export();
    let kinds = exported_kinds(&articles);
    let keys: Vec<&str> = kinds.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "about",
            "amount_currency",
            "amount_usd",
            "amounts",
            "body",
            "countries",
            "date",
            "date_ts",
            "id",
            "lang",
            "organisations",
            "path",
            "people",
            "source",
            "title",
            "url"
        ]
    );
    let dated = articles.iter().find(|a| a["date"].is_string()).unwrap();
    assert_eq!(dated["date"], "2005-03-03T00:00:00Z");
    assert!(dated["amounts"].as_array().unwrap().len() >= 3);
    let undated = articles.iter().find(|a| a["date"].is_null()).unwrap();
    assert!(undated["title"].as_str().unwrap().starts_with("Москва"));
}

#[test]
fn opensearch_mapping_types_every_exported_key() {
    let config: Value = serde_json::from_str(
        &std::fs::read_to_string(repo("deploy/opensearch/news.json")).unwrap(),
    )
    .unwrap();
    let mappings = &config["mappings"];
    assert_eq!(
        mappings["dynamic"], "strict",
        "unknown keys must be refused"
    );
    let properties = mappings["properties"].as_object().unwrap();
    let articles = fixture_export();
    for (key, kind) in exported_kinds(&articles) {
        let field = properties
            .get(&key)
            .unwrap_or_else(|| panic!("{key} is not mapped"));
        let ty = field["type"].as_str().unwrap();
        let ok = match kind.as_str() {
            "string" if key == "date" => ty == "date",
            "string" | "[string]" => ty == "keyword" || ty == "text",
            "integer" => ty == "long",
            "float" | "[float]" => ty == "double",
            "[object]" => ty == "nested",
            _ => false,
        };
        assert!(ok, "{key}: exported {kind}, mapped {ty}");
        if kind == "[object]" {
            let inner = field["properties"].as_object().unwrap();
            for article in &articles {
                for object in article[&key].as_array().unwrap() {
                    for (inner_key, value) in object.as_object().unwrap() {
                        let inner_ty = inner
                            .get(inner_key)
                            .unwrap_or_else(|| panic!("{key}.{inner_key} is not mapped"))["type"]
                            .as_str()
                            .unwrap();
                        let fits = match value {
                            Value::Number(_) => inner_ty == "double",
                            Value::String(_) => inner_ty == "keyword" || inner_ty == "text",
                            Value::Null => true,
                            _ => false,
                        };
                        assert!(fits, "{key}.{inner_key}: {value} mapped {inner_ty}");
                    }
                }
            }
        }
    }
    for facet in FACETS {
        assert_eq!(
            properties[facet]["type"], "keyword",
            "{facet} must aggregate"
        );
    }
    // Text fields use the analyzer the settings define, with an English stemmer.
    let analysis = &config["settings"]["analysis"];
    for text in ["title", "body"] {
        let analyzer = properties[text]["analyzer"].as_str().unwrap();
        let filters = analysis["analyzer"][analyzer]["filter"].as_array().unwrap();
        assert!(filters.contains(&Value::from("asciifolding")));
        assert!(filters
            .iter()
            .any(|f| { analysis["filter"][f.as_str().unwrap()]["language"] == "porter2" }));
    }
    // Ids become `_id`: at most 512 bytes.
    for article in &articles {
        let id = article["id"].as_str().unwrap();
        assert!(!id.is_empty() && id.len() <= 512 && !id.starts_with('_'));
    }
}

#[test]
fn quickwit_mapping_types_every_exported_key() {
    let config: Value = serde_yaml_ng::from_str(
        &std::fs::read_to_string(repo("deploy/quickwit/news.yaml")).unwrap(),
    )
    .unwrap();
    assert_eq!(config["version"].as_f64(), Some(0.9));
    let index_id = config["index_id"].as_str().unwrap();
    assert!(
        index_id.len() >= 3
            && index_id.starts_with(|c: char| c.is_ascii_alphabetic())
            && index_id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
        "Quickwit index ids match ^[a-zA-Z][a-zA-Z0-9-_.]{{2,254}}$"
    );
    let mapping = &config["doc_mapping"];
    assert_eq!(mapping["mode"], "strict");
    let fields: BTreeMap<&str, &Value> = mapping["field_mappings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["name"].as_str().unwrap(), f))
        .collect();
    for (key, kind) in exported_kinds(&fixture_export()) {
        let field = fields
            .get(key.as_str())
            .unwrap_or_else(|| panic!("{key} is not mapped"));
        let ty = field["type"].as_str().unwrap();
        let ok = match kind.as_str() {
            "string" if key == "date" => {
                ty == "datetime"
                    && field["input_formats"]
                        .as_array()
                        .unwrap()
                        .contains(&Value::from("rfc3339"))
            }
            "string" => ty == "text",
            "[string]" => ty == "array<text>",
            "integer" => ty == "i64",
            "[float]" => ty == "array<f64>",
            "[object]" => ty == "array<json>",
            _ => false,
        };
        assert!(ok, "{key}: exported {kind}, mapped {ty}");
    }
    for facet in FACETS {
        assert_eq!(fields[facet]["tokenizer"], "raw", "{facet}: whole values");
        assert_eq!(
            fields[facet]["fast"], true,
            "{facet}: aggregations need fast"
        );
    }
    assert_eq!(
        fields["amount_usd"]["fast"], true,
        "amount ranges need fast"
    );
    let timestamp = mapping["timestamp_field"].as_str().unwrap();
    assert_eq!(fields[timestamp]["type"], "datetime");
    assert_eq!(
        fields[timestamp]["fast"], true,
        "the timestamp field must be fast"
    );
    for field in config["search_settings"]["default_search_fields"]
        .as_array()
        .unwrap()
    {
        assert!(fields.contains_key(field.as_str().unwrap()));
    }
}

#[test]
fn meilisearch_settings_name_exported_keys() {
    let settings: Value = serde_json::from_str(
        &std::fs::read_to_string(repo("deploy/meilisearch/settings.json")).unwrap(),
    )
    .unwrap();
    let articles = fixture_export();
    let kinds = exported_kinds(&articles);
    let list = |name: &str| -> Vec<String> {
        settings[name]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    let filterable = list("filterableAttributes");
    for attribute in list("searchableAttributes")
        .iter()
        .chain(&filterable)
        .chain(&list("sortableAttributes"))
    {
        assert!(
            kinds.contains_key(attribute),
            "{attribute} is no exported key"
        );
    }
    for facet in FACETS {
        assert!(
            filterable.iter().any(|f| f == facet),
            "{facet} must be filterable"
        );
    }
    for sortable in list("sortableAttributes") {
        assert!(
            ["integer", "float", "[float]"].contains(&kinds[&sortable].as_str()),
            "{sortable} sorts as a number"
        );
    }
    // Meilisearch document ids: a-z A-Z 0-9 - _, at most 511 bytes.
    for article in &articles {
        let id = article["id"].as_str().unwrap();
        assert!(
            !id.is_empty()
                && id.len() <= 511
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "{id}"
        );
    }
}

#[test]
fn export_streams_in_bounded_memory() {
    let dir = tempfile::TempDir::new().unwrap();
    let index = NewsIndex::open_or_create(dir.path().join("index")).unwrap();
    let mut indexer = index.indexer().unwrap();
    let words = [
        "market", "shares", "bank", "oil", "minister", "talks", "profit", "rates", "trade",
        "growth", "election", "court", "deal", "prices", "exports", "workers",
    ];
    let articles = 6_000;
    for n in 0..articles {
        let body: String = (0..320)
            .map(|i| words[(n * 7 + i * 13 + i / 5) % words.len()])
            .collect::<Vec<_>>()
            .join(" ");
        let mut article = Article::new(format!("Article {n}"), format!("{n} {body}."));
        article.path = Some(format!("/corpus/{}/{n}.txt", n % 10));
        indexer.add_extracted(&article, &Facets::default()).unwrap();
    }
    indexer.commit().unwrap();
    index.reload().unwrap();

    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let (mut exported, mut bytes) = (0usize, 0usize);
    index
        .export(&Query::new(""), |article| {
            exported += 1;
            bytes += serde_json::to_vec(article).unwrap().len();
            Ok(())
        })
        .unwrap();
    let growth = PEAK.load(Ordering::Relaxed) - before;
    eprintln!("export peak heap growth {growth} bytes for {bytes} bytes exported");
    assert_eq!(exported, articles);
    assert!(bytes > 10_000_000, "{bytes} bytes exported");
    // Constant memory: the peak grows by a few blocks of the document
    // store and one article, not with the number of articles.
    assert!(
        growth < 2_000_000,
        "export held {growth} bytes at its peak while writing {bytes}"
    );

    // Every hit of a query, ranked: only the ranking (a score and an
    // address per match) and the keys of the groups streamed are held,
    // not the hits. With every near-duplicate a hit of its own, each
    // article is one (their titles differ).
    for all_duplicates in [true, false] {
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let mut hits = 0usize;
        let query = Query::new("market")
            .limit(usize::MAX)
            .all_duplicates(all_duplicates);
        let report = index
            .search_each(&query, |_| {
                hits += 1;
                Ok(())
            })
            .unwrap();
        let growth = PEAK.load(Ordering::Relaxed) - before;
        eprintln!(
            "search_each (all_duplicates {all_duplicates}) peak heap growth {growth} bytes for {hits} hits"
        );
        assert!(report.total_hits > 5_000, "{report:?}");
        assert_eq!(hits, report.streamed);
        assert_eq!(hits + report.folded, report.total_hits, "{report:?}");
        if all_duplicates {
            assert_eq!(hits, report.total_hits);
        } else {
            // The bodies repeat one of 16 word patterns: near-duplicates.
            assert!(hits < report.total_hits / 10, "{report:?}");
        }
        assert!(
            growth < 2_000_000,
            "search_each held {growth} bytes at its peak for {hits} hits"
        );
    }
}
