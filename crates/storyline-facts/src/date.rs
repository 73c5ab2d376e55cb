//! When an event happened, from the time expressions of its members' texts (already resolved against each
//! article's publication day: "Wednesday", "yesterday", "on April 25").
//!
//! Each article names the day its own sentences give most weight: an expression in the lead counts more than
//! one further down, one in a sentence with a past-tense event verb more than one in a sentence about plans or
//! background; days after the article's publication are announcements and days long before it are background.
//! The articles then vote, one vote each; the record keeps the winning expressions and their sentences.

use crate::{Member, Reading};
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use storyline_model::{DateBasis, DateEvidence};
use storyline_timex::{Timex, Value};

/// How long before its report an event may have happened; older days in the text are background (a birth
/// date, a previous event).
pub(crate) const MAX_REPORTING_DELAY_DAYS: i64 = 31;

/// Words that put a sentence's time expression on a plan or an announcement rather than the event.
const FUTURE_CUES: &[&str] = &[
    "will",
    "would",
    "next",
    "scheduled",
    "due",
    "plans",
    "planned",
    "expected",
    "upcoming",
    "set",
];

/// Words that put it on earlier background.
const BACKGROUND_CUES: &[&str] = &[
    "since",
    "previous",
    "previously",
    "earlier",
    "ago",
    "anniversary",
    "born",
    "former",
    "until",
];

/// Past tenses of common event verbs that do not end in "-ed".
const IRREGULAR_PAST: &[&str] = &[
    "met", "held", "struck", "hit", "won", "beat", "shot", "fell", "began", "broke", "took",
    "came", "went", "left", "led", "made", "gave", "sank", "fought", "swept", "blew", "ran",
    "drove", "stole", "flew", "spoke", "sought", "caught", "brought", "quit", "lost", "told",
    "bought", "sold", "froze", "rose",
];

/// Reporting verbs: their past tense dates the report, not the event.
const REPORTING_PAST: &[&str] = &[
    "said",
    "reported",
    "announced",
    "added",
    "stated",
    "noted",
    "confirmed",
];

/// An event's day and what it rests on.
pub(crate) struct EventDate {
    pub date: Option<NaiveDate>,
    pub basis: Option<DateBasis>,
    pub evidence: Vec<DateEvidence>,
}

/// The day a member's own report is anchored to: its publication day, else its dateline.
pub(crate) fn report_day(member: &Member<'_>) -> Option<NaiveDate> {
    member
        .article
        .published
        .map(|p| p.date)
        .or(member.analysis.dateline)
}

/// One time expression that may date the event, with its weight in its article.
struct Candidate<'r> {
    day: NaiveDate,
    weight: f64,
    time: &'r Timex,
    sentence: (usize, usize),
}

/// The single day an expression names, if it names one.
fn single_day(time: &Timex) -> Option<NaiveDate> {
    match time.value {
        Value::Day(day) | Value::DayPart(day, _) | Value::Clock(day, _, _) => Some(day),
        _ => None,
    }
}

/// How much a sentence's wording says its time expression dates the reported event.
fn sentence_weight(sentence: &str, index: usize) -> f64 {
    let position = match index {
        0 => 3.0,
        1 | 2 => 2.0,
        _ => 1.0,
    };
    let mut future = false;
    let mut background = false;
    let mut event_verb = false;
    for word in sentence
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
    {
        let lower = word.to_lowercase();
        let lower = lower.as_str();
        future |= FUTURE_CUES.contains(&lower);
        background |= BACKGROUND_CUES.contains(&lower);
        let past = IRREGULAR_PAST.contains(&lower) || (lower.len() > 4 && lower.ends_with("ed"));
        event_verb |= past && !REPORTING_PAST.contains(&lower);
    }
    let mut weight = position;
    if event_verb {
        weight *= 1.5;
    }
    if future || background {
        weight *= 0.3;
    }
    weight
}

/// The candidates of one member: its single-day expressions that fall within its reporting window.
fn candidates<'r>(member: &Member<'_>, reading: &'r Reading) -> Vec<Candidate<'r>> {
    let reported = report_day(member);
    let text = member.article.text.as_str();
    reading
        .times
        .iter()
        .filter_map(|time| {
            let day = single_day(time)?;
            if let Some(reported) = reported {
                let before = (reported - day).num_days();
                if !(0..=MAX_REPORTING_DELAY_DAYS).contains(&before) {
                    return None;
                }
            }
            let index = reading.sentence_at(time.start)?;
            let span = &reading.sentences[index];
            let weight = sentence_weight(text.get(span.start..span.end)?, index);
            Some(Candidate {
                day,
                weight,
                time,
                sentence: (span.start, span.end),
            })
        })
        .collect()
}

/// A day's votes: articles that chose it, their summed weight, and each choosing article's best candidate
/// (member index, candidate index).
type Tally = (u32, f64, Vec<(usize, usize)>);

/// Votes the event's day across its members (one vote each for the day its text weighs most). Without any
/// dating expression, the earliest member's publication day (or dateline).
pub(crate) fn date_event(members: &[Member<'_>], readings: &[Reading]) -> EventDate {
    let mut tally: FxHashMap<NaiveDate, Tally> = FxHashMap::default();
    let all: Vec<Vec<Candidate<'_>>> = members
        .iter()
        .zip(readings)
        .map(|(member, reading)| candidates(member, reading))
        .collect();
    for (member_index, found) in all.iter().enumerate() {
        let mut by_day: FxHashMap<NaiveDate, f64> = FxHashMap::default();
        for candidate in found {
            *by_day.entry(candidate.day).or_default() += candidate.weight;
        }
        let Some((day, weight)) = by_day
            .into_iter()
            .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        else {
            continue;
        };
        let best = found
            .iter()
            .enumerate()
            .filter(|(_, c)| c.day == day)
            .max_by(|a, b| {
                a.1.weight
                    .total_cmp(&b.1.weight)
                    .then_with(|| b.0.cmp(&a.0))
            })
            .map_or(0, |(i, _)| i);
        let entry = tally.entry(day).or_insert((0, 0.0, Vec::new()));
        entry.0 += 1;
        entry.1 += weight;
        entry.2.push((member_index, best));
    }
    let winner = tally.into_iter().max_by(|a, b| {
        (a.1 .0)
            .cmp(&b.1 .0)
            .then_with(|| a.1 .1.total_cmp(&b.1 .1))
            .then_with(|| b.0.cmp(&a.0))
    });
    match winner {
        Some((day, (_, _, chosen))) => {
            let evidence = chosen
                .into_iter()
                .map(|(member_index, candidate_index)| {
                    let member = &members[member_index];
                    let candidate = &all[member_index][candidate_index];
                    let text = &member.article.text;
                    DateEvidence {
                        value: day.format("%Y-%m-%d").to_string(),
                        expression: candidate.time.text.clone(),
                        text: text
                            .get(candidate.sentence.0..candidate.sentence.1)
                            .unwrap_or_default()
                            .trim()
                            .to_string(),
                        article: member.article.id.clone(),
                        outlet: member.article.outlet.clone(),
                    }
                })
                .collect();
            EventDate {
                date: Some(day),
                basis: Some(DateBasis::Text),
                evidence,
            }
        }
        None => {
            let date = members.iter().filter_map(report_day).min();
            EventDate {
                date,
                basis: date.map(|_| DateBasis::Publication),
                evidence: Vec::new(),
            }
        }
    }
}
