//! HTML pages: bytes to text in the right encoding, one pass over the tokens ([`crate::page`]), the main text
//! ([`crate::main_text`]) and the metadata (head tags, JSON-LD, `<time>` elements, the URL).

use crate::main_text::{main_blocks, reconcile_with_json_ld};
use crate::page::{scan, Page};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use serde_json::Value;
use std::borrow::Cow;
use storyline_model::{Article, PublishedSource};

/// Real pages nest a few dozen elements deep; deeper nesting is hostile or broken and is refused.
const MAX_NESTING: usize = 1_000;

/// How far into the page a `<meta charset>` is looked for.
const CHARSET_SCAN_BYTES: usize = 16 * 1024;

/// The deepest element nesting in the markup, estimated from its tags without parsing (void elements and
/// self-closing tags do not nest; comments and scripts are not looked into).
fn nesting_depth(bytes: &[u8]) -> usize {
    const VOID: &[&[u8]] = &[
        b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
        b"param", b"source", b"track", b"wbr",
    ];
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while let Some(offset) = memchr::memchr(b'<', &bytes[i..]) {
        i += offset + 1;
        let Some(&next) = bytes.get(i) else { break };
        let close = memchr::memchr(b'>', &bytes[i..]).map_or(bytes.len(), |p| i + p);
        if next == b'/' {
            depth = depth.saturating_sub(1);
        } else if next.is_ascii_alphabetic() {
            let name_end = bytes[i..close]
                .iter()
                .position(|b| !b.is_ascii_alphanumeric())
                .map_or(close, |p| i + p);
            let name = &bytes[i..name_end];
            let self_closing = close > i && bytes[close - 1] == b'/';
            if !self_closing && !VOID.iter().any(|void| void.eq_ignore_ascii_case(name)) {
                depth += 1;
                deepest = deepest.max(depth);
            }
        }
        i = close.min(bytes.len());
        if i >= bytes.len() {
            break;
        }
    }
    deepest
}

/// The charset a `<meta>` tag near the top of the page declares.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes[..bytes.len().min(CHARSET_SCAN_BYTES)].to_ascii_lowercase();
    let mut from = 0;
    while let Some(offset) = find(&head[from..], b"<meta") {
        let start = from + offset;
        let end = memchr::memchr(b'>', &head[start..]).map_or(head.len(), |p| start + p);
        let tag = &head[start..end];
        if let Some(at) = find(tag, b"charset") {
            let value: Vec<u8> = tag[at + 7..]
                .iter()
                .copied()
                .skip_while(|b| b.is_ascii_whitespace() || matches!(b, b'=' | b'"' | b'\''))
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
                .collect();
            if let Some(encoding) = Encoding::for_label(&value) {
                // A page that is readable as ASCII cannot really be UTF-16 (the standard's rule).
                return Some(if encoding == UTF_16LE || encoding == UTF_16BE {
                    UTF_8
                } else {
                    encoding
                });
            }
        }
        from = end.max(start + 1);
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// The page as text: a byte-order mark wins, then a declared charset, then UTF-8 when the bytes are valid UTF-8,
/// else the encoding `chardetng` guesses (undeclared legacy pages: windows-1251, GBK, Shift_JIS …).
/// A page declared legacy but valid UTF-8 with non-ASCII text was transcoded on the way and is read as UTF-8.
pub(crate) fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((encoding, bom_length)) = Encoding::for_bom(bytes) {
        return encoding.decode_without_bom_handling(&bytes[bom_length..]).0;
    }
    let utf8 = std::str::from_utf8(bytes).ok();
    match (declared_charset(bytes), utf8) {
        (Some(encoding), Some(text)) if encoding == UTF_8 || !text.is_ascii() => {
            Cow::Borrowed(text)
        }
        (Some(encoding), _) => encoding.decode_without_bom_handling(bytes).0,
        (None, Some(text)) => Cow::Borrowed(text),
        (None, None) => {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(
                &bytes[..bytes.len().min(64 * 1024)],
                bytes.len() <= 64 * 1024,
            );
            detector
                .guess(None, chardetng::Utf8Detection::Allow)
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

/// What the page's JSON-LD says about its article.
#[derive(Default)]
struct JsonLdArticle {
    headline: Option<String>,
    body: Option<String>,
    authors: Vec<String>,
    publisher: Option<String>,
    url: Option<String>,
    language: Option<String>,
}

const ARTICLE_TYPES: &[&str] = &[
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "blogposting",
    "socialmediaposting",
    "liveblogposting",
    "techarticle",
    "scholarlyarticle",
    "report",
    "webpage",
];

fn is_article_type(value: &Value) -> bool {
    let matches = |t: &Value| {
        t.as_str()
            .is_some_and(|t| ARTICLE_TYPES.contains(&t.to_ascii_lowercase().as_str()))
    };
    match value.get("@type") {
        Some(Value::Array(types)) => types.iter().any(matches),
        Some(t) => matches(t),
        None => false,
    }
}

fn string_of(value: Option<&Value>) -> Option<String> {
    let text = match value? {
        Value::String(s) => s.trim().to_string(),
        Value::Array(items) => return items.iter().find_map(|v| string_of(Some(v))),
        Value::Object(object) => return string_of(object.get("name").or(object.get("@id"))),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

fn names_of(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items.iter().filter_map(|v| string_of(Some(v))).collect(),
        other => string_of(other).into_iter().collect(),
    }
}

/// Every object in a JSON-LD value, depth first (`@graph` arrays and nested objects included), bounded.
fn objects<'a>(value: &'a Value, out: &mut Vec<&'a serde_json::Map<String, Value>>) {
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        if out.len() > 500 {
            return;
        }
        match value {
            Value::Object(object) => {
                out.push(object);
                stack.extend(object.values().rev());
            }
            Value::Array(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
}

fn json_ld_article(scripts: &[String]) -> JsonLdArticle {
    let mut best: Option<JsonLdArticle> = None;
    for script in scripts {
        // Some sites leave a trailing semicolon or HTML comment markers around the JSON.
        let trimmed = script
            .trim()
            .trim_start_matches("<!--")
            .trim_end_matches("-->")
            .trim()
            .trim_end_matches(';');
        let Ok(value) = serde_json::from_str::<Value>(trimmed) else {
            continue;
        };
        let mut found = Vec::new();
        objects(&value, &mut found);
        for object in found {
            let value = Value::Object(object.clone());
            if !is_article_type(&value) {
                continue;
            }
            let candidate = JsonLdArticle {
                headline: string_of(object.get("headline")),
                body: string_of(object.get("articleBody")),
                authors: names_of(object.get("author")),
                publisher: string_of(object.get("publisher")),
                url: string_of(object.get("url"))
                    .or_else(|| string_of(object.get("mainEntityOfPage"))),
                language: string_of(object.get("inLanguage")),
            };
            let better = match &best {
                None => true,
                Some(current) => {
                    candidate.body.as_ref().map_or(0, String::len)
                        > current.body.as_ref().map_or(0, String::len)
                        || (current.headline.is_none() && candidate.headline.is_some())
                }
            };
            if better {
                best = Some(candidate);
            }
        }
    }
    best.unwrap_or_default()
}

fn meta<'a>(page: &'a Page, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|key| {
        page.meta
            .meta
            .iter()
            .find(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    })
}

fn absolute_url(url: Option<&str>) -> Option<String> {
    let url = url?.trim();
    (url.starts_with("http://") || url.starts_with("https://")).then(|| url.to_string())
}

fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#', ':']).next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// An ISO 639-1 (or -3) code from `en-US`, `de_DE`, `fr`.
fn language_code(raw: &str) -> Option<String> {
    let code = raw.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (2..=3)
        .contains(&code.len())
        .then_some(code)
        .filter(|c| c.chars().all(|ch| ch.is_ascii_lowercase()))
}

/// The main text of a scanned page, paragraphs separated by blank lines.
fn main_text(page: &Page, json_ld_body: Option<&str>) -> String {
    let structural = main_blocks(page);
    let blocks = match json_ld_body {
        Some(body) => reconcile_with_json_ld(page, structural, body),
        None => structural,
    };
    let mut paragraphs: Vec<&str> = blocks.iter().map(|block| block.text.as_str()).collect();
    drop_leading_title_and_bylines(page, &mut paragraphs);
    paragraphs.join("\n\n")
}

/// What a reader skips at the top of the text: the headline repeated (a heading equal to the page's title) and
/// a byline or dateline ("By Ann Lee - 11/18/19 11:04 PM"): short, not a sentence, holding a date, as a
/// paragraph of its own or as the first line of the first paragraph. A dateline that opens the first sentence
/// stays.
fn drop_leading_title_and_bylines(page: &Page, paragraphs: &mut Vec<&str>) {
    let titles = [
        meta(page, &["og:title", "twitter:title"]),
        page.meta.title.as_deref(),
    ];
    let repeats_title = |text: &str| {
        text.chars().count() >= 10
            && titles
                .iter()
                .flatten()
                .any(|title| title.trim().starts_with(text.trim()))
    };
    let byline = |text: &str| {
        let text = text.trim_end();
        text.chars().count() < 100
            && !text.ends_with(['.', '!', '?', '。', ':'])
            && !crate::pubdate::find_dates(text, crate::pubdate::DayOrder::DayFirst).is_empty()
    };
    if paragraphs.first().is_some_and(|p| repeats_title(p)) {
        paragraphs.remove(0);
    }
    let leading = paragraphs.iter().take(2).take_while(|p| byline(p)).count();
    paragraphs.drain(..leading);
    if let Some(first) = paragraphs.first_mut() {
        if let Some((line, rest)) = first.split_once('\n') {
            if byline(line) && !rest.trim().is_empty() {
                *first = rest.trim_start();
            }
        }
    }
}

/// Extracts an article from an HTML page.
pub fn article_from_html(id: &str, bytes: &[u8]) -> Result<Article, String> {
    if bytes.iter().take(4096).filter(|b| **b == 0).count() > 4 {
        return Err("binary content, not HTML".into());
    }
    if nesting_depth(bytes) > MAX_NESTING {
        return Err(format!(
            "HTML nested more than {MAX_NESTING} elements deep; not extracted"
        ));
    }
    let html = decode(bytes);
    let page = scan(&html);
    let json_ld = json_ld_article(&page.meta.json_ld);
    let text = crate::clean_text(&main_text(&page, json_ld.body.as_deref()));
    if text.is_empty() {
        return Err("empty: no main text found in the page".into());
    }
    let url = absolute_url(page.meta.canonical.as_deref())
        .or_else(|| absolute_url(meta(&page, &["og:url", "twitter:url"])))
        .or_else(|| absolute_url(json_ld.url.as_deref()));
    let title = meta(&page, &["og:title", "twitter:title"])
        .map(str::to_string)
        .or_else(|| json_ld.headline.clone())
        .or_else(|| page.meta.h1.clone())
        .or_else(|| page.meta.title.clone())
        .unwrap_or_else(|| {
            text.lines()
                .next()
                .unwrap_or_default()
                .chars()
                .take(200)
                .collect()
        });
    let outlet = meta(&page, &["og:site_name", "application-name"])
        .map(str::to_string)
        .or_else(|| json_ld.publisher.clone())
        .or_else(|| url.as_deref().and_then(host_of));
    let author = if json_ld.authors.is_empty() {
        meta(
            &page,
            &[
                "author",
                "article:author",
                "parsely-author",
                "sailthru.author",
                "dc.creator",
                "byl",
            ],
        )
        .filter(|a| !a.starts_with("http"))
        .map(|a| a.strip_prefix("By ").unwrap_or(a).trim().to_string())
    } else {
        Some(json_ld.authors.join(", "))
    };
    let language = page
        .meta
        .lang
        .as_deref()
        .or(meta(&page, &["content-language", "og:locale", "language"]))
        .or(json_ld.language.as_deref())
        .and_then(language_code);
    let published = crate::pubdate::find_publication_date(&html, url.as_deref())
        .map(|found| (found.published(), PublishedSource::from(found.source)));
    Ok(Article {
        id: id.to_string(),
        title: crate::clean_text(&title).replace('\n', " "),
        outlet,
        url,
        published: published.map(|(time, _)| time),
        published_source: published.map(|(_, source)| source),
        language,
        author,
        text,
        removed_lines: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_text_and_title_come_out_of_a_page() {
        let page = br#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Leaders meet at the spaceport</title>
        <meta property="og:site_name" content="Example Herald"></head><body>
        <nav><a href="/">Home</a> <a href="/world">World</a></nav>
        <article><h1>Leaders meet at the spaceport</h1>
        <p>The two leaders met at the Vostochny cosmodrome on Wednesday for talks that lasted several hours, officials said.</p>
        <p>It was their second summit; the first was held in Vladivostok in April 2019.</p></article>
        <footer>Copyright 2023 Example Herald. All rights reserved.</footer></body></html>"#;
        let article = article_from_html("p1", page).unwrap();
        assert_eq!(article.title, "Leaders meet at the spaceport");
        assert_eq!(article.outlet.as_deref(), Some("Example Herald"));
        assert_eq!(article.language.as_deref(), Some("en"));
        assert!(article.text.starts_with("The two leaders met"));
        assert!(article.text.contains("\n\nIt was their second summit"));
        assert!(!article.text.contains("All rights reserved"));
        assert!(!article.text.contains("Home"));
    }

    #[test]
    fn an_article_cut_into_chunks_by_advertising_is_read_whole() {
        let chunk = |text: &str| {
            format!(
                r#"<div class="grid"><div class="body-chunk">{text}</div><div class="ad-rail">Advertisement</div></div>"#
            )
        };
        let page = format!(
            r#"<html><head><title>Canal</title></head><body><main>{}{}{}</main>
            <div class="more-stories"><ul><li><a href="/a">Another story about the harbour</a></li></ul></div></body></html>"#,
            chunk("<p>The canal reopened on Monday after a winter of repairs to its oldest lock, the waterways board said.</p>"),
            chunk("<p>Barges queued from dawn, and the first of them, loaded with gravel, passed the lock before nine.</p><p>Engineers replaced both gates, which had stood since the canal was dug, and relined the chamber.</p>"),
            chunk("<p>The board expects traffic to return to its summer level by May, its director told reporters.</p>"),
        );
        let article = article_from_html("chunks", page.as_bytes()).unwrap();
        assert!(
            article.text.starts_with("The canal reopened on Monday"),
            "{}",
            article.text
        );
        assert!(article.text.contains("Engineers replaced both gates"));
        assert!(
            article.text.ends_with("its director told reporters."),
            "{}",
            article.text
        );
        assert!(!article.text.contains("Advertisement"));
        assert!(!article.text.contains("Another story"));
    }

    #[test]
    fn a_byline_with_a_date_above_the_story_is_not_text() {
        let page = br#"<html><head><title>Bridge</title></head><body><article><h1>Bridge opens</h1>
        <div class="story"><p>By Ann Lee - 18 November 2019, 11:04</p>
        <p>BRAMPTON, 18 November 2019 - The new footbridge over the river opened to walkers on Monday morning.</p>
        <p>The council said the old crossing would be taken down over the winter months.</p></div></article></body></html>"#;
        let article = article_from_html("byline", page).unwrap();
        assert!(
            article
                .text
                .starts_with("BRAMPTON, 18 November 2019 - The new footbridge"),
            "{}",
            article.text
        );
    }

    #[test]
    fn the_headline_repeated_and_a_byline_line_above_the_story_are_not_text() {
        let page = br#"<html><head><title>Burglars break into clinic vans - City Hall</title></head><body>
        <div class="news"><h2>Burglars break into clinic vans</h2>
        <p>05/10/2018 - Posted by: Clara Bork - Category: Health<br>The home-care team found two of its five vans broken into this morning, their batteries gone.</p>
        <p>Patients booked for the morning are being rescheduled, the health office said.</p></div></body></html>"#;
        let article = article_from_html("repeat", page).unwrap();
        assert!(
            article.text.starts_with("The home-care team found"),
            "{}",
            article.text
        );
    }

    #[test]
    fn nesting_depth_counts_open_elements() {
        assert_eq!(
            nesting_depth(b"<html><body><p>a<br>b<img src=x/></p></body></html>"),
            3
        );
        assert_eq!(nesting_depth(b"<div><div></div><div><div>"), 3);
        assert_eq!(nesting_depth(b"no markup < at all"), 0);
        let deep = "<div>".repeat(5000);
        assert!(article_from_html("deep", deep.as_bytes())
            .unwrap_err()
            .contains("nested"));
    }

    #[test]
    fn binary_and_empty_pages_are_refused() {
        assert!(article_from_html("b", &[0u8; 64]).is_err());
        assert!(article_from_html("e", b"<html><body></body></html>").is_err());
    }

    #[test]
    fn charsets_are_declared_late_undeclared_or_wrong() {
        let mut late = b"<html><head>".to_vec();
        late.extend(std::iter::repeat_n(b' ', 3000));
        late.extend(b"<meta http-equiv=Content-Type content='text/html; charset=ISO-8859-1'></head><p>Caf\xe9</p>");
        assert!(decode(&late).contains("Café"));
        assert_eq!(
            decode("<meta charset=latin1><p>Café</p>".as_bytes()),
            "<meta charset=latin1><p>Café</p>"
        );
        let cyrillic = encoding_rs::WINDOWS_1251
            .encode("<p>Правительство объявило о новых мерах поддержки семей с детьми.</p>")
            .0;
        assert!(decode(&cyrillic).contains("Правительство"));
    }
}
