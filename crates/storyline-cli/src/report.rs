//! Readable reports for people; `--json` prints the data itself instead.

use crate::ingest::IngestSummary;
use std::io::{self, Write};
use std::path::Path;
use storyline_eval::{ClusteringReport, ExtractionReport};
use storyline_model::{Article, Document, Event, Published, PublishedSource};
use storyline_store::SearchHit;

fn event_header(event: &Event) -> String {
    format!(
        "{}  {}  ({} article{})  [{}]",
        event.date.as_deref().unwrap_or("undated   "),
        event.title,
        event.articles.len(),
        if event.articles.len() == 1 { "" } else { "s" },
        event.id
    )
}

pub fn document(out: &mut dyn Write, document: &Document) -> io::Result<()> {
    writeln!(
        out,
        "{} articles, {} events, {} entities\n",
        document.articles.len(),
        document.events.len(),
        document.entities.len()
    )?;
    let titles: std::collections::HashMap<&str, &str> = document
        .articles
        .iter()
        .map(|a| (a.id.as_str(), a.title.as_str()))
        .collect();
    for event in &document.events {
        writeln!(out, "{}", event_header(event))?;
        if !event.places.is_empty() {
            let places: Vec<String> = event
                .places
                .iter()
                .map(|p| match &p.country {
                    Some(country) => format!("{} ({country})", p.name),
                    None => p.name.clone(),
                })
                .collect();
            writeln!(out, "  where: {}", places.join(", "))?;
        }
        if !event.participants.is_empty() {
            let who: Vec<&str> = event.participants.iter().map(|p| p.name.as_str()).collect();
            writeln!(out, "  who:   {}", who.join(", "))?;
        }
        for (index, member) in event.articles.iter().enumerate() {
            let title = titles.get(member.id.as_str()).copied().unwrap_or("");
            if index == 0 {
                writeln!(out, "  + {}  {}", member.id, title)?;
            } else {
                writeln!(
                    out,
                    "  + {}  {}\n      joined at {:.2}: {}",
                    member.id,
                    title,
                    member.score,
                    member.why.join(", ")
                )?;
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

pub fn events(out: &mut dyn Write, events: &[Event]) -> io::Result<()> {
    if events.is_empty() {
        writeln!(out, "no events stored yet")?;
    }
    for event in events {
        writeln!(out, "{}", event_header(event))?;
    }
    Ok(())
}

pub fn search(out: &mut dyn Write, hits: &[SearchHit]) -> io::Result<()> {
    if hits.is_empty() {
        writeln!(out, "no matches")?;
    }
    for hit in hits {
        writeln!(
            out,
            "{:7.3}  {}  {}  [event {}]\n         {}",
            hit.score,
            hit.article_id,
            hit.title,
            hit.event_id.as_deref().unwrap_or("-"),
            hit.snippet
        )?;
    }
    Ok(())
}

pub fn ingest(out: &mut dyn Write, summary: &IngestSummary) -> io::Result<()> {
    writeln!(out,
        "read {} articles: stored {}, already stored {}; {} events changed; {} articles in the store",
        summary.read, summary.stored, summary.already_stored, summary.events_changed, summary.total_articles
    )?;
    Ok(())
}

pub fn clustering(out: &mut dyn Write, file: &Path, report: &ClusteringReport) -> io::Result<()> {
    writeln!(out, "clustering on {}", file.display())?;
    writeln!(
        out,
        "  {} articles, {} gold events, {} predicted events",
        report.articles, report.gold_events, report.predicted_events
    )?;
    writeln!(
        out,
        "  BCubed precision {:.4}  recall {:.4}  F1 {:.4}",
        report.precision, report.recall, report.f1
    )?;
    writeln!(
        out,
        "  {:.3} s, {:.0} articles/s (analysis, clustering and events)",
        report.seconds, report.articles_per_second
    )?;
    Ok(())
}

pub fn extraction(out: &mut dyn Write, dir: &Path, report: &ExtractionReport) -> io::Result<()> {
    writeln!(out, "main-text extraction on {}", dir.display())?;
    writeln!(
        out,
        "  {} pages ({:?}), {} without a text",
        report.pages, report.subset, report.failed
    )?;
    writeln!(
        out,
        "  shingle precision {:.4}  recall {:.4}  F1 {:.4}",
        report.precision, report.recall, report.f1
    )?;
    writeln!(
        out,
        "  {:.3} s, {:.0} pages/s (decompression and extraction)",
        report.seconds, report.pages_per_second
    )?;
    Ok(())
}

/// One line of `extract --json`: the article's fields in a fixed order.
#[derive(serde::Serialize)]
pub struct ExtractedArticle<'a> {
    id: &'a str,
    url: Option<&'a str>,
    title: &'a str,
    text: &'a str,
    published: Option<Published>,
    published_source: Option<PublishedSource>,
    author: Option<&'a str>,
    outlet: Option<&'a str>,
    language: Option<&'a str>,
    removed_lines: &'a [String],
}

impl<'a> From<&'a Article> for ExtractedArticle<'a> {
    fn from(article: &'a Article) -> Self {
        ExtractedArticle {
            id: &article.id,
            url: article.url.as_deref(),
            title: &article.title,
            text: &article.text,
            published: article.published,
            published_source: article.published_source,
            author: article.author.as_deref(),
            outlet: article.outlet.as_deref(),
            language: article.language.as_deref(),
            removed_lines: &article.removed_lines,
        }
    }
}

pub fn extracted(out: &mut dyn Write, article: &Article) -> io::Result<()> {
    writeln!(out, "== {}  {}", article.id, article.title)?;
    let field = |value: Option<&str>| value.unwrap_or("-").to_string();
    writeln!(out, "url: {}", field(article.url.as_deref()))?;
    let published = article.published.map(|p| p.to_string());
    let source = article
        .published_source
        .and_then(|s| serde_json::to_value(s).ok())
        .and_then(|v| v.as_str().map(str::to_string));
    writeln!(
        out,
        "published: {}{}",
        field(published.as_deref()),
        source.map(|s| format!(" ({s})")).unwrap_or_default()
    )?;
    writeln!(
        out,
        "author: {}  outlet: {}  language: {}",
        field(article.author.as_deref()),
        field(article.outlet.as_deref()),
        field(article.language.as_deref())
    )?;
    writeln!(out, "\n{}\n", article.text)?;
    for line in &article.removed_lines {
        writeln!(out, "removed: {line}")?;
    }
    Ok(())
}
