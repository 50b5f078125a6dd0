//! Any bytes as a `Json` file: articles or a skip reason, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsindex::ingest::Format;

#[path = "reader.rs"]
mod reader;

fuzz_target!(|data: &[u8]| reader::check(Format::Json, data));
