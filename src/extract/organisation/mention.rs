//! The one type every room of the module produces or reads: an
//! organisation found in a text, by its name as written and its span.

use std::ops::Range;

/// One organisation found in a text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mention {
    /// The name as written (no leading "the", possessive or title).
    pub name: String,
    /// Byte range in the text it was found in.
    pub span: Range<usize>,
    /// True when it is a company (ends in a company head word or is a
    /// known company).
    pub company: bool,
    /// A known name from a weak section of `data/orgs.txt`.
    pub weak: bool,
}
