//! HTML pages: main text and metadata through rs-trafilatura, a port of trafilatura's extraction rules.

use storyline_model::{Article, Published};

/// Real pages nest a few dozen elements deep; the extractor recurses over the tree, so hostile nesting is
/// refused before it can exhaust the stack.
const MAX_NESTING: usize = 1_000;

/// The extractor runs on its own thread with a generous stack (recursion over the DOM), and a panic in it
/// costs the page, not the run.
fn run_extractor(bytes: &[u8]) -> Result<rs_trafilatura::ExtractResult, String> {
    let outcome = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(64 * 1024 * 1024)
            .spawn_scoped(scope, || rs_trafilatura::extract_bytes(bytes))
            .map_err(|e| format!("HTML extraction failed: cannot start the extractor: {e}"))?
            .join()
            .map_err(|_| "HTML extraction failed: the extractor crashed on this page".to_string())
    })?;
    outcome.map_err(|e| format!("HTML extraction failed: {e}"))
}

/// The deepest element nesting in the markup, estimated from its tags without parsing (void elements and
/// self-closing tags do not nest; comments and scripts are not looked into).
fn nesting_depth(bytes: &[u8]) -> usize {
    const VOID: &[&[u8]] = &[
        b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
        b"param", b"source", b"track", b"wbr",
    ];
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while let Some(offset) = bytes[i..].iter().position(|b| *b == b'<') {
        i += offset + 1;
        let Some(&next) = bytes.get(i) else { break };
        let close = bytes[i..]
            .iter()
            .position(|b| *b == b'>')
            .map_or(bytes.len(), |p| i + p);
        if next == b'/' {
            depth = depth.saturating_sub(1);
        } else if next.is_ascii_alphabetic() {
            let name_end = bytes[i..close]
                .iter()
                .position(|b| !b.is_ascii_alphanumeric())
                .map_or(close, |p| i + p);
            let name = bytes[i..name_end].to_ascii_lowercase();
            let self_closing = close > i && bytes[close - 1] == b'/';
            if !self_closing && !VOID.contains(&name.as_slice()) {
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

/// Extracts an article from an HTML page. The encoding is detected from the BOM and meta charset.
pub fn article_from_html(id: &str, bytes: &[u8]) -> Result<Article, String> {
    if bytes.iter().take(4096).filter(|b| **b == 0).count() > 4 {
        return Err("binary content, not HTML".into());
    }
    if nesting_depth(bytes) > MAX_NESTING {
        return Err(format!(
            "HTML nested more than {MAX_NESTING} elements deep; not extracted"
        ));
    }
    let result = run_extractor(bytes)?;
    let text = crate::clean_text(&result.content_text);
    if text.is_empty() {
        return Err("empty: no main text found in the page".into());
    }
    let metadata = result.metadata;
    let title = metadata
        .title
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| {
            text.lines()
                .next()
                .unwrap_or_default()
                .chars()
                .take(200)
                .collect()
        });
    Ok(Article {
        id: id.to_string(),
        title,
        outlet: metadata.sitename.or(metadata.hostname),
        url: metadata.url,
        published: metadata.date.map(Published::from_datetime),
        language: metadata.language.map(|l| l.to_ascii_lowercase()),
        text,
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
        assert!(article.text.contains("Vostochny cosmodrome"));
        assert!(!article.text.contains("All rights reserved"));
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
}
