//! Query syntax as people type and paste it: text read before syntax
//! (apostrophes, `said:`, URLs escaped into words; unbalanced quotes or
//! parentheses read as plain words), and the bare-word operators (`word*`,
//! `word~N`) the builder ([`super::text`]) expands itself.

use tantivy::query_grammar::{self, Delimiter, UserInputAst, UserInputLeaf, UserInputLiteral};

use super::snippet::truncate_chars;

/// A query as echoed in an error: at most 80 characters.
pub(super) fn excerpt(text: &str) -> String {
    match text.char_indices().nth(80) {
        Some(_) => format!("{}…", truncate_chars(text, 80)),
        None => text.to_string(),
    }
}

/// Deepest nesting: parentheses outside quotes plus runs of `NOT`.
pub(super) fn nesting_depth(text: &str) -> usize {
    let (mut parens, mut nots, mut deepest) = (0usize, 0usize, 0usize);
    let (mut quoted, mut escaped) = (false, false);
    let mut word: Option<usize> = None;
    for (at, c) in text.char_indices().chain([(text.len(), ' ')]) {
        if escaped {
            escaped = false;
            continue;
        }
        if quoted || c.is_whitespace() || matches!(c, '(' | ')' | '"') {
            if let Some(start) = word.take() {
                nots = if &text[start..at] == "NOT" {
                    nots + 1
                } else {
                    0
                };
            }
        } else if word.is_none() {
            word = Some(at);
        }
        match c {
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '(' if !quoted => parens += 1,
            ')' if !quoted => parens = parens.saturating_sub(1),
            _ => {}
        }
        deepest = deepest.max(parens + nots);
    }
    deepest
}

/// Field names a query may address with `field:`; any other `word:` is text.
pub(super) const QUERY_FIELDS: [&str; 2] = ["title", "body"];

/// Characters the grammar reserves inside a word: escaped when they are text.
const RESERVED_IN_WORD: [char; 12] = ['^', '`', ':', '{', '}', '"', '\'', '[', ']', '(', ')', '\\'];

/// How query text was read when not strict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Reading {
    /// The text as the grammar should see it: operators, phrases and known
    /// fields kept, everything else (apostrophes, `said:`, URLs) escaped
    /// into words.
    Syntax(String),
    /// The text could not be read as syntax (unbalanced quotes or
    /// parentheses): only its words, as a plain query.
    Plain(String),
}

/// Read query text as people type and paste it: text first, syntax second.
/// Only a known field before `:` is a field; apostrophes, `&`, `/`, `:`
/// inside words, unknown `word:` prefixes and a stray `^` are text;
/// unbalanced quotes or parentheses make the whole text plain words.
pub(super) fn read_leniently(text: &str) -> Reading {
    match rewrite(text) {
        Some(syntax) => Reading::Syntax(syntax),
        None => Reading::Plain(plain_words(text)),
    }
}

/// The words of `text` as a plain query: the text is cut at white space
/// and grammar characters (`title:(cisco` → `title`, `cisco`), and each
/// piece becomes its runs of letters and digits, quoted as a phrase when
/// there are several (`Sainsbury's` → `"Sainsbury s"`), so the grammar has
/// nothing left to misread.
pub(super) fn plain_words(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let pieces = text.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '(' | ')' | ':' | '"' | '[' | ']' | '{' | '}' | '^' | '\\' | '`'
            )
    });
    for chunk in pieces {
        let runs: Vec<&str> = chunk
            .split(|c: char| !c.is_alphanumeric())
            .filter(|run| !run.is_empty())
            .collect();
        match runs.as_slice() {
            [] => {}
            // Upper-case operator words are words here.
            [one] if matches!(*one, "AND" | "OR" | "NOT" | "TO" | "IN") => {
                out.push(one.to_lowercase())
            }
            [one] => out.push((*one).to_string()),
            several => out.push(format!("\"{}\"", several.join(" "))),
        }
    }
    out.join(" ")
}

/// `text` with everything that is not intended syntax escaped; `None`
/// when quotes or parentheses do not balance.
fn rewrite(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let mut out = String::with_capacity(text.len() + 16);
    let mut depth = 0usize;
    let mut i = 0;
    while i < n {
        let c = chars[i];
        if c.is_whitespace() {
            out.push(' ');
            i += 1;
            continue;
        }
        match c {
            '"' => {
                let close = closing_quote(&chars, i)?;
                out.extend(&chars[i..=close]);
                i = copy_tail(&chars, close + 1, &mut out);
                out.push(' ');
                continue;
            }
            '\'' if single_quoted_phrase(&chars, i).is_some() => {
                let close = single_quoted_phrase(&chars, i).expect("checked");
                out.push('"');
                out.extend(&chars[i + 1..close]);
                out.push('"');
                i = copy_tail(&chars, close + 1, &mut out);
                out.push(' ');
                continue;
            }
            '(' => {
                depth += 1;
                out.push('(');
                i += 1;
                continue;
            }
            ')' => {
                depth = depth.checked_sub(1)?;
                out.push(')');
                i = copy_tail(&chars, i + 1, &mut out);
                out.push(' ');
                continue;
            }
            _ => {}
        }
        let start = i;
        while i < n && !chars[i].is_whitespace() && !matches!(chars[i], '(' | ')' | '"') {
            // An apostrophe opening a quoted phrase ends the word before it.
            if chars[i] == '\'' && i > start && single_quoted_phrase(&chars, i).is_some() {
                let prev = chars[i - 1];
                if matches!(prev, ':' | '+' | '-') {
                    break;
                }
            }
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        let glued = i < n && matches!(chars[i], '(' | '"' | '\'');
        out.push_str(&rewrite_word(&word, glued));
    }
    (depth == 0).then_some(out)
}

/// Index of the `"` closing the phrase opened at `open`, skipping escaped quotes.
fn closing_quote(chars: &[char], open: usize) -> Option<usize> {
    let mut escaped = false;
    for (j, &c) in chars.iter().enumerate().skip(open + 1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(j),
            _ => {}
        }
    }
    None
}

/// A `'...'` phrase opened at `open`: the apostrophe starts a word and a
/// later one ends a word (`'central bank'`), with no double quote between.
/// Apostrophes inside words (`Sainsbury's`) open nothing.
fn single_quoted_phrase(chars: &[char], open: usize) -> Option<usize> {
    let starts_word = open == 0
        || matches!(chars[open - 1], ' ' | '(' | ':' | '+' | '-')
        || chars[open - 1].is_whitespace();
    if !starts_word || !chars.get(open + 1).is_some_and(|c| c.is_alphanumeric()) {
        return None;
    }
    (open + 1..chars.len()).find_map(|j| {
        if chars[j] == '"' {
            return Some(None);
        }
        let ends_word = chars[j] == '\''
            && chars[j - 1].is_alphanumeric()
            && chars
                .get(j + 1)
                .is_none_or(|c| c.is_whitespace() || matches!(c, ')' | '~' | '^'));
        ends_word.then_some(Some(j))
    })?
}

/// Copy a `~N` (slop) or `^N` (boost) right after a phrase or group.
fn copy_tail(chars: &[char], at: usize, out: &mut String) -> usize {
    let rest: String = chars[at..].iter().take(12).collect();
    let tail = slop_or_boost(&rest);
    out.push_str(&rest[..tail]);
    at + rest[..tail].chars().count()
}

/// Length in bytes of a leading `~N` or `^N[.N]` in `text` (0 when none).
fn slop_or_boost(text: &str) -> usize {
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    if let Some(rest) = text.strip_prefix('~') {
        let d = digits(rest);
        return if d > 0 { 1 + d } else { 0 };
    }
    if let Some(rest) = text.strip_prefix('^') {
        let whole = digits(rest);
        if whole == 0 {
            return 0;
        }
        let after = &rest[whole..];
        let fraction = after.strip_prefix('.').map_or(0, |f| match digits(f) {
            0 => 0,
            d => 1 + d,
        });
        return 1 + whole + fraction;
    }
    0
}

/// One whitespace-delimited word: keep `AND`/`OR`/`NOT`, a leading `+`/`-`,
/// a known `field:`, a trailing `*`, `~N` or `^N`; escape the rest as
/// text; drop words with no letter or digit (`&`, a lone dash). `glued`:
/// a group or phrase follows without a space (`title:(`, `-"`).
fn rewrite_word(word: &str, glued: bool) -> String {
    if matches!(word, "AND" | "OR" | "NOT" | "&&" | "||") {
        return format!("{word}{}", if glued { "" } else { " " });
    }
    let (op, rest) = match word.chars().next() {
        Some(c @ ('+' | '-')) => (c.to_string(), &word[1..]),
        _ => (String::new(), word),
    };
    let (field, value) = match rest.split_once(':') {
        Some((name, value)) if QUERY_FIELDS.contains(&name) && (!value.is_empty() || glued) => {
            (format!("{name}:"), value)
        }
        _ => (String::new(), rest),
    };
    if value.is_empty() {
        // `title:(`, `-"`: the operator applies to what follows.
        return if glued && !(op.is_empty() && field.is_empty()) {
            format!("{op}{field}")
        } else {
            String::new()
        };
    }
    let (core, suffix) = split_suffix(value);
    if !core.chars().any(char::is_alphanumeric) {
        return String::new();
    }
    let escape = |part: &str| {
        let mut escaped = String::with_capacity(part.len() + 4);
        for (k, c) in part.chars().enumerate() {
            if RESERVED_IN_WORD.contains(&c) || (k == 0 && c == '-') {
                escaped.push('\\');
            }
            escaped.push(c);
        }
        escaped
    };
    // A URL or path (`http://site/a/zurich-final`) is its words, not one
    // phrase only the same URL would match; `said:` is the word `said`.
    let parts: Vec<&str> = if core.contains('/') {
        core.split(|c: char| !c.is_alphanumeric())
            .filter(|part| !part.is_empty())
            .collect()
    } else {
        core.split(':')
            .filter(|part| part.chars().any(char::is_alphanumeric))
            .collect()
    };
    match parts.as_slice() {
        [one] => format!("{op}{field}{}{suffix} ", escape(one)),
        several => {
            let words: Vec<String> = several.iter().map(|part| escape(part)).collect();
            format!("{op}{field}({}{suffix}) ", words.join(" "))
        }
    }
}

/// Split a trailing `*`, `~`, `~N` or `^N` off a word.
fn split_suffix(value: &str) -> (&str, &str) {
    if let Some(core) = value.strip_suffix('*') {
        return (core, "*");
    }
    if let Some(at) = value.rfind(['~', '^']) {
        let tail = &value[at..];
        if tail == "~" || slop_or_boost(tail) == tail.len() {
            return (&value[..at], tail);
        }
    }
    (value, "")
}

/// Whether `text` holds a quoted phrase: a query whose matches must be
/// checked position by position, which makes every pass over it costly.
/// Malformed text answers `false` (it never reaches a search).
pub(super) fn has_phrase(text: &str) -> bool {
    text.contains(['"', '\''])
        && query_grammar::parse_query(text).is_ok_and(|ast| {
            any_literal(&ast, &|lit| {
                lit.delimiter != Delimiter::None && lit.phrase.split_whitespace().nth(1).is_some()
            })
        })
}

/// Whether a bare word of the query asks for typos (`word~1`).
pub(super) fn has_explicit_typos(ast: &UserInputAst) -> bool {
    any_literal(ast, &|lit| {
        lit.delimiter == Delimiter::None
            && matches!(word_operator(&lit.phrase).1, Operator::Typos(_))
    })
}

/// Whether a literal (a word or a quoted phrase) anywhere in the query
/// is one `test` is true of.
fn any_literal(ast: &UserInputAst, test: &dyn Fn(&UserInputLiteral) -> bool) -> bool {
    match ast {
        UserInputAst::Clause(clauses) => clauses.iter().any(|(_, sub)| any_literal(sub, test)),
        UserInputAst::Boost(inner, _) => any_literal(inner, test),
        UserInputAst::Leaf(leaf) => matches!(&**leaf, UserInputLeaf::Literal(lit) if test(lit)),
    }
}

/// What a bare word asks for besides itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Operator {
    None,
    /// `word*`.
    Prefix,
    /// `word~` (distance by length) or `word~N`.
    Typos(Option<u8>),
}

/// Split the operator off a bare word: the grammar leaves a trailing `*`
/// or `~N` in the word ("skol*", "skolkvo~1").
pub(super) fn word_operator(phrase: &str) -> (&str, Operator) {
    let phrase = phrase.trim();
    if let Some(word) = phrase.strip_suffix('*') {
        if !word.is_empty() && !word.contains(['*', '~']) {
            return (word, Operator::Prefix);
        }
    }
    if let Some((word, distance)) = phrase.rsplit_once('~') {
        if !word.is_empty() && !word.contains(['*', '~']) {
            match distance {
                "" => return (word, Operator::Typos(None)),
                d if d.len() == 1 && d.as_bytes()[0].is_ascii_digit() => {
                    return (word, Operator::Typos(Some(d.as_bytes()[0] - b'0')));
                }
                _ => {}
            }
        }
    }
    (phrase, Operator::None)
}

#[cfg(test)]
mod tests {
    use tantivy::query_grammar::UserInputLiteral;

    use super::*;

    fn leaf(text: &str) -> UserInputLiteral {
        match query_grammar::parse_query(text).expect("parses") {
            UserInputAst::Leaf(leaf) => match *leaf {
                UserInputLeaf::Literal(literal) => literal,
                other => panic!("not a literal: {other:?}"),
            },
            other => panic!("not a leaf: {other:?}"),
        }
    }

    #[test]
    fn grammar_gives_prefix_and_typo_words() {
        // A trailing `*` stays in the word; this module expands it.
        let prefix = leaf("skol*");
        assert_eq!(prefix.phrase.as_str(), "skol*");
        let typo = leaf("skolkvo~1");
        assert_eq!(typo.phrase.as_str(), "skolkvo~1");
        let fielded = leaf("title:skol*");
        assert_eq!(fielded.field_name.as_deref(), Some("title"));
    }

    #[test]
    fn operators_split_off_bare_words() {
        assert_eq!(word_operator("skol*"), ("skol", Operator::Prefix));
        assert_eq!(
            word_operator("skolkvo~"),
            ("skolkvo", Operator::Typos(None))
        );
        assert_eq!(
            word_operator("skolkvo~2"),
            ("skolkvo", Operator::Typos(Some(2)))
        );
        assert_eq!(word_operator("plain"), ("plain", Operator::None));
        assert_eq!(word_operator("*"), ("*", Operator::None));
        assert_eq!(word_operator("a~b"), ("a~b", Operator::None));
        assert_eq!(word_operator("x~12"), ("x~12", Operator::None));
    }

    #[test]
    fn text_is_read_before_syntax() {
        let syntax = |text: &str| match read_leniently(text) {
            Reading::Syntax(s) => s
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .replace(" )", ")"),
            Reading::Plain(p) => panic!("{text:?} read as plain words {p:?}"),
        };
        for (text, read) in [
            ("Sainsbury's", "Sainsbury\\'s"),
            ("said: \"we will not\"", "said \"we will not\""),
            ("Standard & Poor's", "Standard Poor\\'s"),
            ("http://a.com/b-c", "(http a com b c)"),
            (
                "title:cisco -body:(oil OR gas)",
                "title:cisco -body:(oil OR gas)",
            ),
            (
                "skol* skolkvo~1 oil^2 \"a b\"~2",
                "skol* skolkvo~1 oil^2 \"a b\"~2",
            ),
            ("title:'central bank'", "title:\"central bank\""),
            ("Blair's 'third way'", "Blair\\'s \"third way\""),
            ("a^x rate^", "a\\^x rate\\^"),
            ("Title:x", "(Title x)"),
        ] {
            assert_eq!(syntax(text), read, "{text}");
        }
        for unbalanced in ["\"we will", "(a b", "a b)", "a) (b"] {
            assert!(
                matches!(read_leniently(unbalanced), Reading::Plain(_)),
                "{unbalanced}"
            );
        }
        assert_eq!(
            plain_words("title:(cisco Sainsbury's AND"),
            "title cisco \"Sainsbury s\" and"
        );
    }
}
