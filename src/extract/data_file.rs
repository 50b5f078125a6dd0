//! Reading the data files of `data/`: word lists (one entry a line) and
//! sectioned tables (`key: value | value` lines under `[section]`
//! headers). Blank lines and lines starting with `#` are skipped in both.

/// The entries of a word-list file: one word or phrase a line; blank lines
/// and lines starting with `#` (the header naming the list's source and
/// use, section comments) are skipped.
pub(crate) fn entries(file: &'static str) -> Vec<&'static str> {
    file.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// The `key: values` lines of a sectioned table, each as (the section it
/// stands under, `""` before the first header; the key; the values, the
/// text after the first `:`), both untrimmed. Lines without a `:` are
/// skipped.
pub(crate) fn sectioned<'a>(
    lines: impl Iterator<Item = &'a str>,
) -> impl Iterator<Item = (&'a str, &'a str, &'a str)> {
    let mut section = "";
    lines.map(str::trim).filter_map(move |line| {
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        if let Some(s) = line.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            section = s;
            return None;
        }
        let (key, values) = line.split_once(':')?;
        Some((section, key, values))
    })
}
