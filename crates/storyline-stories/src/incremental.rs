//! Relinking after a change without reading the whole store, with the same result as [`link_stories`] over it.
//!
//! Why the result is exact. Linking gives each dated event at most one link, to its best candidate among the
//! `candidates_per_key` most recent earlier events of each of its index keys (its window), and a story is a
//! connected set of links. A change (events new or rewritten) can alter an unchanged event's link only by
//! changing its window or a candidate in it, so only through a changed event (its old or new version) within
//! `candidates_per_key` places before it under one of its keys and within `max_gap_days` of it; and it can alter
//! any link by turning a term common or not, which happens only when the event count crosses a step of the
//! common-term limit (then everything is relinked) or when a changed event's term crosses it (then the events
//! holding that term count as changed too, in place). So the links that may change are those of the changed
//! events and of the events just after them in their keys' postings (the affected events). The stories that hold an affected or changed event are taken apart and rebuilt from their
//! members' links, recomputed; a link that reaches into another story brings that whole story in (its own links
//! are unchanged, so it stays connected). Every other story stays as it was.

use rustc_hash::{FxHashMap, FxHashSet};
use storyline_model::{EventOutline, Story};

use crate::{
    common_term_limit, distinct_terms, event_day, feature_of, link_stories_with, link_strength,
    normalise, story_of, Config, Feature, Interner, Strength,
};

/// What the store keeps of one event for [`relink`] to find its neighbours: the day it is linked on, its index
/// keys (each core participant, and each pair of them) and its terms.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IndexEntries {
    /// Days since the common era; `None` for an event the linker leaves out (no readable date).
    pub day: Option<i64>,
    /// Empty when `day` is `None`.
    pub keys: Vec<String>,
    /// Each once, sorted; kept for undated events too, since they count towards how common a term is.
    pub terms: Vec<String>,
}

/// The entries a store files `event` under, with the default rules.
pub fn index_entries(event: &EventOutline) -> IndexEntries {
    let day = event_day(event);
    let keys = match day {
        Some(_) => key_names(event, &Config::default()),
        None => Vec::new(),
    };
    IndexEntries {
        day,
        keys,
        terms: distinct_terms(event)
            .into_iter()
            .map(String::from)
            .collect(),
    }
}

/// An event's index keys as text: each core participant's normalised name, and each pair of them joined by a
/// line break (a normalised name has none), the two in sorted order.
fn key_names(event: &EventOutline, config: &Config) -> Vec<String> {
    let mut core: Vec<String> = event
        .participants
        .iter()
        .take(config.core_participants)
        .map(|name| normalise(name))
        .collect();
    core.sort_unstable();
    core.dedup();
    let mut keys = core.clone();
    for (i, a) in core.iter().enumerate() {
        for b in &core[i + 1..] {
            keys.push(format!("{a}\n{b}"));
        }
    }
    keys
}

/// What [`relink`] reads from a store. Event order is (day, id), ids compared as bytes.
pub trait LinkIndex {
    type Error;
    /// How many events are stored, dated or not.
    fn event_count(&self) -> Result<usize, Self::Error>;
    /// How many stored events hold each of `terms` (terms held by none may be left out).
    fn term_counts(&self, terms: &[String]) -> Result<Vec<(String, usize)>, Self::Error>;
    /// Up to `limit` stored events filed under `key`, the nearest first: the ones after (`day`, `id`) when
    /// `later`, else the ones before it; each as (day, id).
    fn neighbours(
        &self,
        key: &str,
        day: i64,
        id: &str,
        later: bool,
        limit: usize,
    ) -> Result<Vec<(i64, String)>, Self::Error>;
    /// The stored events that hold the term `term`.
    fn events_with_term(&self, term: &str) -> Result<Vec<String>, Self::Error>;
    /// The stored outlines of these events (unknown ids are skipped), in any order.
    fn outlines(&self, ids: &[String]) -> Result<Vec<EventOutline>, Self::Error>;
    /// Every stored event's outline.
    fn all_outlines(&self) -> Result<Vec<EventOutline>, Self::Error>;
    /// The stored stories, as the last relink listed them.
    fn stories(&self) -> Result<Vec<Story>, Self::Error>;
    /// Whether the stored stories are those of the stored events (no events were changed without relinking).
    fn stories_current(&self) -> Result<bool, Self::Error>;
}

/// The stories over the stored events with `changed` in place of their stored versions (or added), equal to
/// [`link_stories`] over all of them. Relinks every event when the stored stories are not current, or when the
/// change of the event count moves the common-term limit.
///
/// [`link_stories`]: crate::link_stories
pub fn relink<I: LinkIndex>(index: &I, changed: &[EventOutline]) -> Result<Vec<Story>, I::Error> {
    let config = Config::default();
    let full = || -> Result<Vec<Story>, I::Error> {
        let changed_ids: FxHashSet<&str> = changed.iter().map(|e| e.id.as_str()).collect();
        let mut outlines = index.all_outlines()?;
        outlines.retain(|e| !changed_ids.contains(e.id.as_str()));
        outlines.extend(changed.iter().cloned());
        Ok(link_stories_with(&outlines, &config))
    };
    if !index.stories_current()? {
        return full();
    }
    let changed_ids: Vec<String> = changed.iter().map(|e| e.id.clone()).collect();
    let old_versions = index.outlines(&changed_ids)?;
    let stored_count = index.event_count()?;
    let count_after = stored_count + changed.len() - old_versions.len();
    let common = common_term_limit(stored_count, &config);
    if common_term_limit(count_after, &config) != common {
        return full();
    }
    // Terms whose count the change moves; if one crosses the limit, every event holding it links differently.
    let mut counts: FxHashMap<String, usize> = FxHashMap::default();
    let touched_terms: Vec<String> = {
        let mut terms: Vec<String> = old_versions
            .iter()
            .chain(changed)
            .flat_map(|e| e.terms.iter().cloned())
            .collect();
        terms.sort_unstable();
        terms.dedup();
        terms
    };
    counts.extend(index.term_counts(&touched_terms)?);
    for term in &touched_terms {
        counts.entry(term.clone()).or_default();
    }
    let mut counts_after = counts.clone();
    for event in &old_versions {
        for term in distinct_terms(event) {
            let count = counts_after.get_mut(term).expect("counted");
            *count = count.saturating_sub(1);
        }
    }
    for event in changed {
        for term in distinct_terms(event) {
            *counts_after.get_mut(term).expect("counted") += 1;
        }
    }
    // A term the change turns common (or not) changes how every event holding it links: those events are
    // relinked too, and so are the events whose windows hold them.
    let mut reweighted: Vec<String> = Vec::new();
    for term in &touched_terms {
        if (counts[term] > common) != (counts_after[term] > common) {
            reweighted.extend(index.events_with_term(term)?);
        }
    }
    reweighted.sort_unstable();
    reweighted.dedup();
    reweighted.retain(|id| !changed_ids.contains(id));
    let mut seeds = old_versions;
    seeds.extend(index.outlines(&reweighted)?);
    let mut relinker = Relinker {
        index,
        config,
        common,
        counts: counts_after,
        outlines: FxHashMap::default(),
        changed: changed.iter().map(|e| (e.id.clone(), e)).collect(),
        margin: changed.len(),
        interner: Interner::default(),
        features: FxHashMap::default(),
    };
    relinker.run(&seeds)
}

/// The state of one incremental relink.
struct Relinker<'a, I: LinkIndex> {
    index: &'a I,
    config: Config,
    common: usize,
    /// Events holding each term after the change, for the terms looked up so far.
    counts: FxHashMap<String, usize>,
    /// The outlines read so far (unchanged events only).
    outlines: FxHashMap<String, EventOutline>,
    changed: FxHashMap<String, &'a EventOutline>,
    /// How many more neighbours than a window to read, to make up for changed events among them.
    margin: usize,
    interner: Interner,
    /// The features computed so far, by event id.
    features: FxHashMap<String, Feature>,
}

/// An event's place in linking order.
type Place = (i64, String);

impl<'a, I: LinkIndex> Relinker<'a, I> {
    /// The stories after the change; `seeds` are the stored versions of the changed events and the stored events
    /// whose terms changed weight.
    fn run(&mut self, seeds: &[EventOutline]) -> Result<Vec<Story>, I::Error> {
        let window = self.config.candidates_per_key;
        // The affected events: the changed and reweighted ones, and those whose window one of their versions
        // enters.
        let mut affected: FxHashSet<String> = self.changed.keys().cloned().collect();
        affected.extend(seeds.iter().map(|e| e.id.clone()));
        let changed: Vec<&EventOutline> = self.changed.values().copied().collect();
        for version in seeds.iter().chain(changed) {
            let Some(day) = event_day(version) else {
                continue;
            };
            for key in key_names(version, &self.config) {
                let later =
                    self.index
                        .neighbours(&key, day, &version.id, true, window + self.margin)?;
                for (later_day, id) in later {
                    if later_day - day > self.config.max_gap_days {
                        break;
                    }
                    affected.insert(id);
                }
            }
        }
        // The stories those are in are rebuilt from all their members' links.
        let stories = self.index.stories()?;
        let mut story_of_event: FxHashMap<&str, usize> = FxHashMap::default();
        for (number, story) in stories.iter().enumerate() {
            for id in &story.events {
                story_of_event.insert(id, number);
            }
        }
        // Stories holding an affected event are taken apart: all their members are relinked.
        let torn: FxHashSet<usize> = affected
            .iter()
            .filter_map(|id| story_of_event.get(id.as_str()).copied())
            .collect();
        let mut relinked: Vec<String> = affected.into_iter().collect();
        for &number in &torn {
            relinked.extend(stories[number].events.iter().cloned());
        }
        relinked.sort_unstable();
        relinked.dedup();
        self.read(&relinked)?;

        // Each relinked event's best link.
        let mut links: Vec<(String, String)> = Vec::new();
        for id in &relinked {
            if let Some(earlier) = self.best_link(id)? {
                links.push((id.clone(), earlier));
            }
        }
        // A link into a story not taken apart brings that story in whole, connected by its unchanged links.
        let mut reached: FxHashSet<usize> = FxHashSet::default();
        for (_, earlier) in &links {
            if let Some(&number) = story_of_event.get(earlier.as_str()) {
                if !torn.contains(&number) {
                    reached.insert(number);
                }
            }
        }
        let mut nodes: Vec<String> = relinked;
        nodes.extend(links.iter().map(|(_, earlier)| earlier.clone()));
        for &number in &reached {
            nodes.extend(stories[number].events.iter().cloned());
        }
        nodes.sort_unstable();
        nodes.dedup();
        self.read(&nodes)?;
        let position: FxHashMap<&str, usize> = nodes
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        let mut parent: Vec<usize> = (0..nodes.len()).collect();
        let mut join = |a: &str, b: &str| {
            let (ra, rb) = (
                crate::find(&mut parent, position[a]),
                crate::find(&mut parent, position[b]),
            );
            parent[ra.max(rb)] = ra.min(rb);
        };
        for (later, earlier) in &links {
            join(later, earlier);
        }
        for &number in &reached {
            let events = &stories[number].events;
            for id in &events[1..] {
                join(&events[0], id);
            }
        }
        let mut components: FxHashMap<usize, Vec<&EventOutline>> = FxHashMap::default();
        for (i, id) in nodes.iter().enumerate() {
            let Some(event) = self.outline(id).filter(|e| event_day(e).is_some()) else {
                continue;
            };
            components
                .entry(crate::find(&mut parent, i))
                .or_default()
                .push(event);
        }
        let mut result: Vec<(Place, Story)> = Vec::new();
        for mut members in components.into_values().filter(|m| m.len() > 1) {
            members.sort_by_cached_key(|e| place_of(e));
            result.push((place_of(members[0]), story_of(&members)));
        }
        let kept: Vec<&Story> = stories
            .iter()
            .enumerate()
            .filter(|(number, _)| !torn.contains(number) && !reached.contains(number))
            .map(|(_, story)| story)
            .collect();
        let firsts: Vec<String> = kept.iter().map(|s| s.events[0].clone()).collect();
        self.read(&firsts)?;
        for story in kept {
            let first = self
                .outline(&story.events[0])
                .expect("a stored story's event is stored");
            result.push((place_of(first), story.clone()));
        }
        result.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Ok(result.into_iter().map(|(_, story)| story).collect())
    }

    /// Reads the outlines of these events that are neither changed nor read yet.
    fn read(&mut self, ids: &[String]) -> Result<(), I::Error> {
        let missing: Vec<String> = ids
            .iter()
            .filter(|id| !self.changed.contains_key(*id) && !self.outlines.contains_key(*id))
            .cloned()
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        for outline in self.index.outlines(&missing)? {
            self.outlines.insert(outline.id.clone(), outline);
        }
        Ok(())
    }

    /// An event as it is after the change (`None` for one neither changed nor read).
    fn outline(&self, id: &str) -> Option<&EventOutline> {
        self.changed
            .get(id)
            .copied()
            .or_else(|| self.outlines.get(id))
    }

    /// The event `id` links to, as [`link_stories`](crate::link_stories) decides over the changed store.
    fn best_link(&mut self, id: &str) -> Result<Option<String>, I::Error> {
        let Some(event) = self.outline(id).cloned() else {
            return Ok(None);
        };
        let Some(day) = event_day(&event) else {
            return Ok(None);
        };
        let here: Place = (day, event.id.clone());
        let window = self.config.candidates_per_key;
        let mut candidates: Vec<Place> = Vec::new();
        for key in key_names(&event, &self.config) {
            // The stored posting before this event, without changed events' old versions, with their new ones.
            let mut posting: Vec<Place> = self
                .index
                .neighbours(&key, day, id, false, window + self.margin)?
                .into_iter()
                .filter(|(_, other)| !self.changed.contains_key(other))
                .collect();
            for other in self.changed.values() {
                if let Some(other_day) = event_day(other) {
                    let place = (other_day, other.id.clone());
                    if place < here && key_names(other, &self.config).contains(&key) {
                        posting.push(place);
                    }
                }
            }
            posting.sort_unstable();
            candidates.extend(posting.into_iter().rev().take(window));
        }
        candidates.sort_unstable();
        candidates.dedup();
        let ids: Vec<String> = candidates.iter().map(|(_, id)| id.clone()).collect();
        self.read(&ids)?;
        let mut wanted: Vec<String> = ids
            .iter()
            .chain(std::iter::once(&event.id))
            .filter_map(|id| self.outline(id))
            .flat_map(|e| e.terms.iter())
            .filter(|t| !self.counts.contains_key(*t))
            .cloned()
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        if !wanted.is_empty() {
            for term in &wanted {
                self.counts.insert(term.clone(), 0);
            }
            self.counts.extend(self.index.term_counts(&wanted)?);
        }
        for id in ids.iter().chain(std::iter::once(&event.id)) {
            self.cache_feature(id);
        }
        let current = &self.features[&event.id];
        let mut best: Option<(Strength, &Place)> = None;
        for place in &candidates {
            let Some(candidate) = self.features.get(&place.1) else {
                continue;
            };
            if let Some(strength) = link_strength(candidate, current, &self.config) {
                if best < Some((strength, place)) {
                    best = Some((strength, place));
                }
            }
        }
        Ok(best.map(|(_, place)| place.1.clone()))
    }
}

impl<I: LinkIndex> Relinker<'_, I> {
    /// Computes an event's feature once (its terms' counts must be known).
    fn cache_feature(&mut self, id: &str) {
        if self.features.contains_key(id) {
            return;
        }
        let Some(outline) = self
            .changed
            .get(id)
            .copied()
            .or_else(|| self.outlines.get(id))
        else {
            return;
        };
        let (counts, common) = (&self.counts, self.common);
        let is_common = |term: &str| counts[term] > common;
        if let Some(feature) = feature_of(outline, 0, &self.config, &mut self.interner, &is_common)
        {
            self.features.insert(id.to_string(), feature);
        }
    }
}

fn place_of(event: &EventOutline) -> Place {
    (event_day(event).unwrap_or(i64::MAX), event.id.clone())
}
