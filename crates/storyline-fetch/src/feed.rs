//! RSS 2.0, RSS 1.0 and Atom feeds: bytes to the items whose pages are to be fetched. Pure (through feed-rs).

use chrono::{DateTime, Utc};

/// One feed item worth fetching: the page it links to, and what the feed says of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedItem {
    /// The item's page, an absolute http(s) URL (relative links are resolved against the feed's URL).
    pub link: String,
    pub title: Option<String>,
    /// The item's publication time, else its last update.
    pub published: Option<DateTime<Utc>>,
}

/// What a feed yielded: its items in feed order, each link once, and the items that name no page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedFeed {
    pub items: Vec<FeedItem>,
    /// 1-based positions of the items without an http(s) link.
    pub items_without_link: Vec<usize>,
}

/// Parses a feed. `base_url` is where the feed was fetched from, for relative links.
pub fn parse_feed(bytes: &[u8], base_url: &str) -> Result<ParsedFeed, String> {
    let feed = feed_rs::parser::Builder::new()
        .base_uri(Some(base_url))
        .build()
        .parse(bytes)
        .map_err(|e| format!("not a readable RSS or Atom feed: {e}"))?;
    let mut parsed = ParsedFeed::default();
    let mut seen = std::collections::BTreeSet::new();
    for (position, entry) in feed.entries.iter().enumerate() {
        let Some(link) = page_link(entry) else {
            parsed.items_without_link.push(position + 1);
            continue;
        };
        if !seen.insert(link.clone()) {
            continue;
        }
        parsed.items.push(FeedItem {
            link,
            title: entry
                .title
                .as_ref()
                .map(|t| t.content.trim().to_string())
                .filter(|t| !t.is_empty()),
            published: entry.published.or(entry.updated),
        });
    }
    Ok(parsed)
}

/// The entry's own page: its first alternate (or untyped) link, else an RSS guid that is a URL.
fn page_link(entry: &feed_rs::model::Entry) -> Option<String> {
    entry
        .links
        .iter()
        .filter(|link| link.target.is_none())
        .filter(|link| matches!(link.rel.as_deref(), None | Some("alternate")))
        .map(|link| link.href.trim())
        .chain(std::iter::once(entry.id.trim()))
        .find(|href| is_http_url(href))
        .map(str::to_string)
}

/// Whether an argument or a link is an http(s) URL.
pub fn is_http_url(text: &str) -> bool {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Option<DateTime<Utc>> {
        Some(
            DateTime::parse_from_rfc3339(text)
                .unwrap()
                .with_timezone(&Utc),
        )
    }

    #[test]
    fn rss2_items_give_links_titles_and_dates() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title>
            <link>http://news.example/</link>
            <item><title>Ferry strike ends</title><link>/2024/ferry.html</link>
              <pubDate>Tue, 02 Apr 2024 09:30:00 GMT</pubDate></item>
            <item><title>Bridge reopens</title><link>http://news.example/2024/bridge.html</link></item>
            <item><title>Ferry strike ends (updated)</title><link>http://news.example/2024/ferry.html</link></item>
            <item><title>No page</title><description>Only a note.</description></item>
            <item><guid isPermaLink="true">http://news.example/2024/guid-only.html</guid></item>
            </channel></rss>"#;
        let feed = parse_feed(rss, "http://news.example/feed.xml").unwrap();
        assert_eq!(
            feed.items,
            vec![
                FeedItem {
                    link: "http://news.example/2024/ferry.html".into(),
                    title: Some("Ferry strike ends".into()),
                    published: day("2024-04-02T09:30:00Z"),
                },
                FeedItem {
                    link: "http://news.example/2024/bridge.html".into(),
                    title: Some("Bridge reopens".into()),
                    published: None,
                },
                FeedItem {
                    link: "http://news.example/2024/guid-only.html".into(),
                    title: None,
                    published: None,
                },
            ]
        );
        assert_eq!(feed.items_without_link, vec![4]);
    }

    #[test]
    fn atom_entries_use_their_alternate_link_and_fall_back_to_updated() {
        let atom = br#"<?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Coastline Courier</title><id>urn:cc</id>
            <updated>2024-04-03T00:00:00Z</updated>
            <entry><title>Aftershocks felt inland</title><id>urn:cc:1</id>
              <link rel="edit" href="http://courier.example/edit/1"/>
              <link rel="alternate" type="text/html" href="http://courier.example/quake.html"/>
              <published>2024-04-01T06:00:00+02:00</published><updated>2024-04-02T00:00:00Z</updated></entry>
            <entry><title>Harbour dredging approved</title><id>urn:cc:2</id>
              <link href="dredging.html"/><updated>2024-04-03T08:00:00Z</updated></entry>
            </feed>"#;
        let feed = parse_feed(atom, "http://courier.example/atom/feed.xml").unwrap();
        let links: Vec<&str> = feed.items.iter().map(|i| i.link.as_str()).collect();
        assert_eq!(
            links,
            [
                "http://courier.example/quake.html",
                "http://courier.example/atom/dredging.html"
            ]
        );
        assert_eq!(feed.items[0].published, day("2024-04-01T04:00:00Z"));
        assert_eq!(feed.items[1].published, day("2024-04-03T08:00:00Z"));
        assert_eq!(
            feed.items[1].title.as_deref(),
            Some("Harbour dredging approved")
        );
    }

    #[test]
    fn rss1_items_are_read() {
        let rdf = br#"<?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
            <channel rdf:about="http://old.example/"><title>Old Wire</title><link>http://old.example/</link></channel>
            <item rdf:about="http://old.example/mill.html"><title>Mill closes</title>
              <link>http://old.example/mill.html</link></item>
            </rdf:RDF>"#;
        let feed = parse_feed(rdf, "http://old.example/index.rdf").unwrap();
        assert_eq!(feed.items.len(), 1);
        assert_eq!(feed.items[0].link, "http://old.example/mill.html");
        assert_eq!(feed.items[0].title.as_deref(), Some("Mill closes"));
    }

    #[test]
    fn a_document_that_is_no_feed_is_an_error() {
        let err = parse_feed(b"<html><body>hello</body></html>", "http://x.example/").unwrap_err();
        assert!(err.contains("not a readable RSS or Atom feed"), "{err}");
    }

    #[test]
    fn only_http_urls_count() {
        assert!(is_http_url("http://a.example/"));
        assert!(is_http_url("HTTPS://a.example/"));
        assert!(!is_http_url("ftp://a.example/"));
        assert!(!is_http_url("news/http.txt"));
        assert!(!is_http_url("urn:uuid:1"));
    }
}
