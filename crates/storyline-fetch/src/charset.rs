//! Character encodings: the hand-over of fetched bytes to the page extractor and the feed parser.
//!
//! The HTML rule is: a byte-order mark wins, then the charset of the HTTP `Content-Type` header, then the page's
//! own `<meta charset>`. The extractor already honours a BOM and the meta charset, so when the header (or a BOM)
//! decides, the body is transcoded to UTF-8 here and handed over with a UTF-8 BOM, which outranks any meta.

use encoding_rs::{Encoding, UTF_8};
use std::borrow::Cow;

const UTF8_BOM: &str = "\u{FEFF}";

/// The encoding named by a `charset` label, if the Encoding Standard knows it.
fn named_encoding(charset: Option<&str>) -> Option<&'static Encoding> {
    charset.and_then(|label| Encoding::for_label(label.trim().as_bytes()))
}

/// The encoding the transport layer fixes: a BOM, else the header's charset; `None` when the document decides.
fn transport_encoding(body: &[u8], header_charset: Option<&str>) -> Option<&'static Encoding> {
    Encoding::for_bom(body)
        .map(|(encoding, _)| encoding)
        .or_else(|| named_encoding(header_charset))
}

/// The bytes of an HTML page as the extractor should see them: unchanged when the page's own declarations
/// decide its encoding, else UTF-8 with a BOM.
pub fn html_for_extractor<'a>(body: &'a [u8], header_charset: Option<&str>) -> Cow<'a, [u8]> {
    match transport_encoding(body, header_charset) {
        // A UTF-8 BOM is already in place and outranks the meta charset.
        Some(encoding) if encoding == UTF_8 && body.starts_with(UTF8_BOM.as_bytes()) => {
            Cow::Borrowed(body)
        }
        Some(encoding) => {
            // `decode` sniffs (and drops) a BOM itself, so a BOM still beats the header here.
            let (text, _, _) = encoding.decode(body);
            Cow::Owned([UTF8_BOM, &text].concat().into_bytes())
        }
        None => Cow::Borrowed(body),
    }
}

/// The bytes of a feed as the feed parser should see them. The parser decodes by the XML declaration, so when
/// the transport fixes the encoding, the body is transcoded to UTF-8 and its declaration (which would name the
/// old encoding) is dropped: without one, XML is UTF-8.
pub fn xml_for_feed_parser<'a>(body: &'a [u8], header_charset: Option<&str>) -> Cow<'a, [u8]> {
    let Some(encoding) = transport_encoding(body, header_charset) else {
        return Cow::Borrowed(body);
    };
    let (text, _, _) = encoding.decode(body);
    let trimmed = text.trim_start();
    let without_declaration = match trimmed.strip_prefix("<?xml") {
        Some(rest) => rest.split_once("?>").map_or(trimmed, |(_, after)| after),
        None => trimmed,
    };
    Cow::Owned(without_declaration.as_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_charset_transcodes_to_utf8_behind_a_bom() {
        // "Café" in windows-1252, with a meta that wrongly claims UTF-8.
        let page = b"<meta charset=\"utf-8\"><p>Caf\xe9</p>";
        let out = html_for_extractor(page, Some("windows-1252"));
        assert_eq!(
            std::str::from_utf8(&out).unwrap(),
            "\u{FEFF}<meta charset=\"utf-8\"><p>Café</p>"
        );
    }

    #[test]
    fn without_a_header_charset_the_page_decides() {
        let page = b"<meta charset=\"iso-8859-1\"><p>Caf\xe9</p>";
        assert!(matches!(html_for_extractor(page, None), Cow::Borrowed(_)));
        // An unknown label is no decision either.
        assert!(matches!(
            html_for_extractor(page, Some("no-such-charset")),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn a_bom_outranks_the_header() {
        let page = "\u{FEFF}<p>Café</p>".as_bytes();
        // Already UTF-8 with its BOM: handed over as it is, whatever the header says.
        assert!(matches!(
            html_for_extractor(page, Some("iso-8859-1")),
            Cow::Borrowed(_)
        ));
        // UTF-16LE with its BOM becomes UTF-8 with a BOM.
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("<p>Café</p>".encode_utf16().flat_map(u16::to_le_bytes));
        let out = html_for_extractor(&utf16, Some("iso-8859-1"));
        assert_eq!(std::str::from_utf8(&out).unwrap(), "\u{FEFF}<p>Café</p>");
    }

    #[test]
    fn a_feed_in_the_header_charset_loses_its_stale_declaration() {
        let feed = b"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss><title>Caf\xe9</title></rss>";
        let out = xml_for_feed_parser(feed, Some("ISO-8859-1"));
        assert_eq!(
            std::str::from_utf8(&out).unwrap(),
            "\n<rss><title>Café</title></rss>"
        );
        assert!(matches!(xml_for_feed_parser(feed, None), Cow::Borrowed(_)));
    }
}
