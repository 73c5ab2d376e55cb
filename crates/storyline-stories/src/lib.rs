//! Storylines: events linked over time when they share their core participants and a theme, so that the 2019
//! and the 2023 summit of the same two leaders are one story while two events that merely both name one
//! leader are not.
//!
//! Pure and text-free: [`EventOutline`]s in (an event's ranked participants and places, theme terms and date),
//! [`Story`] records out. Candidates come from an inverted index over core participants (single names and
//! pairs of names), and each event looks only at the most recent events of each key, so the cost grows
//! linearly with the number of events, never with its square.
//!
//! The rule: an event joins an earlier event when they share
//! - two core participants and one theme term, within `max_gap_days`; or
//! - one core participant and two theme terms, within `near_gap_days` (one shared name is weak evidence, so it
//!   needs more of the theme and a shorter gap).
//!
//! Each event keeps the best such link (most shared participants, then terms, then places, then the nearest
//! in time, then the later in (date, id) order); a story is a connected set of linked events. Events without a
//! date and stories of a single event are not listed.
//!
//! [`relink`] gives the same stories as [`link_stories`] over a whole store after a change, reading only what
//! the change can affect through a [`LinkIndex`] (see the `incremental` module for why it is exact).

use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;
use storyline_model::{stable_id, EventOutline, Story};

mod incremental;
pub use incremental::{index_entries, relink, IndexEntries, LinkIndex};

/// How events are linked.
#[derive(Clone, Debug)]
pub struct Config {
    /// The first participants of an event's ranked list that make its core.
    pub core_participants: usize,
    /// The first places of an event's ranked list that count as shared places.
    pub core_places: usize,
    /// The longest gap between linked events (days).
    pub max_gap_days: i64,
    /// The longest gap for a link on a single shared participant (days).
    pub near_gap_days: i64,
    /// How many of the most recent earlier events of one index key an event is compared with.
    pub candidates_per_key: usize,
    /// A term in more than this share of events (and in more than `common_term_floor` events) is too common to
    /// be a theme ("says", "new").
    pub common_term_share: f64,
    pub common_term_floor: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            core_participants: 3,
            core_places: 2,
            max_gap_days: 3653,
            near_gap_days: 365,
            candidates_per_key: 32,
            common_term_share: 0.02,
            common_term_floor: 20,
        }
    }
}

/// The storylines among `events` with the default rules; see [`link_stories_with`].
pub fn link_stories(events: &[EventOutline]) -> Vec<Story> {
    link_stories_with(events, &Config::default())
}

/// The storylines among `events`, sorted by the date of their first event, then id. The input order does not
/// matter.
pub fn link_stories_with(events: &[EventOutline], config: &Config) -> Vec<Story> {
    let counts = term_counts(events);
    let common = common_term_limit(events.len(), config);
    let mut interner = Interner::default();
    let mut features: Vec<Feature> = events
        .iter()
        .enumerate()
        .filter_map(|(index, event)| {
            feature_of(event, index, config, &mut interner, &|term| {
                counts[term] > common
            })
        })
        .collect();
    // Date order, then id: the order a story is told in, and the one that makes ids independent of input.
    features.sort_unstable_by(|a, b| {
        a.day
            .cmp(&b.day)
            .then_with(|| events[a.event].id.cmp(&events[b.event].id))
    });
    let mut parent: Vec<usize> = (0..features.len()).collect();
    let mut postings: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
    // The position of the event that last looked at a candidate, so each candidate is scored once.
    let mut seen_by: Vec<usize> = vec![usize::MAX; features.len()];
    for position in 0..features.len() {
        let current = &features[position];
        let keys = index_keys(&current.participants);
        let mut best: Option<(Strength, usize)> = None;
        for key in &keys {
            let Some(posting) = postings.get(key) else {
                continue;
            };
            let recent = &posting[posting.len().saturating_sub(config.candidates_per_key)..];
            for &candidate in recent {
                if seen_by[candidate] == position {
                    continue;
                }
                seen_by[candidate] = position;
                let Some(strength) = link_strength(&features[candidate], current, config) else {
                    continue;
                };
                // Ties go to the later candidate, whichever key found it: the choice must not depend on the
                // order names were first seen in, or relinking part of a store could differ from the whole.
                if best.as_ref() < Some(&(strength, candidate)) {
                    best = Some((strength, candidate));
                }
            }
        }
        if let Some((_, earlier)) = best {
            union(&mut parent, earlier, position);
        }
        for key in keys {
            postings.entry(key).or_default().push(position);
        }
    }
    collect_stories(events, &features, &mut parent)
}

/// How many events hold each term (an event listing a term twice counts once).
fn term_counts(events: &[EventOutline]) -> FxHashMap<&str, usize> {
    let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
    for event in events {
        for term in distinct_terms(event) {
            *counts.entry(term).or_default() += 1;
        }
    }
    counts
}

/// An event's terms, each once, sorted.
fn distinct_terms(event: &EventOutline) -> Vec<&str> {
    let mut terms: Vec<&str> = event.terms.iter().map(String::as_str).collect();
    terms.sort_unstable();
    terms.dedup();
    terms
}

/// A term held by more events than this, among `events` events in all, is too common to be a theme.
fn common_term_limit(events: usize, config: &Config) -> usize {
    ((events as f64 * config.common_term_share) as usize).max(config.common_term_floor)
}

/// What the linker knows of one dated event: interned names and terms, each list sorted.
struct Feature {
    event: usize,
    day: i64,
    participants: Vec<u32>,
    places: Vec<u32>,
    terms: Vec<u32>,
}

/// Names and terms as small numbers: only equality matters, so any numbering gives the same links.
#[derive(Default)]
struct Interner(FxHashMap<String, u32>);

impl Interner {
    fn intern(&mut self, name: String) -> u32 {
        let next = self.0.len() as u32;
        *self.0.entry(name).or_insert(next)
    }
}

/// What the linker compares of one event (`None` when it has no date), with `is_common` telling the terms too
/// common to be a theme.
fn feature_of(
    event: &EventOutline,
    index: usize,
    config: &Config,
    interner: &mut Interner,
    is_common: &dyn Fn(&str) -> bool,
) -> Option<Feature> {
    let day = event_day(event)?;
    let names: Vec<String> = event
        .participants
        .iter()
        .map(|name| normalise(name))
        .collect();
    let places: Vec<String> = event.places.iter().map(|name| normalise(name)).collect();
    // Names are compared as participants and places; their words are not a theme.
    let name_words: Vec<&str> = names
        .iter()
        .chain(&places)
        .flat_map(|n| n.split(' '))
        .collect();
    let mut participants: Vec<u32> = names
        .iter()
        .take(config.core_participants)
        .map(|n| interner.intern(n.clone()))
        .collect();
    let mut place_ids: Vec<u32> = places
        .iter()
        .take(config.core_places)
        .map(|n| interner.intern(n.clone()))
        .collect();
    let mut terms: Vec<u32> = event
        .terms
        .iter()
        .filter(|t| !is_common(t))
        .filter(|t| !name_words.contains(&t.as_str()))
        .map(|t| interner.intern(format!("\u{1}{t}")))
        .collect();
    for list in [&mut participants, &mut place_ids, &mut terms] {
        list.sort_unstable();
        list.dedup();
    }
    Some(Feature {
        event: index,
        day,
        participants,
        places: place_ids,
        terms,
    })
}

/// Days since the common era of an event's ISO date, if it has a readable one.
fn event_day(event: &EventOutline) -> Option<i64> {
    let date = NaiveDate::parse_from_str(event.date.as_deref()?, "%Y-%m-%d").ok()?;
    Some(i64::from(date.num_days_from_ce()))
}

/// Lower case, with hyphens as spaces, so "Kim Jong-un" and "Kim Jong Un" are one name.
fn normalise(name: &str) -> String {
    name.to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The index keys of an event: each core participant, and each pair of them (pairs find the rare shared
/// couple even when both names are in hundreds of events).
fn index_keys(participants: &[u32]) -> Vec<u64> {
    let mut keys: Vec<u64> = participants.iter().map(|&p| u64::from(p)).collect();
    for (i, &a) in participants.iter().enumerate() {
        for &b in &participants[i + 1..] {
            keys.push(((u64::from(a) + 1) << 32) | u64::from(b));
        }
    }
    keys
}

/// How strongly two events are tied; compared in field order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Strength {
    participants: usize,
    terms: usize,
    places: usize,
    /// Nearer is stronger.
    closeness: i64,
}

/// The tie between an earlier event and a later one, if it is strong enough to link them.
fn link_strength(earlier: &Feature, later: &Feature, config: &Config) -> Option<Strength> {
    let gap = later.day - earlier.day;
    if gap > config.max_gap_days {
        return None;
    }
    let participants = shared(&earlier.participants, &later.participants);
    let terms = shared(&earlier.terms, &later.terms);
    let linked = (participants >= 2 && terms >= 1)
        || (participants >= 1 && terms >= 2 && gap <= config.near_gap_days);
    linked.then(|| Strength {
        participants,
        terms,
        places: shared(&earlier.places, &later.places),
        closeness: -gap,
    })
}

/// How many values two sorted lists share.
fn shared(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut count) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                count += 1;
                i += 1;
                j += 1;
            }
        }
    }
    count
}

fn find(parent: &mut [usize], mut node: usize) -> usize {
    while parent[node] != node {
        parent[node] = parent[parent[node]];
        node = parent[node];
    }
    node
}

/// Joins two sets under the root that comes first in date order, so a story's root is its first event.
fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        let (root, child) = if ra < rb { (ra, rb) } else { (rb, ra) };
        parent[child] = root;
    }
}

fn collect_stories(
    events: &[EventOutline],
    features: &[Feature],
    parent: &mut [usize],
) -> Vec<Story> {
    let mut members: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for position in 0..features.len() {
        let root = find(parent, position);
        members.entry(root).or_default().push(position);
    }
    let mut stories: Vec<(usize, Story)> = members
        .into_iter()
        .filter(|(_, positions)| positions.len() > 1)
        .map(|(root, positions)| {
            // Positions are in date order already; the root is the first event.
            let members: Vec<&EventOutline> = positions
                .iter()
                .map(|&p| &events[features[p].event])
                .collect();
            (root, story_of(&members))
        })
        .collect();
    stories.sort_unstable_by_key(|(root, _)| *root);
    stories.into_iter().map(|(_, story)| story).collect()
}

/// The story of these linked events, given in date order, then id.
fn story_of(members: &[&EventOutline]) -> Story {
    let most_reported = members
        .iter()
        .min_by(|a, b| b.article_count.cmp(&a.article_count))
        .expect("a story has events");
    let ids: Vec<String> = members.iter().map(|event| event.id.clone()).collect();
    Story {
        id: stable_id("s", &ids[0]),
        title: most_reported.title.clone(),
        events: ids,
    }
}

#[cfg(test)]
mod tests;
