//! Bytes to text: byte-order marks, the binary sniff, UTF-8 else an
//! HTML page's declared charset else Windows-1252. See
//! [`super::parse_bytes`] for the rules.

use std::borrow::Cow;

use super::{Format, SkipReason, BINARY_SNIFF_LEN, CONTROL_RATIO};

/// Bytes to text, and a warning when the text needed a fallback
/// decoding. See [`parse_bytes`] for the rules.
pub(super) fn decode(
    format: Format,
    bytes: &[u8],
) -> std::result::Result<(Cow<'_, str>, Option<String>), SkipReason> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        if encoding != encoding_rs::UTF_8 {
            // UTF-16: NUL bytes are expected, so check the decoded text.
            let (text, malformed) = encoding.decode_without_bom_handling(body);
            if looks_binary(text.chars().take(BINARY_SNIFF_LEN).map(u32::from)) {
                return Err(SkipReason::Binary);
            }
            let warning = malformed.then(|| {
                format!(
                    "malformed {} sequences replaced with U+FFFD",
                    encoding.name()
                )
            });
            return Ok((text, warning));
        }
        return decode_8bit(format, body);
    }
    decode_8bit(format, bytes)
}

/// Decoding for content without a UTF-16 byte-order mark.
pub(super) fn decode_8bit(
    format: Format,
    bytes: &[u8],
) -> std::result::Result<(Cow<'_, str>, Option<String>), SkipReason> {
    let sniff = &bytes[..bytes.len().min(BINARY_SNIFF_LEN)];
    if looks_binary(sniff.iter().map(|&b| u32::from(b))) {
        return Err(SkipReason::Binary);
    }
    let err = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok((text.into(), None)),
        Err(err) => err,
    };
    if format == Format::Html {
        if let Some(encoding) = declared_charset(bytes) {
            let (text, malformed) = encoding.decode_without_bom_handling(bytes);
            let warning = malformed.then(|| {
                format!(
                    "not valid {} as the page declares: bad sequences replaced with U+FFFD",
                    encoding.name()
                )
            });
            return Ok((text, warning));
        }
    }
    let (text, warning) = decode_invalid_utf8(bytes, err, 0);
    Ok((text, Some(warning)))
}

/// Bad bytes outnumbering the valid multi-byte UTF-8 characters (those
/// [`count_multibyte`] counts) more than
/// this many to one mean Windows-1252 text in which a few byte pairs happen
/// to form UTF-8 (`Ã©`), so the whole text is Windows-1252.
const BAD_BYTES_PER_UTF8_CHAR: usize = 4;

/// Bytes that are not valid UTF-8 (`err` from `std::str::from_utf8`), as
/// text, with the warning naming the first bad byte (`offset` is where
/// `bytes` start in the file).
///
/// UTF-8 with the odd stray byte (a `£` pasted from a Latin-1 page) keeps
/// its UTF-8 and reads only the bad bytes as Windows-1252, so one byte no
/// longer turns "Zürich" into "ZÃ¼rich". Text with no valid multi-byte
/// UTF-8 character, or far more bad bytes than such characters, is read
/// whole as Windows-1252. (Where a text has no multi-byte character the
/// two readings agree.)
pub(super) fn decode_invalid_utf8(
    bytes: &[u8],
    err: std::str::Utf8Error,
    offset: u64,
) -> (Cow<'_, str>, String) {
    let first_bad = offset + err.valid_up_to() as u64;
    let (mut multibyte, mut bad) = (0usize, 0usize);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                multibyte += count_multibyte(valid.as_bytes());
                break;
            }
            Err(e) => {
                let valid = &rest[..e.valid_up_to()];
                multibyte += count_multibyte(valid);
                let len = e.error_len().unwrap_or(rest.len() - e.valid_up_to());
                bad += len;
                rest = &rest[e.valid_up_to() + len..];
            }
        }
    }
    if multibyte == 0 || bad > multibyte * BAD_BYTES_PER_UTF8_CHAR {
        let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
        let warning = format!("decoded as Windows-1252: not valid UTF-8 at byte {first_bad}");
        return (text, warning);
    }
    let mut text = String::with_capacity(bytes.len() + bad);
    let mut rest = bytes;
    while let Err(e) = std::str::from_utf8(rest) {
        let (valid, after) = rest.split_at(e.valid_up_to());
        // The prefix was just checked: this cannot fail.
        text.push_str(std::str::from_utf8(valid).unwrap_or_default());
        let len = e.error_len().unwrap_or(after.len());
        let (invalid, after) = after.split_at(len);
        text.push_str(
            &encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(invalid)
                .0,
        );
        rest = after;
    }
    text.push_str(std::str::from_utf8(rest).unwrap_or_default());
    let plural = if bad == 1 { "" } else { "s" };
    let warning = format!(
        "decoded as UTF-8 with {bad} byte{plural} read as Windows-1252: not valid UTF-8 at byte {first_bad}"
    );
    (text.into(), warning)
}

/// Multi-byte characters in bytes known to be valid UTF-8 that say the
/// text is UTF-8: two-byte ones (Latin letters with accents, Greek,
/// Cyrillic, ...), punctuation and symbols (`’ “ € …`), four-byte ones.
/// Windows-1252 text forms three-byte sequences by chance (`é` then two
/// symbols reads as a CJK character), so three-byte characters outside
/// U+2000–U+2FFF are no evidence.
fn count_multibyte(valid: &[u8]) -> usize {
    std::str::from_utf8(valid).map_or(0, |text| {
        text.chars()
            .filter(|&c| {
                let c = u32::from(c);
                (0x80..0x800).contains(&c) || (0x2000..0x3000).contains(&c) || c >= 0x1_0000
            })
            .count()
    })
}

/// A NUL, or more than one in [`CONTROL_RATIO`] characters a control
/// character other than whitespace (tab, newline, vertical tab, form feed,
/// carriage return). Takes code points so bytes and chars both fit.
pub(super) fn looks_binary(units: impl Iterator<Item = u32>) -> bool {
    let (mut total, mut control) = (0usize, 0usize);
    for unit in units {
        total += 1;
        match unit {
            0 => return true,
            0x09..=0x0D => {}
            0x01..=0x1F | 0x7F => control += 1,
            _ => {}
        }
    }
    control * CONTROL_RATIO > total
}

/// The encoding an HTML page declares in its first 1,024 bytes
/// (`<meta charset="X">` or `<meta http-equiv content="text/html;
/// charset=X">`), when it is one encoding_rs knows and not UTF-8 or UTF-16
/// (which, for bytes that are not valid UTF-8, say nothing useful).
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = find_bytes(&lower[from..], b"charset") {
        let mut i = from + at + b"charset".len();
        from = i;
        while lower.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
            i += 1;
        }
        if lower.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while lower
            .get(i)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b'"' || *b == b'\'')
        {
            i += 1;
        }
        let end = lower[i..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || b"-_.:".contains(b)))
            .map_or(lower.len(), |n| i + n);
        let encoding = encoding_rs::Encoding::for_label(&lower[i..end])?;
        let useless = encoding == encoding_rs::UTF_8
            || encoding == encoding_rs::UTF_16LE
            || encoding == encoding_rs::UTF_16BE
            || encoding == encoding_rs::REPLACEMENT;
        return (!useless).then_some(encoding);
    }
    None
}

fn find_bytes(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(bytes: &[u8]) -> (String, Option<String>) {
        let (text, warning) = decode_8bit(Format::Text, bytes).unwrap();
        (text.into_owned(), warning)
    }

    #[test]
    fn a_stray_byte_in_utf8_is_read_alone() {
        let mut bytes = "Nestlé of Zürich paid ".as_bytes().to_vec();
        let at = bytes.len();
        bytes.extend_from_slice(b"\xA3600m.");
        let (text, warning) = text_of(&bytes);
        assert_eq!(text, "Nestlé of Zürich paid £600m.");
        assert_eq!(
            warning.unwrap(),
            format!(
                "decoded as UTF-8 with 1 byte read as Windows-1252: not valid UTF-8 at byte {at}"
            )
        );
        // A bad byte at the very end, and a truncated sequence.
        let (text, warning) = text_of("Zürich \u{20ac}".as_bytes().split_last().unwrap().1);
        assert_eq!(text, "Zürich \u{e2}\u{201a}");
        assert!(warning.unwrap().contains("2 bytes read as Windows-1252"));
    }

    #[test]
    fn windows_1252_text_is_read_whole() {
        // Every accented letter a bad byte: no UTF-8 to keep.
        let (text, warning) = text_of(b"Caf\xE9 in Z\xFCrich: \xA3600m");
        assert_eq!(text, "Café in Zürich: £600m");
        assert_eq!(
            warning.unwrap(),
            "decoded as Windows-1252: not valid UTF-8 at byte 3"
        );
        // "Ã©" is valid UTF-8 by chance; the many bad bytes around it say
        // the text is Windows-1252.
        let (text, _) = text_of(b"\xC3\xA9t\xE9 \xE0 S\xE8te, caf\xE9 cr\xE8me \xE0 D\xFCren");
        assert_eq!(text, "Ã©té à Sète, café crème à Düren");
        // "é££" is valid UTF-8 (a CJK character) by chance: no evidence.
        let (text, _) = text_of(b"\xE9a\xE9\xA3\xA3");
        assert_eq!(text, "éaé££");
    }

    #[test]
    #[cfg(feature = "formats")] // mail is read by the `formats` feature
    fn a_stray_byte_in_a_mail_body_spoils_only_itself() {
        let mut mbox = "From a@example.com Mon Feb 14 10:00:00 2005\nFrom: a@example.com\n\
                        Subject: Zürich deal\nDate: Mon, 14 Feb 2005 10:00:00 +0000\n\n\
                        Nestlé of Zürich paid "
            .as_bytes()
            .to_vec();
        mbox.push(0xA3);
        mbox.extend_from_slice(b"600m.\n");
        let parsed = super::super::parse_bytes(Format::Mbox, &mbox, None).unwrap();
        assert!(
            parsed.articles[0]
                .body
                .ends_with("Nestlé of Zürich paid £600m."),
            "{:?}",
            parsed.articles[0].body
        );
        assert_eq!(
            parsed.warnings,
            [
                "message \"Zürich deal\": decoded as UTF-8 with 1 byte read as Windows-1252: \
              not valid UTF-8 at byte 24 of its body"
            ]
        );
    }

    #[test]
    fn streamed_pieces_name_the_byte_in_the_file() {
        let bytes = "Zürich \u{a3}".as_bytes();
        let mut bad = bytes.to_vec();
        bad.push(0xA3);
        let err = std::str::from_utf8(&bad).unwrap_err();
        let (text, warning) = decode_invalid_utf8(&bad, err, 1000);
        assert_eq!(text, "Zürich ££");
        assert!(warning.ends_with(&format!("at byte {}", 1000 + bytes.len())));
    }
}
