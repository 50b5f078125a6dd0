//! Reuters-21578 SGML: one article per `<REUTERS>` element.
//!
//! A plain scanner (substring search, no regex, no SGML parser): the
//! corpus's layout is regular and its text has `<` only as tags (`&lt;`
//! otherwise). Per element:
//! - `<TITLE>` → title; `<BODY>` → body, its trailing ` Reuter` signature
//!   and control characters removed, the `<DATELINE>` (`TOKYO, March 3 -`)
//!   put before it as on the wire;
//! - `<TEXT TYPE="UNPROC">` (no TITLE/BODY tags): the whole text is the
//!   body and its first line or sentence the title;
//! - `<TEXT TYPE="BRIEF">`: title only, empty body;
//! - `<DATE>` → date (UTC); `<PLACES>`/`<ORGS>` `<D>` codes → labels;
//!   source `Reuters`; position = index of the element in the file.
//!
//! Entities `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` and `&#N;` are decoded;
//! decoded control characters (`&#2;`, `&#3;`, ...) are dropped.

use crate::article::{Article, Labels};

use super::{date, text, Parsed, SkipReason, Warnings};

const OPEN: &str = "<REUTERS";
const CLOSE: &str = "</REUTERS>";

/// Parse SGML content into its articles, in time linear in its length
/// whatever its shape (hostile files included). `first_line` is the
/// zero-based line of the file `content` starts on (a streamed piece):
/// lines count from it; positions count elements of `content` from 0.
pub(crate) fn parse(content: &str, first_line: usize) -> Result<Parsed, SkipReason> {
    parse_counted(content, first_line, 0).0
}

/// [`parse`], and how many elements (positions) `content` held, read or
/// not; warnings number elements from `first_element` + 1.
pub(crate) fn parse_counted(
    content: &str,
    first_line: usize,
    first_element: u64,
) -> (Result<Parsed, SkipReason>, u32) {
    let mut articles = Vec::new();
    let mut warnings = Warnings::default();
    let mut lines = Lines::default();
    let mut rest = content;
    let mut position = 0u32;
    while let Some(start) = find_open(rest) {
        let line = first_line + lines.line_at(content, content.len() - rest.len() + start);
        let element = &rest[start..];
        // An unclosed element must not swallow the next one: it ends at
        // its close tag or the next open tag, whichever comes first. The
        // close tag is only looked for before the next open tag, so no
        // byte is scanned more than a few times.
        let limit = find_open(&element[OPEN.len()..]).map_or(element.len(), |i| OPEN.len() + i);
        let (element, next) = match element[..limit].find(CLOSE) {
            Some(end) => (&element[..end], start + end + CLOSE.len()),
            None => {
                let offset = content.len() - rest.len() + start;
                warnings.push(format!(
                    "line {}: <REUTERS> element {} has no </REUTERS>; read up to the next one",
                    first_line + lines.line_at(content, offset),
                    first_element + u64::from(position) + 1
                ));
                (&element[..limit], start + limit)
            }
        };
        let mut article = article(element, position);
        article.line = u32::try_from(line).ok();
        if article.title.is_empty() && article.body.is_empty() {
            warnings.push(format!(
                "<REUTERS> element {} (NEWID {}): no text; skipped",
                first_element + u64::from(position) + 1,
                new_id(element).unwrap_or("?")
            ));
        } else {
            articles.push(article);
        }
        position = position.saturating_add(1);
        rest = &rest[next..];
    }
    if articles.is_empty() {
        let why = if position == 0 {
            "no <REUTERS> element: not Reuters-21578 SGML".to_string()
        } else {
            match warnings.finish().into_iter().next() {
                Some(first) => format!("no article: {first}"),
                None => "no article".to_string(),
            }
        };
        return (Err(SkipReason::Malformed(why)), position);
    }
    let parsed = Parsed {
        articles,
        warnings: warnings.finish(),
    };
    (Ok(parsed), position)
}

/// One-based line numbers of increasing byte offsets, counted
/// incrementally (recounting from the start each time is quadratic).
#[derive(Default)]
struct Lines {
    offset: usize,
    newlines: usize,
}

impl Lines {
    /// The line of `offset`, which must not be before the last one asked.
    fn line_at(&mut self, content: &str, offset: usize) -> usize {
        let offset = offset.max(self.offset);
        self.newlines += content.as_bytes()[self.offset..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.offset = offset;
        self.newlines + 1
    }
}

/// Start of the next `<REUTERS` open tag (not `<REUTERSX`).
fn find_open(s: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = s[from..].find(OPEN) {
        let at = from + i;
        match s.as_bytes().get(at + OPEN.len()) {
            Some(b'>' | b' ' | b'\t' | b'\n' | b'\r') | None => return Some(at),
            _ => from = at + OPEN.len(),
        }
    }
    None
}

/// The `NEWID` attribute of the element's open tag.
fn new_id(element: &str) -> Option<&str> {
    let open_tag = &element[..element.find('>')?];
    let value = &open_tag[open_tag.find("NEWID=\"")? + 7..];
    Some(&value[..value.find('"')?])
}

/// One `<REUTERS ...> ... </REUTERS>` element (the close tag excluded).
fn article(element: &str, position: u32) -> Article {
    let mut article = Article {
        source: Some("Reuters".to_string()),
        position,
        ..Article::default()
    };
    article.date = inner(element, "DATE").and_then(|d| date::parse_reuters(&decode(d)));
    article.labels = Labels {
        places: inner(element, "PLACES").map(codes).unwrap_or_default(),
        orgs: inner(element, "ORGS").map(codes).unwrap_or_default(),
    };

    let Some(text_el) = text_element(element) else {
        return article;
    };
    let title = inner(text_el, "TITLE").map(|t| super::squash_whitespace(&decode(t)));
    let body = inner(text_el, "BODY").map(|b| strip_signature(&decode(b)));
    let dateline = inner(text_el, "DATELINE").map(|d| super::squash_whitespace(&decode(d)));

    match (title, body) {
        (None, None) => {
            // UNPROC: unstructured text, maybe with stray tags.
            let body = strip_signature(&decode(&strip_tags(text_el)));
            article.title = text::title_from_text(&body);
            article.body = body;
        }
        (title, body) => {
            let body = body.unwrap_or_default();
            article.body = match dateline {
                Some(dateline) if !dateline.is_empty() && !body.is_empty() => {
                    format!("{dateline} {body}")
                }
                _ => body,
            };
            article.title = match title {
                Some(title) if !title.is_empty() => title,
                _ => text::title_from_text(&article.body),
            };
        }
    }
    article
}

/// The content of `<TEXT ...>`, up to `</TEXT>` (or the element's end).
fn text_element(element: &str) -> Option<&str> {
    let mut from = 0;
    loop {
        let at = from + element[from..].find("<TEXT")?;
        let after = &element[at + 5..];
        match after.as_bytes().first() {
            Some(b'>' | b' ' | b'\t' | b'\n' | b'\r') => {
                let open_end = after.find('>')? + 1;
                let content = &after[open_end..];
                return Some(
                    content
                        .find("</TEXT>")
                        .map_or(content, |end| &content[..end]),
                );
            }
            _ => from = at + 5,
        }
    }
}

/// The content of the first `<TAG>` ... `</TAG>` (attributes allowed on
/// the open tag); to the end of `s` when the close tag is missing.
fn inner<'a>(s: &'a str, tag: &str) -> Option<&'a str> {
    let mut from = 0;
    let start = loop {
        let at = from + s[from..].find(tag)?;
        let before = at.checked_sub(1).map(|i| s.as_bytes()[i]);
        let after = s.as_bytes().get(at + tag.len()).copied();
        if before == Some(b'<') && matches!(after, Some(b'>' | b' ')) {
            break at + tag.len() + s[at + tag.len()..].find('>')? + 1;
        }
        from = at + tag.len();
    };
    let content = &s[start..];
    let close = format!("</{tag}>");
    Some(content.find(&close).map_or(content, |end| &content[..end]))
}

/// The `<D>code</D>` values of a label list.
fn codes(list: &str) -> Vec<String> {
    list.split("<D>")
        .skip(1)
        .filter_map(|d| {
            let code = d.split("</D>").next()?.trim();
            (!code.is_empty()).then(|| decode(code))
        })
        .collect()
}

/// Remove `<...>` tags (UNPROC text can have stray ones).
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        match rest[open..].find('>') {
            Some(close) => rest = &rest[open + close + 1..],
            None => {
                rest = &rest[open..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decode SGML entities; drop control characters except newline and tab.
fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find(|c: char| c == '&' || (c.is_control() && c != '\n' && c != '\t'))
    {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if !rest.starts_with('&') {
            // A raw control character: drop it.
            let len = rest.chars().next().map_or(1, char::len_utf8);
            rest = &rest[len..];
            continue;
        }
        // Look for the `;` among the next few bytes only: searching the
        // whole rest for each `&` is quadratic (a file of 2 MB of `&` took
        // three minutes).
        let entity = rest.as_bytes()[1..]
            .iter()
            .take(9)
            .position(|&b| b == b';')
            .and_then(|end| Some((resolve(&rest[1..=end])?, end + 2)));
        match entity {
            Some((c, len)) => {
                if !c.is_control() || c == '\n' || c == '\t' {
                    out.push(c);
                }
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// An entity's name (without `&` and `;`) to its character.
fn resolve(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// Trim, and cut the trailing `Reuter` wire signature (any case; some
/// articles carry it twice).
fn strip_signature(body: &str) -> String {
    let mut body = body.trim_end();
    loop {
        let cut = body.len().saturating_sub(6);
        match (body.get(..cut), body.get(cut..)) {
            (Some(head), Some(sig))
                if sig.eq_ignore_ascii_case("reuter")
                    && (head.is_empty() || head.ends_with(char::is_whitespace)) =>
            {
                body = head.trim_end();
            }
            _ => return body.trim_start().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::MAX_WARNINGS;

    /// Two articles in the corpus's layout, plus a BRIEF and an UNPROC.
    const SNIPPET: &str = r#"<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5544" NEWID="1">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<TOPICS><D>cocoa</D></TOPICS>
<PLACES><D>el-salvador</D><D>usa</D><D>uruguay</D></PLACES>
<PEOPLE></PEOPLE>
<ORGS></ORGS>
<EXCHANGES></EXCHANGES>
<COMPANIES></COMPANIES>
<UNKNOWN> 
&#5;&#5;&#5;C T
&#22;&#22;&#1;f0704&#31;reute
u f BC-BAHIA-COCOA-REVIEW   02-26 0105</UNKNOWN>
<TEXT>&#2;
<TITLE>BAHIA COCOA REVIEW</TITLE>
<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued throughout the week in
the Bahia cocoa zone, alleviating the drought since early
January.
    Comissaria Smith said spot bean prices rose.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5545" NEWID="2">
<DATE> 2-MAR-1987 09:10:03.12</DATE>
<TOPICS><D>acq</D></TOPICS>
<PLACES><D>usa</D><D>west-germany</D></PLACES>
<PEOPLE></PEOPLE>
<ORGS><D>ec</D><D>imf</D></ORGS>
<EXCHANGES></EXCHANGES>
<COMPANIES></COMPANIES>
<UNKNOWN> 
&#5;&#5;&#5;F
&#22;&#22;&#1;f0102&#31;reute
r f BC-ECOLAB-&lt;ECL>-TO-BUY   03-02 0070</UNKNOWN>
<TEXT>&#2;
<TITLE>ECOLAB &lt;ECL> TO BUY CHEMLAWN &amp; OTHERS</TITLE>
<DATELINE>    ST. PAUL, Minn., March 2 - </DATELINE><BODY>&lt;Ecolab Co> said it agreed to buy
ChemLawn Corp for 36.50 dlrs a share &amp; more.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5546" NEWID="3">
<DATE>2-MAR-1987 09:11:00.00</DATE>
<TOPICS></TOPICS>
<PLACES></PLACES>
<TEXT TYPE="BRIEF">&#2;
******<TITLE>BRIEF HEADLINE ONLY
</TITLE>
&#3;

</TEXT>
</REUTERS>
<REUTERS TOPICS="NO" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5547" NEWID="4">
<DATE>2-MAR-1987 09:12:00.00</DATE>
<PLACES><D>japan</D></PLACES>
<TEXT TYPE="UNPROC">&#2;
TOKYO STOCKS CLOSE HIGHER
    TOKYO, March 2 - Stocks closed higher on Monday.
 REUTER
&#3;</TEXT>
</REUTERS>
"#;

    #[test]
    fn reuters_articles() {
        let parsed = parse(SNIPPET, 0).unwrap();
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        let a = &parsed.articles;
        assert_eq!(a.len(), 4);

        assert_eq!(a[0].title, "BAHIA COCOA REVIEW");
        assert!(
            a[0].body.starts_with(
                "SALVADOR, Feb 26 - Showers continued throughout the week in\nthe Bahia"
            ),
            "{:?}",
            a[0].body
        );
        assert!(
            a[0].body.ends_with("spot bean prices rose."),
            "{:?}",
            a[0].body
        );
        assert_eq!(a[0].labels.places, ["el-salvador", "usa", "uruguay"]);
        assert!(a[0].labels.orgs.is_empty());
        assert_eq!(
            a[0].date.map(|d| d.to_string()).as_deref(),
            Some("1987-02-26 15:01:01.79 +00:00:00")
        );
        assert_eq!(a[0].source.as_deref(), Some("Reuters"));
        assert_eq!(a[0].position, 0);

        assert_eq!(a[1].title, "ECOLAB <ECL> TO BUY CHEMLAWN & OTHERS");
        assert_eq!(
            a[1].body,
            "ST. PAUL, Minn., March 2 - <Ecolab Co> said it agreed to buy\nChemLawn Corp for 36.50 dlrs a share & more."
        );
        assert_eq!(a[1].labels.places, ["usa", "west-germany"]);
        assert_eq!(a[1].labels.orgs, ["ec", "imf"]);
        assert_eq!(
            a[1].date.map(|d| d.to_string()).as_deref(),
            Some("1987-03-02 9:10:03.12 +00:00:00")
        );
        assert_eq!(a[1].position, 1);

        assert_eq!(a[2].title, "BRIEF HEADLINE ONLY");
        assert_eq!(a[2].body, "");
        assert!(a[2].labels.is_empty());

        assert_eq!(a[3].title, "TOKYO STOCKS CLOSE HIGHER");
        assert_eq!(
            a[3].body,
            "TOKYO STOCKS CLOSE HIGHER\n    TOKYO, March 2 - Stocks closed higher on Monday."
        );
        assert_eq!(a[3].position, 3);
        // The line each element opens on, to open the file there.
        let lines: Vec<Option<u32>> = a.iter().map(|a| a.line).collect();
        assert_eq!(lines, [Some(2), Some(23), Some(42), Some(53)]);
    }

    #[test]
    fn latin1_bytes_and_unclosed_elements() {
        let parsed = crate::ingest::parse_bytes(
            crate::ingest::Format::Sgml,
            b"<REUTERS NEWID=\"1\"><TEXT><TITLE>CAF\xc9 PRICES</TITLE><BODY>Up.</BODY></TEXT>\n<REUTERS NEWID=\"2\"><TEXT><TITLE>SECOND</TITLE></TEXT></REUTERS>",
            Some("x.sgm"),
        )
        .unwrap();
        assert_eq!(parsed.articles.len(), 2);
        assert_eq!(parsed.articles[0].title, "CAFÉ PRICES");
        assert_eq!(parsed.articles[1].title, "SECOND");
        assert_eq!(parsed.articles[1].path.as_deref(), Some("x.sgm"));
        assert_eq!(
            parsed.warnings,
            [
                "decoded as Windows-1252: not valid UTF-8 at byte 35",
                "line 1: <REUTERS> element 1 has no </REUTERS>; read up to the next one"
            ]
        );
    }

    #[test]
    fn not_reuters() {
        assert!(matches!(
            parse("<DOC>hello</DOC>", 0),
            Err(SkipReason::Malformed(_))
        ));
    }

    #[test]
    fn empty_element_is_skipped_with_a_warning() {
        let content =
            "<REUTERS NEWID=\"12793\">\n<TEXT TYPE=\"UNPROC\">&#2;\n&#3;\n\n</TEXT>\n</REUTERS>\n\
                       <REUTERS NEWID=\"12794\"><TEXT><TITLE>KEPT</TITLE></TEXT></REUTERS>";
        let parsed = parse(content, 0).unwrap();
        assert_eq!(parsed.articles.len(), 1);
        assert_eq!(
            parsed.articles[0].position, 1,
            "positions count every element"
        );
        assert_eq!(
            parsed.warnings,
            ["<REUTERS> element 1 (NEWID 12793): no text; skipped"]
        );
    }

    #[test]
    fn many_ampersands_take_linear_time() {
        // Regression: each `&` searched the whole rest of the text for a
        // `;`, so 2 MB of `&` took three minutes.
        let text = "&".repeat(1_000_000) + ";";
        assert_eq!(decode(&text), text);
        let text = "&amp".repeat(250_000) + "&amp;";
        assert_eq!(decode(&text), "&amp".repeat(250_000) + "&");
    }

    #[test]
    fn many_unclosed_elements_warnings_are_capped() {
        // Regression guard for the linear scan: every element unclosed,
        // each line number counted incrementally, warnings capped.
        let content = "<REUTERS><TEXT>title\n".repeat(20_000);
        let parsed = parse(&content, 0).unwrap();
        assert_eq!(parsed.articles.len(), 20_000);
        assert_eq!(parsed.warnings.len(), MAX_WARNINGS + 1);
        assert_eq!(
            parsed.warnings[99],
            "line 100: <REUTERS> element 100 has no </REUTERS>; read up to the next one"
        );
        assert_eq!(
            parsed.warnings.last().unwrap(),
            "... and 19900 more problems"
        );
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode("&lt;A&gt; &amp;&#2;&#3;x&#65;&#x42;&bogus; & &;"),
            "<A> &xAB&bogus; & &;"
        );
        assert_eq!(decode("tab&#9;nl&#10;\u{1}del\u{7f}"), "tab\tnl\ndel");
        for (body, want) in [
            ("Said so.\n reuter\n", "Said so."),
            ("Said so.\n REUTER", "Said so."),
            ("Freuter", "Freuter"),
            ("Reuter", ""),
            ("Said so.\nREUTER\n Reuter\n", "Said so."),
        ] {
            assert_eq!(strip_signature(body), want, "{body:?}");
        }
    }
}
