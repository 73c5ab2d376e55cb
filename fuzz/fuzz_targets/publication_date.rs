//! Any bytes as a page (and its first line as the URL): the date finder never panics, and a date it returns
//! is within the years it believes.
#![no_main]

use chrono::Datelike;
use libfuzzer_sys::fuzz_target;
use storyline_extract::find_publication_date_in_bytes;

fuzz_target!(|bytes: &[u8]| {
    let url_end = bytes.iter().position(|b| *b == b'\n').unwrap_or(0);
    let url = String::from_utf8_lossy(&bytes[..url_end]);
    for url in [None, Some(url.as_ref())] {
        if let Some(found) = find_publication_date_in_bytes(bytes, url) {
            assert!((1995..=2099).contains(&found.day.year()), "{found:?}");
        }
    }
});
