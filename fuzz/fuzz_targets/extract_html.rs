//! Any bytes as an HTML page: the extractor returns an article or an error naming the page, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use storyline_extract::{extract, Format, Limits};

fuzz_target!(|bytes: &[u8]| {
    let out = extract("page.html", bytes, Format::Html, false, Limits::default());
    assert_eq!(out.articles.len() + out.errors.len(), 1);
});
