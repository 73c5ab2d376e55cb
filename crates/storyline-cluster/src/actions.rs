//! Opposed news actions: the step a report's lead announces, when it is one side of a pair of opposite steps.
//!
//! Recurring events of one kind share their actors, places and vocabulary; what tells "the coach was fired" from
//! "the coach was hired" is the action itself, and plain term overlap cannot see it (the other side's words are
//! rare terms that weigh little against the shared names). Each pair below holds two sides that one event is
//! not reported as: a report whose title and lead name one side only does not join an event whose members'
//! leads name mainly the other. The lists are English cue words, stemmed with the same Snowball stemmer the
//! analyze stage uses, so "hired", "hires" and "hiring" are one cue.

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use std::sync::OnceLock;
use storyline_analyze::TermCount;

/// Pairs of opposite steps a news event is reported as (general news actions, not tied to any data set).
const OPPOSED: &[(&str, &[&str], &str, &[&str])] = &[
    (
        "dismissal",
        &["sacked", "dismissed", "ousted", "axed", "resigned"],
        "appointment",
        &["hired", "appointed", "recruited"],
    ),
    (
        "rule made",
        &["enacted", "imposed"],
        "rule undone",
        &[
            "overturned",
            "reversed",
            "repealed",
            "rescinded",
            "revoked",
            "restored",
        ],
    ),
];

/// How strongly an article's title and lead, or an event's members' titles and leads, name each side: index
/// `2 * pair` for the first side, `2 * pair + 1` for the second.
pub(crate) type Sides = Vec<f32>;

/// Stem → side index; built once on first use (stemming the cue words), immutable afterwards.
fn cues() -> &'static FxHashMap<String, usize> {
    static CUES: OnceLock<FxHashMap<String, usize>> = OnceLock::new();
    CUES.get_or_init(|| {
        let stemmer = Stemmer::create(Algorithm::English);
        let mut cues = FxHashMap::default();
        for (pair, (_, first, _, second)) in OPPOSED.iter().enumerate() {
            for (side, words) in [(2 * pair, first), (2 * pair + 1, second)] {
                for word in words.iter() {
                    cues.insert(stemmer.stem(word).into_owned(), side);
                }
            }
        }
        cues
    })
}

/// The sides an article's title and lead name (a title word counts twice, as the title is the report's claim).
pub(crate) fn sides(terms: &[TermCount]) -> Sides {
    let cues = cues();
    let mut sides = vec![0.0; 2 * OPPOSED.len()];
    for term in terms {
        let weight = 2 * term.title + term.lead;
        if weight == 0 {
            continue;
        }
        if let Some(&side) = cues.get(term.term.as_str()) {
            sides[side] += weight as f32;
        }
    }
    sides
}

pub(crate) fn add(into: &mut Sides, from: &Sides) {
    into.resize(from.len().max(into.len()), 0.0);
    for (total, weight) in into.iter_mut().zip(from) {
        *total += weight;
    }
}

/// The first pair on which the article names one side only while the event's members name mainly the other,
/// as (the article's side, the event's side).
pub(crate) fn conflict(article: &Sides, event: &Sides) -> Option<(&'static str, &'static str)> {
    let side = |sides: &Sides, index: usize| sides.get(index).copied().unwrap_or(0.0);
    OPPOSED
        .iter()
        .enumerate()
        .find_map(|(pair, (first_name, _, second_name, _))| {
            let (a_first, a_second) = (side(article, 2 * pair), side(article, 2 * pair + 1));
            let (e_first, e_second) = (side(event, 2 * pair), side(event, 2 * pair + 1));
            if a_first > 0.0 && a_second == 0.0 && e_second > 2.0 * e_first {
                Some((*first_name, *second_name))
            } else if a_second > 0.0 && a_first == 0.0 && e_first > 2.0 * e_second {
                Some((*second_name, *first_name))
            } else {
                None
            }
        })
}
