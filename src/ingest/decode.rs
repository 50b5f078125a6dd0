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
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    let warning = format!(
        "decoded as Windows-1252: not valid UTF-8 at byte {}",
        err.valid_up_to()
    );
    Ok((text, Some(warning)))
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
