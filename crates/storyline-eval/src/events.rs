//! Event dates and places against ECB+'s time and location annotations.
//!
//! ECB+ (CROMER XML) marks time expressions (TIME_DATE …) and locations (LOC_GEO, LOC_FAC, LOC_OTHER) in the
//! sentences about each document's seminal event, without normalised values or publication dates. So:
//!
//! - Each document gets an anchor day standing in for its publication day: the latest full calendar date its
//!   text states ("Jan. 2, 2009"), else a fixed day ([`FALLBACK_ANCHOR`]). Relative expressions in the text and
//!   in the gold mentions are resolved against the same anchor.
//! - **Date accuracy**: among the units (a document on its own, or a gold event = all documents of one ECB+
//!   sub-topic) with at least one gold time mention that resolves to a single day, the share whose predicted
//!   event `date` is one of those days.
//! - **Place accuracy**: among the units with at least one gold location mention, the share whose first
//!   predicted place matches a gold location: the canonical names are equal, or one holds the other as whole
//!   words ("Malibu" ~ "Promises Treatment Center in Malibu").
//!
//! The events are built from the gold grouping, so the scores measure the fact sheet, not the clustering.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::path::Path;
use std::time::Instant;
use storyline_analyze::{canonical_key, Analysis, Analyzer};
use storyline_facts::{build_event, EntityIndex, Member, Reader};
use storyline_model::{Article, EventArticle};
use storyline_timex::{Tagger, Value};

/// The anchor of a document whose text states no full date.
pub const FALLBACK_ANCHOR: &str = "2010-06-15";

/// One ECB+ document with its gold time and location mentions.
pub struct EventDocument {
    pub topic: u32,
    /// The gold event: topic and sub-topic ("23/ecbplus").
    pub event: String,
    pub article: Article,
    pub gold_times: Vec<String>,
    pub gold_places: Vec<String>,
}

/// Which ECB+ topics to score: 1–22 are training, 23–25 development.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topics {
    All,
    Train,
    Dev,
}

/// The topic number an ECB+ file name starts with ("3_1ecb.xml" is in topic 3).
pub(crate) fn ecbplus_topic(file_name: &str) -> Option<u32> {
    file_name.split('_').next()?.parse().ok()
}

impl Topics {
    pub(crate) fn includes(self, topic: u32) -> bool {
        match self {
            Topics::All => true,
            Topics::Train => topic <= 22,
            Topics::Dev => topic >= 23,
        }
    }
}

/// Share of scored units that are right.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Accuracy {
    pub scored: usize,
    pub correct: usize,
    pub accuracy: f64,
}

impl Accuracy {
    fn add(&mut self, correct: bool) {
        self.scored += 1;
        self.correct += usize::from(correct);
        self.accuracy = self.correct as f64 / self.scored as f64;
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct EventsReport {
    pub documents: usize,
    pub events: usize,
    /// Each document as an event of its own.
    pub document_date: Accuracy,
    pub document_place: Accuracy,
    /// Each gold event (all its documents together).
    pub event_date: Accuracy,
    pub event_place: Accuracy,
    /// Of the dated predictions, the share resting on the text rather than the anchor day.
    pub dated_from_text: f64,
    pub seconds: f64,
    /// Documents of the train topics (1-22) whose first place is wrong, so that the dev topics stay unstudied.
    #[serde(skip)]
    pub place_misses: Vec<PlaceMiss>,
}

/// A document whose event's first place matches none of its gold locations, for error analysis.
#[derive(Clone, Debug, Serialize)]
pub struct PlaceMiss {
    pub document: String,
    /// The event's first three places.
    pub predicted: Vec<String>,
    pub gold: Vec<String>,
}

/// Reads the ECB+ XML files under `dir` (recursively) of the chosen topics, sorted by path.
pub fn load_ecbplus_events(dir: &Path, topics: Topics) -> Result<Vec<EventDocument>, String> {
    let tagger = Tagger::new(storyline_timex::Language::English);
    let mut documents = Vec::new();
    for path in crate::files_with_extension(dir, "xml")? {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let topic = ecbplus_topic(&name).ok_or_else(|| {
            format!(
                "{}: the name does not start with a topic number",
                path.display()
            )
        })?;
        if !topics.includes(topic) {
            continue;
        }
        let sub_topic = if name.contains("ecbplus") {
            "ecbplus"
        } else {
            "ecb"
        };
        let xml = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let document = parse_event_document(&name, &xml, &tagger)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        documents.push(EventDocument {
            topic,
            event: format!("{topic}/{sub_topic}"),
            ..document
        });
    }
    Ok(documents)
}

/// Parses one document: the first sentence becomes the title, the rest the text (a sentence a line).
pub fn parse_event_document(
    name: &str,
    xml: &str,
    tagger: &Tagger,
) -> Result<EventDocument, String> {
    let tree = roxmltree::Document::parse(xml).map_err(|e| e.to_string())?;
    let mut token_text: FxHashMap<&str, &str> = FxHashMap::default();
    let mut sentences: Vec<Vec<&str>> = Vec::new();
    let mut current: Option<&str> = None;
    for node in tree.descendants().filter(|n| n.has_tag_name("token")) {
        let id = node.attribute("t_id").ok_or("a token without t_id")?;
        let sentence = node.attribute("sentence").unwrap_or("");
        let text = node.text().unwrap_or("");
        if current != Some(sentence) {
            sentences.push(Vec::new());
            current = Some(sentence);
        }
        if let Some(last) = sentences.last_mut() {
            last.push(text);
        }
        token_text.insert(id, text);
    }
    let mut lines = sentences.iter().map(|tokens| tokens.join(" "));
    let title = lines.next().unwrap_or_default();
    let text: Vec<String> = lines.collect();
    let text = text.join("\n");

    let mut gold_times = Vec::new();
    let mut gold_places = Vec::new();
    let markables = tree.descendants().find(|n| n.has_tag_name("Markables"));
    for markable in markables
        .iter()
        .flat_map(|m| m.children())
        .filter(|n| n.is_element())
    {
        let list = match markable.tag_name().name() {
            "TIME_DATE" => &mut gold_times,
            "LOC_GEO" | "LOC_FAC" | "LOC_OTHER" => &mut gold_places,
            _ => continue,
        };
        let words: Vec<&str> = markable
            .children()
            .filter(|n| n.has_tag_name("token_anchor"))
            .filter_map(|n| token_text.get(n.attribute("t_id")?).copied())
            .collect();
        if !words.is_empty() {
            list.push(words.join(" "));
        }
    }
    let anchor = anchor_day(tagger, &title, &text);
    let mut article = Article::new(name, title, text);
    article.language = Some("en".into());
    article.published = Some(
        anchor
            .format("%Y-%m-%d")
            .to_string()
            .parse()
            .map_err(|e| format!("anchor day: {e:?}"))?,
    );
    Ok(EventDocument {
        topic: 0,
        event: String::new(),
        article,
        gold_times,
        gold_places,
    })
}

/// The latest full calendar date the text states, else [`FALLBACK_ANCHOR`].
fn anchor_day(tagger: &Tagger, title: &str, text: &str) -> NaiveDate {
    let fallback = FALLBACK_ANCHOR.parse().expect("a valid fallback day");
    [title, text]
        .iter()
        .flat_map(|part| tagger.tag(part, fallback))
        .filter(|t| {
            t.text
                .split(|c: char| !c.is_ascii_digit())
                .any(|n| n.len() == 4)
        })
        .filter_map(|t| match t.value {
            Value::Day(day) => Some(day),
            _ => None,
        })
        .max()
        .unwrap_or(fallback)
}

/// The single days the gold time mentions name, resolved against the document's anchor.
fn gold_days(tagger: &Tagger, document: &EventDocument) -> Vec<NaiveDate> {
    let Some(anchor) = document.article.published.map(|p| p.date) else {
        return Vec::new();
    };
    let mut days: Vec<NaiveDate> = document
        .gold_times
        .iter()
        .flat_map(|mention| tagger.tag(mention, anchor))
        .filter_map(|t| match t.value {
            Value::Day(day) | Value::DayPart(day, _) | Value::Clock(day, _, _) => Some(day),
            _ => None,
        })
        .collect();
    days.sort_unstable();
    days.dedup();
    days
}

/// Whether a predicted place name matches a gold location mention.
fn place_matches(predicted: &str, gold: &str) -> bool {
    let (p, g) = (canonical_key(predicted), canonical_key(gold));
    if p.is_empty() || g.is_empty() {
        return false;
    }
    let holds = |long: &str, short: &str| {
        long == short
            || long.starts_with(&format!("{short} "))
            || long.ends_with(&format!(" {short}"))
            || long.contains(&format!(" {short} "))
    };
    holds(&g, &p) || holds(&p, &g)
}

/// Scores the event dates and places of the documents, one by one and grouped by gold event.
pub fn eval_events(documents: &[EventDocument]) -> EventsReport {
    let started = Instant::now();
    let analyzer = Analyzer::new();
    let reader = Reader::new();
    let tagger = Tagger::new(storyline_timex::Language::English);
    let analyses: Vec<Analysis> = documents
        .iter()
        .map(|d| analyzer.analyze(&d.article))
        .collect();
    let index = EntityIndex::new(&analyses);
    let member = |i: usize| Member {
        reading: None,
        article: &documents[i].article,
        analysis: &analyses[i],
        membership: EventArticle {
            id: documents[i].article.id.clone(),
            score: 1.0,
            why: Vec::new(),
            framing: Default::default(),
            copy_of: None,
        },
    };
    let days: Vec<Vec<NaiveDate>> = documents.iter().map(|d| gold_days(&tagger, d)).collect();
    let mut report = EventsReport {
        documents: documents.len(),
        ..EventsReport::default()
    };
    let mut dated = 0usize;
    let mut dated_from_text = 0usize;
    let mut place_misses = Vec::new();
    let mut score = |indices: &[usize], date: &mut Accuracy, place: &mut Accuracy| {
        let members: Vec<Member<'_>> = indices.iter().map(|&i| member(i)).collect();
        let event = build_event("e", &members, &index, &reader);
        let gold_days: Vec<NaiveDate> = indices
            .iter()
            .flat_map(|&i| days[i].iter().copied())
            .collect();
        if event.date.is_some() {
            dated += 1;
            dated_from_text +=
                usize::from(event.date_basis == Some(storyline_model::DateBasis::Text));
        }
        if !gold_days.is_empty() {
            let predicted = event
                .date
                .as_deref()
                .and_then(|d| d.parse::<NaiveDate>().ok());
            date.add(predicted.is_some_and(|d| gold_days.contains(&d)));
        }
        let gold_places: Vec<&str> = indices
            .iter()
            .flat_map(|&i| documents[i].gold_places.iter().map(String::as_str))
            .collect();
        if !gold_places.is_empty() {
            let top = event.places.first();
            let ok = top.is_some_and(|p| gold_places.iter().any(|g| place_matches(&p.name, g)));
            if let [only] = indices {
                let document = &documents[*only];
                if !ok && Topics::Train.includes(document.topic) {
                    place_misses.push(PlaceMiss {
                        document: document.article.id.clone(),
                        predicted: event
                            .places
                            .iter()
                            .take(3)
                            .map(|p| p.name.clone())
                            .collect(),
                        gold: gold_places.iter().map(|g| g.to_string()).collect(),
                    });
                }
            }
            place.add(ok);
        }
    };
    let (mut document_date, mut document_place) = (Accuracy::default(), Accuracy::default());
    for i in 0..documents.len() {
        score(&[i], &mut document_date, &mut document_place);
    }
    let mut by_event: Vec<(&str, Vec<usize>)> = Vec::new();
    for (i, document) in documents.iter().enumerate() {
        match by_event.iter_mut().find(|(e, _)| *e == document.event) {
            Some((_, members)) => members.push(i),
            None => by_event.push((&document.event, vec![i])),
        }
    }
    let (mut event_date, mut event_place) = (Accuracy::default(), Accuracy::default());
    for (_, members) in &by_event {
        score(members, &mut event_date, &mut event_place);
    }
    report.events = by_event.len();
    report.document_date = document_date;
    report.document_place = document_place;
    report.event_date = event_date;
    report.event_place = event_place;
    report.dated_from_text = if dated > 0 {
        dated_from_text as f64 / dated as f64
    } else {
        0.0
    };
    report.place_misses = place_misses;
    report.seconds = started.elapsed().as_secs_f64();
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<Document doc_name="9_1ecb.xml">
<token t_id="1" sentence="0">Fire</token><token t_id="2" sentence="0">in</token><token t_id="3" sentence="0">Harbor</token>
<token t_id="4" sentence="1">A</token><token t_id="5" sentence="1">fire</token><token t_id="6" sentence="1">destroyed</token>
<token t_id="7" sentence="1">a</token><token t_id="8" sentence="1">warehouse</token><token t_id="9" sentence="1">in</token>
<token t_id="10" sentence="1">Port</token><token t_id="11" sentence="1">Elmas</token><token t_id="12" sentence="1">on</token>
<token t_id="13" sentence="1">Monday</token><token t_id="14" sentence="1">,</token><token t_id="15" sentence="1">March</token>
<token t_id="16" sentence="1">2</token><token t_id="17" sentence="1">,</token><token t_id="18" sentence="1">2009</token>
<token t_id="19" sentence="1">.</token>
<Markables>
<TIME_DATE m_id="1"><token_anchor t_id="13"/><token_anchor t_id="14"/><token_anchor t_id="15"/><token_anchor t_id="16"/><token_anchor t_id="17"/><token_anchor t_id="18"/></TIME_DATE>
<LOC_GEO m_id="2"><token_anchor t_id="10"/><token_anchor t_id="11"/></LOC_GEO>
</Markables></Document>"#;

    #[test]
    fn a_document_is_anchored_on_its_stated_date_and_scored_on_its_gold_mentions() {
        let tagger = Tagger::new(storyline_timex::Language::English);
        let mut document = parse_event_document("9_1ecb.xml", XML, &tagger).unwrap();
        document.event = "9/ecb".into();
        assert_eq!(document.article.title, "Fire in Harbor");
        assert_eq!(document.gold_places, ["Port Elmas"]);
        assert_eq!(
            document
                .article
                .published
                .map(|p| p.date.to_string())
                .as_deref(),
            Some("2009-03-02")
        );
        assert_eq!(
            gold_days(&tagger, &document),
            [NaiveDate::from_ymd_opt(2009, 3, 2).unwrap()]
        );
        let report = eval_events(&[document]);
        assert_eq!(report.document_date.scored, 1);
        assert_eq!(report.document_date.correct, 1);
        assert_eq!(report.event_place.scored, 1);
    }

    #[test]
    fn place_names_match_as_whole_words() {
        assert!(place_matches(
            "Malibu",
            "the Promises Treatment Center in Malibu"
        ));
        assert!(place_matches("Port Elmas", "Port Elmas"));
        assert!(!place_matches("Elm", "Elmira"));
    }
}
