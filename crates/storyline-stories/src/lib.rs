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
//! in time); a story is a connected set of linked events. Events without a date and stories of a single event
//! are not listed.

use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;
use storyline_model::{stable_id, EventOutline, Story};

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
    let mut features = features_of(events, config);
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
            for &candidate in recent.iter().rev() {
                if seen_by[candidate] == position {
                    continue;
                }
                seen_by[candidate] = position;
                let Some(strength) = link_strength(&features[candidate], current, config) else {
                    continue;
                };
                // Later candidates come first in `recent`, so a tie keeps the nearest in time.
                if best.as_ref().is_none_or(|(b, _)| strength > *b) {
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

/// What the linker knows of one dated event: interned names and terms, each list sorted.
struct Feature {
    event: usize,
    day: i64,
    participants: Vec<u32>,
    places: Vec<u32>,
    terms: Vec<u32>,
}

fn features_of(events: &[EventOutline], config: &Config) -> Vec<Feature> {
    let mut interned: FxHashMap<String, u32> = FxHashMap::default();
    let mut intern = |name: String| -> u32 {
        let next = interned.len() as u32;
        *interned.entry(name).or_insert(next)
    };
    // How many events hold each term, to drop the ones too common to be a theme.
    let mut term_events: FxHashMap<&str, usize> = FxHashMap::default();
    for event in events {
        for term in &event.terms {
            *term_events.entry(term.as_str()).or_default() += 1;
        }
    }
    let common =
        ((events.len() as f64 * config.common_term_share) as usize).max(config.common_term_floor);
    let mut features = Vec::with_capacity(events.len());
    for (index, event) in events.iter().enumerate() {
        let Some(day) = event_day(event) else {
            continue;
        };
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
            .map(|n| intern(n.clone()))
            .collect();
        let mut place_ids: Vec<u32> = places
            .iter()
            .take(config.core_places)
            .map(|n| intern(n.clone()))
            .collect();
        let mut terms: Vec<u32> = event
            .terms
            .iter()
            .filter(|t| term_events[t.as_str()] <= common)
            .filter(|t| !name_words.contains(&t.as_str()))
            .map(|t| intern(format!("\u{1}{t}")))
            .collect();
        for list in [&mut participants, &mut place_ids, &mut terms] {
            list.sort_unstable();
            list.dedup();
        }
        features.push(Feature {
            event: index,
            day,
            participants,
            places: place_ids,
            terms,
        });
    }
    features
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
            let most_reported = positions
                .iter()
                .map(|&p| &events[features[p].event])
                .min_by(|a, b| b.article_count.cmp(&a.article_count))
                .expect("a story has events");
            let ids: Vec<String> = positions
                .iter()
                .map(|&p| events[features[p].event].id.clone())
                .collect();
            let story = Story {
                id: stable_id("s", &ids[0]),
                title: most_reported.title.clone(),
                events: ids,
            };
            (root, story)
        })
        .collect();
    stories.sort_unstable_by_key(|(root, _)| *root);
    stories.into_iter().map(|(_, story)| story).collect()
}

#[cfg(test)]
mod tests;
