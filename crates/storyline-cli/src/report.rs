//! Readable reports for people; `--json` prints the data itself instead.

use std::io::{self, Write};
use std::path::Path;
use storyline_eval::ClusteringReport;
use storyline_ingest::IngestSummary;
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

pub fn quantities(
    out: &mut dyn Write,
    quantities: &[storyline_numbers::Quantity],
) -> io::Result<()> {
    for q in quantities {
        let kind = serde_json::to_value(q.kind).unwrap_or_default();
        let qualifier = serde_json::to_value(q.qualifier).unwrap_or_default();
        let max = q.interval.max.map_or("∞".to_string(), |m| m.to_string());
        write!(
            out,
            "{}-{}\t{}\t{}\t{:?}\t[{}, {}]",
            q.start,
            q.end,
            kind.as_str().unwrap_or(""),
            qualifier.as_str().unwrap_or(""),
            q.text,
            q.interval.min,
            max
        )?;
        if let Some(unit) = &q.unit {
            write!(out, " {unit}")?;
        }
        if let Some(noun) = &q.noun {
            write!(out, "\tmeasures: {noun}")?;
        }
        writeln!(out)?;
    }
    out.flush()
}

pub fn entities(
    out: &mut dyn Write,
    dir: &Path,
    report: &storyline_eval::EntityReport,
) -> io::Result<()> {
    writeln!(out, "{}", dir.display())?;
    writeln!(
        out,
        "  {} documents, {} gold names, {} predicted entities",
        report.documents, report.gold_names, report.predicted_entities
    )?;
    let line = |out: &mut dyn Write, label: &str, prf: &storyline_eval::Prf| {
        writeln!(
            out,
            "  {label:<13} precision {:.4}  recall {:.4}  F1 {:.4}",
            prf.precision, prf.recall, prf.f1
        )
    };
    line(out, "detection", &report.detection)?;
    line(out, "typed", &report.typed)?;
    line(out, "person", &report.person)?;
    line(out, "organization", &report.organization)?;
    line(out, "place", &report.place)?;
    writeln!(
        out,
        "  places located by the gazetteer: {:.4}",
        report.places_located
    )?;
    writeln!(out, "  {:.3} s", report.seconds)?;
    out.flush()
}
