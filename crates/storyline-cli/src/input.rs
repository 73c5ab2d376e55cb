//! Reading inputs: files, directories (recursively, in name order), standard input and http(s) URLs of pages and
//! feeds (fetched by `storyline-fetch`).

use rayon::prelude::*;
use std::io::Read;
use std::path::{Path, PathBuf};
use storyline_extract::{extract, Format, ItemError, Limits};
use storyline_fetch::{fetch_articles, is_http_url, FetchConfig};
use storyline_model::Article;
use walkdir::WalkDir;

/// Everything read from the inputs: good articles and one error per bad item.
pub struct Inputs {
    pub articles: Vec<Article>,
    pub errors: Vec<ItemError>,
}

enum Source {
    File(PathBuf, Format, bool),
    Stdin,
}

/// Reads every input. Unknown file types named explicitly are errors; inside directories they are skipped.
/// URLs are fetched after the files are read.
pub fn read_inputs(paths: &[String], limits: Limits, fetch: &FetchConfig) -> Inputs {
    let mut sources = Vec::new();
    let mut urls = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path == "-" {
            sources.push(Source::Stdin);
            continue;
        }
        if is_http_url(path) {
            urls.push(path.clone());
            continue;
        }
        let path_buf = PathBuf::from(path);
        if path_buf.is_dir() {
            let walker = WalkDir::new(&path_buf)
                .sort_by_file_name()
                .follow_links(true);
            for entry in walker {
                match entry {
                    Ok(entry) if entry.file_type().is_file() => {
                        let name = entry.path().to_string_lossy();
                        if let Some((format, gzip)) = Format::of_name(&name) {
                            sources.push(Source::File(entry.path().to_path_buf(), format, gzip));
                        }
                    }
                    Ok(_) => {}
                    Err(e) => errors.push(ItemError {
                        item: path.clone(),
                        reason: format!("cannot read directory entry: {e}"),
                    }),
                }
            }
        } else if !path_buf.exists() {
            errors.push(ItemError {
                item: path.clone(),
                reason: "no such file or directory".into(),
            });
        } else {
            match Format::of_name(path) {
                Some((format, gzip)) => sources.push(Source::File(path_buf, format, gzip)),
                None => errors.push(ItemError {
                    item: path.clone(),
                    reason: "unsupported file type (expected .txt, .md, .html, .htm, .json or .jsonl, optionally .gz)"
                        .into(),
                }),
            }
        }
    }
    let results: Vec<(Vec<Article>, Vec<ItemError>)> = sources
        .par_iter()
        .map(|source| {
            let out = match source {
                Source::File(path, format, gzip) => read_file(path, *format, *gzip, limits),
                Source::Stdin => read_stdin(limits),
            };
            (out.articles, out.errors)
        })
        .collect();
    let mut articles = Vec::new();
    for (found, bad) in results {
        articles.extend(found);
        errors.extend(bad);
    }
    if !urls.is_empty() {
        let fetched = fetch_articles(&urls, fetch, limits);
        articles.extend(fetched.articles);
        errors.extend(fetched.errors);
    }
    Inputs { articles, errors }
}

fn read_file(
    path: &Path,
    format: Format,
    gzip: bool,
    limits: Limits,
) -> storyline_extract::Extracted {
    let name = path.display().to_string();
    // A whole file is read at once; a text or HTML file larger than the item limit is refused before reading.
    if matches!(format, Format::Text | Format::Html) && !gzip {
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.len() > limits.max_item_bytes as u64 {
                return failed(
                    &name,
                    format!(
                        "{} bytes is over the limit of {} bytes (raise it with --max-bytes)",
                        meta.len(),
                        limits.max_item_bytes
                    ),
                );
            }
        }
    }
    match std::fs::read(path) {
        Ok(bytes) => extract(&name, &bytes, format, gzip, limits),
        Err(e) => failed(&name, format!("cannot read: {e}")),
    }
}

fn read_stdin(limits: Limits) -> storyline_extract::Extracted {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().lock().read_to_end(&mut bytes) {
        return failed("stdin", format!("cannot read: {e}"));
    }
    let gzip = bytes.starts_with(&[0x1f, 0x8b]);
    let format = if gzip { Format::Jsonl } else { sniff(&bytes) };
    extract("stdin", &bytes, format, gzip, limits)
}

/// Guesses the format of unnamed input from its first bytes.
fn sniff(bytes: &[u8]) -> Format {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF)
        .map_or(&[][..], |i| &bytes[i..]);
    match start.first() {
        Some(b'[') => Format::Json,
        Some(b'{') => {
            // Several lines that each open an object: JSONL; otherwise one (maybe pretty-printed) object.
            let objects = start
                .split(|b| *b == b'\n')
                .filter(|line| line.first() == Some(&b'{'))
                .count();
            if objects > 1 {
                Format::Jsonl
            } else {
                Format::Json
            }
        }
        Some(b'<') => Format::Html,
        _ => Format::Text,
    }
}

fn failed(item: &str, reason: String) -> storyline_extract::Extracted {
    storyline_extract::Extracted {
        articles: Vec::new(),
        errors: vec![ItemError {
            item: item.to_string(),
            reason,
        }],
    }
}

/// Keeps the first article of each id and reports the others.
pub fn drop_duplicate_ids(articles: &mut Vec<Article>, errors: &mut Vec<ItemError>) {
    let mut seen = rustc_hash::FxHashSet::default();
    articles.retain(|article| {
        if seen.insert(article.id.clone()) {
            true
        } else {
            errors.push(ItemError {
                item: article.id.clone(),
                reason: "duplicate article id; the first one read is kept".into(),
            });
            false
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unnamed_input_is_sniffed() {
        assert_eq!(sniff(b"  [{\"text\": \"a\"}]"), Format::Json);
        assert_eq!(
            sniff(b"{\"text\": \"a\"}\n{\"text\": \"b\"}\n"),
            Format::Jsonl
        );
        assert_eq!(sniff(b"{\n  \"text\": \"a\"\n}"), Format::Json);
        assert_eq!(sniff(b"<!doctype html><p>x</p>"), Format::Html);
        assert_eq!(sniff(b"Title\nBody"), Format::Text);
    }
}
