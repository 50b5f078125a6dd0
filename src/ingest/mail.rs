//! E-mail: single messages (`.eml`) and mailboxes (`.mbox`), read with
//! `mail-parser`. A message is an article (subject as title, date, sender
//! and recipients, body text); each attachment in a supported format is
//! an article of its own, right after its message.

use std::path::Path;

use mail_parser::{Address, MessageParser, MimeHeaders};
use time::OffsetDateTime;

use super::{parse_bytes, Format, Parsed, SkipReason};
use crate::article::Article;

/// One `.eml` message and its readable attachments.
pub(crate) fn parse_eml(bytes: &[u8]) -> Result<Parsed, SkipReason> {
    let mut parsed = Parsed::default();
    let parser = MessageParser::new();
    let message = parser
        .parse(bytes)
        .ok_or_else(|| SkipReason::Malformed("not an e-mail message".to_string()))?;
    if !read_message(&message, &mut parsed) {
        return Err(SkipReason::Malformed(
            "not an e-mail message (no Subject, From or Date header)".to_string(),
        ));
    }
    Ok(parsed)
}

/// Every message of an mbox mailbox, each followed by its readable
/// attachments. Messages without headers are reported and skipped;
/// messages are numbered in warnings from `first_message` + 1 (a streamed
/// piece of a mailbox starts after the messages before it).
pub(crate) fn parse_mbox(bytes: &[u8], first_message: usize) -> Result<Parsed, SkipReason> {
    let mut parsed = Parsed::default();
    let parser = MessageParser::new();
    let mut seen = 0;
    for (n, entry) in mail_parser::mailbox::mbox::MessageIterator::new(bytes).enumerate() {
        let n = n + first_message;
        seen += 1;
        let entry = entry.map_err(|e| SkipReason::Unreadable(e.to_string()))?;
        match parser.parse(entry.contents()) {
            Some(message) => {
                if !read_message(&message, &mut parsed) {
                    parsed.warnings.push(format!(
                        "message {}: no Subject, From or Date header",
                        n + 1
                    ));
                }
            }
            None => parsed
                .warnings
                .push(format!("message {}: not an e-mail message", n + 1)),
        }
    }
    if seen == 0 {
        return Err(SkipReason::Malformed(
            "not an mbox mailbox (no line starting with \"From \")".to_string(),
        ));
    }
    if parsed.articles.is_empty() {
        return Err(SkipReason::Malformed(
            "no readable message in the mailbox".to_string(),
        ));
    }
    Ok(parsed)
}

/// The message's first text body. mail-parser turns bytes that are not
/// valid UTF-8 into U+FFFD; in a plain part sent as is with no charset
/// other than UTF-8 (or ASCII), the stray bytes are read as Windows-1252
/// instead, with a warning, as in files (see `decode`).
fn body_text<'m>(
    message: &'m mail_parser::Message<'_>,
    subject: &str,
    parsed: &mut Parsed,
) -> std::borrow::Cow<'m, str> {
    let text = message.body_text(0).unwrap_or_default();
    if !text.contains('\u{FFFD}') {
        return text;
    }
    let Some(part) = message.text_part(0) else {
        return text;
    };
    let plain = part.encoding == mail_parser::Encoding::None
        && matches!(part.body, mail_parser::PartType::Text(_));
    let utf8 = part
        .content_type()
        .and_then(|ct| ct.attribute("charset"))
        .is_none_or(|c| c.eq_ignore_ascii_case("utf-8") || c.eq_ignore_ascii_case("us-ascii"));
    let raw = message
        .raw_message()
        .get(part.offset_body as usize..part.offset_end as usize);
    match (plain && utf8, raw) {
        (true, Some(raw)) => match std::str::from_utf8(raw) {
            Ok(_) => text,
            Err(err) => {
                let (fixed, warning) = super::decode::decode_invalid_utf8(raw, err, 0);
                parsed
                    .warnings
                    .push(format!("message \"{subject}\": {warning} of its body"));
                fixed.into_owned().into()
            }
        },
        _ => text,
    }
}

/// Add a message (and its attachments) to `parsed`; false when it has
/// none of the headers that make text an e-mail.
fn read_message(message: &mail_parser::Message<'_>, parsed: &mut Parsed) -> bool {
    let subject = message.subject().map(str::trim).unwrap_or_default();
    let from = message.from().map(people).unwrap_or_default();
    let date = message
        .date()
        .and_then(|d| OffsetDateTime::from_unix_timestamp(d.to_timestamp()).ok());
    if subject.is_empty() && from.is_empty() && date.is_none() {
        return false;
    }
    let to = message.to().map(people).unwrap_or_default();
    let text = body_text(message, subject, parsed);
    // Sender and recipients head the body, so they are searchable and
    // shown with the message.
    let mut body = String::new();
    if !from.is_empty() {
        body.push_str(&format!("From: {from}\n"));
    }
    if !to.is_empty() {
        body.push_str(&format!("To: {to}\n"));
    }
    if !body.is_empty() {
        body.push('\n');
    }
    body.push_str(text.trim());
    let title = if subject.is_empty() {
        super::text::title_from_text(text.trim())
    } else {
        super::text::cap_title(subject)
    };
    let position = parsed.articles.len() as u32;
    parsed.articles.push(Article {
        title: if title.is_empty() {
            "(no subject)".to_string()
        } else {
            title
        },
        body,
        date,
        source: (!from.is_empty()).then(|| from.clone()),
        position,
        ..Article::default()
    });

    for attachment in message.attachments() {
        let Some(name) = attachment.attachment_name() else {
            continue;
        };
        let Some(format) = Format::from_path(Path::new(name)) else {
            continue;
        };
        match parse_bytes(format, attachment.contents(), None) {
            Ok(inner) => {
                for mut article in inner.articles {
                    article.position = parsed.articles.len() as u32;
                    article.source = Some(format!("attachment {name} of \"{subject}\""));
                    if article.date.is_none() {
                        article.date = date;
                    }
                    parsed.articles.push(article);
                }
                parsed
                    .warnings
                    .extend(inner.warnings.into_iter().map(|w| format!("{name}: {w}")));
            }
            Err(why) => parsed
                .warnings
                .push(format!("attachment {name} skipped: {why}")),
        }
    }
    true
}

/// Names and addresses of a header, `Ann Lee <ann@example.com>, bob@example.com`
/// (groups flattened).
fn people(list: &Address<'_>) -> String {
    list.iter()
        .map(|who| match (who.name.as_deref(), who.address.as_deref()) {
            (Some(name), Some(address)) => format!("{name} <{address}>"),
            (Some(name), None) => name.to_string(),
            (None, Some(address)) => address.to_string(),
            (None, None) => String::new(),
        })
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}
