//! What a fetched document is: a feed, a page or something this crate does not read. Pure.

/// The kind of a fetched document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// RSS 2.0, RSS 1.0 or Atom.
    Feed,
    Html,
    /// A plain-text page: the first line is the title.
    Text,
    Unsupported,
}

/// The media type (lower case) and the charset parameter of a `Content-Type` header.
pub fn parse_content_type(header: &str) -> (Option<String>, Option<String>) {
    let mut parts = header.split(';');
    let media_type = parts
        .next()
        .map(|m| m.trim().to_ascii_lowercase())
        .filter(|m| !m.is_empty());
    let charset = parts.find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).to_string())
    });
    (media_type, charset.filter(|c| !c.is_empty()))
}

/// Decides by the root element first (servers often label feeds `text/html` or `text/xml`), then by the
/// `Content-Type` media type (lower case, without parameters).
pub fn classify(mime: Option<&str>, body: &[u8]) -> Kind {
    let root = root_element(body);
    if let Some(root) = root {
        if root.eq_ignore_ascii_case("rss")
            || root.eq_ignore_ascii_case("feed")
            || root.eq_ignore_ascii_case("rdf:RDF")
        {
            return Kind::Feed;
        }
    }
    match mime {
        Some("application/rss+xml" | "application/atom+xml" | "application/rdf+xml") => Kind::Feed,
        None | Some("text/html" | "application/xhtml+xml") => Kind::Html,
        Some("text/plain") if root.is_some_and(|r| r.eq_ignore_ascii_case("html")) => Kind::Html,
        Some("text/plain") => Kind::Text,
        Some("text/xml" | "application/xml")
            if root.is_some_and(|r| r.eq_ignore_ascii_case("html")) =>
        {
            Kind::Html
        }
        Some(_) => Kind::Unsupported,
    }
}

/// The name of the first element of a markup document, after a BOM, white space, the XML declaration,
/// processing instructions, comments and the doctype; `None` when the body does not start with markup.
fn root_element(body: &[u8]) -> Option<&str> {
    let mut rest = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    // Real documents put their root element within the first few kilobytes.
    rest = &rest[..rest.len().min(8192)];
    loop {
        rest = rest.trim_ascii_start();
        let skip_to = |rest: &[u8], end: &[u8]| -> Option<usize> {
            rest.windows(end.len())
                .position(|w| w == end)
                .map(|p| p + end.len())
        };
        if rest.starts_with(b"<?") {
            rest = &rest[skip_to(rest, b"?>")?..];
        } else if rest.starts_with(b"<!--") {
            rest = &rest[skip_to(rest, b"-->")?..];
        } else if rest.starts_with(b"<!") {
            rest = &rest[skip_to(rest, b">")?..];
        } else if let Some(tag) = rest.strip_prefix(b"<") {
            let end = tag
                .iter()
                .position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
                .unwrap_or(tag.len());
            return std::str::from_utf8(&tag[..end])
                .ok()
                .filter(|n| !n.is_empty());
        } else {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_are_known_by_their_root_whatever_the_label() {
        let rss = b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- generated -->\n<rss version=\"2.0\"><channel/></rss>";
        assert_eq!(classify(Some("text/html"), rss), Kind::Feed);
        assert_eq!(classify(Some("text/xml"), rss), Kind::Feed);
        let atom = b"<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>";
        assert_eq!(classify(None, atom), Kind::Feed);
        let rdf = b"<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"x\"></rdf:RDF>";
        assert_eq!(classify(Some("application/xml"), rdf), Kind::Feed);
        assert_eq!(
            classify(Some("application/rss+xml"), b"garbage"),
            Kind::Feed
        );
    }

    #[test]
    fn pages_come_from_the_media_type() {
        let page = b"<!DOCTYPE html>\n<html><body><p>Hi</p></body></html>";
        assert_eq!(classify(Some("text/html"), page), Kind::Html);
        assert_eq!(classify(None, page), Kind::Html);
        assert_eq!(classify(Some("text/plain"), page), Kind::Html);
        assert_eq!(classify(Some("application/xml"), page), Kind::Html);
        assert_eq!(
            classify(Some("text/plain"), b"Title\nBody about feeds <rss>"),
            Kind::Text
        );
        assert_eq!(
            classify(Some("image/png"), b"\x89PNG\r\n"),
            Kind::Unsupported
        );
        assert_eq!(
            classify(Some("application/xml"), b"<catalog/>"),
            Kind::Unsupported
        );
    }

    #[test]
    fn content_type_parameters_are_read_loosely() {
        assert_eq!(
            parse_content_type("Text/HTML; Charset=\"ISO-8859-1\""),
            (Some("text/html".into()), Some("ISO-8859-1".into()))
        );
        assert_eq!(
            parse_content_type("application/rss+xml"),
            (Some("application/rss+xml".into()), None)
        );
        assert_eq!(
            parse_content_type("text/html; boundary=x; charset=utf-8"),
            (Some("text/html".into()), Some("utf-8".into()))
        );
    }

    #[test]
    fn an_unterminated_comment_has_no_root() {
        assert_eq!(root_element(b"<!-- never closed <rss>"), None);
        assert_eq!(root_element(b"plain words"), None);
    }
}
