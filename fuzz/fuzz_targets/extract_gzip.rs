//! Any bytes as a gzip-compressed HTML page, and the same bytes compressed for real, so that the fuzzer
//! reaches both the decompressor's error paths and the extractor behind it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Write;
use storyline_extract::{extract, Format, Limits};

fuzz_target!(|bytes: &[u8]| {
    let limits = Limits {
        max_item_bytes: 1 << 20,
    };
    let out = extract("page.html.gz", bytes, Format::Html, true, limits);
    assert_eq!(out.articles.len() + out.errors.len(), 1);

    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).expect("writing to memory");
    let compressed = encoder.finish().expect("writing to memory");
    let out = extract("page.html.gz", &compressed, Format::Html, true, limits);
    assert_eq!(out.articles.len() + out.errors.len(), 1);
});
