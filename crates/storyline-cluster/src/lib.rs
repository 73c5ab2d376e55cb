//! Pipeline stage 3 — cluster: online, one-pass grouping of articles into events.
//!
//! Articles arrive in stream order (publication time, then id). Each is compared with the open events that share
//! its distinctive terms or entities and joins the best one when the similarity clears a threshold; otherwise it
//! opens a new event. Document frequencies grow with the stream, so nothing needs to be known in advance.
//! Articles come in batches, and a short look-ahead within the batch can revise a join: when the next articles
//! include one that the event would not take but that matches this article better, the article opens its own
//! event (the first report of another event that looks like an open one).
//! Conversely, when an article joins an event, a one-article event opened by one of the few articles before it
//! in the batch is folded into that event if the grown event now takes it (a one-sentence report of the same
//! event that, alone, shared too little with it).
//! And when several articles of a batch each join one event while matching another event opened in the batch
//! almost as well, the two events merge: two sides of one story told apart at first (the fire and the owner's
//! losses) until reports that tell both arrive. A merge needs three such articles, main years that agree and
//! spans that meet; an event decided in an earlier batch is never merged, since its articles are stored.
//! Events that received nothing for longer than a time window are closed, which keeps memory bounded on an
//! endless stream. The whole state serialises, so a later ingest continues where the last one stopped.
//!
//! Similarity blends three signals: cosine of TF-IDF term vectors (title and lead weighted up), cosine of
//! TF-IDF entity vectors, and a penalty when the years an article mentions conflict with the event's years —
//! what splits recurring events with the same actors (a 2019 summit and a 2023 summit). Smaller adjustments: a
//! shared year, a different protagonist, and a report and an event of which only one has a day. Each join's `why`
//! ends with its score by signal, so it says which one decided.

mod vector;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use storyline_analyze::Analysis;
use storyline_model::{stable_id, EntityKind, Published};
use vector::{SparseVector, Vocabulary};

/// Tunable parameters. The defaults are tuned on the ECB+ training topics (see BENCHMARKS.md).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// An article joins the best event when the similarity is at least this.
    pub threshold: f32,
    /// Share of the entity cosine in the blended similarity (the rest is the term cosine).
    pub entity_weight: f32,
    /// Term-frequency multipliers for the title and the lead (first words of the body).
    pub title_boost: f32,
    pub lead_boost: f32,
    /// Subtracted when the article and the event both mention years and share none.
    pub year_conflict_penalty: f32,
    /// Added when they share a year.
    pub year_match_bonus: f32,
    /// Subtracted when the article's protagonist (its most prominent person) and the event's are different
    /// people and neither article nor event names the other's.
    pub protagonist_conflict_penalty: f32,
    /// Subtracted when a report with a day (publication or dateline) is compared with an event none of whose
    /// members has one: the time window cannot check that pair, so the text alone must carry the join by more.
    pub undated_event_penalty: f32,
    /// Subtracted when a report without a day is compared with an event whose members have days: the same
    /// blind spot seen from the other side. Smaller, since undated text (an agency snippet, a reprint) often
    /// belongs to dated coverage.
    pub undated_report_penalty: f32,
    /// Events with no new article for this many days are closed.
    pub window_days: i64,
    /// An undated article whose header states a day (a dateline) only joins events within this many days of
    /// it. Wider than the window: reprints and follow-ups carry their own, later datelines.
    pub dateline_window_days: i64,
    /// At most this many events stay open; the least recently updated close first.
    pub max_open_events: usize,
    /// Terms kept in an event centroid (the heaviest).
    pub centroid_terms: usize,
    /// How many of an article's heaviest terms are used to find candidate events.
    pub probe_terms: usize,
    /// An article with at most this many distinct terms is short (a one- or two-sentence report): its cosine
    /// with a broad centroid is small by construction, however well the event covers what it says.
    pub short_article_terms: usize,
    /// A short article's term similarity is at least this share of its cosine with the event's centroid seen
    /// through the article's own terms.
    pub short_article_weight: f32,
    /// Look-ahead: before an article joins an event, it is compared with up to this many of the articles that
    /// follow it in the same batch (0: no look-ahead). Still one pass; a batch's end flushes every decision.
    pub lookahead: usize,
    /// An article that would join an event opens its own instead when a coming article (not a short one) that
    /// the event would not take matches it by this much more than both the join's score and that article's own
    /// score with the event.
    pub lookahead_margin: f32,
    /// Folding: after an article joins an event, a one-article event opened (not by the look-ahead) by one of
    /// the previous this-many articles of the batch (0: off) may be folded into it. Bounded per article; a
    /// batch's end ends every chance to fold.
    pub fold_recent: usize,
    /// A young event is folded when the joining article matches it, and the grown event takes its report, each
    /// by at least the threshold plus this.
    pub fold_margin: f32,
    /// Merging: when an article joins an event and also matches another event opened (not by the look-ahead)
    /// in the same batch by at least the threshold plus this, the article links the two (negative: off).
    pub merge_link_margin: f32,
    /// A link counts when the grown event takes the other event's centroid by the threshold plus this, their
    /// main years agree and their spans meet.
    pub merge_margin: f32,
    /// Two events merge when this many articles have linked them: one article that recalls another event is
    /// not enough.
    pub merge_votes: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            threshold: 0.18,
            entity_weight: 0.35,
            title_boost: 2.0,
            lead_boost: 1.0,
            year_conflict_penalty: 0.25,
            year_match_bonus: 0.05,
            protagonist_conflict_penalty: 0.1,
            undated_event_penalty: 0.1,
            undated_report_penalty: 0.05,
            window_days: 30,
            dateline_window_days: 730,
            max_open_events: 20_000,
            centroid_terms: 150,
            probe_terms: 12,
            short_article_terms: 30,
            short_article_weight: 0.7,
            lookahead: 12,
            lookahead_margin: 0.05,
            fold_recent: 16,
            fold_margin: 0.125,
            merge_link_margin: 0.05,
            merge_margin: 0.1,
            merge_votes: 3,
        }
    }
}

impl Config {
    /// Sets one parameter by name, for tuning from the command line.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), String> {
        let bad = |e: &dyn std::fmt::Display| format!("{name}: {e}");
        let float = |v: &str| v.parse::<f32>().map_err(|e| bad(&e));
        match name {
            "threshold" => self.threshold = float(value)?,
            "entity_weight" => self.entity_weight = float(value)?,
            "title_boost" => self.title_boost = float(value)?,
            "lead_boost" => self.lead_boost = float(value)?,
            "year_conflict_penalty" => self.year_conflict_penalty = float(value)?,
            "year_match_bonus" => self.year_match_bonus = float(value)?,
            "protagonist_conflict_penalty" => self.protagonist_conflict_penalty = float(value)?,
            "undated_event_penalty" => self.undated_event_penalty = float(value)?,
            "undated_report_penalty" => self.undated_report_penalty = float(value)?,
            "window_days" => self.window_days = value.parse().map_err(|e| bad(&e))?,
            "dateline_window_days" => {
                self.dateline_window_days = value.parse().map_err(|e| bad(&e))?
            }
            "max_open_events" => self.max_open_events = value.parse().map_err(|e| bad(&e))?,
            "centroid_terms" => self.centroid_terms = value.parse().map_err(|e| bad(&e))?,
            "probe_terms" => self.probe_terms = value.parse().map_err(|e| bad(&e))?,
            "short_article_terms" => {
                self.short_article_terms = value.parse().map_err(|e| bad(&e))?
            }
            "short_article_weight" => self.short_article_weight = float(value)?,
            "lookahead" => self.lookahead = value.parse().map_err(|e| bad(&e))?,
            "lookahead_margin" => self.lookahead_margin = float(value)?,
            "fold_recent" => self.fold_recent = value.parse().map_err(|e| bad(&e))?,
            "fold_margin" => self.fold_margin = float(value)?,
            "merge_link_margin" => self.merge_link_margin = float(value)?,
            "merge_margin" => self.merge_margin = float(value)?,
            "merge_votes" => self.merge_votes = value.parse().map_err(|e| bad(&e))?,
            _ => return Err(format!("unknown clustering parameter {name:?}")),
        }
        Ok(())
    }
}

/// Where an article went and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Assignment {
    pub event_id: String,
    /// True when the article opened a new event.
    pub opened: bool,
    /// Similarity to the event it joined; for an opener, 1.0.
    pub score: f32,
    /// For a join: the shared entities, years and terms that weighed most. For an opener: why it did not join.
    pub why: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct OpenEvent {
    id: String,
    terms: SparseVector,
    entities: SparseVector,
    years: Vec<(i32, u32)>,
    /// People by surname with their prominence summed over members, sorted by surname.
    persons: Vec<(String, f32)>,
    size: u32,
    first_day: Option<i64>,
    last_day: Option<i64>,
    /// Stream position of the last article, for closing the stalest events first.
    last_seq: u64,
}

impl OpenEvent {
    /// An event of one article; also returns the term and entity ids its centroids hold, for the postings.
    fn single(
        id: String,
        vectors: &ArticleVectors,
        day: Option<i64>,
        seq: u64,
        centroid_terms: usize,
    ) -> (OpenEvent, Vec<u32>, Vec<u32>) {
        let mut terms = SparseVector::default();
        let new_terms = terms.add_capped(&vectors.terms, centroid_terms);
        let mut entities = SparseVector::default();
        let new_entities = entities.add_capped(&vectors.entities, centroid_terms);
        let event = OpenEvent {
            id,
            terms,
            entities,
            years: vectors.years.clone(),
            persons: vectors.persons.clone(),
            size: 1,
            first_day: day,
            last_day: day,
            last_seq: seq,
        };
        (event, new_terms, new_entities)
    }

    /// The event seen as one article, to compare two events.
    fn as_vectors(&self) -> ArticleVectors {
        ArticleVectors {
            terms: self.terms.clone(),
            entities: self.entities.clone(),
            entity_names: FxHashMap::default(),
            years: self.years.clone(),
            persons: self.persons.clone(),
        }
    }
}

/// An article as the clusterer takes it.
#[derive(Clone, Copy, Debug)]
pub struct Incoming<'a> {
    pub id: &'a str,
    pub published: Option<Published>,
    pub analysis: &'a Analysis,
}

/// An article whose vectors are computed and whose event is not yet decided.
struct Pending {
    id: String,
    vectors: ArticleVectors,
    day: Option<i64>,
    /// How far (days) from an event's span the article may be and still join it.
    window: i64,
    /// The article as a one-article event, to compare the articles before it with (look-ahead only).
    alone: Option<OpenEvent>,
}

/// Where [`Clusterer::decide`] placed an article: its assignment, the event's sequence number, and whether the
/// look-ahead revised a join into an opening.
struct Placement {
    assignment: Assignment,
    event_seq: u64,
    revised: bool,
    /// For a join: the other events the article matches by the merge link margin, best first.
    links: Vec<u64>,
}

/// A coming article that matches the current one better than the event it would join.
struct BetterPair {
    id: String,
    /// The current article's similarity with the coming one.
    score: f32,
    /// The coming article's similarity with the event.
    theirs: f32,
}

/// The online clusterer and all its state.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Clusterer {
    config: Config,
    terms: Vocabulary,
    entities: Vocabulary,
    /// Articles seen so far.
    seen: u64,
    /// Open events by a sequence number that is never reused.
    open: FxHashMap<u64, OpenEvent>,
    next_event: u64,
    /// The latest publication day seen.
    today: Option<i64>,
    #[serde(skip)]
    postings: Postings,
}

/// Term and entity ids to the open events whose centroids hold them (rebuilt, not stored).
#[derive(Clone, Debug, Default)]
struct Postings {
    terms: FxHashMap<u32, Vec<u64>>,
    entities: FxHashMap<u32, Vec<u64>>,
    /// Entries that may point to closed events; past a bound the lists are rebuilt.
    stale: usize,
}

/// An article's vectors, computed once.
struct ArticleVectors {
    terms: SparseVector,
    entities: SparseVector,
    /// Display names of the article's entities, by entity id.
    entity_names: FxHashMap<u32, String>,
    years: Vec<(i32, u32)>,
    /// People by surname with their prominence in the article, sorted by surname.
    persons: Vec<(String, f32)>,
}

impl Clusterer {
    pub fn new(config: Config) -> Self {
        Clusterer {
            config,
            terms: Vocabulary::default(),
            entities: Vocabulary::default(),
            seen: 0,
            open: FxHashMap::default(),
            next_event: 0,
            today: None,
            postings: Postings::default(),
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Restores a clusterer saved with [`Clusterer::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        let mut clusterer: Clusterer = serde_json::from_slice(bytes)
            .map_err(|e| format!("unreadable clustering state: {e}"))?;
        clusterer.rebuild_postings();
        Ok(clusterer)
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        // Serialising plain data with string keys cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }

    pub fn open_events(&self) -> usize {
        self.open.len()
    }

    /// The ids of the open events, in no particular order: only these can receive another article.
    pub fn open_event_ids(&self) -> impl Iterator<Item = &str> {
        self.open.values().map(|event| event.id.as_str())
    }

    /// Takes the next article of the stream and says which event it belongs to (a batch of one: no look-ahead).
    pub fn add(
        &mut self,
        article_id: &str,
        published: Option<Published>,
        analysis: &Analysis,
    ) -> Assignment {
        let article = Incoming {
            id: article_id,
            published,
            analysis,
        };
        self.add_batch(&[article])
            .pop()
            .expect("one assignment per article")
    }

    /// Takes the next articles of the stream, in stream order, and says which event each belongs to. With a
    /// look-ahead, an article's decision may use the articles after it in this batch; every decision is made
    /// before this returns, so nothing is held back between batches.
    pub fn add_batch(&mut self, batch: &[Incoming<'_>]) -> Vec<Assignment> {
        let mut window: VecDeque<Pending> = VecDeque::new();
        let mut assignments: Vec<Assignment> = Vec::with_capacity(batch.len());
        // One-article events opened in this batch that may still be folded: (batch index, event, opener).
        let mut young: VecDeque<(usize, u64, Pending)> = VecDeque::new();
        // Events opened in this batch, with the index of their opener: all their members are in `assignments`
        // from there on, so they can still merge.
        let mut opened_here: FxHashMap<u64, usize> = FxHashMap::default();
        // Articles that linked two events so far, by the pair.
        let mut votes: FxHashMap<(u64, u64), u32> = FxHashMap::default();
        for (index, article) in batch.iter().enumerate() {
            while window.len() <= self.config.lookahead && index + window.len() < batch.len() {
                let next = batch[index + window.len()];
                let pending = self.pending(next);
                window.push_back(pending);
            }
            let current = window
                .pop_front()
                .expect("the current article is in the window");
            let Placement {
                assignment,
                event_seq,
                revised,
                links,
            } = self.decide(article, &current, &window);
            if assignment.opened && !revised {
                opened_here.insert(event_seq, index);
            }
            if self.config.fold_recent > 0 {
                while young
                    .front()
                    .is_some_and(|(i, _, _)| i + self.config.fold_recent < index)
                {
                    young.pop_front();
                }
                if !assignment.opened {
                    self.fold_young(
                        event_seq,
                        article.id,
                        &current,
                        &mut young,
                        &mut opened_here,
                        &mut assignments,
                    );
                } else if !revised {
                    young.push_back((index, event_seq, current));
                }
            }
            if !assignment.opened {
                self.merge_linked(
                    event_seq,
                    article.id,
                    &links,
                    &mut opened_here,
                    &mut votes,
                    &mut assignments,
                );
            }
            assignments.push(assignment);
        }
        assignments
    }

    /// After an article joined the event `into`, folds the young one-article events that the grown event now
    /// takes by the fold margin, and rewrites their openers' assignments.
    fn fold_young(
        &mut self,
        into: u64,
        bridge: &str,
        bridging: &Pending,
        young: &mut VecDeque<(usize, u64, Pending)>,
        opened_here: &mut FxHashMap<u64, usize>,
        assignments: &mut [Assignment],
    ) {
        let mut kept = VecDeque::with_capacity(young.len());
        while let Some((index, seq, opener)) = young.pop_front() {
            let score = match (self.open.get(&into), self.open.get(&seq)) {
                (Some(event), Some(alone)) if seq != into && alone.size == 1 => {
                    let in_time = match (opener.day, event.first_day, event.last_day) {
                        (Some(day), Some(first), Some(last)) => {
                            day >= first - opener.window && day <= last + opener.window
                        }
                        _ => true,
                    };
                    let linked = self
                        .similarity(alone, &bridging.vectors, bridging.day.is_some())
                        .total()
                        >= self.config.threshold + self.config.fold_margin;
                    (in_time && linked).then(|| {
                        self.similarity(event, &opener.vectors, opener.day.is_some())
                            .total()
                    })
                }
                _ => None,
            };
            match score {
                Some(score) if score >= self.config.threshold + self.config.fold_margin => {
                    let event_id = self.absorb(into, seq);
                    if let Some(start) = opened_here.get_mut(&into) {
                        *start = (*start).min(index);
                    }
                    assignments[index] = Assignment {
                        event_id,
                        opened: false,
                        score,
                        why: vec![format!(
                            "folded into an event after the later article {bridge} joined it: the grown event \
                             takes this one-article event's report (score {score:.2}); only events of one \
                             article opened within the last {} articles of the batch are reconsidered",
                            self.config.fold_recent
                        )],
                    };
                }
                Some(_) => kept.push_back((index, seq, opener)),
                None if self.open.contains_key(&seq) => kept.push_back((index, seq, opener)),
                None => {}
            }
        }
        *young = kept;
    }

    /// After an article joined the event `into`, counts a link to each event opened in this batch that the
    /// article also matches (`links`) when the grown event takes that event's centroid by the merge margin and
    /// their spans meet; an event with enough links is merged into `into` and its members' assignments are
    /// rewritten.
    fn merge_linked(
        &mut self,
        into: u64,
        bridge: &str,
        links: &[u64],
        opened_here: &mut FxHashMap<u64, usize>,
        votes: &mut FxHashMap<(u64, u64), u32>,
        assignments: &mut [Assignment],
    ) {
        for &seq in links {
            if seq == into || !opened_here.contains_key(&seq) {
                continue;
            }
            let (Some(event), Some(other)) = (self.open.get(&into), self.open.get(&seq)) else {
                continue;
            };
            let window = self.config.window_days;
            let in_time = match (
                event.first_day,
                event.last_day,
                other.first_day,
                other.last_day,
            ) {
                (Some(first), Some(last), Some(their_first), Some(their_last)) => {
                    their_first >= first - window && their_last <= last + window
                }
                _ => true,
            };
            if !in_time {
                continue;
            }
            let view = other.as_vectors();
            let mut parts = self.similarity(event, &view, other.last_day.is_some());
            // Two events' year lists gather background years from every member, so any shared year says
            // little; their most-mentioned years must agree.
            if let (Some(mine), Some(theirs)) = (main_year(&event.years), main_year(&other.years)) {
                parts.years = if mine == theirs {
                    self.config.year_match_bonus
                } else {
                    -self.config.year_conflict_penalty
                };
            }
            // A merge has no direction: whichever of the two has no day, the time window cannot check them,
            // so the event-side penalty applies either way.
            parts.undated_report = 0.0;
            if event.last_day.is_some() != other.last_day.is_some() {
                parts.undated_event = -self.config.undated_event_penalty;
            }
            let score = parts.total();
            if score < self.config.threshold + self.config.merge_margin {
                continue;
            }
            let count = votes.entry((into.min(seq), into.max(seq))).or_insert(0);
            *count += 1;
            if *count < self.config.merge_votes {
                continue;
            }
            let merged_id = other.id.clone();
            let event_id = self.absorb(into, seq);
            let first_member = opened_here[&seq];
            if let Some(start) = opened_here.get_mut(&into) {
                *start = (*start).min(first_member);
            }
            let note = format!(
                "merged into another event after {} later articles matched both, the last {bridge}: the grown \
                 event takes this event's centroid (score {score:.2})",
                self.config.merge_votes
            );
            for assignment in &mut assignments[first_member..] {
                if assignment.event_id != merged_id {
                    continue;
                }
                assignment.event_id.clone_from(&event_id);
                if assignment.opened {
                    assignment.opened = false;
                    assignment.score = score;
                    assignment.why = vec![note.clone()];
                } else {
                    assignment.why.push(note.clone());
                }
            }
        }
    }

    /// Merges the event `from` into `into` and closes it; returns the id of `into`.
    fn absorb(&mut self, into: u64, from: u64) -> String {
        let alone = self
            .open
            .remove(&from)
            .expect("merged events are checked open");
        let centroid_terms = self.config.centroid_terms;
        let event = self.open.get_mut(&into).expect("the event is open");
        let new_terms = event.terms.add_capped(&alone.terms, centroid_terms);
        let new_entities = event.entities.add_capped(&alone.entities, centroid_terms);
        merge_years(&mut event.years, &alone.years);
        merge_persons(&mut event.persons, &alone.persons);
        event.size += alone.size;
        event.first_day = match (event.first_day, alone.first_day) {
            (Some(first), Some(day)) => Some(first.min(day)),
            (first, day) => first.or(day),
        };
        event.last_day = match (event.last_day, alone.last_day) {
            (Some(last), Some(day)) => Some(last.max(day)),
            (last, day) => last.or(day),
        };
        event.last_seq = event.last_seq.max(alone.last_seq);
        let event_id = event.id.clone();
        self.index(into, &new_terms, &new_entities);
        self.note_closed(1);
        event_id
    }

    /// An article's report time and vectors, and with a look-ahead its one-article event.
    fn pending(&mut self, article: Incoming<'_>) -> Pending {
        // The report's time: the publication day, else the day its header states, with a wider window.
        let (day, window) = match (article.published, article.analysis.dateline) {
            (Some(published), _) => (Some(published.day_number()), self.config.window_days),
            (None, Some(dateline)) => (
                Some(Published::from_date(dateline).day_number()),
                self.config.dateline_window_days,
            ),
            (None, None) => (None, self.config.window_days),
        };
        let vectors = self.vectors(article.analysis);
        let alone = (self.config.lookahead > 0).then(|| {
            OpenEvent::single(String::new(), &vectors, day, 0, self.config.centroid_terms).0
        });
        Pending {
            id: article.id.to_string(),
            vectors,
            day,
            window,
            alone,
        }
    }

    /// Places one article, given the articles after it in the look-ahead.
    fn decide(
        &mut self,
        article: &Incoming<'_>,
        current: &Pending,
        ahead: &VecDeque<Pending>,
    ) -> Placement {
        // The stream's clock is the sources' publication time; it closes stale events.
        if let Some(day) = article.published.map(|p| p.day_number()) {
            if self.today.is_none_or(|today| day > today) {
                self.today = Some(day);
                self.close_stale(day);
            }
        }
        let Pending {
            vectors,
            day,
            window,
            ..
        } = current;
        let (day, window, analysis) = (*day, *window, article.analysis);
        self.seen += 1;
        let ranked = self.ranked_events(vectors, day, window);
        let best = ranked.first().copied();
        let held_back = match best {
            Some((event_seq, score)) if score >= self.config.threshold => {
                self.better_pair(event_seq, score, current, ahead)
            }
            _ => None,
        };
        let seq = self.seen;
        match best {
            Some((event_seq, score)) if score >= self.config.threshold && held_back.is_none() => {
                let why = self.explain(event_seq, vectors, analysis, day.is_some());
                let config = self.config.clone();
                let event = self
                    .open
                    .get_mut(&event_seq)
                    .expect("candidate events are open");
                let new_terms = event
                    .terms
                    .add_capped(&vectors.terms, config.centroid_terms);
                let new_entities = event
                    .entities
                    .add_capped(&vectors.entities, config.centroid_terms);
                merge_years(&mut event.years, &vectors.years);
                merge_persons(&mut event.persons, &vectors.persons);
                event.size += 1;
                event.first_day = match (event.first_day, day) {
                    (Some(first), Some(day)) => Some(first.min(day)),
                    (first, day) => first.or(day),
                };
                event.last_day = match (event.last_day, day) {
                    (Some(last), Some(day)) => Some(last.max(day)),
                    (last, day) => last.or(day),
                };
                event.last_seq = seq;
                let event_id = event.id.clone();
                self.index(event_seq, &new_terms, &new_entities);
                let assignment = Assignment {
                    event_id,
                    opened: false,
                    score,
                    why,
                };
                let links = if self.config.merge_link_margin < 0.0 {
                    Vec::new()
                } else {
                    let link = self.config.threshold + self.config.merge_link_margin;
                    ranked[1..]
                        .iter()
                        .take_while(|(_, score)| *score >= link)
                        .map(|(seq, _)| *seq)
                        .collect()
                };
                Placement {
                    assignment,
                    event_seq,
                    revised: false,
                    links,
                }
            }
            _ => {
                // Why it split: the nearest event and what its score was made of, said before opening (which
                // may close the stalest events).
                let nearest = best.and_then(|(seq, _)| {
                    let event = self.open.get(&seq)?;
                    let parts = self.similarity(event, vectors, day.is_some());
                    Some(format!("the nearest, {}, {}", event.id, parts.decided_by()))
                });
                let event_seq = self.next_event;
                self.next_event += 1;
                let (event, new_terms, new_entities) = OpenEvent::single(
                    stable_id("e", article.id),
                    vectors,
                    day,
                    seq,
                    self.config.centroid_terms,
                );
                let event_id = event.id.clone();
                self.open.insert(event_seq, event);
                self.index(event_seq, &new_terms, &new_entities);
                if self.open.len() > self.config.max_open_events {
                    self.close_oldest();
                }
                let revised = held_back.is_some();
                let why = match (best, held_back) {
                    (Some((_, score)), Some(pair)) => vec![format!(
                        "decision revised by look-ahead: it would have joined an event (score {score:.2}), \
                         but the coming article {} matches it better ({:.2}; {:.2} with that event)",
                        pair.id, pair.score, pair.theirs
                    )],
                    (Some((_, score)), None) => {
                        let mut why = vec![format!(
                            "no open event was similar enough (best {score:.2} < {:.2})",
                            self.config.threshold
                        )];
                        why.extend(nearest);
                        why
                    }
                    (None, _) => vec!["no open event shared its terms or entities".to_string()],
                };
                let assignment = Assignment {
                    event_id,
                    opened: true,
                    score: 1.0,
                    why,
                };
                Placement {
                    assignment,
                    event_seq,
                    revised,
                    links: Vec::new(),
                }
            }
        }
    }

    /// A coming article that matches the current one better than both the event it would join (with `score`)
    /// and its own similarity with that event: the two likely report another event, which the current article
    /// opens. The best such article, the earliest on ties.
    fn better_pair(
        &self,
        event_seq: u64,
        score: f32,
        current: &Pending,
        ahead: &VecDeque<Pending>,
    ) -> Option<BetterPair> {
        let event = self.open.get(&event_seq)?;
        let margin = self.config.lookahead_margin;
        let mut best: Option<BetterPair> = None;
        for next in ahead {
            let Some(alone) = &next.alone else { continue };
            if self.is_short(&next.vectors) {
                continue;
            }
            if let (Some(mine), Some(theirs)) = (current.day, next.day) {
                if (mine - theirs).abs() > current.window.max(next.window) {
                    continue;
                }
            }
            let pair = self
                .similarity_to(alone, &current.vectors, current.day.is_some(), false)
                .total();
            if pair < self.config.threshold || pair < score + margin {
                continue;
            }
            let theirs = self
                .similarity(event, &next.vectors, next.day.is_some())
                .total();
            // A coming article the event would take too says nothing against the join.
            if theirs >= self.config.threshold
                || pair < theirs + margin
                || best.as_ref().is_some_and(|b| b.score >= pair)
            {
                continue;
            }
            best = Some(BetterPair {
                id: next.id.clone(),
                score: pair,
                theirs,
            });
        }
        best
    }

    /// Counts the article into the document frequencies and weighs its terms and entities.
    fn vectors(&mut self, analysis: &Analysis) -> ArticleVectors {
        let config = &self.config;
        let term_weights: Vec<(u32, f32)> = analysis
            .terms
            .iter()
            .map(|t| {
                let body_only = t.body - t.lead;
                let tf = config.title_boost * t.title as f32
                    + (1.0 + config.lead_boost) * t.lead as f32
                    + body_only as f32;
                (self.terms.observe(&t.term), tf)
            })
            .collect();
        let mut entity_names = FxHashMap::default();
        let entity_weights: Vec<(u32, f32)> = analysis
            .entities
            .iter()
            .map(|e| {
                let id = self.entities.observe(&e.key);
                entity_names.insert(id, e.name.clone());
                let tf = e.count as f32 + if e.in_title { config.title_boost } else { 0.0 };
                (id, tf)
            })
            .collect();
        ArticleVectors {
            terms: self.terms.tfidf(term_weights),
            entities: self.entities.tfidf(entity_weights),
            entity_names,
            years: analysis.years.clone(),
            persons: persons(analysis, config.title_boost),
        }
    }

    /// Whether the article is short enough to be judged by its own terms (see [`Config::short_article_terms`]).
    fn is_short(&self, vectors: &ArticleVectors) -> bool {
        vectors.terms.entries().len() <= self.config.short_article_terms
    }

    /// The article's similarity to an event, by signal. `dated`: the article has a report day.
    fn similarity(&self, event: &OpenEvent, vectors: &ArticleVectors, dated: bool) -> Similarity {
        self.similarity_to(event, vectors, dated, true)
    }

    /// [`Clusterer::similarity`], with or without the short-report rule (which is meant for broad centroids,
    /// not for a single article).
    fn similarity_to(
        &self,
        event: &OpenEvent,
        vectors: &ArticleVectors,
        dated: bool,
        short_rule: bool,
    ) -> Similarity {
        let mut term_cos = vectors.terms.cosine(&event.terms);
        if short_rule && self.is_short(vectors) {
            let within = vectors.terms.cosine_within(&event.terms);
            term_cos = term_cos.max(self.config.short_article_weight * within);
        }
        let mut parts = Similarity::default();
        if !vectors.entities.is_empty() && !event.entities.is_empty() {
            let entity_cos = vectors.entities.cosine(&event.entities);
            parts.terms = (1.0 - self.config.entity_weight) * term_cos;
            parts.entities = self.config.entity_weight * entity_cos;
        } else {
            parts.terms = term_cos;
        }
        if !vectors.years.is_empty() && !event.years.is_empty() {
            let shared = vectors
                .years
                .iter()
                .any(|(year, _)| event.years.iter().any(|(y, _)| y == year));
            parts.years = if shared {
                self.config.year_match_bonus
            } else {
                -self.config.year_conflict_penalty
            };
        }
        if let (Some(mine), Some(theirs)) =
            (protagonist(&vectors.persons), protagonist(&event.persons))
        {
            let named = |people: &[(String, f32)], who: &str| people.iter().any(|(p, _)| p == who);
            if mine != theirs && !named(&event.persons, mine) && !named(&vectors.persons, theirs) {
                parts.protagonists = -self.config.protagonist_conflict_penalty;
            }
        }
        match (dated, event.last_day.is_some()) {
            (true, false) => parts.undated_event = -self.config.undated_event_penalty,
            (false, true) => parts.undated_report = -self.config.undated_report_penalty,
            _ => {}
        }
        parts
    }

    /// The open events sharing a distinctive term or an entity with the article, most similar first; ties go
    /// to the older.
    fn ranked_events(
        &self,
        vectors: &ArticleVectors,
        day: Option<i64>,
        window: i64,
    ) -> Vec<(u64, f32)> {
        // Postings may hold closed events and terms a centroid has since dropped; only events whose centroid
        // holds the probe now are candidates, so the result depends on the state alone (a restored state gives
        // the same answers as an uninterrupted run).
        let mut candidates: Vec<u64> = Vec::new();
        for (term, _) in vectors.terms.heaviest(self.config.probe_terms) {
            if let Some(events) = self.postings.terms.get(&term) {
                candidates.extend(
                    events
                        .iter()
                        .filter(|seq| self.open.get(seq).is_some_and(|e| e.terms.contains(term))),
                );
            }
        }
        for (entity, _) in vectors.entities.entries() {
            if let Some(events) = self.postings.entities.get(entity) {
                candidates.extend(events.iter().filter(|seq| {
                    self.open
                        .get(seq)
                        .is_some_and(|e| e.entities.contains(*entity))
                }));
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        // An article dated outside an event's time span (widened by the window) reports something else, even
        // when it arrives late.
        let in_time = |event: &OpenEvent| match (day, event.first_day, event.last_day) {
            (Some(day), Some(first), Some(last)) => day >= first - window && day <= last + window,
            _ => true,
        };
        let mut ranked: Vec<(u64, f32)> = candidates
            .into_iter()
            .filter(|seq| self.open.get(seq).is_some_and(in_time))
            .filter_map(|seq| {
                let similarity = self.similarity(self.open.get(&seq)?, vectors, day.is_some());
                Some((seq, similarity.total()))
            })
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
    }

    /// What tied the article to the event: shared entities, shared years, then the heaviest shared terms.
    fn explain(
        &self,
        event_seq: u64,
        vectors: &ArticleVectors,
        analysis: &Analysis,
        dated: bool,
    ) -> Vec<String> {
        let Some(event) = self.open.get(&event_seq) else {
            return Vec::new();
        };
        let mut why = Vec::new();
        let mut shared_entities = vectors.entities.shared(&event.entities);
        shared_entities.truncate(4);
        for (id, _) in shared_entities {
            if let Some(name) = vectors.entity_names.get(&id) {
                why.push(name.clone());
            }
        }
        for (year, _) in &vectors.years {
            if event.years.iter().any(|(y, _)| y == year) {
                why.push(year.to_string());
            }
        }
        // Then the heaviest shared words that the names above do not already say.
        let named: Vec<String> = why
            .iter()
            .flat_map(|w| w.split_whitespace())
            .map(str::to_lowercase)
            .collect();
        let words = vectors
            .terms
            .shared(&event.terms)
            .into_iter()
            .filter_map(|(id, _)| {
                let term = self.terms.term(id)?;
                let index = analysis
                    .terms
                    .binary_search_by(|t| t.term.as_str().cmp(term))
                    .ok()?;
                Some(analysis.terms[index].display().to_string())
            })
            .filter(|word| !named.contains(word))
            .take(4)
            .collect::<Vec<_>>();
        why.extend(words);
        if self.is_short(vectors) {
            let within =
                self.config.short_article_weight * vectors.terms.cosine_within(&event.terms);
            if within > vectors.terms.cosine(&event.terms) {
                why.push(format!(
                    "short report: the event weighs its words alike ({within:.2})"
                ));
            }
        }
        why.push(self.similarity(event, vectors, dated).decided_by());
        why
    }

    fn index(&mut self, event_seq: u64, new_terms: &[u32], new_entities: &[u32]) {
        for term in new_terms {
            self.postings
                .terms
                .entry(*term)
                .or_default()
                .push(event_seq);
        }
        for entity in new_entities {
            self.postings
                .entities
                .entry(*entity)
                .or_default()
                .push(event_seq);
        }
    }

    fn close_stale(&mut self, today: i64) {
        let window = self.config.window_days;
        let before = self.open.len();
        self.open
            .retain(|_, event| event.last_day.is_none_or(|day| today - day <= window));
        self.note_closed(before - self.open.len());
    }

    fn close_oldest(&mut self) {
        let excess = self.open.len().saturating_sub(self.config.max_open_events);
        if excess == 0 {
            return;
        }
        // Close a tenth more than needed so that this sort runs rarely.
        let close = (excess + self.config.max_open_events / 10).min(self.open.len());
        let mut by_age: Vec<(u64, u64)> = self
            .open
            .iter()
            .map(|(seq, e)| (e.last_seq, *seq))
            .collect();
        by_age.sort_unstable();
        for (_, seq) in by_age.into_iter().take(close) {
            self.open.remove(&seq);
        }
        self.note_closed(close);
    }

    fn note_closed(&mut self, closed: usize) {
        if closed == 0 {
            return;
        }
        self.postings.stale += closed;
        if self.postings.stale * 2 > self.open.len() {
            self.rebuild_postings();
        }
    }

    fn rebuild_postings(&mut self) {
        let mut postings = Postings::default();
        let mut seqs: Vec<&u64> = self.open.keys().collect();
        seqs.sort_unstable();
        for seq in seqs {
            let event = &self.open[seq];
            for (term, _) in event.terms.entries() {
                postings.terms.entry(*term).or_default().push(*seq);
            }
            for (entity, _) in event.entities.entries() {
                postings.entities.entry(*entity).or_default().push(*seq);
            }
        }
        self.postings = postings;
    }
}

/// An article–event similarity by signal; the score is their sum.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Similarity {
    /// The weighted term cosine.
    terms: f32,
    /// The weighted entity cosine.
    entities: f32,
    /// The shared-year bonus or the conflicting-years penalty.
    years: f32,
    /// The conflicting-protagonists penalty.
    protagonists: f32,
    /// The penalty for a dated report against an event of unknown time.
    undated_event: f32,
    /// The penalty for an undated report against an event with days.
    undated_report: f32,
}

impl Similarity {
    fn total(&self) -> f32 {
        self.terms
            + self.entities
            + self.years
            + self.protagonists
            + self.undated_event
            + self.undated_report
    }

    /// The score and the signals that made it, largest first: which one decided the join.
    fn decided_by(&self) -> String {
        let mut parts = [
            ("terms", self.terms),
            ("entities", self.entities),
            (
                if self.years > 0.0 {
                    "shared year"
                } else {
                    "conflicting years"
                },
                self.years,
            ),
            ("different protagonists", self.protagonists),
            ("event of unknown time", self.undated_event),
            ("report of unknown time", self.undated_report),
        ];
        parts.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        let signals: Vec<String> = parts
            .iter()
            .filter(|(_, value)| *value != 0.0)
            .map(|(name, value)| format!("{name} {value:+.2}"))
            .collect();
        format!("score {:.2}: {}", self.total(), signals.join(", "))
    }
}

/// The people an article names, by surname (the last word of the canonical key), with their prominence:
/// mentions, plus the title boost when the title names them.
fn persons(analysis: &Analysis, title_boost: f32) -> Vec<(String, f32)> {
    let mut people: Vec<(String, f32)> = Vec::new();
    for entity in &analysis.entities {
        if entity.kind != EntityKind::Person {
            continue;
        }
        let surname = entity
            .key
            .rsplit(' ')
            .next()
            .unwrap_or(&entity.key)
            .to_string();
        let weight = entity.count as f32 + if entity.in_title { title_boost } else { 0.0 };
        merge_persons(&mut people, &[(surname, weight)]);
    }
    people
}

fn merge_persons(into: &mut Vec<(String, f32)>, from: &[(String, f32)]) {
    for (name, weight) in from {
        match into.binary_search_by(|(n, _)| n.cmp(name)) {
            Ok(index) => into[index].1 += weight,
            Err(index) => into.insert(index, (name.clone(), *weight)),
        }
    }
}

/// The most prominent person, when one stands out (ties go to the first surname).
fn protagonist(people: &[(String, f32)]) -> Option<&str> {
    let total: f32 = people.iter().map(|(_, w)| w).sum();
    let (name, weight) = people
        .iter()
        .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?;
    (*weight * 2.0 >= total && *weight >= 2.0).then_some(name.as_str())
}

/// The year mentioned most often (the latest on ties).
fn main_year(years: &[(i32, u32)]) -> Option<i32> {
    years
        .iter()
        .max_by_key(|(year, count)| (*count, *year))
        .map(|(year, _)| *year)
}

fn merge_years(into: &mut Vec<(i32, u32)>, from: &[(i32, u32)]) {
    for (year, count) in from {
        match into.iter_mut().find(|(y, _)| y == year) {
            Some((_, n)) => *n += count,
            None => into.push((*year, *count)),
        }
    }
    into.sort_unstable();
}

#[cfg(test)]
mod tests;
