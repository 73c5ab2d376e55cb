//! The network edge: pages and RSS/Atom feeds fetched over HTTP(S) become articles.
//!
//! A page's bytes go to `storyline_extract`; a feed's items are fetched as pages in turn. This crate decides
//! nothing about content beyond which document is what and which encoding applies: it never analyses.
//! Everything but the GET itself ([`Fetcher`]) is a pure function with its own tests: feed parsing
//! ([`parse_feed`]), document kinds ([`classify`]), the charset hand-over ([`html_for_extractor`]) and the merge
//! of a feed item's metadata into its page's article ([`complete_article`]).

mod charset;
mod feed;
mod http;
mod pool;
mod sniff;

use rayon::prelude::*;
use std::collections::BTreeSet;
use storyline_extract::{extract, Extracted, Format, ItemError, Limits};
use storyline_model::{Article, Published};

pub use charset::{html_for_extractor, xml_for_feed_parser};
pub use feed::{is_http_url, parse_feed, FeedItem, ParsedFeed};
pub use http::{user_agent, Conditional, FetchConfig, Fetcher, Response, Validators};
pub use sniff::{classify, parse_content_type, Kind};

/// What one fetched URL turned out to be.
enum Document {
    Page(Article),
    Feed(ParsedFeed),
}

/// Fetches every URL (each once, in argument order): a page gives its article, a feed gives the articles of its
/// items' pages. Each failure is one [`ItemError`] naming the URL; the rest goes on. The articles come in a
/// fixed order (pages as given, then feed items in feed order), whatever order the responses arrive in.
pub fn fetch_articles(urls: &[String], config: &FetchConfig, limits: Limits) -> Extracted {
    let fetcher = Fetcher::new(config);
    let mut seen = BTreeSet::new();
    let unique: Vec<String> = urls
        .iter()
        .filter(|url| seen.insert(url.to_string()))
        .cloned()
        .collect();
    // The pool holds a host's slot only while fetching; extraction (CPU work) runs afterwards on all cores.
    let responses = pool::run_bounded(
        &unique,
        config.workers,
        config.per_host,
        |url| host_of(url),
        |url| fetcher.get(url),
    );
    let documents: Vec<Result<Document, String>> = unique
        .par_iter()
        .zip(responses)
        .map(|(url, response)| read_document(url, &response?, limits))
        .collect();

    let mut out = Extracted::default();
    let mut items: Vec<(FeedItem, &str)> = Vec::new();
    for (url, document) in unique.iter().zip(documents) {
        match document {
            Ok(Document::Page(article)) => out.articles.push(article),
            Ok(Document::Feed(feed)) => {
                if feed.items.is_empty() && feed.items_without_link.is_empty() {
                    out.errors.push(error(url, "the feed has no items".into()));
                }
                for position in &feed.items_without_link {
                    out.errors.push(error(
                        &format!("{url} (item {position})"),
                        "the feed item links to no http(s) page".into(),
                    ));
                }
                for item in feed.items {
                    // A page named twice (by two feeds, or also as an argument) is fetched once.
                    if seen.insert(item.link.clone()) {
                        items.push((item, url));
                    }
                }
            }
            Err(reason) => out.errors.push(error(url, reason)),
        }
    }

    let responses = pool::run_bounded(
        &items,
        config.workers,
        config.per_host,
        |(item, _)| host_of(&item.link),
        |(item, _)| fetcher.get(&item.link),
    );
    let pages: Vec<Result<Article, String>> = items
        .par_iter()
        .zip(responses)
        .map(|((item, _), response)| read_item_page(item, &response?, limits))
        .collect();
    for ((item, feed_url), page) in items.iter().zip(pages) {
        match page {
            Ok(article) => out.articles.push(article),
            Err(reason) => out.errors.push(error(
                &item.link,
                format!("{reason} (an item of the feed {feed_url})"),
            )),
        }
    }
    out
}

fn error(item: &str, reason: String) -> ItemError {
    ItemError {
        item: item.to_string(),
        reason,
    }
}

/// The host a URL names, for per-host politeness; the whole URL when it names none.
fn host_of(url: &str) -> String {
    url.parse::<ureq::http::Uri>()
        .ok()
        .and_then(|uri| uri.host().map(str::to_ascii_lowercase))
        .unwrap_or_else(|| url.to_string())
}

fn read_document(url: &str, response: &Response, limits: Limits) -> Result<Document, String> {
    let (media_type, charset) = content_type(response);
    match classify(media_type.as_deref(), &response.body) {
        Kind::Feed => {
            let xml = xml_for_feed_parser(&response.body, charset.as_deref());
            parse_feed(&xml, &response.final_url).map(Document::Feed)
        }
        kind => page_article(url, response, kind, limits).map(Document::Page),
    }
}

fn read_item_page(item: &FeedItem, response: &Response, limits: Limits) -> Result<Article, String> {
    let (media_type, _) = content_type(response);
    match classify(media_type.as_deref(), &response.body) {
        Kind::Feed => Err("the item links to a feed, not a page".into()),
        kind => page_article(&item.link, response, kind, limits).map(|a| complete_article(a, item)),
    }
}

fn content_type(response: &Response) -> (Option<String>, Option<String>) {
    response
        .content_type
        .as_deref()
        .map_or((None, None), parse_content_type)
}

/// The article of a fetched page. Its id and `url` are the URL asked for (a feed's link, or the argument), so
/// the same page fetched again keeps its id; the outlet falls back to the host it was served from.
fn page_article(
    url: &str,
    response: &Response,
    kind: Kind,
    limits: Limits,
) -> Result<Article, String> {
    let format = match kind {
        Kind::Html => Format::Html,
        Kind::Text => Format::Text,
        Kind::Feed | Kind::Unsupported => {
            let label = response.content_type.as_deref().unwrap_or("none");
            return Err(format!(
                "unsupported content type {label} (expected an HTML page or an RSS/Atom feed)"
            ));
        }
    };
    let (_, charset) = content_type(response);
    let bytes = html_for_extractor(&response.body, charset.as_deref());
    let mut extracted = extract(url, &bytes, format, false, limits);
    let mut article = match (extracted.articles.pop(), extracted.errors.pop()) {
        (Some(article), _) => article,
        (None, Some(error)) => return Err(error.reason),
        (None, None) => return Err("no article in the page".into()),
    };
    article.id = url.to_string();
    article.url = Some(url.to_string());
    if article.outlet.is_none() {
        article.outlet = Some(host_of(&response.final_url));
    }
    Ok(article)
}

/// Fills what the page lacks from its feed item: the title (when the page has none, the extractor titles it
/// with its first line of text) and the publication time. What the page itself says wins.
pub fn complete_article(mut article: Article, item: &FeedItem) -> Article {
    let first_line: String = article
        .text
        .lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(200)
        .collect();
    if let Some(title) = &item.title {
        if article.title.trim().is_empty() || article.title == first_line {
            article.title = title.clone();
        }
    }
    if article.published.is_none() {
        article.published = item.published.map(Published::from_datetime);
    }
    article
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    fn item(title: Option<&str>, published: Option<&str>) -> FeedItem {
        FeedItem {
            link: "http://news.example/a.html".into(),
            title: title.map(str::to_string),
            published: published
                .map(|p| DateTime::parse_from_rfc3339(p).unwrap().with_timezone(&Utc)),
        }
    }

    #[test]
    fn the_feed_fills_what_the_page_lacks() {
        // The extractor titled this page with its first line: it had no title of its own.
        let page = Article::new(
            "x",
            "The council voted on Monday.",
            "The council voted on Monday.\n\nMore.",
        );
        let done = complete_article(
            page,
            &item(
                Some("Council approves harbour plan"),
                Some("2024-05-06T10:00:00Z"),
            ),
        );
        assert_eq!(done.title, "Council approves harbour plan");
        let published = done.published.expect("the item's date");
        assert_eq!(
            published,
            Published::from_datetime(
                DateTime::parse_from_rfc3339("2024-05-06T10:00:00Z")
                    .unwrap()
                    .with_timezone(&Utc)
            )
        );
    }

    #[test]
    fn the_page_s_own_metadata_wins() {
        let mut page = Article::new("x", "Harbour plan passes", "The council voted on Monday.");
        let day = chrono::NaiveDate::from_ymd_opt(2024, 5, 5).unwrap();
        page.published = Some(Published::from_date(day));
        let done = complete_article(
            page,
            &item(Some("Feed headline"), Some("2024-05-06T10:00:00Z")),
        );
        assert_eq!(done.title, "Harbour plan passes");
        assert_eq!(done.published, Some(Published::from_date(day)));
        // An item without a title leaves the page's fallback title alone.
        let bare = Article::new("y", "First line.", "First line.\n\nSecond.");
        assert_eq!(
            complete_article(bare, &item(None, None)).title,
            "First line."
        );
    }

    #[test]
    fn hosts_are_lower_case_and_urls_without_one_stand_for_themselves() {
        assert_eq!(host_of("http://News.Example:8080/a?b"), "news.example");
        assert_eq!(host_of("not a url"), "not a url");
    }
}
