//! HTML pages: one article per file.
//!
//! Two passes over the page. The html5ever tokenizer collects the metadata
//! (`<title>`, `<meta>` tags, canonical link, first `<h1>`, first
//! `<time datetime>`) and, as a fallback, the bare text. Then html2text
//! renders the body as plain text, after page furniture (`nav`, `aside`,
//! `footer`, forms, a `header` outside any `article`, hidden elements) has
//! been cut from the DOM; `script`, `style` and `head` never render.
//!
//! Title: `og:title`, else `<title>` (minus a trailing `| Site` naming
//! the site), else the first `<h1>`, else the body's first sentence.
//! Date: the first of the usual publication-date meta tags that parses,
//! else `<time datetime>`. Source: `og:site_name` (or `application-name`),
//! else the URL's host. URL: `og:url`, else `<link rel=canonical>`.

use std::cell::RefCell;
use std::collections::HashMap;

use html2text::render::TrivialDecorator;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use crate::article::Article;

use super::{date, text, tidy, SkipReason};

/// Render width: wide enough that html2text never wraps a paragraph.
const RENDER_WIDTH: usize = 100_000;

/// Pages nested deeper than this skip html2text for the tokenizer's plain
/// text: html5ever's tree building is quadratic in nesting depth (8,000
/// levels take 0.2 s, 100,000 would take half a minute), and no real
/// article nests anywhere near this deep.
const MAX_RENDER_DEPTH: usize = 1_000;

/// Meta tags naming the publication date, most specific first.
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "dcterms.date",
    "sailthru.date",
    "parsely-pub-date",
];

/// Parse a whole HTML page into its article, with a warning when the page
/// was too malformed to render (absurdly deep nesting, or the renderer
/// failed) and its bare text was read instead.
///
/// Malformed markup is otherwise read as a browser would (html5ever's
/// error recovery): unclosed tags, stray `<`, bad entities are no problem.
pub(crate) fn parse(content: &str) -> Result<(Article, Vec<String>), SkipReason> {
    let meta = scan(content);
    let mut warnings = Vec::new();
    let rendered = if meta.max_depth <= MAX_RENDER_DEPTH {
        let rendered = to_text(content);
        if rendered.is_none() {
            warnings.push("malformed HTML: could not be rendered; read its bare text".to_string());
        }
        rendered
    } else {
        warnings.push(format!(
            "malformed HTML: elements nested more than {MAX_RENDER_DEPTH} deep; read its bare text"
        ));
        None
    };
    let body = rendered.unwrap_or_else(|| tidy(&meta.fallback_text));

    let get = |key: &str| {
        meta.meta
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    };
    let site_name = get("og:site_name").or_else(|| get("application-name"));
    let url = get("og:url")
        .or(meta.canonical.as_deref())
        .map(str::to_string);

    let title = get("og:title")
        .or_else(|| get("twitter:title"))
        .map(super::squash_whitespace)
        .or_else(|| {
            let t = super::squash_whitespace(&meta.title);
            (!t.is_empty()).then(|| strip_site_suffix(&t, site_name))
        })
        .or_else(|| {
            let h1 = super::squash_whitespace(&meta.h1);
            (!h1.is_empty()).then_some(h1)
        })
        .unwrap_or_else(|| text::title_from_text(&body));

    if title.is_empty() && body.is_empty() {
        return Err(SkipReason::Empty);
    }

    let date = DATE_KEYS
        .iter()
        .filter_map(|key| get(key))
        .chain(meta.time.as_deref())
        .find_map(date::parse);

    let source = site_name
        .map(str::to_string)
        .or_else(|| url.as_deref().and_then(host));

    let article = Article {
        title,
        body,
        url,
        date,
        source,
        ..Article::default()
    };
    Ok((article, warnings))
}

/// Cut a trailing " | Site", " - Site" or " — Site" from a `<title>` when
/// it names the site.
fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    if let Some(site) = site {
        for sep in [" | ", " - ", " – ", " — ", " :: "] {
            if let Some(head) = title.strip_suffix(site).and_then(|t| t.strip_suffix(sep)) {
                if !head.trim().is_empty() {
                    return head.trim().to_string();
                }
            }
        }
    }
    title.to_string()
}

/// The host of an http(s) URL, without a leading `www.`.
fn host(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// HTML (a page or a fragment) to plain text: through html2text, page
/// furniture removed, or the tokenizer's bare text when html2text fails,
/// panics, or the nesting is absurdly deep.
pub(crate) fn html_to_text(html: &str) -> String {
    let meta = scan(html);
    let rendered = if meta.max_depth <= MAX_RENDER_DEPTH {
        to_text(html)
    } else {
        None
    };
    rendered.unwrap_or_else(|| tidy(&meta.fallback_text))
}

/// html2text's rendering, page furniture removed; `None` when it fails
/// (or panics) on this input.
fn to_text(html: &str) -> Option<String> {
    let render = || -> Option<String> {
        let config = html2text::config::with_decorator(TrivialDecorator::new()).no_table_borders();
        let dom = config.parse_html(html.as_bytes()).ok()?;
        prune(&dom.document);
        let tree = config.dom_to_render_tree(&dom).ok()?;
        config.render_to_string(tree, RENDER_WIDTH).ok()
    };
    // html2text is not ours: a bug there must cost one file, not the run.
    let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(render)).ok()??;
    Some(tidy(&rendered))
}

/// Elements that are page furniture, not article text.
const FURNITURE: &[&str] = &[
    "nav", "aside", "footer", "form", "button", "select", "noscript", "iframe", "svg", "canvas",
    "template", "dialog", "menu", "object", "embed", "audio", "video",
];

/// Table cells spanning more rows or columns than this are rendered as
/// spanning this many: html2text lays spans out cell by cell, so a page of
/// 8,000 rows each `rowspan=65534` took minutes. Text is all we keep, and
/// no article table needs wider spans.
const MAX_SPAN: usize = 8;

/// Remove page furniture from the DOM, iteratively (pages can nest deep),
/// and clamp table-cell spans to `1..=MAX_SPAN`.
fn prune(root: &html2text::Handle) {
    let mut stack = vec![(root.clone(), false)];
    while let Some((node, in_article)) = stack.pop() {
        let in_article =
            in_article || element_name(&node).is_some_and(|n| n == "article" || n == "main");
        node.children.borrow_mut().retain(|child| {
            let html2text::Element { name, attrs, .. } = &child.data else {
                return true;
            };
            let name = &*name.local;
            if FURNITURE.contains(&name) || (name == "header" && !in_article) {
                return false;
            }
            let mut attrs = attrs.borrow_mut();
            let hidden = attrs.iter().any(|a| {
                let key = &*a.name.local;
                key == "hidden" || (key == "aria-hidden" && &*a.value == "true")
            });
            for attr in attrs.iter_mut() {
                if matches!(&*attr.name.local, "rowspan" | "colspan") {
                    let span = attr.value.trim().parse::<usize>().unwrap_or(1);
                    attr.value = StrTendril::from(span.clamp(1, MAX_SPAN).to_string());
                }
            }
            !hidden
        });
        for child in node.children.borrow().iter() {
            stack.push((child.clone(), in_article));
        }
    }
}

fn element_name(node: &html2text::Handle) -> Option<&str> {
    match &node.data {
        html2text::Element { name, .. } => Some(&name.local),
        _ => None,
    }
}

/// What the tokenizer pass collects.
#[derive(Default)]
struct Meta {
    /// Text of the first `<title>`.
    title: String,
    /// Text of the first `<h1>`.
    h1: String,
    /// `<meta>` content by lower-cased `property`, `name` or `itemprop` (first wins).
    meta: HashMap<String, String>,
    /// `<link rel=canonical href>`.
    canonical: Option<String>,
    /// `datetime` of the first `<time>` carrying one.
    time: Option<String>,
    /// All text outside head, script and style, blocks on their own lines.
    fallback_text: String,
    /// Deepest nesting of elements that are neither void nor auto-closed.
    max_depth: usize,
}

#[derive(Default, Clone, Copy, PartialEq)]
enum Capture {
    #[default]
    Body,
    Title,
    H1,
    /// Inside head, script, style and the like: no text kept.
    Skip,
}

#[derive(Default)]
struct Sink {
    meta: RefCell<Meta>,
    capture: RefCell<Capture>,
    h1_done: RefCell<bool>,
    depth: RefCell<usize>,
}

fn attr<'a>(tag: &'a Tag, name: &str) -> Option<&'a StrTendril> {
    tag.attrs
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| &a.value)
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut meta = self.meta.borrow_mut();
        let mut capture = self.capture.borrow_mut();
        match token {
            Token::CharacterTokens(text) => match *capture {
                Capture::Body => push_squashed(&mut meta.fallback_text, &text),
                Capture::Title => meta.title.push_str(&text),
                Capture::H1 => {
                    meta.h1.push_str(&text);
                    push_squashed(&mut meta.fallback_text, &text);
                }
                Capture::Skip => {}
            },
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                let name = &*tag.name;
                if !tag.self_closing && nests(name) {
                    let mut depth = self.depth.borrow_mut();
                    *depth += 1;
                    meta.max_depth = meta.max_depth.max(*depth);
                }
                match name {
                    "title" => {
                        if meta.title.is_empty() {
                            *capture = Capture::Title;
                        } else {
                            *capture = Capture::Skip;
                        }
                        return TokenSinkResult::RawData(RawKind::Rcdata);
                    }
                    "textarea" => return TokenSinkResult::RawData(RawKind::Rcdata),
                    "script" => {
                        *capture = Capture::Skip;
                        return TokenSinkResult::RawData(RawKind::ScriptData);
                    }
                    "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                        *capture = Capture::Skip;
                        return TokenSinkResult::RawData(RawKind::Rawtext);
                    }
                    "plaintext" => return TokenSinkResult::Plaintext,
                    "head" => *capture = Capture::Skip,
                    "body" => *capture = Capture::Body,
                    "h1" if !*self.h1_done.borrow() && *capture == Capture::Body => {
                        *capture = Capture::H1;
                    }
                    "meta" => {
                        let key = attr(&tag, "property")
                            .or_else(|| attr(&tag, "name"))
                            .or_else(|| attr(&tag, "itemprop"));
                        let value = attr(&tag, "content").or_else(|| attr(&tag, "datetime"));
                        if let (Some(key), Some(value)) = (key, value) {
                            meta.meta
                                .entry(key.trim().to_ascii_lowercase())
                                .or_insert_with(|| value.trim().to_string());
                        }
                    }
                    "link" => {
                        let canonical = attr(&tag, "rel").is_some_and(|rel| {
                            rel.split_ascii_whitespace()
                                .any(|r| r.eq_ignore_ascii_case("canonical"))
                        });
                        if canonical && meta.canonical.is_none() {
                            meta.canonical = attr(&tag, "href").map(|h| h.trim().to_string());
                        }
                    }
                    "time" if meta.time.is_none() => {
                        meta.time = attr(&tag, "datetime").map(|d| d.trim().to_string());
                    }
                    _ => {}
                }
                if is_block(name) && *capture == Capture::Body {
                    meta.fallback_text.push('\n');
                }
            }
            Token::TagToken(tag) => {
                let name = &*tag.name;
                if nests(name) {
                    let mut depth = self.depth.borrow_mut();
                    *depth = depth.saturating_sub(1);
                }
                match (name, *capture) {
                    ("title", _)
                    | ("script" | "style" | "xmp" | "iframe" | "noembed" | "noframes", _) => {
                        *capture = Capture::Body;
                    }
                    ("head", _) => *capture = Capture::Body,
                    ("h1", Capture::H1) => {
                        *capture = Capture::Body;
                        *self.h1_done.borrow_mut() = true;
                    }
                    _ => {}
                }
                if is_block(name) && *capture == Capture::Body {
                    meta.fallback_text.push('\n');
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Append `text` with each whitespace run as one space (source line
/// breaks are not text breaks; block tags add those).
fn push_squashed(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_whitespace() {
            if !out.ends_with([' ', '\n']) && !out.is_empty() {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

/// Elements that count for nesting depth: not void, not closed implicitly
/// by a sibling.
fn nests(name: &str) -> bool {
    !matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "p"
            | "li"
            | "td"
            | "th"
            | "tr"
            | "dd"
            | "dt"
            | "option"
            | "optgroup"
            | "tbody"
            | "thead"
            | "tfoot"
            | "colgroup"
            | "rb"
            | "rt"
            | "rp"
    )
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "li"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "tr"
            | "table"
            | "section"
            | "article"
            | "blockquote"
            | "pre"
            | "ul"
            | "ol"
            | "hr"
    )
}

/// Tokenize the page and collect its metadata.
fn scan(content: &str) -> Meta {
    let tokenizer = Tokenizer::new(Sink::default(), TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(content));
    // The sink never asks for a script pause, so one feed takes it all.
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    tokenizer.sink.meta.take()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Cisco signs $1 billion Skolkovo deal | Portfolio.com</title>
<meta property="og:site_name" content="Portfolio.com">
<meta property="og:url" content="https://www.portfolio.com/news/cisco-skolkovo?a=1&amp;b=2">
<meta property="article:published_time" content="2010-06-25T10:30:00-04:00">
<meta name="description" content="A summary">
<link rel="canonical" href="https://portfolio.com/canonical">
<style>body { color: red; } .x::after { content: "STYLEJUNK" }</style>
<script>var junk = "<p>SCRIPTJUNK</p>"; if (a < b && c > d) {}</script>
</head>
<body>
<header><a href="/">Portfolio</a> <span>Site banner HEADERJUNK</span></header>
<nav><ul><li><a href="/markets">Markets NAVJUNK</a></li></ul></nav>
<article>
<header><h1>Cisco and Skolkovo</h1></header>
<p>With support from both the U.S. and <a href="https://example.com/ru">Russian</a> presidents,
a new <b>high-tech</b> Russian delegation is in Silicon Valley.</p>
<p>Cisco signed a memorandum for $1 billion &amp; more &lt;Cisco Systems&gt;.</p>
<div hidden>HIDDENJUNK</div>
<script>document.write("INLINEJUNK")</script>
</article>
<aside>Related: ASIDEJUNK</aside>
<footer>© Portfolio FOOTERJUNK</footer>
</body></html>"#;

    #[test]
    fn page_metadata_and_clean_body() {
        let a = parse(PAGE).unwrap().0;
        assert_eq!(a.title, "Cisco signs $1 billion Skolkovo deal");
        assert_eq!(a.source.as_deref(), Some("Portfolio.com"));
        assert_eq!(
            a.url.as_deref(),
            Some("https://www.portfolio.com/news/cisco-skolkovo?a=1&b=2")
        );
        assert_eq!(
            a.date.map(|d| d.to_string()).as_deref(),
            Some("2010-06-25 14:30:00.0 +00:00:00")
        );
        for junk in [
            "SCRIPTJUNK",
            "STYLEJUNK",
            "INLINEJUNK",
            "NAVJUNK",
            "HEADERJUNK",
            "ASIDEJUNK",
            "FOOTERJUNK",
            "HIDDENJUNK",
            "color: red",
        ] {
            assert!(!a.body.contains(junk), "{junk} in body:\n{}", a.body);
        }
        assert!(a.body.contains("Cisco and Skolkovo"), "{}", a.body);
        assert!(
            a.body.contains("With support from both the U.S. and Russian presidents, a new high-tech Russian delegation is in Silicon Valley."),
            "{}",
            a.body
        );
        assert!(
            a.body.contains("$1 billion & more <Cisco Systems>."),
            "{}",
            a.body
        );
        // No link footnotes or markers.
        assert!(
            !a.body.contains("example.com") && !a.body.contains("[1]"),
            "{}",
            a.body
        );
        assert!(!a.body.contains("\n\n\n"));
    }

    #[test]
    fn title_fallbacks() {
        let h1 = parse("<html><body><h1>Only &amp; headline</h1><p>Text.</p></body></html>")
            .unwrap()
            .0;
        assert_eq!(h1.title, "Only & headline");
        assert_eq!(h1.source, None);
        let sentence = parse("<p>Markets fell on Monday. Traders sold.</p>")
            .unwrap()
            .0;
        assert_eq!(sentence.title, "Markets fell on Monday.");
        assert_eq!(sentence.body, "Markets fell on Monday. Traders sold.");
        let og = parse(
            r#"<meta property="og:title" content="OG title"><title>Tag title</title><p>x</p>"#,
        )
        .unwrap()
        .0;
        assert_eq!(og.title, "OG title");
    }

    #[test]
    fn other_date_and_source_tags() {
        let page = r#"<html><head><meta name="DC.date" content="2004-11-20">
<link rel="Canonical" href="http://www.bbc.co.uk/news/1"></head>
<body><p>Body <time datetime="2001-01-01">then</time>.</p></body></html>"#;
        let a = parse(page).unwrap().0;
        assert_eq!(
            a.date.map(|d| d.date().to_string()).as_deref(),
            Some("2004-11-20")
        );
        assert_eq!(a.url.as_deref(), Some("http://www.bbc.co.uk/news/1"));
        assert_eq!(a.source.as_deref(), Some("bbc.co.uk"));
        let b = parse(r#"<p>Body <time datetime="2001-01-02T03:04:05Z">then</time>.</p>"#)
            .unwrap()
            .0;
        assert_eq!(
            b.date.map(|d| d.date().to_string()).as_deref(),
            Some("2001-01-02")
        );
    }

    #[test]
    fn malformed_html_never_panics() {
        let cases = [
            "<",
            "<<<>>>",
            "<p>unclosed <b>bold <i>both",
            "</p></div></body>text after",
            "<title>no end",
            "<script>never closed",
            "<table><tr><td>1<td>2</table></table>",
            "<meta property=\"og:title\" content=>",
            "&#xFFFFFFFF; &#0; &bogus; \u{0} <p>x",
            "<svg><title>svg title</title></svg><p>body</p>",
        ];
        for case in cases {
            let _ = parse(case);
        }
        let deep = "<div>".repeat(100_000) + "deep <b>text</b>" + &"</div>".repeat(100_000);
        let (a, warnings) = parse(&deep).unwrap();
        assert_eq!(a.body, "deep text");
        assert_eq!(
            warnings,
            ["malformed HTML: elements nested more than 1000 deep; read its bare text"]
        );
        assert!(parse("<p>fine</p>").unwrap().1.is_empty());
        let tables = "<table><tr><td>".repeat(500) + "cell";
        let _ = parse(&tables);
    }

    #[test]
    fn huge_table_spans_are_clamped() {
        // Regression: html2text lays out every spanned cell, so 8,000 rows
        // each rowspan=65534 (257 KB) took 145 s; spans are now clamped.
        let page = "<table>".to_string()
            + &"<tr><td rowspan=65534 colspan=100000>x</td><td colspan=0>y</td></tr>".repeat(2_000)
            + "</table>";
        let (a, _) = parse(&page).unwrap();
        assert_eq!(a.body.matches('x').count(), 2_000);
        assert_eq!(a.body.matches('y').count(), 2_000);
        // Small spans still lay out as written.
        let (b, _) =
            parse("<table><tr><td colspan=2>wide</td></tr><tr><td>a</td><td>b</td></tr></table>")
                .unwrap();
        assert!(b.body.contains("wide"), "{}", b.body);
        assert!(b.body.contains('a') && b.body.contains('b'), "{}", b.body);
    }

    #[test]
    fn tag_only_page_is_empty() {
        assert_eq!(
            parse("<html><head></head><body><div></div></body></html>"),
            Err(SkipReason::Empty)
        );
    }

    #[test]
    fn fragment_to_text() {
        assert_eq!(
            html_to_text("<p>One &amp; two</p><p>Three</p>"),
            "One & two\n\nThree"
        );
    }
}
