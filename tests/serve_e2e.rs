//! Issue #12: the search page in a real browser. Headless Chromium, driven
//! over the DevTools protocol, types a query, filters by a facet, opens an
//! article and goes back, against `search serve` on a free port; it saves
//! screenshots of the results, the article and a phone-width window under
//! `target/tmp/screenshots/`. Issue #13: a folded hit's "N similar" badge
//! lists the other versions of its group, and "Show duplicates" shows each.
//!
//! Needs Debian's `chromium` (`.ci/run` installs it when missing), or the
//! browser named by `CHROME`; without one the tests are skipped, saying
//! so, unless `NEWSINDEX_BROWSER_TESTS=require` (as `.ci/run` sets) or
//! `CI=true`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chromiumoxide::browser::{Browser, BrowserConfig};
use chromiumoxide::cdp::browser_protocol::emulation::SetDeviceMetricsOverrideParams;
use chromiumoxide::page::ScreenshotParams;
use chromiumoxide::Page;
use futures::StreamExt;
use serde_json::Value;

use super::serve_api::{served_workspace, Server};

const SEED_TITLE: &str = "With support from both the U.S. and Russian presidents";

/// The browser to drive, or `None` (the test is skipped, saying so) on a
/// machine with only the Rust toolchain, where `cargo test` must still
/// pass. `.ci/run` sets `NEWSINDEX_BROWSER_TESTS=require`, so in CI a
/// missing browser fails the test instead.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("CHROME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if path.exists() {
        return Some(path);
    }
    let message = format!(
        "{}: no browser; install Debian's chromium (apt-get install -y chromium; .ci/run does) or set CHROME",
        path.display()
    );
    let required = std::env::var_os("NEWSINDEX_BROWSER_TESTS").is_some_and(|v| v == "require")
        || std::env::var_os("CI").is_some_and(|v| v == "true" || v == "1");
    assert!(!required, "{message}");
    // Straight to stderr: `cargo test` hides what a passing test prints.
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!("skipped: browser test: {message}\n").as_bytes(),
    );
    None
}

fn screenshots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}

async fn eval(page: &Page, script: &str) -> Value {
    page.evaluate(script)
        .await
        .unwrap_or_else(|e| panic!("{script}: {e}"))
        .into_value()
        .unwrap_or(Value::Null)
}

/// Wait (up to 20 s, for a loaded machine) until `condition` is true in
/// the page; on failure, show what the page shows.
async fn wait_until(page: &Page, condition: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if eval(page, &format!("Boolean({condition})")).await == Value::Bool(true) {
            return;
        }
        if Instant::now() > deadline {
            let shown = eval(page, "location.href + '\\n' + document.body.innerText").await;
            panic!("{what}: not seen ({condition}); the page shows:\n{shown}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn text(page: &Page, selector: &str) -> String {
    let script = format!("(document.querySelector({selector:?}) || {{}}).textContent || ''");
    eval(page, &script).await.as_str().unwrap_or("").to_string()
}

async fn screenshot(page: &Page, name: &str) {
    let path = screenshots().join(name);
    page.save_screenshot(ScreenshotParams::builder().full_page(true).build(), &path)
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn results_label(n: u64) -> String {
    format!("{n} result{}", if n == 1 { "" } else { "s" })
}

/// How the page sums up a search's results: a count, or the articles
/// with all the words and those with some of them.
fn summary_label(results: &Value) -> String {
    let total = results["total_hits"].as_u64().unwrap();
    match results["partial_hits"].as_u64().unwrap_or(0) {
        0 => results_label(total),
        partial => format!(
            "{total} article{} with all the words; {partial} more with some",
            if total == 1 { "" } else { "s" }
        ),
    }
}

/// Headless Chromium with a fresh profile (kept while the browser runs),
/// and the task handling its events.
async fn launch(chrome: PathBuf) -> (Browser, tokio::task::JoinHandle<()>, tempfile::TempDir) {
    let profile = tempfile::tempdir().expect("profile folder");
    let config = BrowserConfig::builder()
        .chrome_executable(chrome)
        .no_sandbox()
        .user_data_dir(profile.path())
        .window_size(1280, 900)
        .viewport(None)
        .args([
            "disable-gpu",
            "disable-quic",
            "no-first-run",
            "disable-background-networking",
            "disable-component-update",
            "disable-sync",
        ])
        .build()
        .expect("browser configuration");
    let (browser, mut handler) = Browser::launch(config).await.expect("chromium starts");
    let events = tokio::spawn(async move {
        while let Some(event) = handler.next().await {
            if event.is_err() {
                break;
            }
        }
    });
    (browser, events, profile)
}

/// Articles a search matched: those with all the words and those with
/// some of them.
fn matched(results: &Value) -> u64 {
    results["total_hits"].as_u64().unwrap() + results["partial_hits"].as_u64().unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_filter_open_and_go_back_in_a_browser() {
    let Some(chrome) = chromium() else { return };
    let ws = served_workspace();
    let server = Server::start(&ws);
    let (_, all) = server.get("/api/search?q=Cisco+Skolkovo").await;
    let (_, russia) = server
        .get("/api/search?q=Cisco+Skolkovo&country=Russia")
        .await;
    let (all_label, russia_label) = (summary_label(&all), summary_label(&russia));
    let (all, russia) = (matched(&all), matched(&russia));
    assert!(
        russia < all,
        "the fixtures must make the facet narrow the results"
    );

    let (mut browser, events, _profile) = launch(chrome).await;

    let page = browser.new_page(server.url("/")).await.expect("page opens");
    // With no query, the page browses every article.
    wait_until(
        &page,
        "document.querySelector('#hits li')",
        "the first results",
    )
    .await;

    page.find_element("#q")
        .await
        .expect("search box")
        .click()
        .await
        .expect("focus")
        .type_str("Cisco Skolkovo")
        .await
        .expect("typing");
    let seed_first = format!(
        "location.search.includes('q=Cisco+Skolkovo') && \
         (document.querySelector('#hits li .hit-title') || {{}}).textContent?.startsWith({SEED_TITLE:?}) && \
         document.querySelector('#summary').textContent.startsWith({:?})",
        all_label
    );
    wait_until(&page, &seed_first, "the seed ranked first").await;
    let marks = eval(
        &page,
        "[...document.querySelectorAll('#hits li:first-child mark')].map(m => m.textContent.toLowerCase())",
    )
    .await;
    let marks: Vec<String> = serde_json::from_value(marks).unwrap();
    for word in ["cisco", "skolkovo"] {
        assert!(
            marks.iter().any(|m| m == word),
            "{word} not highlighted: {marks:?}"
        );
    }
    screenshot(&page, "results.png").await;

    let facet = r#"button.facet[data-facet="country"][data-value="Russia"]"#;
    page.find_element(facet)
        .await
        .expect("the Russia facet")
        .click()
        .await
        .expect("click");
    let filtered = format!(
        "location.search.includes('country=Russia') && \
         document.querySelector('#summary').textContent.startsWith({:?}) && \
         document.querySelector({facet:?}).getAttribute('aria-pressed') === 'true' && \
         document.querySelector('#chips .chip')",
        russia_label
    );
    wait_until(&page, &filtered, "the Russia filter applied").await;
    assert!(text(&page, "#chips").await.contains("Country: Russia"));

    page.find_element("#hits li .hit-title")
        .await
        .expect("the first hit")
        .click()
        .await
        .expect("click");
    wait_until(
        &page,
        &format!(
            "location.search.includes('article=') && !document.querySelector('#article').hidden && \
             document.querySelector('#article-title')?.textContent.startsWith({SEED_TITLE:?})"
        ),
        "the article view",
    )
    .await;
    let entities = eval(
        &page,
        "[...document.querySelectorAll('#article mark.ent')].map(m => m.textContent)",
    )
    .await;
    let entities: Vec<String> = serde_json::from_value(entities).unwrap();
    for expected in ["$1 billion", "Cisco"] {
        assert!(
            entities.iter().any(|e| e.contains(expected)),
            "{expected} not highlighted in the article: {entities:?}"
        );
    }
    screenshot(&page, "article.png").await;

    eval(&page, "history.back()").await;
    wait_until(
        &page,
        &format!(
            "!location.search.includes('article=') && location.search.includes('country=Russia') && \
             document.querySelector('#article').hidden && !document.querySelector('#list').hidden && \
             document.querySelector('#summary').textContent.startsWith({:?})",
            russia_label
        ),
        "the results again after going back",
    )
    .await;

    page.execute(SetDeviceMetricsOverrideParams::new(390, 844, 2.0, true))
        .await
        .expect("phone width");
    wait_until(
        &page,
        "getComputedStyle(document.querySelector('#filters-toggle')).display !== 'none'",
        "the filters button at phone width",
    )
    .await;
    screenshot(&page, "phone.png").await;

    browser.close().await.expect("browser closes");
    let _ = browser.wait().await;
    events.abort();
}

/// Issue #13: a folded hit's "1 similar" badge lists the other version
/// (opening it shows that article), and "Show duplicates" shows each.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn similar_badge_expands_and_the_toggle_shows_each_duplicate() {
    let Some(chrome) = chromium() else { return };
    let (ws, _) = super::dedup::three_stories();
    let server = Server::start(&ws);
    let (mut browser, events, _profile) = launch(chrome).await;
    let page = browser
        .new_page(server.url("/?q=riyadh"))
        .await
        .expect("page opens");
    wait_until(
        &page,
        "document.querySelectorAll('#hits > li').length === 1 && \
         document.querySelector('#hits button.similar')?.textContent === '1 similar' && \
         document.querySelector('#summary').textContent.includes('1 near-duplicate folded')",
        "one hit with its badge",
    )
    .await;
    let shown = text(&page, "#hits .hit-title").await;
    page.find_element("#hits button.similar")
        .await
        .expect("the badge")
        .click()
        .await
        .expect("click");
    wait_until(
        &page,
        "document.querySelector('#hits button.similar').getAttribute('aria-expanded') === 'true' && \
         document.querySelectorAll('#hits ul.group li a').length === 1",
        "the group listed under the hit",
    )
    .await;
    let other = text(&page, "#hits ul.group li a").await;
    assert!(
        other.contains("Saudis drop oil condition") && other != shown,
        "{shown:?} lists {other:?}"
    );
    screenshot(&page, "similar.png").await;

    page.find_element("#hits ul.group li a")
        .await
        .expect("the other version")
        .click()
        .await
        .expect("click");
    wait_until(
        &page,
        &format!(
            "!document.querySelector('#article').hidden && \
             document.querySelector('#article-title')?.textContent === {other:?}"
        ),
        "the other version opened",
    )
    .await;
    eval(&page, "history.back()").await;
    wait_until(
        &page,
        "!document.querySelector('#list').hidden && document.querySelectorAll('#hits > li').length === 1",
        "the results again",
    )
    .await;

    page.find_element("#dups")
        .await
        .expect("the toggle")
        .click()
        .await
        .expect("click");
    wait_until(
        &page,
        "location.search.includes('all_duplicates=true') && document.querySelector('#dups').checked && \
         document.querySelectorAll('#hits > li').length === 2 && \
         !document.querySelector('#summary').textContent.includes('folded')",
        "every version with the toggle on",
    )
    .await;
    screenshot(&page, "all-duplicates.png").await;

    browser.close().await.expect("browser closes");
    let _ = browser.wait().await;
    events.abort();
}

/// Open `path` in `page` and wait until `condition` holds.
async fn visit(page: &Page, server: &Server, path: &str, condition: &str, what: &str) {
    page.goto(server.url(path)).await.expect("navigates");
    wait_until(page, condition, what).await;
}

/// Issue #23: what the page said wrong, each in the browser: a page past
/// the last, an unreadable amount, amount groups in another currency,
/// the amount a sort by amount ranks on, the tab title, and the filter
/// panel on a phone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_says_what_it_shows() {
    let Some(chrome) = chromium() else { return };
    let ws = served_workspace();
    let server = Server::start(&ws);
    let (_, all) = server.get("/api/search?limit=0").await;
    let total = all["total_hits"].as_u64().unwrap();
    let pages = total.div_ceil(10);
    assert!(pages >= 2, "the fixtures must fill two pages: {total}");
    let (mut browser, events, _profile) = launch(chrome).await;
    let page = browser.new_page(server.url("/")).await.expect("page opens");

    // A page past the last: the last page, saying so.
    visit(
        &page,
        &server,
        "/?page=99",
        &format!(
            "document.querySelector('#no-page') && document.querySelectorAll('#hits > li').length > 0 && \
             document.querySelector('#pager span')?.textContent === 'Page {pages} of {pages}' && \
             location.search.includes('page={pages}')"
        ),
        "the last page instead of page 99",
    )
    .await;
    let note = text(&page, "#no-page").await;
    assert!(note.starts_with("There is no page 99"), "{note}");
    assert!(!text(&page, "#summary").await.contains("981"));
    screenshot(&page, "no-such-page.png").await;
    // Deeper than the server pages (offset + limit over 10,000): the same.
    visit(
        &page,
        &server,
        "/?page=5000",
        &format!(
            "document.querySelector('#no-page')?.textContent.startsWith('There is no page 5,000') && \
             document.querySelector('#pager span')?.textContent === 'Page {pages} of {pages}'"
        ),
        "the last page instead of page 5,000",
    )
    .await;

    // An amount the API cannot read: its error, and a chip as written.
    visit(
        &page,
        &server,
        "/?min_amount=lots",
        "document.querySelector('#notes .error') && document.querySelector('#chips .chip')",
        "the amount refused",
    )
    .await;
    let chip = text(&page, "#chips").await;
    assert!(chip.contains("≥ lots") && !chip.contains("NaN"), "{chip}");
    assert!(text(&page, "#notes")
        .await
        .starts_with("min_amount: \"lots\" is not an amount"));

    // Amount groups in the filtered currency: labelled so, and a click
    // finds what the group counts.
    visit(
        &page,
        &server,
        "/?currency=EUR",
        "[...document.querySelectorAll('#facets h2')].some(h => h.textContent === 'Amounts (EUR)')",
        "the amounts in euros",
    )
    .await;
    let group = r#"button.facet[data-facet="amount"]"#;
    let counted = text(&page, &format!("{group} .count")).await;
    page.find_element(group)
        .await
        .expect("an amount group")
        .click()
        .await
        .expect("click");
    wait_until(
        &page,
        &format!(
            "location.search.includes('min_amount') && \
             document.querySelector('#summary').textContent.startsWith({:?}) && \
             document.querySelector('#chips').textContent.includes('EUR')",
            results_label(counted.parse().unwrap())
        ),
        "the group's count after a click",
    )
    .await;

    // Sorted by amount, each hit shows the amount it was ranked on.
    visit(
        &page,
        &server,
        "/?sort=amount&min_amount=1",
        "document.querySelectorAll('#hits > li').length > 0 && \
         [...document.querySelectorAll('#hits > li')].every(li => li.querySelector('.sorted-on strong'))",
        "the amount on each hit",
    )
    .await;
    let first = text(&page, "#hits > li .sorted-on").await;
    assert!(first.starts_with("Largest amount: "), "{first}");
    screenshot(&page, "sorted-by-amount.png").await;

    // Sorted by date where some articles have none: the page says so.
    visit(
        &page,
        &server,
        "/?sort=date",
        "document.querySelector('#undated-note')?.textContent.includes('have a date')",
        "the note on undated articles",
    )
    .await;

    // The query in the tab title.
    visit(
        &page,
        &server,
        "/?q=Cisco+Skolkovo",
        "document.querySelector('#hits li')",
        "the results",
    )
    .await;
    assert_eq!(
        eval(&page, "document.title").await,
        "Cisco Skolkovo – News search"
    );

    // On a phone: the panel closes after a pick, and an article is read
    // from the top, without the filters above it.
    page.execute(SetDeviceMetricsOverrideParams::new(390, 844, 2.0, true))
        .await
        .expect("phone width");
    page.find_element("#filters-toggle")
        .await
        .expect("the filters button")
        .click()
        .await
        .expect("click");
    let facet = r#"button.facet[data-facet="country"][data-value="Russia"]"#;
    wait_until(
        &page,
        &format!("document.querySelector({facet:?})?.offsetParent"),
        "the filters open",
    )
    .await;
    page.find_element(facet)
        .await
        .expect("the Russia facet")
        .click()
        .await
        .expect("click");
    wait_until(
        &page,
        "location.search.includes('country=Russia') && \
         getComputedStyle(document.querySelector('#facets')).display === 'none' && \
         document.querySelector('#hits li')",
        "the filters closed after the pick",
    )
    .await;
    screenshot(&page, "phone-after-pick.png").await;
    // A full-page screenshot clears the phone's metrics.
    page.execute(SetDeviceMetricsOverrideParams::new(390, 844, 2.0, true))
        .await
        .expect("phone width");
    page.find_element("#hits li .hit-title")
        .await
        .expect("the first hit")
        .click()
        .await
        .expect("click");
    wait_until(
        &page,
        "!document.querySelector('#article').hidden && \
         getComputedStyle(document.querySelector('#facets')).display === 'none' && \
         innerWidth === 390 && document.querySelector('#article').getBoundingClientRect().top < 300",
        "the article at the top",
    )
    .await;
    let title = text(&page, "#article-title").await;
    assert_eq!(
        eval(&page, "document.title").await,
        format!("{title} – News search")
    );
    screenshot(&page, "phone-article.png").await;

    browser.close().await.expect("browser closes");
    let _ = browser.wait().await;
    events.abort();
}

/// Issue #23: what the page was missing: leaving a value out, finding a
/// value of a group, the syntax help, downloading the results, and in
/// the article the query's words with previous/next and similar articles.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exclude_find_download_and_read_with_the_query_marked() {
    let Some(chrome) = chromium() else { return };
    let ws = served_workspace();
    let server = Server::start(&ws);
    let (_, all) = server.get("/api/search?q=Cisco+Skolkovo&limit=0").await;
    let (_, not_russia) = server
        .get("/api/search?q=Cisco+Skolkovo&not_country=Russia&limit=0")
        .await;
    let not_russia_label = summary_label(&not_russia);
    let (all, not_russia) = (matched(&all), matched(&not_russia));
    assert!(0 < not_russia && not_russia < all, "{not_russia} of {all}");
    let (mut browser, events, _profile) = launch(chrome).await;
    let page = browser
        .new_page(server.url("/?q=Cisco+Skolkovo"))
        .await
        .expect("page opens");
    wait_until(&page, "document.querySelector('#hits li')", "the results").await;

    // The syntax help, by the search box.
    eval(&page, "document.querySelector('#syntax summary').click()").await;
    wait_until(
        &page,
        "document.querySelector('#syntax').open && document.querySelector('#syntax dl').offsetParent",
        "the syntax help open",
    )
    .await;
    assert!(text(&page, "#syntax").await.contains("title:yukos"));

    // NOT Russia.
    let exclude = r#"button.exclude[data-facet="country"][data-value="Russia"]"#;
    page.find_element(exclude)
        .await
        .expect("the − beside Russia")
        .click()
        .await
        .expect("click");
    wait_until(
        &page,
        &format!(
            "location.search.includes('not_country=Russia') && \
             document.querySelector('#summary').textContent.startsWith({:?}) && \
             document.querySelector('#chips .chip.not')?.textContent.includes('Not country: Russia')",
            not_russia_label
        ),
        "Russia left out",
    )
    .await;
    screenshot(&page, "not-russia.png").await;

    // The download links fetch what the page lists.
    let href = eval(&page, "document.querySelector('#download-csv').href").await;
    let href = href.as_str().expect("a link");
    assert!(
        href.contains("not_country=Russia") && href.contains("format=csv"),
        "{href}"
    );
    let rows = eval(
        &page,
        "fetch(document.querySelector('#download-csv').href).then(r => r.text()).then(t => t.trim().split('\\r\\n').length)",
    )
    .await;
    assert_eq!(
        rows.as_u64(),
        Some(not_russia + 1),
        "a header and a row a hit"
    );

    // Finding a value of a group.
    visit(
        &page,
        &server,
        "/",
        "document.querySelector('#find-country')",
        "the country finder",
    )
    .await;
    eval(
        &page,
        "(() => { const f = document.querySelector('#find-country'); f.value = 'uni'; f.dispatchEvent(new Event('input')); })()",
    )
    .await;
    wait_until(
        &page,
        "[...document.querySelectorAll('#facet-country button.facet')].length > 0 && \
         [...document.querySelectorAll('#facet-country button.facet')].every(b => b.dataset.value.toLowerCase().includes('uni'))",
        "only the countries with 'uni'",
    )
    .await;

    // A date range from the histogram: a bar finds what it counts, and
    // the range is counted again by month.
    visit(
        &page,
        &server,
        "/",
        "document.querySelector('#dates') && !document.querySelector('#dates').hidden && \
         document.querySelectorAll('#histogram .bar').length > 1",
        "the date histogram",
    )
    .await;
    let (_, histogram) = server.get("/api/dates").await;
    let fullest = histogram["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .max_by_key(|b| b["count"].as_u64())
        .unwrap()
        .clone();
    page.find_element(format!(
        "#histogram .bar[data-value={:?}]",
        fullest["value"].as_str().unwrap()
    ))
    .await
    .expect("the fullest bar")
    .click()
    .await
    .expect("click");
    wait_until(
        &page,
        &format!(
            "location.search.includes('since={}') && location.search.includes('until={}') && \
             document.querySelector('#summary').textContent.startsWith({:?}) && \
             document.querySelector('#undated').textContent.includes('by month') && \
             document.querySelector('#date-since').value === {:?}",
            fullest["since"].as_str().unwrap(),
            fullest["until"].as_str().unwrap(),
            results_label(fullest["count"].as_u64().unwrap()),
            fullest["since"].as_str().unwrap(),
        ),
        "the range of the fullest bar",
    )
    .await;
    screenshot(&page, "dates.png").await;

    // The article: the query's words marked, one after the other, and
    // articles like it.
    visit(
        &page,
        &server,
        "/?q=Cisco+Skolkovo",
        "document.querySelector('#hits li .hit-title')",
        "the results",
    )
    .await;
    page.find_element("#hits li .hit-title")
        .await
        .expect("the first hit")
        .click()
        .await
        .expect("click");
    wait_until(
        &page,
        "document.querySelector('#match-nav') && document.querySelectorAll('#article .body mark.q').length > 2 && \
         document.querySelectorAll('#similar-list li a').length > 0",
        "the query marked and similar articles",
    )
    .await;
    let marked = eval(
        &page,
        "[...new Set([...document.querySelectorAll('#article .body mark.q')].map(m => m.textContent.toLowerCase()))].sort()",
    )
    .await;
    assert_eq!(marked, serde_json::json!(["cisco", "skolkovo"]));
    for _ in 0..2 {
        page.find_element("#match-next")
            .await
            .expect("next")
            .click()
            .await
            .expect("click");
    }
    wait_until(
        &page,
        "document.querySelectorAll('#article .body mark.q')[1].classList.contains('current') && \
         document.querySelectorAll('#article mark.current').length === 1 && \
         document.querySelector('#match-nav').textContent.startsWith('Match 2 of')",
        "the second match",
    )
    .await;
    page.find_element("#match-prev")
        .await
        .expect("previous")
        .click()
        .await
        .expect("click");
    wait_until(
        &page,
        "document.querySelectorAll('#article .body mark.q')[0].classList.contains('current')",
        "back to the first match",
    )
    .await;
    let similar = text(&page, "#similar-list").await;
    assert!(similar.to_lowercase().contains("skolkovo"), "{similar}");
    screenshot(&page, "article-marked.png").await;

    browser.close().await.expect("browser closes");
    let _ = browser.wait().await;
    events.abort();
}
