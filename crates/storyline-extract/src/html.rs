//! HTML pages: main text and metadata through rs-trafilatura, a port of trafilatura's extraction rules.

use storyline_model::{Article, Published};

/// Extracts an article from an HTML page. The encoding is detected from the BOM and meta charset.
pub fn article_from_html(id: &str, bytes: &[u8]) -> Result<Article, String> {
    if bytes.iter().take(4096).filter(|b| **b == 0).count() > 4 {
        return Err("binary content, not HTML".into());
    }
    let result =
        rs_trafilatura::extract_bytes(bytes).map_err(|e| format!("HTML extraction failed: {e}"))?;
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
    fn binary_and_empty_pages_are_refused() {
        assert!(article_from_html("b", &[0u8; 64]).is_err());
        assert!(article_from_html("e", b"<html><body></body></html>").is_err());
    }
}
