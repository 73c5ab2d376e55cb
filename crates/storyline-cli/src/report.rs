//! Readable reports for people; `--json` prints the data itself instead.

use crate::ingest::IngestSummary;
use std::path::Path;
use storyline_eval::ClusteringReport;
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

pub fn document(document: &Document) {
    println!(
        "{} articles, {} events, {} entities\n",
        document.articles.len(),
        document.events.len(),
        document.entities.len()
    );
    let titles: std::collections::HashMap<&str, &str> = document
        .articles
        .iter()
        .map(|a| (a.id.as_str(), a.title.as_str()))
        .collect();
    for event in &document.events {
        println!("{}", event_header(event));
        if !event.places.is_empty() {
            let places: Vec<String> = event
                .places
                .iter()
                .map(|p| match &p.country {
                    Some(country) => format!("{} ({country})", p.name),
                    None => p.name.clone(),
                })
                .collect();
            println!("  where: {}", places.join(", "));
        }
        if !event.participants.is_empty() {
            let who: Vec<&str> = event.participants.iter().map(|p| p.name.as_str()).collect();
            println!("  who:   {}", who.join(", "));
        }
        for (index, member) in event.articles.iter().enumerate() {
            let title = titles.get(member.id.as_str()).copied().unwrap_or("");
            if index == 0 {
                println!("  + {}  {}", member.id, title);
            } else {
                println!(
                    "  + {}  {}\n      joined at {:.2}: {}",
                    member.id,
                    title,
                    member.score,
                    member.why.join(", ")
                );
            }
        }
        println!();
    }
}

pub fn events(events: &[Event]) {
    if events.is_empty() {
        println!("no events stored yet");
    }
    for event in events {
        println!("{}", event_header(event));
    }
}

pub fn search(hits: &[SearchHit]) {
    if hits.is_empty() {
        println!("no matches");
    }
    for hit in hits {
        println!(
            "{:7.3}  {}  {}  [event {}]\n         {}",
            hit.score,
            hit.article_id,
            hit.title,
            hit.event_id.as_deref().unwrap_or("-"),
            hit.snippet
        );
    }
}

pub fn ingest(summary: &IngestSummary) {
    println!(
        "read {} articles: stored {}, already stored {}; {} events changed; {} articles in the store",
        summary.read, summary.stored, summary.already_stored, summary.events_changed, summary.total_articles
    );
}

pub fn clustering(file: &Path, report: &ClusteringReport) {
    println!("clustering on {}", file.display());
    println!(
        "  {} articles, {} gold events, {} predicted events",
        report.articles, report.gold_events, report.predicted_events
    );
    println!(
        "  BCubed precision {:.4}  recall {:.4}  F1 {:.4}",
        report.precision, report.recall, report.f1
    );
    println!(
        "  {:.3} s, {:.0} articles/s (analysis, clustering and events)",
        report.seconds, report.articles_per_second
    );
}
