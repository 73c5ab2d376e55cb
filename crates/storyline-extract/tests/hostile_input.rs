//! No input may panic the extractor: random bytes, truncated markup, deep nesting, odd encodings.

use storyline_extract::{extract, Format, Limits};

/// A small deterministic generator (xorshift), so failures reproduce.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn bytes(&mut self, len: usize, alphabet: &[u8]) -> Vec<u8> {
        (0..len)
            .map(|_| alphabet[(self.next() % alphabet.len() as u64) as usize])
            .collect()
    }
}

#[test]
fn random_and_malformed_input_gives_articles_or_errors_never_a_panic() {
    let mut noise = Noise(0x9e37_79b9_7f4a_7c15);
    let all_bytes: Vec<u8> = (0..=255).collect();
    let markup = b"<>/=\"' abcdefghij\n\t&;#!-pdivscriptarticleh1";
    let json = b"{}[]\":,\\ abc123\nnulltruefalse-.eE";
    for round in 0..300 {
        let len = (noise.next() % 2000) as usize;
        for (format, alphabet) in [
            (Format::Text, &all_bytes[..]),
            (Format::Html, &markup[..]),
            (Format::Html, &all_bytes[..]),
            (Format::Json, &json[..]),
            (Format::Jsonl, &json[..]),
        ] {
            let input = noise.bytes(len, alphabet);
            let name = format!("round{round}.in");
            let out = extract(&name, &input, format, false, Limits::default());
            for error in &out.errors {
                assert!(
                    error.item.starts_with(&name),
                    "errors name the item: {error}"
                );
            }
            let gz = extract(&name, &input, format, true, Limits::default());
            assert!(gz.articles.is_empty() || input.starts_with(&[0x1f, 0x8b]));
        }
    }
}

#[test]
fn deeply_nested_and_unclosed_markup_is_survived() {
    let deep = "<div>".repeat(20_000)
        + "<p>Deep text that is the only content here, repeated. "
        + &"word ".repeat(50);
    let out = extract(
        "deep.html",
        deep.as_bytes(),
        Format::Html,
        false,
        Limits::default(),
    );
    assert_eq!(out.articles.len() + out.errors.len(), 1);

    let latin1 = b"<html><head><meta charset=\"iso-8859-1\"><title>Caf\xe9</title></head><body><article><p>Le caf\xe9 \
                   est ouvert depuis des ann\xe9es et les clients reviennent chaque matin pour le petit d\xe9jeuner.</p>\
                   <p>Une deuxi\xe8me phrase pour que le texte compte comme un article.</p></article></body></html>";
    let out = extract(
        "latin1.html",
        latin1,
        Format::Html,
        false,
        Limits::default(),
    );
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert!(
        out.articles[0].text.contains("café"),
        "{}",
        out.articles[0].text
    );
}
