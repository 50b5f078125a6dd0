//! Plain text and Markdown: one article per file.
//!
//! The title is a headline line when the file opens with one (a Markdown
//! heading, or a short line without a full stop, followed by a blank line
//! or clearly set apart); the headline then leaves the body. Otherwise the
//! title is the text's first sentence, capped at [`TITLE_CAP`] characters,
//! and the body is the whole text. A last line `Source: X` becomes the
//! source and leaves the body. Markdown front matter (`---` fenced
//! `key: value` lines) gives title, date, source and url when present.

use crate::article::Article;

use super::{date, dateline};

/// A headline is at most this many characters.
const HEADLINE_MAX: usize = 120;
/// A headline followed directly by text (no blank line) must be this short.
const TIGHT_HEADLINE_MAX: usize = 80;
/// Titles taken from a sentence are cut (at a word boundary, with `…`)
/// beyond this many characters.
pub(crate) const TITLE_CAP: usize = 150;
/// A `Source:` value longer than this is prose, not a source.
const SOURCE_MAX: usize = 100;

/// Parse a whole text file into its article.
pub(crate) fn parse(content: &str) -> Article {
    let normalized;
    let content = if content.contains('\r') {
        normalized = content.replace("\r\n", "\n").replace('\r', "\n");
        normalized.as_str()
    } else {
        content
    };
    let (front, content) = split_front_matter(content);
    let mut lines: Vec<&str> = content.lines().collect();

    let mut article = Article::default();
    trim_blank_tail(&mut lines);
    if let Some(last) = lines.last() {
        if let Some(source) = source_line(last) {
            article.source = Some(source);
            lines.pop();
            trim_blank_tail(&mut lines);
        }
    }
    // A date line at the end ("Published: 14 February 2005").
    if let Some(date) = lines.last().and_then(|l| dateline::date_line(l)) {
        article.date = Some(date);
        lines.pop();
        trim_blank_tail(&mut lines);
    }
    let mut non_blank = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, _)| i);
    let start = non_blank.next().unwrap_or(lines.len());
    // A date line among the first three: before or after the headline.
    let date_at = std::iter::once(start)
        .chain(non_blank.take(2))
        .find(|&i| lines.get(i).and_then(|l| dateline::date_line(l)).is_some());
    if let Some(at) = date_at.filter(|_| article.date.is_none()) {
        article.date = dateline::date_line(lines[at]);
        lines.remove(at);
    }
    let start = lines
        .iter()
        .position(|l| !l.trim().is_empty())
        .unwrap_or(lines.len());
    let lines = &lines[start..];

    if let Some((title, rest)) = split_headline(lines) {
        article.title = title;
        article.body = lines[rest..].join("\n").trim().to_string();
    } else {
        article.body = lines.join("\n").trim().to_string();
        article.title = first_sentence(&article.body);
    }
    if article.date.is_none() {
        article.date = dateline::wire_dateline(&article.body);
    }

    for (key, value) in front {
        match key.as_str() {
            "title" => article.title = super::squash_whitespace(&value),
            "date" | "published" => article.date = date::parse(&value).or(article.date),
            "source" | "site" => article.source = Some(value),
            "url" | "link" | "permalink" => article.url = Some(value),
            _ => {}
        }
    }
    article
}

/// A title for a text that has no explicit one: its first line when that
/// line is a headline, else its first sentence (capped).
pub(crate) fn title_from_text(text: &str) -> String {
    let lines: Vec<&str> = text.lines().skip_while(|l| l.trim().is_empty()).collect();
    match split_headline(&lines) {
        Some((title, _)) => title,
        None => first_sentence(text),
    }
}

/// When `lines` (starting at the first non-blank line) open with a
/// headline: the title and the index of the first body line.
fn split_headline(lines: &[&str]) -> Option<(String, usize)> {
    let first = lines.first()?.trim();
    let next = lines.get(1).map(|l| l.trim());

    // Markdown ATX heading: "# Title", "## Title #".
    let hashes = first.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && first[hashes..].starts_with([' ', '\t']) {
        let title = first[hashes..].trim().trim_end_matches('#').trim();
        if !title.is_empty() {
            return Some((super::squash_whitespace(title), 1));
        }
    }
    // Markdown setext heading: "Title" over "=====" or "-----".
    if let Some(next) = next {
        let underline =
            next.len() >= 3 && (next.bytes().all(|b| b == b'=') || next.bytes().all(|b| b == b'-'));
        if underline && first.chars().count() <= HEADLINE_MAX {
            return Some((super::squash_whitespace(first), 2));
        }
    }

    let len = first.chars().count();
    if len > HEADLINE_MAX || ends_like_prose(first) {
        return None;
    }
    let set_apart = match next {
        None | Some("") => true,
        Some(_) => len <= TIGHT_HEADLINE_MAX && looks_like_headline(first),
    };
    set_apart.then(|| (super::squash_whitespace(first), 1))
}

/// A line ending like the end (or middle) of a prose sentence: a single
/// full stop, a comma, a semicolon. An ellipsis, `?` and `!` are fine in
/// headlines.
fn ends_like_prose(line: &str) -> bool {
    if line.ends_with("...") || line.ends_with('…') {
        return false;
    }
    line.ends_with(['.', ',', ';'])
}

/// A line that is a headline even with no blank line after it: ALL CAPS,
/// or Title Case (most longer words capitalised).
fn looks_like_headline(line: &str) -> bool {
    let letters = line.chars().filter(|c| c.is_alphabetic());
    let (upper, lower) = letters.fold((0, 0), |(u, l), c| {
        if c.is_uppercase() {
            (u + 1, l)
        } else {
            (u, l + 1)
        }
    });
    if upper >= 3 && lower == 0 {
        return true;
    }
    let words: Vec<&str> = line
        .split_whitespace()
        .filter(|w| w.chars().count() >= 4 && w.starts_with(char::is_alphabetic))
        .collect();
    let capitalised = words
        .iter()
        .filter(|w| w.starts_with(char::is_uppercase))
        .count();
    words.len() >= 2 && capitalised * 10 >= words.len() * 8
}

/// `Source: X` (any case) → `X`, when X is short enough to be a name.
fn source_line(line: &str) -> Option<String> {
    let line = line.trim();
    let head = line.get(..6)?;
    if !head.eq_ignore_ascii_case("source") {
        return None;
    }
    let value = line[6..].trim_start().strip_prefix(':')?.trim();
    let value = value.strip_suffix('.').unwrap_or(value).trim();
    (!value.is_empty() && value.chars().count() <= SOURCE_MAX).then(|| value.to_string())
}

fn trim_blank_tail(lines: &mut Vec<&str>) {
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
}

/// Markdown front matter: `---` on the first line, `key: value` lines, a
/// closing `---`. Returns the lower-cased keys with unquoted values and
/// the text after it; without front matter, nothing and the whole text.
fn split_front_matter(text: &str) -> (Vec<(String, String)>, &str) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return (Vec::new(), text);
    };
    let Some(end) = rest.find("\n---") else {
        return (Vec::new(), text);
    };
    let after = &rest[end + 4..];
    if !(after.is_empty() || after.starts_with('\n')) {
        return (Vec::new(), text);
    }
    let mut pairs = Vec::new();
    for line in rest[..end].lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let key = key.trim();
        if key.is_empty() || key.contains(' ') {
            continue;
        }
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(value);
        if !value.is_empty() {
            pairs.push((key.to_ascii_lowercase(), value.to_string()));
        }
    }
    (pairs, after)
}

/// Titles that do not end a sentence: "Mr. Smith", "Dr. No".
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "gov", "sen", "rep", "rev", "hon", "capt", "lt",
    "col", "sgt", "jr", "sr", "mt", "no", "vs", "ft",
];

/// The first sentence of the text's first paragraph, whitespace squashed,
/// capped at [`TITLE_CAP`] characters at a word boundary with `…`.
pub(crate) fn first_sentence(text: &str) -> String {
    let text = text.trim_start();
    let paragraph = text
        .find("\n\n")
        .or_else(|| text.find("\n \n"))
        .map_or(text, |end| &text[..end]);
    let squashed = super::squash_whitespace(paragraph);
    let end = sentence_end(&squashed).unwrap_or(squashed.len());
    cap_title(squashed[..end].trim())
}

/// Byte offset just past the first sentence's closing punctuation (and
/// closing quotes), or `None` when the text is one unfinished sentence.
fn sentence_end(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !matches!(b, b'.' | b'!' | b'?') {
            i += 1;
            continue;
        }
        let punct_at = i;
        while i < bytes.len() && matches!(bytes[i], b'.' | b'!' | b'?') {
            i += 1;
        }
        // Closing quotes and brackets belong to the sentence.
        let rest = &s[i..];
        let closers = rest
            .char_indices()
            .find(|&(_, c)| !matches!(c, '"' | '\'' | '”' | '’' | ')' | ']'))
            .map_or(rest.len(), |(at, _)| at);
        let end = i + closers;
        let after = &s[end..];
        if after.is_empty() {
            return Some(end);
        }
        if !after.starts_with(char::is_whitespace) {
            continue; // "1.5", "U.S.-Russian", "example.com"
        }
        let next_word = after.trim_start();
        if next_word.starts_with(char::is_lowercase) {
            continue; // "the U.S. and", "e.g. this"
        }
        if b == b'.' && end == i && is_abbreviation(&s[..punct_at]) {
            continue;
        }
        return Some(end);
    }
    None
}

/// Whether the word ending `before` (the text up to a full stop) is a
/// title or an initial, which a full stop does not end a sentence after.
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .next()
        .unwrap_or("");
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_uppercase(); // an initial: "John F. Kennedy"
    }
    TITLES.iter().any(|t| word.eq_ignore_ascii_case(t))
}

/// Cut `title` to at most [`TITLE_CAP`] characters at a word boundary,
/// marking the cut with `…`.
pub(crate) fn cap_title(title: &str) -> String {
    if title.chars().count() <= TITLE_CAP {
        return title.to_string();
    }
    let limit = title
        .char_indices()
        .nth(TITLE_CAP - 1)
        .map_or(title.len(), |(at, _)| at);
    let cut = title[..limit]
        .rfind(char::is_whitespace)
        .filter(|&at| at > limit / 2)
        .unwrap_or(limit);
    let head = title[..cut].trim_end_matches(|c: char| c.is_whitespace() || ",;:-–—".contains(c));
    format!("{head}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../corpus/skolkovo-cisco.txt");

    /// `parse` reads this title and body from `text`.
    fn reads(text: &str, title: &str, body: &str) {
        let a = parse(text);
        assert_eq!(
            (a.title.as_str(), a.body.as_str()),
            (title, body),
            "{text:?}"
        );
    }

    #[test]
    fn a_date_line_dates_the_article_and_leaves_the_text() {
        use time::macros::datetime;
        let day = Some(datetime!(2005-02-14 0:00 UTC));
        for text in [
            "Monday 14 February 2005\n\nYukos fights on\n\nThe firm said it would appeal.",
            "Yukos fights on\n\nMonday 14 February 2005\n\nThe firm said it would appeal.",
            "Yukos fights on\n\nThe firm said it would appeal.\n\nPublished: 2005-02-14",
        ] {
            let a = parse(text);
            assert_eq!(a.date, day, "{text:?}");
            assert_eq!(a.title, "Yukos fights on", "{text:?}");
            assert_eq!(a.body, "The firm said it would appeal.", "{text:?}");
        }
        // A wire dateline dates the article and stays in the body.
        let a = parse("Tin rises\n\nLONDON, 12 March 2005 - Tin rose 2%.");
        assert_eq!(a.date, Some(datetime!(2005-03-12 0:00 UTC)));
        assert_eq!(a.body, "LONDON, 12 March 2005 - Tin rose 2%.");
        // Front matter wins over a date line.
        let a =
            parse("---\ndate: 2005-02-15\n---\n14 February 2005\n\nYukos fights on\n\nIt said so.");
        assert_eq!(a.date, Some(datetime!(2005-02-15 0:00 UTC)));
    }

    #[test]
    fn a_date_mentioned_in_the_text_is_no_publication_date() {
        for text in [
            "Obituary\n\nThe activist died in Miami on 4 February 2005, aged 87.",
            "Brown at 54\n\nGordon Brown was born in Glasgow on 20 February 1951.",
            "Vote due\n\nThe election will be held on 5 May 2005.\n\nMore on Monday.",
        ] {
            assert_eq!(parse(text).date, None, "{text:?}");
        }
    }

    #[test]
    fn seed_title_is_first_sentence_capped_and_source_is_taken() {
        let a = parse(SEED);
        assert_eq!(a.source.as_deref(), Some("portfolio.com"));
        assert!(
            a.title.starts_with(
                "With support from both the U.S. and Russian presidents, a new high-tech"
            ),
            "{}",
            a.title
        );
        assert!(a.title.ends_with('…'), "{}", a.title);
        assert!(a.title.chars().count() <= TITLE_CAP);
        // The sentence stays in the body; the source line leaves it.
        assert!(a.body.starts_with("With support from both the U.S."));
        assert!(
            a.body.ends_with("and, well, Silicon Valley."),
            "{:?}",
            &a.body[a.body.len() - 60..]
        );
        assert!(!a.body.contains("Source:"));
        assert!(a.body.contains("$1 billion deal"));
    }

    #[test]
    fn bbc_layout_headline_leaves_body() {
        let text = "Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (£600m).\n\nThe firm said so.\n";
        let a = parse(text);
        assert_eq!(a.title, "Ad sales boost Time Warner profit");
        assert!(a.body.starts_with("Quarterly profits"));
        assert!(a.body.ends_with("The firm said so."));
        assert_eq!(a.source, None);

        let question = parse("Could Yukos be a blessing in disguise?\n\nBody text here.");
        assert_eq!(question.title, "Could Yukos be a blessing in disguise?");
        reads(
            "Rivals of the £400 Apple...\n\nBody text here.",
            "Rivals of the £400 Apple...",
            "Body text here.",
        );
    }

    #[test]
    fn short_sentence_paragraph_stays_in_body() {
        let a = parse("Shares fell sharply today.\n\nAnalysts blamed the dollar.");
        assert_eq!(a.title, "Shares fell sharply today.");
        assert!(a.body.starts_with("Shares fell sharply today."));
    }

    #[test]
    fn hard_wrapped_prose_is_not_a_headline() {
        let text = "the company said on Monday that it would buy its rival\nfor about 3 billion dollars in cash. It expects approval.";
        let a = parse(text);
        assert_eq!(
            a.title,
            "the company said on Monday that it would buy its rival for about 3 billion dollars in cash."
        );
        assert_eq!(a.body, text);
    }

    #[test]
    fn tight_headlines_caps_or_title_case() {
        reads(
            "CISCO TO INVEST IN SKOLKOVO\nCisco said it would invest.",
            "CISCO TO INVEST IN SKOLKOVO",
            "Cisco said it would invest.",
        );
        let b = parse("Cisco Signs Skolkovo Agreement\nCisco said it would invest.");
        assert_eq!(b.title, "Cisco Signs Skolkovo Agreement");
    }

    #[test]
    fn markdown_heading_and_front_matter() {
        reads(
            "# Cisco signs Skolkovo deal #\n\nCisco will invest.\n",
            "Cisco signs Skolkovo deal",
            "Cisco will invest.",
        );
        reads(
            "Cisco deal\n==========\nCisco will invest.",
            "Cisco deal",
            "Cisco will invest.",
        );

        let c = parse(
            "---\ntitle: \"Cisco: the deal\"\ndate: 2010-06-25\nsource: portfolio.com\nurl: https://example.com/a\n---\n\nCisco will invest.\n",
        );
        assert_eq!(c.title, "Cisco: the deal");
        assert_eq!(c.body, "Cisco will invest.");
        assert_eq!(c.source.as_deref(), Some("portfolio.com"));
        assert_eq!(c.url.as_deref(), Some("https://example.com/a"));
        assert_eq!(
            c.date.map(|d| d.date().to_string()).as_deref(),
            Some("2010-06-25")
        );
    }

    #[test]
    fn source_line_variants() {
        assert_eq!(
            source_line("SOURCE : Reuters."),
            Some("Reuters".to_string())
        );
        assert_eq!(
            source_line("source:portfolio.com"),
            Some("portfolio.com".to_string())
        );
        assert_eq!(source_line("Sources say the deal is near."), None);
        assert_eq!(source_line("Source:"), None);
        let a = parse("Headline\r\n\r\nBody line.\r\n\r\nSource: BBC\r\n");
        assert_eq!(a.source.as_deref(), Some("BBC"));
        assert_eq!(a.body, "Body line.");
    }

    #[test]
    fn sentences_and_abbreviations() {
        assert_eq!(
            first_sentence("Mr. Smith met Dr. Jones in the U.S. on Monday. They talked."),
            "Mr. Smith met Dr. Jones in the U.S. on Monday."
        );
        assert_eq!(
            first_sentence("John F. Kennedy spoke. Then he left."),
            "John F. Kennedy spoke."
        );
        assert_eq!(
            first_sentence("\"We won!\" he said. Then more."),
            "\"We won!\" he said."
        );
        assert_eq!(
            first_sentence("Prices rose 1.5 pct. Traders sold."),
            "Prices rose 1.5 pct."
        );
        assert_eq!(first_sentence("No full stop at all"), "No full stop at all");
        assert_eq!(
            first_sentence("First paragraph ends\n\nSecond one."),
            "First paragraph ends"
        );
    }

    #[test]
    fn cap_cuts_at_a_word_boundary() {
        let long = "word ".repeat(60);
        let capped = cap_title(long.trim());
        assert!(capped.ends_with("word…"), "{capped}");
        assert!(capped.chars().count() <= TITLE_CAP);
        let unbroken = "x".repeat(400);
        assert_eq!(cap_title(&unbroken).chars().count(), TITLE_CAP);
        assert_eq!(cap_title("short"), "short");
    }

    #[test]
    fn one_line_files() {
        reads("Just a headline", "Just a headline", "");
        let sentence = "A single sentence of body text.";
        reads(sentence, sentence, sentence);
    }
}
