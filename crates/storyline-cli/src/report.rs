//! Readable reports for people; `--json` prints the data itself instead.

use crate::ingest::IngestSummary;
use std::io::{self, Write};
use std::path::Path;
use storyline_eval::{ClusteringReport, DatesReport};
use storyline_model::{Document, Event};
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

pub fn dates(out: &mut dyn Write, dir: &Path, report: &DatesReport) -> io::Result<()> {
    writeln!(out, "publication dates on {}", dir.display())?;
    writeln!(
        out,
        "  {} pages: {} right, {} wrong, {} missing",
        report.pages, report.correct, report.wrong, report.missing
    )?;
    writeln!(
        out,
        "  accuracy {:.4}  (tuning half {:.4} on {} pages, held-out half {:.4} on {} pages)",
        report.accuracy,
        report.tuning.accuracy,
        report.tuning.pages,
        report.held_out.accuracy,
        report.held_out.pages
    )?;
    let sources: Vec<String> = report
        .by_source
        .iter()
        .map(|s| format!("{} {}/{}", s.source, s.correct, s.found))
        .collect();
    writeln!(out, "  right/found by source: {}", sources.join(", "))?;
    writeln!(
        out,
        "  {:.3} s, {:.0} pages/s (charset decoding and date finding, one thread)",
        report.seconds, report.pages_per_second
    )?;
    Ok(())
}
