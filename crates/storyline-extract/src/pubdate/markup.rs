//! A light, forgiving tokenizer for HTML: start tags with lazily parsed attributes, end tags, text, and the raw
//! content of `<script>` and `<style>`. It builds no tree and allocates nothing per token, which keeps a whole
//! page well under a millisecond; the date finder needs tags, attributes and short texts, never a DOM.

use memchr::{memchr, memmem};
use std::borrow::Cow;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    /// A start tag; `name` is as written (compare case-insensitively).
    Start {
        name: &'a str,
        attrs: Attrs<'a>,
        self_closing: bool,
    },
    End {
        name: &'a str,
    },
    /// Text between tags, entities not yet decoded.
    Text(&'a str),
    /// The content of a `<script>` or `<style>` element, which is not markup.
    Raw {
        element: &'a str,
        attrs: Attrs<'a>,
        content: &'a str,
    },
}

/// Walks over the tokens of a page.
pub(crate) struct Tokens<'a> {
    html: &'a str,
    at: usize,
}

impl<'a> Tokens<'a> {
    pub(crate) fn new(html: &'a str) -> Self {
        Tokens { html, at: 0 }
    }

    /// Skips past the next occurrence of `needle` (ASCII, matched case-insensitively); to the end if absent.
    fn skip_past_ci(&mut self, needle: &[u8]) -> usize {
        let bytes = self.html.as_bytes();
        let finder = memmem::Finder::new(&needle[..1]);
        let mut from = self.at;
        while let Some(p) = finder.find(&bytes[from..]).map(|p| from + p) {
            let end = p + needle.len();
            if end <= bytes.len() && bytes[p..end].eq_ignore_ascii_case(needle) {
                self.at = end;
                return p;
            }
            from = p + 1;
        }
        self.at = bytes.len();
        bytes.len()
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// The byte index of the `>` closing a tag that starts at `from`, skipping quoted attribute values; the end of
/// the input when the tag is never closed.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    let mut quote = 0u8;
    while i < bytes.len() {
        let b = bytes[i];
        if quote != 0 {
            if b == quote {
                quote = 0;
            }
        } else if b == b'>' {
            return i;
        } else if (b == b'"' || b == b'\'')
            && i > from
            && (bytes[i - 1] == b'=' || is_space(bytes[i - 1]))
        {
            // A quote opens a value only after `=` (or spaces after it); stray quotes elsewhere are text.
            quote = b;
        }
        i += 1;
    }
    bytes.len()
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let bytes = self.html.as_bytes();
        loop {
            if self.at >= bytes.len() {
                return None;
            }
            let start = self.at;
            if bytes[start] != b'<' {
                let end = memchr(b'<', &bytes[start..]).map_or(bytes.len(), |p| start + p);
                self.at = end;
                return Some(Token::Text(&self.html[start..end]));
            }
            let next = bytes.get(start + 1).copied().unwrap_or(0);
            if next == b'!' || next == b'?' {
                self.at = start + 2;
                if bytes[self.at..].starts_with(b"--") {
                    self.at += 2;
                    self.skip_past_ci(b"-->");
                } else {
                    self.at =
                        memchr(b'>', &bytes[self.at..]).map_or(bytes.len(), |p| self.at + p + 1);
                }
                continue;
            }
            let closing = next == b'/';
            let name_start = start + 1 + usize::from(closing);
            let name_len = bytes[name_start..]
                .iter()
                .position(|b| {
                    !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b':' || *b == b'_')
                })
                .unwrap_or(bytes.len() - name_start);
            if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
                // A `<` that opens no tag is text.
                let end = memchr(b'<', &bytes[start + 1..]).map_or(bytes.len(), |p| start + 1 + p);
                self.at = end;
                return Some(Token::Text(&self.html[start..end]));
            }
            let name_end = name_start + name_len;
            // Tag names are ASCII here, so these are char boundaries.
            let name = &self.html[name_start..name_end];
            let close = tag_end(bytes, name_end);
            self.at = (close + 1).min(bytes.len());
            if closing {
                return Some(Token::End { name });
            }
            let self_closing = close > name_end && bytes[close - 1] == b'/';
            let attrs_end = if self_closing { close - 1 } else { close };
            let attrs = Attrs(self.html.get(name_end..attrs_end).unwrap_or(""));
            if !self_closing
                && (name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style"))
            {
                let content_start = self.at;
                let closer: &[u8] = if name.len() == 6 {
                    b"</script"
                } else {
                    b"</style"
                };
                let content_end = self.skip_past_ci(closer);
                if self.at < bytes.len() {
                    self.at =
                        memchr(b'>', &bytes[self.at..]).map_or(bytes.len(), |p| self.at + p + 1);
                }
                let content = self.html.get(content_start..content_end).unwrap_or("");
                return Some(Token::Raw {
                    element: name,
                    attrs,
                    content,
                });
            }
            return Some(Token::Start {
                name,
                attrs,
                self_closing,
            });
        }
    }
}

/// The attribute text of a start tag, parsed on demand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Attrs<'a>(&'a str);

impl<'a> Attrs<'a> {
    /// The value of the attribute `wanted` (ASCII, lowercase), entities decoded; `Some("")` for a bare attribute.
    pub(crate) fn get(&self, wanted: &str) -> Option<Cow<'a, str>> {
        self.iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(wanted))
            .map(|(_, value)| decode_entities(value))
    }

    /// Every attribute as (name, raw value).
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&'a str, &'a str)> {
        let text = self.0;
        let bytes = text.as_bytes();
        let mut i = 0;
        std::iter::from_fn(move || {
            while i < bytes.len() && (is_space(bytes[i]) || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() {
                return None;
            }
            let name_start = i;
            while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'=' && bytes[i] != b'/' {
                i += 1;
            }
            let name_end = i;
            if name_end == name_start {
                // A lone `=`: skip it.
                i += 1;
                return Some(("", ""));
            }
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] != b'=' {
                return Some((slice(text, name_start, name_end), ""));
            }
            i += 1;
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            let (value_start, value_end);
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i];
                value_start = i + 1;
                value_end =
                    memchr(quote, &bytes[value_start..]).map_or(bytes.len(), |p| value_start + p);
                i = (value_end + 1).min(bytes.len());
            } else {
                value_start = i;
                while i < bytes.len() && !is_space(bytes[i]) {
                    i += 1;
                }
                value_end = i;
            }
            Some((
                slice(text, name_start, name_end),
                slice(text, value_start, value_end),
            ))
        })
    }
}

/// A sub-slice that is empty rather than a panic if the bounds do not fall on characters (they are ASCII
/// delimiters, so they always do; this keeps hostile input harmless).
fn slice(text: &str, start: usize, end: usize) -> &str {
    text.get(start..end).unwrap_or("")
}

/// Decodes character references when there are any.
pub(crate) fn decode_entities(text: &str) -> Cow<'_, str> {
    if text.contains('&') {
        html_escape::decode_html_entities(text)
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(html: &str) -> Vec<String> {
        Tokens::new(html)
            .map(|t| match t {
                Token::Start { name, .. } => format!("<{name}>"),
                Token::End { name } => format!("</{name}>"),
                Token::Text(text) => text.to_string(),
                Token::Raw {
                    element, content, ..
                } => format!("[{element}:{content}]"),
            })
            .collect()
    }

    #[test]
    fn tags_texts_scripts_and_comments() {
        assert_eq!(
            names("<p class=a>Hi <!-- <b>no</b> --><b>there</b></p><SCRIPT>if (a<b) x='</p>'</script >end"),
            ["<p>", "Hi ", "<b>", "there", "</b>", "</p>", "[SCRIPT:if (a<b) x='</p>']", "end"]
        );
        assert_eq!(names("a < b <3 c"), ["a ", "< b ", "<3 c"]);
        assert_eq!(names("<div title='a>b'>x"), ["<div>", "x"]);
    }

    #[test]
    fn attributes_are_found_with_any_quoting_and_decoded() {
        let Some(Token::Start { attrs, .. }) =
            Tokens::new(r#"<meta NAME=date content="12 M&auml;rz 2019" data-x = 'y' hidden>"#)
                .next()
        else {
            panic!("no start tag");
        };
        assert_eq!(attrs.get("name").as_deref(), Some("date"));
        assert_eq!(attrs.get("content").as_deref(), Some("12 März 2019"));
        assert_eq!(attrs.get("data-x").as_deref(), Some("y"));
        assert_eq!(attrs.get("hidden").as_deref(), Some(""));
        assert_eq!(attrs.get("missing"), None);
    }

    #[test]
    fn truncated_markup_ends_cleanly() {
        for html in [
            "<",
            "<div",
            "<div class='x",
            "<script>never closed",
            "<!-- open",
            "</",
        ] {
            let _ = names(html);
        }
    }
}
