//! The library as another tool embeds it (issue #24): keyed articles
//! beside indexed files, the embedding examples of `examples/` run as
//! tests, and the public API compared with its committed listing.

mod library_api;
mod library_examples;
mod library_keys;
