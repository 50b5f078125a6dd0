//! Property tests of the readers: any input, however hostile, gives
//! articles or a [`SkipReason`], never a panic, and what comes out keeps
//! the readers' promises. Inputs are arbitrary text, arbitrary bytes, and
//! soups of each format's own syntax (so the generator reaches past the
//! first "not this format" check).
//!
//! `PROPTEST_CASES=200000 cargo test --release --lib ingest::proptests`
//! is the long fuzzing run; the default 256 cases run with every test.

use proptest::prelude::*;

use super::{parse, parse_bytes, Format, Parsed, SkipReason};

const FORMATS: [Format; 4] = [Format::Text, Format::Html, Format::Json, Format::Sgml];

/// Concatenations of `pieces` and arbitrary short strings.
fn soup(pieces: &'static [&'static str]) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(pieces).prop_map(str::to_string),
        1 => any::<String>().prop_map(|s| s.chars().take(8).collect()),
        1 => "[a-zA-Z0-9 .,!?$£€\n\t]{0,12}",
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

const SGML: &[&str] = &[
    "<REUTERS>",
    "<REUTERS NEWID=\"7\">",
    "<REUTERS NEWID=\"",
    "<REUTERSX>",
    "</REUTERS>",
    "<TEXT>",
    "<TEXT TYPE=\"UNPROC\">",
    "<TEXT TYPE=\"BRIEF\">",
    "</TEXT>",
    "<TITLE>",
    "</TITLE>",
    "<BODY>",
    "</BODY>",
    "<DATELINE>",
    "</DATELINE>",
    "<DATE>",
    "</DATE>",
    "26-FEB-1987 15:01:01.79",
    "<PLACES>",
    "</PLACES>",
    "<ORGS>",
    "</ORGS>",
    "<D>",
    "</D>",
    "usa",
    "&#2;",
    "&#3;",
    "&#x1F600;",
    "&#99999999;",
    "&lt;",
    "&amp;",
    "&",
    ";",
    "<",
    ">",
    " Reuter",
    "REUTER\n",
    "\n",
    "\r\n",
    "é",
    "\u{1}",
];

const HTML: &[&str] = &[
    "<html>",
    "<head>",
    "</head>",
    "<body>",
    "</body>",
    "<title>",
    "</title>",
    "<h1>",
    "</h1>",
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<article>",
    "<nav>",
    "<header>",
    "<table>",
    "<tr>",
    "<td colspan=\"3\">",
    "<td rowspan=0>",
    "<ul><li>",
    "<pre>",
    "<br>",
    "<script>",
    "</script>",
    "<style>",
    "<!--",
    "-->",
    "<![CDATA[",
    "<meta property=\"og:title\" content=\"T\">",
    "<meta name=\"date\" content=\"2010-06-25\">",
    "<meta charset=\"koi8-r\">",
    "<link rel=canonical href=\"https://www.example.com/a\">",
    "<time datetime=\"2001-01-01\">",
    "<svg>",
    "<math>",
    "<plaintext>",
    "<textarea>",
    "<a href=\"x\">",
    "</a>",
    "<img alt=\"pic\">",
    "<div hidden>",
    "&amp;",
    "&#0;",
    "&#xFFFFFF;",
    "&nbsp;",
    "<",
    ">",
    "\"",
    "=",
    "\n",
    "Words here. ",
];

const JSON: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\n",
    " ",
    "\"title\"",
    "\"headline\"",
    "\"body\"",
    "\"text\"",
    "\"content\"",
    "\"url\"",
    "\"date\"",
    "\"published_at\"",
    "\"source\"",
    "\"labels\"",
    "\"places\"",
    "\"name\"",
    "\"Cisco invests $1 billion.\"",
    "\"<p>html <b>body</b></p>\"",
    "\"2010-06-25T10:00:00Z\"",
    "\"\\u00e9\\ud83d\\ude00\"",
    "\"\\ud800\"",
    "1277460000",
    "1e308",
    "-1e400",
    "99999999999999999999",
    "null",
    "true",
    "\"",
    "\\",
    "{\"title\": \"A\"}",
    "{\"body\": \"B\"}\n",
];

const TEXT: &[&str] = &[
    "# ",
    "## Heading ##",
    "---\n",
    "title: \"T\"\n",
    "date: 2010-06-25\n",
    "url: x\n",
    "===\n",
    "Headline\n",
    "HEADLINE IN CAPS\n",
    "Title Case Headline Here\n",
    "\n\n",
    "\n",
    "\r\n",
    "\r",
    " \n",
    "Mr. ",
    "U.S. ",
    "1.5 ",
    "J. ",
    ". ",
    "...",
    "…",
    "?\" ",
    "!' ",
    "\"",
    ")",
    "Source: BBC",
    "SOURCE : ",
    "source:",
    "Sentence one. ",
    "lower case words ",
    "é",
    "日本語",
    "\u{200b}",
    "\u{feff}",
];

/// The promises every successful parse keeps.
fn check(format: Format, parsed: &Parsed) -> Result<(), TestCaseError> {
    prop_assert!(
        !parsed.articles.is_empty(),
        "{format:?}: Ok without articles"
    );
    let mut last = None;
    for article in &parsed.articles {
        prop_assert!(
            !(article.title.is_empty() && article.body.is_empty()),
            "{format:?}: an article with neither title nor body"
        );
        prop_assert!(
            !article.title.contains('\n') && article.title.trim() == article.title,
            "{format:?}: title not one trimmed line: {:?}",
            article.title
        );
        prop_assert!(
            last.is_none_or(|last| article.position > last),
            "{format:?}: positions not strictly increasing: {:?} then {}",
            last,
            article.position
        );
        last = Some(article.position);
    }
    Ok(())
}

fn check_result(format: Format, result: &Result<Parsed, SkipReason>) -> Result<(), TestCaseError> {
    match result {
        Ok(parsed) => check(format, parsed),
        Err(SkipReason::Empty | SkipReason::Malformed(_) | SkipReason::Binary) => Ok(()),
        Err(other) => Err(TestCaseError::fail(format!(
            "{format:?}: parsing content gave an I/O-level reason: {other:?}"
        ))),
    }
}

proptest! {
    #[test]
    fn any_text_in_any_format(content in any::<String>()) {
        for format in FORMATS {
            let result = parse(format, &content, Some("p"));
            check_result(format, &result)?;
        }
    }

    #[test]
    fn any_bytes_in_any_format(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        for format in FORMATS {
            let result = parse_bytes(format, &bytes, None);
            check_result(format, &result)?;
        }
    }

    #[test]
    fn sgml_soup(content in soup(SGML)) {
        check_result(Format::Sgml, &parse(Format::Sgml, &content, None))?;
    }

    #[test]
    fn html_soup(content in soup(HTML)) {
        check_result(Format::Html, &parse(Format::Html, &content, None))?;
    }

    #[test]
    fn json_soup(content in soup(JSON)) {
        check_result(Format::Json, &parse(Format::Json, &content, None))?;
    }

    #[test]
    fn text_soup(content in soup(TEXT)) {
        check_result(Format::Text, &parse(Format::Text, &content, None))?;
    }

    /// Text that is not UTF-8 but is Windows-1252 reads exactly as the
    /// same text given as UTF-8, plus one warning.
    #[test]
    fn windows_1252_reads_like_utf8(
        head in "[a-zA-Z .\n£€é“”’ü]{0,40}",
        special in proptest::sample::select(&["£", "é", "ü", "€", "“"][..]),
        tail in "[a-zA-Z .\n£€é“”’ü]{0,40}",
        format in proptest::sample::select(&FORMATS[..]),
    ) {
        let content = format!("{head}{special}{tail}");
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&content);
        prop_assert!(!unmappable);
        prop_assume!(std::str::from_utf8(&bytes).is_err());
        let from_bytes = parse_bytes(format, &bytes, None);
        let from_text = parse(format, &content, None);
        match (from_bytes, from_text) {
            (Ok(mut from_bytes), Ok(from_text)) => {
                prop_assert!(from_bytes.warnings[0].starts_with("decoded as Windows-1252"));
                from_bytes.warnings.remove(0);
                prop_assert_eq!(from_bytes, from_text);
            }
            (from_bytes, from_text) => prop_assert_eq!(from_bytes, from_text),
        }
    }

    /// Valid UTF-8 is read as is: bytes and text agree.
    #[test]
    fn utf8_bytes_read_like_text(content in "\\PC{0,200}", format in proptest::sample::select(&FORMATS[..])) {
        prop_assume!(!content.starts_with('\u{feff}'));
        let from_bytes = parse_bytes(format, content.as_bytes(), None);
        match &from_bytes {
            Err(SkipReason::Binary) => {}
            _ => prop_assert_eq!(from_bytes, parse(format, &content, None)),
        }
    }
}
