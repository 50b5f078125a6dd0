//! The API in process: requests through the router, without a socket.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::http::{Request, StatusCode};
use serde_json::Value;
use tower::ServiceExt;

use super::{router, ServerOptions};
use crate::{Article, NewsIndex, Query};

const SEED_TITLE: &str = "Cisco signs Skolkovo deal";

fn articles() -> Vec<Article> {
    vec![
        Article::new(
            SEED_TITLE,
            "Cisco will invest $1 billion in Skolkovo, near Moscow, the Skolkovo Foundation said.",
        ),
        Article::new(
            "Toyota lifts investment in battery plants",
            "Toyota said it would spend 300 billion yen on battery plants in Japan.",
        ),
    ]
}

fn index_with(articles: Vec<Article>) -> Arc<NewsIndex> {
    let index = NewsIndex::in_memory().unwrap();
    let mut indexer = index.indexer().unwrap();
    for article in articles {
        indexer.add_article(article).unwrap();
    }
    indexer.commit().unwrap();
    Arc::new(index)
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, Value) {
    let request = Request::get(uri).body(Body::empty()).unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    let body = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    (status, body)
}

#[tokio::test]
async fn search_answers_the_library_results_as_json() {
    let index = index_with(articles());
    let app = router(Arc::clone(&index), ServerOptions::default());
    let (status, body) = get(
        &app,
        "/api/search?q=cisco+skolkovo&country=Russia&facets=true",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let expected = index
        .search(
            &Query::new("cisco skolkovo")
                .country("Russia")
                .with_facets(10),
        )
        .unwrap();
    // Through JSON text, as a client reads it (f32 scores included).
    let expected: Value = serde_json::from_str(&serde_json::to_string(&expected).unwrap()).unwrap();
    assert_eq!(body, expected);
    assert_eq!(body["hits"][0]["title"], SEED_TITLE);
    assert_eq!(body["total_hits"], 1);
}

#[tokio::test]
async fn every_endpoint_answers() {
    let index = index_with(articles());
    let app = router(Arc::clone(&index), ServerOptions::default());
    let (_, found) = get(&app, "/api/search?q=toyota").await;
    let id = found["hits"][0]["id"].as_str().unwrap().to_string();

    let (status, article) = get(&app, &format!("/api/articles/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        article,
        serde_json::to_value(index.article(&id).unwrap().with_evidence()).unwrap()
    );

    let (status, similar) = get(&app, &format!("/api/similar/{id}?limit=5")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(similar["hits"].is_array());

    let (status, facets) = get(&app, "/api/facets?field=org&q=cisco").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(facets["field"], "org");
    assert!(facets["values"]
        .as_array()
        .unwrap()
        .iter()
        .any(|v| v["value"] == "Cisco"));

    let (status, stats) = get(&app, "/api/stats?top=3").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(stats["articles"], 2);

    let (status, health) = get(&app, "/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(health["status"], "ok");
    assert_eq!(health["articles"], 2);
}

#[tokio::test]
async fn bad_requests_are_400_naming_the_parameter_and_never_500() {
    let app = router(index_with(articles()), ServerOptions::default());
    // (A 100 KB one is refused by the HTTP layer before routing, 414: tests/serve_api.rs.)
    let long_q = format!("/api/search?q={}", "cisco+".repeat(60 * 1024 / 6));
    let table: Vec<(&str, StatusCode, Option<&str>)> = vec![
        ("/api/search?q=%FF%FE", StatusCode::BAD_REQUEST, Some("q")),
        ("/api/search?q=caf%E9", StatusCode::BAD_REQUEST, Some("q")),
        (
            "/api/search?limit=18446744073709551616",
            StatusCode::BAD_REQUEST,
            Some("limit"),
        ),
        (
            "/api/search?limit=1000000",
            StatusCode::BAD_REQUEST,
            Some("limit"),
        ),
        (&long_q, StatusCode::BAD_REQUEST, Some("q")),
        (
            "/api/search?offset=-10",
            StatusCode::BAD_REQUEST,
            Some("offset"),
        ),
        (
            "/api/search?q=x&colour=red",
            StatusCode::BAD_REQUEST,
            Some("colour"),
        ),
        ("/api/search?q=x&q=y", StatusCode::BAD_REQUEST, Some("q")),
        (
            "/api/search?currency=dollars",
            StatusCode::BAD_REQUEST,
            Some("currency"),
        ),
        (
            "/api/search?min_amount=-5",
            StatusCode::BAD_REQUEST,
            Some("min_amount"),
        ),
        (
            "/api/search?since=2024-13-01",
            StatusCode::BAD_REQUEST,
            Some("since"),
        ),
        (
            "/api/search?q=title:(cisco&strict=true",
            StatusCode::BAD_REQUEST,
            Some("q"),
        ),
        (
            "/api/search?q=nosuchfield:cisco&strict=1",
            StatusCode::BAD_REQUEST,
            Some("q"),
        ),
        (
            "/api/facets?field=colour",
            StatusCode::BAD_REQUEST,
            Some("field"),
        ),
        ("/api/facets?top=-1", StatusCode::BAD_REQUEST, Some("top")),
        (
            "/api/similar/x?limit=abc",
            StatusCode::BAD_REQUEST,
            Some("limit"),
        ),
        ("/api/stats?top=1e9", StatusCode::BAD_REQUEST, Some("top")),
        ("/api/articles/%FF", StatusCode::BAD_REQUEST, Some("id")),
        (
            "/api/articles/x?verbose=1",
            StatusCode::BAD_REQUEST,
            Some("verbose"),
        ),
        ("/api/articles/no-such-id", StatusCode::NOT_FOUND, None),
        ("/api/similar/no-such-id", StatusCode::NOT_FOUND, None),
        ("/api/nothing", StatusCode::NOT_FOUND, None),
        // Read leniently, as the command line reads them: 200.
        ("/api/search?q=title:(cisco", StatusCode::OK, None),
        ("/api/search?q=%25%&country=", StatusCode::OK, None),
        ("/api/search?q=cisco&country=Russsia", StatusCode::OK, None),
    ];
    for (uri, status, parameter) in table {
        let (got, body) = get(&app, uri).await;
        let shown = &uri[..uri.len().min(80)];
        assert_eq!(got, status, "{shown}: {body}");
        if status != StatusCode::OK {
            assert!(
                body["error"].as_str().is_some_and(|e| !e.is_empty()),
                "{shown}: {body}"
            );
            assert_eq!(body["parameter"].as_str(), parameter, "{shown}: {body}");
        }
    }
}

#[tokio::test]
async fn lenient_reading_and_unmatched_filters_are_in_the_json() {
    let app = router(index_with(articles()), ServerOptions::default());
    let (_, body) = get(&app, "/api/search?q=title:(cisco").await;
    assert_eq!(body["reinterpreted"], "title cisco");
    assert_eq!(body["hits"][0]["title"], SEED_TITLE);

    let (_, body) = get(&app, "/api/search?q=cisco&country=Russsia").await;
    assert_eq!(body["total_hits"], 0);
    assert_eq!(body["unmatched_filters"][0]["value"], "Russsia");
    assert_eq!(
        body["unmatched_filters"][0]["suggestions"][0]["value"],
        "Russia"
    );
}

#[tokio::test]
async fn the_page_is_served_with_its_policy() {
    let app = router(index_with(articles()), ServerOptions::default());
    let request = Request::get("/").body(Body::empty()).unwrap();
    let response = app.oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap();
    assert!(policy.contains("connect-src 'self'"), "{policy}");
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    let page = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(page.contains(r#"<label for="q">"#));
    // People are a filter of the sidebar, and units sit under their parent.
    assert!(page.contains(
        r#"const MULTI = ["country", "org", "person", "not_country", "not_org", "not_person"];"#
    ));
    assert!(page.contains(r#"facetList("People", multi("person", facets.people), more("person"))"#));
    assert!(page.contains("multi(name, v.children, true)"));
    // Self-contained: nothing loaded from elsewhere.
    assert!(!page.contains("http://") && !page.contains("https://"));
}

#[tokio::test]
async fn a_new_commit_is_searched_without_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let writer = NewsIndex::open_or_create(dir.path()).unwrap();
    let mut indexer = writer.indexer().unwrap();
    indexer.add_article(articles().remove(0)).unwrap();
    indexer.commit().unwrap();

    let served = Arc::new(NewsIndex::open(dir.path()).unwrap());
    let app = router(
        served,
        ServerOptions::default().reload_interval(Duration::ZERO),
    );
    let (_, body) = get(&app, "/api/search?q=toyota").await;
    assert_eq!(body["total_hits"], 0);

    let mut indexer = writer.indexer().unwrap();
    indexer.add_article(articles().remove(1)).unwrap();
    indexer.commit().unwrap();
    let (_, body) = get(&app, "/api/search?q=toyota").await;
    assert_eq!(body["total_hits"], 1, "{body}");
}

#[tokio::test]
async fn a_local_server_answers_requests_for_localhost_only() {
    let app = router(
        index_with(articles()),
        ServerOptions::default().local_only(true),
    );
    for (host, status) in [
        ("localhost:7700", StatusCode::OK),
        ("127.0.0.1:7700", StatusCode::OK),
        ("[::1]:7700", StatusCode::OK),
        ("LOCALHOST", StatusCode::OK),
        ("attacker.example:7700", StatusCode::MISDIRECTED_REQUEST),
        (
            "localhost.attacker.example",
            StatusCode::MISDIRECTED_REQUEST,
        ),
    ] {
        let request = Request::get("/health")
            .header("host", host)
            .body(Body::empty())
            .unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), status, "{host}");
    }
}

/// What the page's "N similar" badge and "Show duplicates" toggle read:
/// a folded hit's `similar` count and `group`, the other versions in the
/// article API's `similar` list, and every version with `all_duplicates`.
#[tokio::test]
async fn folded_hits_carry_the_badge_data_and_all_duplicates_unfolds() {
    use crate::search::duplicates::fixtures::{story_index, CORRECTED, ORIGINAL, OTHER};
    let app = router(Arc::new(story_index()), ServerOptions::default());
    let (status, folded) = get(&app, "/api/search?q=brazil+oil").await;
    assert_eq!(status, StatusCode::OK, "{folded}");
    assert_eq!(folded["total_hits"], 3, "totals count every article");
    let hits = folded["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2, "{folded:#}");
    let story = hits
        .iter()
        .find(|h| h["title"] != OTHER)
        .expect("the story");
    assert_eq!(story["similar"], 1);
    let group = story["group"].as_str().expect("a group id");
    let other = hits.iter().find(|h| h["title"] == OTHER).unwrap();
    assert!(other.get("similar").is_none() && other.get("group").is_none());

    // The badge expands to the article API's list of the other versions.
    let id = story["id"].as_str().unwrap();
    let (status, article) = get(&app, &format!("/api/articles/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let versions: Vec<&str> = article["similar"]
        .as_array()
        .expect("similar list")
        .iter()
        .map(|v| v["title"].as_str().unwrap())
        .collect();
    let shown = story["title"].as_str().unwrap();
    let expected = if shown == ORIGINAL {
        CORRECTED
    } else {
        ORIGINAL
    };
    assert_eq!(versions, [expected]);

    // The toggle: every version, each still marked.
    let (_, all) = get(&app, "/api/search?q=brazil+oil&all_duplicates=true").await;
    assert_eq!(all["all_duplicates"], true);
    let hits = all["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 3);
    assert_eq!(hits.iter().filter(|h| h["group"] == group).count(), 2);
}

#[tokio::test]
async fn the_page_has_the_duplicates_toggle_and_badge() {
    let app = router(index_with(articles()), ServerOptions::default());
    let request = Request::get("/").body(Body::empty()).unwrap();
    let response = app.oneshot(request).await.unwrap();
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    let page = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(page.contains(r#"<input id="dups" type="checkbox">"#));
    assert!(page.contains(r#"params.set("all_duplicates", "true")"#));
    assert!(page.contains("function similarBadge(hit)"));
    assert!(page.contains(r#""/api/articles/" + encodeURIComponent(hit.id)"#));
}

#[tokio::test]
async fn people_and_organisation_units_are_filters_and_facets() {
    let index = NewsIndex::in_memory().unwrap();
    let mut indexer = index.indexer().unwrap();
    indexer.set_organisation_parents(|name| (name == "BBC Sport").then(|| "BBC".to_string()));
    for (title, body, org, person) in [
        (
            "Final on BBC Sport",
            "BBC Sport will show the final, Tony Blair said.",
            "BBC Sport",
            "Tony Blair",
        ),
        (
            "Brown at the BBC",
            "Gordon Brown spoke to the BBC about the budget.",
            "BBC",
            "Gordon Brown",
        ),
    ] {
        let facets = crate::Facets {
            organisations: vec![org.into()],
            people: vec![person.into()],
            ..crate::Facets::default()
        };
        indexer
            .add_extracted(&Article::new(title, body), &facets)
            .unwrap();
    }
    indexer.commit().unwrap();
    let app = router(Arc::new(index), ServerOptions::default());

    let (status, body) = get(&app, "/api/search?person=tony+blair&org=BBC").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["total_hits"], 1);
    assert_eq!(body["hits"][0]["people"][0], "Tony Blair");
    assert_eq!(body["hits"][0]["organisations"][0], "BBC Sport");

    let (_, body) = get(&app, "/api/search?person=Blair").await;
    assert_eq!(body["unmatched_filters"][0]["field"], "person");
    assert_eq!(
        body["unmatched_filters"][0]["suggestions"][0]["value"],
        "Tony Blair"
    );

    let (status, body) = get(&app, "/api/facets?field=org").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["values"][0]["value"], "BBC");
    assert_eq!(body["values"][0]["count"], 2);
    assert_eq!(body["values"][0]["children"][0]["value"], "BBC Sport");

    let (_, body) = get(&app, "/api/search?facets=true").await;
    assert_eq!(body["facets"]["people"].as_array().unwrap().len(), 2);
    let (status, _) = get(&app, "/api/search?person=a&person=b").await;
    assert_eq!(status, StatusCode::OK);
}

/// Issue #23: with a currency filter the amount groups are that
/// currency's amounts, and filtering by a group's bounds (as a click on
/// the page does) finds the articles it counts.
#[tokio::test]
async fn amount_groups_follow_the_currency_filter() {
    let app = router(
        index_with(vec![
            Article::new(
                "Fiat buys a stake",
                "Fiat paid 5m euros for the stake, and promised $300m more later.",
            ),
            Article::new(
                "Siemens builds a plant",
                "Siemens will spend 50m euros on a plant near Munich.",
            ),
            Article::new("Ford cuts costs", "Ford said it would save $20m this year."),
        ]),
        ServerOptions::default(),
    );
    let (_, all) = get(&app, "/api/search?currency=EUR&facets=true").await;
    assert_eq!(all["total_hits"], 2, "{all}");
    let buckets = all["facets"]["amounts"].as_array().unwrap();
    let counts: Vec<u64> = buckets
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .collect();
    // 5m euros and 50m euros; not the dollars beside them.
    assert_eq!(counts, [0, 1, 1, 0, 0], "{all}");
    for bucket in buckets {
        assert_eq!(bucket["currency"], "EUR", "{bucket}");
        let mut uri = "/api/search?currency=EUR".to_string();
        if let Some(min) = bucket["min_usd"].as_f64() {
            uri += &format!("&min_amount={min}");
        }
        if let Some(max) = bucket["max_usd"].as_f64() {
            uri += &format!("&max_amount={}", max - 1.0);
        }
        let (_, clicked) = get(&app, &uri).await;
        assert_eq!(clicked["total_hits"], bucket["count"], "{uri}");
    }
    // Without a currency, US-dollar equivalents, as before.
    let (_, usd) = get(&app, "/api/search?facets=true").await;
    assert!(usd["facets"]["amounts"][0].get("currency").is_none());
    assert_eq!(usd["facets"]["amounts"][3]["count"], 1, "{usd}");
}

/// Issue #23: a method no route answers is refused as every error is, in
/// JSON, keeping the `Allow` header.
#[tokio::test]
async fn a_wrong_method_is_a_json_405() {
    let app = router(index_with(articles()), ServerOptions::default());
    let request = Request::post("/api/search?q=cisco")
        .body(Body::empty())
        .unwrap();
    let response = app.oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(response.headers()["allow"]
        .to_str()
        .unwrap()
        .contains("GET"));
    assert_eq!(response.headers()["content-type"], "application/json");
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    let body: Value = serde_json::from_slice(&bytes).unwrap();
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .starts_with("POST is not answered"),
        "{body}"
    );
}

/// Issue #23: a value can be left out (NOT Russia), read as its filter
/// reads it; one no article has leaves nothing out and is reported.
#[tokio::test]
async fn excluded_values_leave_their_articles_out() {
    let app = router(index_with(articles()), ServerOptions::default());
    let (status, body) = get(&app, "/api/search?not_country=russia").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["total_hits"], 1, "{body}");
    assert_eq!(
        body["hits"][0]["title"],
        "Toyota lifts investment in battery plants"
    );
    let (_, body) = get(&app, "/api/search?q=cisco&not_org=Cisco").await;
    assert_eq!(body["total_hits"], 0, "{body}");
    let (_, body) = get(&app, "/api/search?not_country=Japan&not_country=Russia").await;
    assert_eq!(body["total_hits"], 0, "{body}");
    let (_, body) = get(&app, "/api/search?not_country=Narnia").await;
    assert_eq!(body["total_hits"], 2, "{body}");
    assert_eq!(body["unmatched_filters"][0]["value"], "Narnia", "{body}");
}

/// Issue #23: the current results as a file: CSV rows in the search's
/// order, or JSON Lines as the search gives each hit.
#[tokio::test]
async fn the_results_download_as_csv_and_json_lines() {
    let app = router(index_with(articles()), ServerOptions::default());
    let request = Request::get("/api/download?q=billion&sort=amount")
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("news-search.csv"));
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), 3, "{text}");
    assert!(rows[0].starts_with("rank,id,title,"), "{text}");
    // 300 billion yen is worth more than $1 billion.
    assert!(
        rows[1].starts_with("1,") && rows[1].contains("Toyota lifts"),
        "{text}"
    );
    assert!(
        rows[2].contains(SEED_TITLE) && rows[2].contains("$1 billion"),
        "{text}"
    );

    let (_, search) = get(&app, "/api/search?q=billion&snippets=0").await;
    let request = Request::get("/api/download?q=billion&format=jsonl")
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    let lines: Vec<Value> = String::from_utf8(bytes.to_vec())
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(&lines, search["hits"].as_array().unwrap());

    let (status, bad) = get(&app, "/api/download?format=xml").await;
    assert_eq!(
        (status, bad["parameter"].as_str()),
        (StatusCode::BAD_REQUEST, Some("format"))
    );
}

/// Issue #23: the matches' dates as a histogram to pick a range from:
/// by month over a short span (empty months included), each bucket's
/// range finding what it counts, and the undated counted apart.
#[tokio::test]
async fn dates_are_counted_by_month_and_each_range_finds_its_count() {
    let dated = |title: &str, day: (i32, u8, u8)| {
        let mut article = Article::new(title, format!("{title}: the board met on the day."));
        let month = time::Month::try_from(day.1).unwrap();
        article.date = Some(
            time::Date::from_calendar_date(day.0, month, day.2)
                .unwrap()
                .midnight()
                .assume_utc(),
        );
        article
    };
    let app = router(
        index_with(vec![
            dated("Board meets in January", (2024, 1, 31)),
            dated("Board meets again in January", (2024, 1, 2)),
            dated("Board meets in March", (2024, 3, 1)),
            Article::new("Board meets some day", "The board met; nobody said when."),
        ]),
        ServerOptions::default(),
    );
    let (status, body) = get(&app, "/api/dates?q=board").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["interval"], "month");
    assert_eq!(
        (body["dated"].as_u64(), body["undated"].as_u64()),
        (Some(3), Some(1))
    );
    let buckets = body["buckets"].as_array().unwrap();
    let values: Vec<(&str, u64)> = buckets
        .iter()
        .map(|b| (b["value"].as_str().unwrap(), b["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(values, [("2024-01", 2), ("2024-02", 0), ("2024-03", 1)]);
    for bucket in buckets {
        let uri = format!(
            "/api/search?q=board&since={}&until={}",
            bucket["since"].as_str().unwrap(),
            bucket["until"].as_str().unwrap()
        );
        let (_, found) = get(&app, &uri).await;
        assert_eq!(found["total_hits"], bucket["count"], "{uri}");
    }
    let (status, _) = get(&app, "/api/dates?limit=3").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
