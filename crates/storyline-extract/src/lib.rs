//! Pipeline stage 1 — extract: raw input bytes to clean [`Article`]s.
//!
//! Pure: the caller reads files, stdin or the network and hands over a name and the bytes; this crate decides
//! the format from the name, decompresses gzip, parses, and returns the articles together with one
//! [`ItemError`] per bad item, so that one bad record never costs the others.

mod html;
mod main_text;
mod page;
mod promo;
mod pubdate;
mod records;

use rayon::prelude::*;
use std::io::Read;
use storyline_model::Article;

pub use html::article_from_html;
pub use promo::strip_promotional_lines;
pub use pubdate::{
    find_dates, find_publication_date, find_publication_date_in_bytes, parse_machine_date,
    DateSource, DayOrder, FoundDate, ParsedDate, TextDate,
};

/// Input formats, chosen by file extension (after stripping `.gz`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text or Markdown: the first non-empty line is the title.
    Text,
    Html,
    /// One JSON object or an array of them.
    Json,
    /// One JSON object a line.
    Jsonl,
}

impl Format {
    /// The format of a file name and whether it is gzip-compressed; `None` for names this crate does not read.
    pub fn of_name(name: &str) -> Option<(Format, bool)> {
        let lower = name.to_ascii_lowercase();
        let (stem, gzip) = match lower.strip_suffix(".gz") {
            Some(stem) => (stem, true),
            None => (lower.as_str(), false),
        };
        let extension = stem.rsplit_once('.').map(|(_, ext)| ext)?;
        let format = match extension {
            "txt" | "text" | "md" | "markdown" => Format::Text,
            "html" | "htm" | "xhtml" => Format::Html,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::Jsonl,
            _ => return None,
        };
        Some((format, gzip))
    }
}

/// Bounds on what one item may be.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The largest article (text or HTML) accepted, in bytes.
    pub max_item_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_item_bytes: 16 * 1024 * 1024,
        }
    }
}

/// A bad input item: which one (file, and line or index inside it) and why it was skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemError {
    pub item: String,
    pub reason: String,
}

impl std::fmt::Display for ItemError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.item, self.reason)
    }
}

/// What one input yielded.
#[derive(Debug, Default)]
pub struct Extracted {
    pub articles: Vec<Article>,
    pub errors: Vec<ItemError>,
}

impl Extracted {
    fn failed(item: &str, reason: impl Into<String>) -> Self {
        Extracted {
            articles: Vec::new(),
            errors: vec![ItemError {
                item: item.to_string(),
                reason: reason.into(),
            }],
        }
    }
}

/// Extracts the articles of one input. `name` is the file name (or path) used for the format, for default ids
/// and in error messages. Promotional lines are taken out of every text (see [`strip_promotional_lines`]).
pub fn extract(name: &str, bytes: &[u8], format: Format, gzip: bool, limits: Limits) -> Extracted {
    let mut extracted = extract_raw(name, bytes, format, gzip, limits);
    extracted.articles.par_iter_mut().for_each(|article| {
        let (text, removed) = strip_promotional_lines(&article.text);
        article.text = text;
        article.removed_lines = removed;
    });
    let (kept, emptied): (Vec<Article>, Vec<Article>) = extracted
        .articles
        .into_iter()
        .partition(|article| !article.text.trim().is_empty());
    extracted.articles = kept;
    extracted
        .errors
        .extend(emptied.into_iter().map(|article| ItemError {
            item: format!("{name}: {}", article.id),
            reason: "empty: the text is only promotional lines".into(),
        }));
    extracted
}

fn extract_raw(name: &str, bytes: &[u8], format: Format, gzip: bool, limits: Limits) -> Extracted {
    let decompressed;
    let bytes = if gzip {
        // Whole-file formats are bounded by the item limit; a JSONL stream may hold many items.
        let bound = match format {
            Format::Jsonl | Format::Json => usize::MAX,
            Format::Text | Format::Html => limits.max_item_bytes,
        };
        match gunzip(bytes, bound) {
            Ok(data) => {
                decompressed = data;
                decompressed.as_slice()
            }
            Err(reason) => return Extracted::failed(name, reason),
        }
    } else {
        bytes
    };
    let stem = file_stem(name);
    match format {
        Format::Jsonl => records::from_jsonl(name, &stem, bytes, limits),
        Format::Json => records::from_json(name, &stem, bytes, limits),
        Format::Text | Format::Html => {
            if bytes.len() > limits.max_item_bytes {
                return Extracted::failed(name, too_large(bytes.len(), limits));
            }
            let result = if format == Format::Html {
                html::article_from_html(&stem, bytes)
            } else {
                text_str(bytes).and_then(|text| article_from_text(&stem, text))
            };
            match result {
                Ok(article) => Extracted {
                    articles: vec![article],
                    errors: Vec::new(),
                },
                Err(reason) => Extracted::failed(name, reason),
            }
        }
    }
}

fn too_large(len: usize, limits: Limits) -> String {
    format!(
        "{len} bytes is over the limit of {} bytes (raise it with --max-bytes)",
        limits.max_item_bytes
    )
}

/// Deflate cannot expand its input more than about 1032 times.
const MAX_DEFLATE_RATIO: usize = 1032;

fn gunzip(bytes: &[u8], bound: usize) -> Result<Vec<u8>, String> {
    // The gzip trailer states the (last member's) size: reserving it spares the buffer's regrowth copies. It is
    // only a hint, so a lying trailer is capped by the deflate format's best ratio and the bound.
    let stated = bytes
        .last_chunk::<4>()
        .map_or(0, |size| u32::from_le_bytes(*size) as usize);
    let mut out = Vec::with_capacity(
        stated
            .min(bound)
            .min(bytes.len().saturating_mul(MAX_DEFLATE_RATIO)),
    );
    let limit = u64::try_from(bound).unwrap_or(u64::MAX).saturating_add(1);
    flate2::read::MultiGzDecoder::new(bytes)
        .take(limit)
        .read_to_end(&mut out)
        .map_err(|e| format!("not valid gzip: {e}"))?;
    if out.len() > bound {
        return Err(format!(
            "decompresses to more than the limit of {bound} bytes (raise it with --max-bytes)"
        ));
    }
    Ok(out)
}

/// The file name without directories and without the extensions this crate knows.
fn file_stem(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let mut stem = base;
    for _ in 0..2 {
        if let Some((head, ext)) = stem.rsplit_once('.') {
            let ext = ext.to_ascii_lowercase();
            let known = matches!(
                ext.as_str(),
                "gz" | "txt"
                    | "text"
                    | "md"
                    | "markdown"
                    | "html"
                    | "htm"
                    | "xhtml"
                    | "json"
                    | "jsonl"
                    | "ndjson"
            );
            if known && !head.is_empty() {
                stem = head;
                continue;
            }
        }
        break;
    }
    stem.to_string()
}

/// Decodes text input: UTF-8 (with or without BOM) and no binary control bytes.
fn text_str(bytes: &[u8]) -> Result<&str, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes)
        .map_err(|e| format!("not UTF-8 (invalid byte at offset {})", e.valid_up_to()))?;
    if looks_binary(text) {
        return Err("binary content, not text".into());
    }
    Ok(text)
}

/// Text with NUL or many other control characters is binary data that happens to decode.
fn looks_binary(text: &str) -> bool {
    let sample: Vec<char> = text.chars().take(4096).collect();
    let controls = sample
        .iter()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0c}'))
        .count();
    sample.contains(&'\0') || controls * 20 > sample.len().max(1)
}

/// A text or Markdown article: the first non-empty line is the title, the rest is the body.
pub fn article_from_text(id: &str, text: &str) -> Result<Article, String> {
    let mut lines = text.lines();
    let title_line = lines
        .by_ref()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .ok_or("empty: no text")?;
    let title = title_line.trim_start_matches('#').trim().to_string();
    let body = clean_text(&lines.collect::<Vec<_>>().join("\n"));
    Ok(Article {
        id: id.to_string(),
        title,
        outlet: None,
        url: None,
        published: None,
        language: None,
        text: body,
        ..Article::default()
    })
}

/// Normalises line endings and blank-line runs; trims each line's trailing space.
pub fn clean_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn run(name: &str, bytes: &[u8]) -> Extracted {
        let (format, gzip) = Format::of_name(name).expect("known format");
        extract(name, bytes, format, gzip, Limits::default())
    }

    #[test]
    fn formats_come_from_the_extension() {
        assert_eq!(Format::of_name("a/b.TXT"), Some((Format::Text, false)));
        assert_eq!(Format::of_name("x.md.gz"), Some((Format::Text, true)));
        assert_eq!(Format::of_name("x.jsonl.gz"), Some((Format::Jsonl, true)));
        assert_eq!(Format::of_name("page.htm"), Some((Format::Html, false)));
        assert_eq!(Format::of_name("README"), None);
        assert_eq!(Format::of_name("photo.jpg"), None);
    }

    #[test]
    fn text_files_take_the_first_non_empty_line_as_title() {
        let out = run(
            "dir/summit-2019.txt",
            b"\n\n  Putin and Kim meet in Vladivostok  \r\nThe two leaders met on Thursday.\r\n\r\n\r\nTalks lasted hours.\n",
        );
        assert!(out.errors.is_empty());
        let article = &out.articles[0];
        assert_eq!(article.id, "summit-2019");
        assert_eq!(article.title, "Putin and Kim meet in Vladivostok");
        assert_eq!(
            article.text,
            "The two leaders met on Thursday.\n\nTalks lasted hours."
        );
    }

    #[test]
    fn markdown_headings_lose_their_hashes() {
        let out = run("note.md", b"# A heading\n\nBody text.");
        assert_eq!(out.articles[0].title, "A heading");
    }

    #[test]
    fn gzip_is_decompressed_and_the_id_drops_both_extensions() {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(b"Title\nBody").unwrap();
        let out = run("story.txt.gz", &encoder.finish().unwrap());
        assert_eq!(out.articles[0].id, "story");
        assert_eq!(out.articles[0].text, "Body");
    }

    #[test]
    fn bad_items_are_named_with_their_reason() {
        let out = run("bad.txt", &[0x66, 0x6f, 0xff, 0xfe, 0x00]);
        assert!(out.articles.is_empty());
        assert_eq!(out.errors[0].item, "bad.txt");
        assert!(
            out.errors[0].reason.contains("not UTF-8"),
            "{:?}",
            out.errors
        );

        let out = run("blank.txt", b"  \n\n \t\n");
        assert!(out.errors[0].reason.contains("empty"));

        let out = run("zeros.txt", b"abc\0\0\0\0\0\0def");
        assert!(out.errors[0].reason.contains("binary"));

        let out = run("broken.txt.gz", b"not gzip at all");
        assert!(out.errors[0].reason.contains("gzip"));
    }

    #[test]
    fn the_size_limit_applies_and_names_the_flag() {
        let big = "Title\n".to_string() + &"x".repeat(100);
        let out = extract(
            "big.txt",
            big.as_bytes(),
            Format::Text,
            false,
            Limits { max_item_bytes: 50 },
        );
        assert!(out.articles.is_empty());
        assert!(out.errors[0].reason.contains("--max-bytes"));
    }
}
