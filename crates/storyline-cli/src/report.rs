//! Readable reports for people; `--json` prints the data itself instead.

use serde::Serialize;
use std::io::{self, Write};
use std::path::Path;
use storyline_eval::{
    ClusteringReport, DatesReport, ExtractionReport, QuotesReport, TimexReport, TimexScores,
};
use storyline_ingest::IngestSummary;
use storyline_model::{Article, Document, Event, Published, PublishedSource, Story};
use storyline_quotes::{char_offsets, Quote, QuoteKind, Span};
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
        coverage(out, event)?;
        writeln!(out)?;
    }
    if !document.stories.is_empty() {
        stories(out, &document.stories, &document.events)?;
    }
    Ok(())
}

/// Each story with its events in date order; `events` gives their dates and titles.
pub fn stories(out: &mut dyn Write, stories: &[Story], events: &[Event]) -> io::Result<()> {
    if stories.is_empty() {
        writeln!(
            out,
            "no stories: no two events share their core participants and a theme"
        )?;
    }
    let by_id: std::collections::HashMap<&str, &Event> =
        events.iter().map(|e| (e.id.as_str(), e)).collect();
    for story in stories {
        writeln!(
            out,
            "story {}  ({} events)  [{}]",
            story.title,
            story.events.len(),
            story.id
        )?;
        for event_id in &story.events {
            match by_id.get(event_id.as_str()) {
                Some(event) => writeln!(out, "  {}", event_header(event))?,
                None => writeln!(out, "  [{event_id}]")?,
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

/// An event's summary, its quotes with the outlets that carry them, and its wire copies.
fn coverage(out: &mut dyn Write, event: &Event) -> io::Result<()> {
    for sentence in &event.summary {
        writeln!(out, "  | {}", sentence.text)?;
    }
    for quote in &event.quotes {
        writeln!(
            out,
            "  \" {}  — {} [{}]",
            quote.text,
            quote.speaker.as_deref().unwrap_or("unnamed speaker"),
            quote.outlets.join(", ")
        )?;
    }
    for group in &event.copies {
        writeln!(
            out,
            "  = {} copied by {} [{}]",
            group.original,
            group.copies.join(", "),
            group.outlets.join(", ")
        )?;
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
    misses: bool,
) -> io::Result<()> {
    if misses {
        for miss in &report.misses {
            let (name, kind) = &miss.gold;
            let predicted = match &miss.predicted {
                Some((key, kind)) => format!("{key:?} {}", kind.as_str()),
                None => "-".to_string(),
            };
            writeln!(
                out,
                "{}\tgold {name:?} {}\tpredicted {predicted}",
                miss.document,
                kind.as_str()
            )?;
        }
    }
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

/// The time expressions of one text, one a line: offsets, type, value, text.
pub fn timexes(out: &mut dyn Write, timexes: &[storyline_timex::Timex]) -> io::Result<()> {
    for timex in timexes {
        let interval = match timex.interval() {
            Some((first, last)) if first == last => format!("  ({first})"),
            Some((first, last)) => format!("  ({first} .. {last})"),
            None => String::new(),
        };
        writeln!(
            out,
            "{:>6}-{:<6} {:<8} {:<14} {:?}{interval}",
            timex.start,
            timex.end,
            timex.kind().as_str(),
            timex.timeml_value(),
            timex.text
        )?;
    }
    writeln!(out, "{} time expressions", timexes.len())
}

/// TempEval-3 scores per part and in total, then speed; with `misses`, every disagreement.
pub fn timex_eval(
    out: &mut dyn Write,
    dir: &Path,
    report: &TimexReport,
    misses: bool,
) -> io::Result<()> {
    if misses {
        for miss in &report.misses {
            let show = |side: &Option<(String, String)>| match side {
                Some((text, value)) => format!("{text:?} {value}"),
                None => "-".to_string(),
            };
            writeln!(
                out,
                "{}\tdct {}\tgold {}\tpredicted {}\tcontext {:?}",
                miss.document,
                miss.dct,
                show(&miss.gold),
                show(&miss.predicted),
                miss.context
            )?;
        }
    }
    writeln!(
        out,
        "time expressions on {} (tagger: {})",
        dir.display(),
        report.tagger
    )?;
    writeln!(
        out,
        "  {:<22} {:>5} {:>5} {:>5}   {:>6} {:>6} {:>6}   {:>6} {:>6} {:>6}   {:>6} {:>6} {:>6}",
        "part",
        "docs",
        "gold",
        "pred",
        "strP",
        "strR",
        "strF1",
        "relP",
        "relR",
        "relF1",
        "valP",
        "valR",
        "valF1"
    )?;
    let row = |out: &mut dyn Write, name: &str, documents: usize, s: &TimexScores| {
        writeln!(
            out,
            "  {:<22} {:>5} {:>5} {:>5}   {:.4} {:.4} {:.4}   {:.4} {:.4} {:.4}   {:.4} {:.4} {:.4}",
            name,
            documents,
            s.counts.gold,
            s.counts.predicted,
            s.strict.precision,
            s.strict.recall,
            s.strict.f1,
            s.relaxed.precision,
            s.relaxed.recall,
            s.relaxed.f1,
            s.value.precision,
            s.value.recall,
            s.value.f1
        )
    };
    for part in &report.parts {
        row(out, &part.name, part.documents, &part.scores)?;
        let tuning = &part.tuning;
        row(out, "  tuning half", tuning.documents, &tuning.scores)?;
        let held_out = &part.held_out;
        row(out, "  held-out half", held_out.documents, &held_out.scores)?;
    }
    row(out, "total", report.documents, &report.total)?;
    if let Some(speed) = &report.speed {
        writeln!(
            out,
            "  tagging: {:.2} MB in {:.3} s, {:.1} MB/s on one core",
            speed.bytes as f64 / 1e6,
            speed.seconds,
            speed.megabytes_per_second
        )?;
    }
    text_differences(out, report)?;
    for error in &report.unscored {
        writeln!(out, "  not scored: {error}")?;
    }
    Ok(())
}

/// How far another tagger's text strays from the gold text: a summary, then each document that differs in
/// more than whitespace.
fn text_differences(out: &mut dyn Write, report: &TimexReport) -> io::Result<()> {
    if report.speed.is_some() {
        return Ok(());
    }
    let differences = &report.text_differences;
    let sum = |count: fn(&storyline_eval::TextDifference) -> usize| -> usize {
        differences.iter().map(count).sum()
    };
    let other: Vec<_> = differences
        .iter()
        .filter(|d| d.other_added + d.other_removed > 0)
        .collect();
    writeln!(
        out,
        "  text: {} of {} documents identical to the gold text; {} differ in whitespace only \
         ({} code points added, {} removed); {} in other characters; {} expressions mapped across a difference",
        report.documents - differences.len(),
        report.documents,
        differences.len() - other.len(),
        sum(|d| d.whitespace_added),
        sum(|d| d.whitespace_removed),
        other.len(),
        sum(|d| d.spans_across_changes)
    )?;
    for difference in other {
        let (at, gold, system) = difference.first_other.clone().unwrap_or_default();
        writeln!(
            out,
            "    {}: {} other code points added, {} removed; first at gold code point {at}: gold {gold:?}, \
             tagger {system:?}; {} expressions mapped across a difference",
            difference.document,
            difference.other_added,
            difference.other_removed,
            difference.spans_across_changes
        )?;
    }
    Ok(())
}

/// A span of the text as `quotes --json` prints it: code-point offsets and the words.
#[derive(Serialize)]
pub struct ListedSpan {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Serialize)]
pub struct ListedSpeaker {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The fullest name the text gives the speaker.
    pub entity: Option<String>,
}

#[derive(Serialize)]
pub struct ListedQuote {
    pub kind: QuoteKind,
    pub content: ListedSpan,
    pub cue: Option<ListedSpan>,
    pub speaker: Option<ListedSpeaker>,
}

/// The quotes with their offsets converted from bytes to code points.
pub fn quote_list(text: &str, quotes: &[Quote]) -> Vec<ListedQuote> {
    let mut bytes = Vec::with_capacity(quotes.len() * 6);
    for quote in quotes {
        let cue = quote.cue.unwrap_or(quote.content);
        let speaker = quote.speaker.as_ref().map_or(quote.content, |s| s.span);
        bytes.extend([
            quote.content.start,
            quote.content.end,
            cue.start,
            cue.end,
            speaker.start,
            speaker.end,
        ]);
    }
    let chars = char_offsets(text, &bytes);
    let listed = |span: Span, at: usize| ListedSpan {
        start: chars[at],
        end: chars[at + 1],
        text: text[span.start..span.end].to_string(),
    };
    quotes
        .iter()
        .enumerate()
        .map(|(i, quote)| ListedQuote {
            kind: quote.kind,
            content: listed(quote.content, 6 * i),
            cue: quote.cue.map(|cue| listed(cue, 6 * i + 2)),
            speaker: quote.speaker.as_ref().map(|speaker| {
                let span = listed(speaker.span, 6 * i + 4);
                ListedSpeaker {
                    start: span.start,
                    end: span.end,
                    text: span.text,
                    entity: speaker.entity.clone(),
                }
            }),
        })
        .collect()
}

pub fn quotes(out: &mut dyn Write, quotes: &[ListedQuote]) -> io::Result<()> {
    if quotes.is_empty() {
        return writeln!(out, "no quotes");
    }
    for quote in quotes {
        let who = match &quote.speaker {
            Some(speaker) => match &speaker.entity {
                Some(entity) if *entity != speaker.text => format!("{} ({entity})", speaker.text),
                _ => speaker.text.clone(),
            },
            None => "unknown speaker".to_string(),
        };
        let cue = quote
            .cue
            .as_ref()
            .map_or(String::new(), |cue| format!(", {}", cue.text));
        let kind = match quote.kind {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
        };
        writeln!(
            out,
            "{}-{}  {who}{cue}  [{kind}]",
            quote.content.start, quote.content.end
        )?;
        writeln!(
            out,
            "  {}",
            quote
                .content
                .text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        )?;
    }
    Ok(())
}

pub fn quotes_eval(out: &mut dyn Write, dir: &Path, report: &QuotesReport) -> io::Result<()> {
    writeln!(out, "quotes on {}", dir.display())?;
    writeln!(
        out,
        "  {} articles, {} gold attributions ({} direct quotes), {} predicted quotes",
        report.documents, report.gold_attributions, report.gold_direct, report.predicted
    )?;
    writeln!(
        out,
        "  direct-quote recall {:.4} ({}/{})  speaker right {:.4} ({}/{})  precision {:.4} ({}/{})",
        report.direct_recall,
        report.direct_found,
        report.gold_direct,
        report.speaker_accuracy,
        report.speaker_right,
        report.direct_found,
        report.precision,
        report.predicted_correct,
        report.predicted
    )?;
    writeln!(
        out,
        "  {:.3} s, {:.1} MB/s (finding quotes)",
        report.seconds, report.megabytes_per_second
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
    writeln!(
        out,
        "  held-out half split: study quarter {:.4} ({} of {}), held-out quarter {:.4} ({} of {}, never read)",
        report.study_quarter.accuracy,
        report.study_quarter.correct,
        report.study_quarter.pages,
        report.held_out_quarter.accuracy,
        report.held_out_quarter.correct,
        report.held_out_quarter.pages
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

pub fn event_accuracy(
    out: &mut dyn Write,
    dir: &Path,
    report: &storyline_eval::EventsReport,
    misses: bool,
) -> io::Result<()> {
    if misses {
        for miss in &report.place_misses {
            writeln!(
                out,
                "{}\tpredicted {:?}\tgold {:?}",
                miss.document, miss.predicted, miss.gold
            )?;
        }
    }
    writeln!(out, "{}", dir.display())?;
    writeln!(
        out,
        "  {} documents, {} gold events",
        report.documents, report.events
    )?;
    let line = |out: &mut dyn Write, label: &str, accuracy: &storyline_eval::Accuracy| {
        writeln!(
            out,
            "  {label:<15} accuracy {:.4}  ({} of {})",
            accuracy.accuracy, accuracy.correct, accuracy.scored
        )
    };
    line(out, "date, per doc", &report.document_date)?;
    line(out, "place, per doc", &report.document_place)?;
    line(out, "date, per event", &report.event_date)?;
    line(out, "place, per event", &report.event_place)?;
    writeln!(out, "  dated from the text: {:.4}", report.dated_from_text)?;
    writeln!(out, "  {:.3} s", report.seconds)?;
    out.flush()
}
