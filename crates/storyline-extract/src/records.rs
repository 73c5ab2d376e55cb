//! JSON and JSONL records: `id`, `url`, `outlet`, `published`, `title`, `text` or `html`, `language`.

use crate::{html, too_large, Extracted, ItemError, Limits};
use rayon::prelude::*;
use serde::Deserialize;
use storyline_model::{Article, Published, PublishedSource};

#[derive(Deserialize)]
struct Record {
    id: Option<IdValue>,
    url: Option<String>,
    outlet: Option<String>,
    published: Option<String>,
    title: Option<String>,
    text: Option<String>,
    html: Option<String>,
    language: Option<String>,
}

/// Ids in the wild are strings or numbers.
#[derive(Deserialize)]
#[serde(untagged)]
enum IdValue {
    Text(String),
    Number(serde_json::Number),
}

impl IdValue {
    fn into_string(self) -> String {
        match self {
            IdValue::Text(text) => text,
            IdValue::Number(number) => number.to_string(),
        }
    }
}

pub(crate) fn from_jsonl(name: &str, stem: &str, bytes: &[u8], limits: Limits) -> Extracted {
    // Lines parse independently (a record may embed a whole HTML page), so they parse on all cores; the
    // results are gathered back in line order.
    let lines: Vec<(usize, &[u8])> = bytes
        .split(|b| *b == b'\n')
        .enumerate()
        .map(|(index, line)| (index + 1, line.strip_suffix(b"\r").unwrap_or(line)))
        .filter(|(_, line)| !line.iter().all(u8::is_ascii_whitespace))
        .collect();
    let results: Vec<Result<Article, ItemError>> = lines
        .into_par_iter()
        .map(|(line_number, line)| {
            let item = || format!("{name}:{line_number}");
            if line.len() > limits.max_item_bytes {
                return Err(ItemError {
                    item: item(),
                    reason: too_large(line.len(), limits),
                });
            }
            let default_id = format!("{stem}-{line_number}");
            parse_record(line)
                .and_then(|record| article_from_record(record, &default_id, limits))
                .map_err(|reason| ItemError {
                    item: item(),
                    reason,
                })
        })
        .collect();
    let mut out = Extracted::default();
    for result in results {
        match result {
            Ok(article) => out.articles.push(article),
            Err(error) => out.errors.push(error),
        }
    }
    out
}

pub(crate) fn from_json(name: &str, stem: &str, bytes: &[u8], limits: Limits) -> Extracted {
    let mut out = Extracted::default();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value: serde_json::Value = match serde_json::from_slice(bytes) {
        Ok(value) => value,
        Err(e) => return Extracted::failed(name, format!("malformed JSON: {e}")),
    };
    match value {
        serde_json::Value::Array(items) => {
            for (index, item_value) in items.into_iter().enumerate() {
                let item = format!("{name}[{index}]");
                let default_id = format!("{stem}-{}", index + 1);
                let result = serde_json::from_value::<Record>(item_value)
                    .map_err(|e| format!("not an article record: {e}"))
                    .and_then(|record| article_from_record(record, &default_id, limits));
                match result {
                    Ok(article) => out.articles.push(article),
                    Err(reason) => out.errors.push(ItemError { item, reason }),
                }
            }
        }
        object @ serde_json::Value::Object(_) => {
            let result = serde_json::from_value::<Record>(object)
                .map_err(|e| format!("not an article record: {e}"))
                .and_then(|record| article_from_record(record, stem, limits));
            match result {
                Ok(article) => out.articles.push(article),
                Err(reason) => out.errors.push(ItemError {
                    item: name.to_string(),
                    reason,
                }),
            }
        }
        _ => {
            return Extracted::failed(name, "JSON input must be an object or an array of objects");
        }
    }
    out
}

fn parse_record(line: &[u8]) -> Result<Record, String> {
    serde_json::from_slice(line).map_err(|e| format!("malformed JSON: {e}"))
}

fn article_from_record(
    record: Record,
    default_id: &str,
    limits: Limits,
) -> Result<Article, String> {
    let id = record
        .id
        .map(IdValue::into_string)
        .map(|id| id.trim().to_string())
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| default_id.to_string());
    let published = match record.published.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(raw.parse::<Published>().map_err(|e| e.to_string())?),
    };
    let mut article = match (record.text, record.html) {
        (Some(text), _) if !text.trim().is_empty() => {
            if text.len() > limits.max_item_bytes {
                return Err(too_large(text.len(), limits));
            }
            let title = record
                .title
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string);
            match title {
                Some(title) => Article {
                    id: id.clone(),
                    title,
                    outlet: None,
                    url: None,
                    published: None,
                    language: None,
                    text: crate::clean_text(&text),
                    ..Article::default()
                },
                // Without a title the text's first line serves, as for a text file, but the text stays whole.
                None => {
                    let mut article = crate::article_from_text(&id, &text)?;
                    article.text = crate::clean_text(&text);
                    article
                }
            }
        }
        (_, Some(markup)) if !markup.trim().is_empty() => {
            if markup.len() > limits.max_item_bytes {
                return Err(too_large(markup.len(), limits));
            }
            let mut article = html::article_from_html(&id, markup.as_bytes())?;
            if let Some(title) = record.title.filter(|t| !t.trim().is_empty()) {
                article.title = title.trim().to_string();
            }
            article
        }
        _ => return Err("empty: the record has neither text nor html".into()),
    };
    article.id = id;
    if record.url.is_some() {
        article.url = record.url;
    }
    if record.outlet.is_some() {
        article.outlet = record.outlet;
    }
    if published.is_some() {
        article.published = published;
        article.published_source = Some(PublishedSource::Record);
    }
    if let Some(language) = record.language.filter(|l| !l.trim().is_empty()) {
        article.language = Some(language.trim().to_ascii_lowercase());
    }
    Ok(article)
}

#[cfg(test)]
mod tests {
    use crate::{extract, Format, Limits};

    #[test]
    fn jsonl_reads_every_good_line_and_names_bad_ones_by_line() {
        let input = br#"{"id": "a1", "title": "Summit opens", "text": "Leaders met.", "published": "2019-04-25", "outlet": "Wire"}
{"title": "no id here", "text": "Second article body."}
{"id": "bad", "published": "last Tuesday", "text": "x"}
this is not json

{"id": 7, "text": "Numbered id\nand a body"}
{"id": "empty", "text": "   "}
"#;
        let out = extract("feed.jsonl", input, Format::Jsonl, false, Limits::default());
        let ids: Vec<&str> = out.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a1", "feed-2", "7"]);
        assert_eq!(out.articles[0].published.unwrap().to_string(), "2019-04-25");
        assert_eq!(
            out.articles[0].published_source,
            Some(storyline_model::PublishedSource::Record)
        );
        assert_eq!(out.articles[0].outlet.as_deref(), Some("Wire"));
        assert_eq!(out.articles[1].title, "no id here");
        assert_eq!(out.articles[2].title, "Numbered id");
        assert_eq!(out.articles[2].text, "Numbered id\nand a body");
        let items: Vec<&str> = out.errors.iter().map(|e| e.item.as_str()).collect();
        assert_eq!(items, ["feed.jsonl:3", "feed.jsonl:4", "feed.jsonl:7"]);
        assert!(out.errors[0].reason.contains("last Tuesday"));
        assert!(out.errors[1].reason.contains("malformed JSON"));
    }

    #[test]
    fn json_takes_an_object_or_an_array() {
        let one = br#"{"title": "T", "text": "Body", "language": "EN"}"#;
        let out = extract("one.json", one, Format::Json, false, Limits::default());
        assert_eq!(out.articles[0].id, "one");
        assert_eq!(out.articles[0].language.as_deref(), Some("en"));

        let many = br#"[{"id": "x", "text": "A"}, 42, {"text": "B"}]"#;
        let out = extract("many.json", many, Format::Json, false, Limits::default());
        let ids: Vec<&str> = out.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["x", "many-3"]);
        assert_eq!(out.errors[0].item, "many.json[1]");

        let out = extract(
            "broken.json",
            b"{\"text\": ",
            Format::Json,
            false,
            Limits::default(),
        );
        assert!(out.errors[0].reason.contains("malformed JSON"));
    }

    #[test]
    fn records_with_html_go_through_the_extractor() {
        let record = br#"{"id": "h", "html": "<html><head><title>Page title</title></head><body><article><p>The main story text is here and it is long enough to count as the article body for the extractor.</p><p>A second paragraph follows with more words about the same story.</p></article></body></html>"}"#;
        let out = extract("h.json", record, Format::Json, false, Limits::default());
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        assert!(out.articles[0].text.contains("main story text"));
    }
}
