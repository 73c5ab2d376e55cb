//! The one way to ingest, shared by the `storyline` command and the HTTP server: new articles into the store,
//! events updated incrementally from the saved clustering state; and a stored event as a JSON document.
//!
//! An edge crate: it reads and writes the [`Store`] it is given, and nothing else (no files, no network).

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use storyline_analyze::{Analysis, Analyzer};
use storyline_cluster::{Clusterer, Config};
use storyline_extract::ItemError;
use storyline_facts::{
    build_event, keep_what_facts_need, route_other_event_facts, EntityIndex, Member, Reader,
    Reading,
};
use storyline_model::{Article, Document, Event, EventArticle, EventOutline, Framing, Story};
use storyline_pipeline::{analyze_all, cluster_all, content_hash, sort_for_stream};
use storyline_store::{as_stored, Batch, Store, StoreError, StoredArticle};
use storyline_stories::{relink, LinkIndex};

/// What an ingest did.
#[derive(Debug, Default, Serialize)]
pub struct IngestSummary {
    /// Articles read from the inputs.
    pub read: usize,
    /// Articles newly stored.
    pub stored: usize,
    /// Articles whose content was stored before (or repeated in the input): not stored again.
    pub already_stored: usize,
    /// Events created or changed.
    pub events_changed: usize,
    /// Articles in the store afterwards.
    pub total_articles: usize,
    #[serde(skip)]
    pub errors: Vec<ItemError>,
}

/// What ingest does with one article it is given.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// New content: store it (with this content hash).
    New(String),
    /// The same content is stored already, or came earlier in the same input.
    AlreadyStored,
    /// Another article with this id but different content is stored (or came earlier): an error for this one.
    IdTaken,
}

impl Verdict {
    /// The reason an [`Verdict::IdTaken`] article is refused, for the user's error line.
    pub const ID_TAKEN: &'static str =
        "an article with this id but different content is already stored; give it another id";
}

/// Idempotency: decides, in input order, which articles are new. Content already stored, or repeated within the
/// input, is skipped; an id stored with different content is an error for that article.
pub fn verdicts(store: &dyn Store, articles: &[Article]) -> Result<Vec<Verdict>> {
    let hashes: Vec<String> = articles.iter().map(content_hash).collect();
    let known_hashes: FxHashSet<String> = store.known_hashes(&hashes)?.into_iter().collect();
    let ids: Vec<String> = articles.iter().map(|a| a.id.clone()).collect();
    let known_ids: FxHashSet<String> = store.known_ids(&ids)?.into_iter().collect();
    let mut seen_hashes = FxHashSet::default();
    let mut seen_ids = FxHashSet::default();
    Ok(articles
        .iter()
        .zip(hashes)
        .map(|(article, hash)| {
            if known_hashes.contains(&hash) || !seen_hashes.insert(hash.clone()) {
                Verdict::AlreadyStored
            } else if known_ids.contains(&article.id) || !seen_ids.insert(article.id.clone()) {
                Verdict::IdTaken
            } else {
                Verdict::New(hash)
            }
        })
        .collect())
}

/// Stores the new articles among `articles`, `batch_size` a transaction, and updates the events they join.
/// `show_progress` draws a progress bar on stderr (for a person at a terminal; a server passes `false`).
pub fn ingest(
    store: &mut dyn Store,
    mut articles: Vec<Article>,
    batch_size: usize,
    show_progress: bool,
) -> Result<IngestSummary> {
    let mut summary = IngestSummary {
        read: articles.len(),
        ..IngestSummary::default()
    };
    let verdicts = verdicts(store, &articles)?;
    let mut fresh = Vec::new();
    for (article, verdict) in articles.drain(..).zip(verdicts) {
        match verdict {
            Verdict::AlreadyStored => summary.already_stored += 1,
            Verdict::IdTaken => summary.errors.push(ItemError {
                item: article.id.clone(),
                reason: Verdict::ID_TAKEN.into(),
            }),
            Verdict::New(hash) => fresh.push((article, hash)),
        }
    }
    fresh.sort_by(|a, b| a.0.stream_order(&b.0));

    let analyzer = Analyzer::new();
    let reader = Reader::new();
    let mut clusterer = load_clusterer(store)?;
    let mut open = OpenMembers::default();
    let progress = if show_progress {
        ProgressBar::new(fresh.len() as u64).with_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} articles ({per_sec}, {eta} left)")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        )
    } else {
        ProgressBar::hidden()
    };
    let mut changed = FxHashSet::default();
    let mut remaining = fresh;
    while !remaining.is_empty() {
        // At least one article a batch, or the loop would never end.
        let rest = remaining.split_off(batch_size.clamp(1, remaining.len()));
        let batch: Vec<(Article, String)> = std::mem::replace(&mut remaining, rest);
        let count = batch.len() as u64;
        let (mut articles, hashes): (Vec<Article>, Vec<String>) = batch.into_iter().unzip();
        let analyses = analyze_all(&analyzer, &mut articles);
        // Storylines span all events, so they are recomputed once, with the last batch.
        let relink_stories = remaining.is_empty();
        let (batch, events) = cluster_batch(
            store,
            &mut clusterer,
            &mut open,
            &reader,
            NewArticles {
                articles,
                hashes,
                analyses,
            },
            relink_stories,
            &mut |earlier| Ok(analyze_all(&analyzer, earlier)),
        )?;
        store.commit(&batch).context("storing the batch")?;
        summary.stored += count as usize;
        changed.extend(events);
        progress.inc(count);
    }
    progress.finish_and_clear();
    summary.events_changed = changed.len();
    summary.total_articles = store.article_count()?;
    // Merging the full-text index costs time in proportion to the whole store, so only a run that added a good
    // part of it pays for it; small additions (an API POST) leave the index to its own incremental merging.
    if summary.stored > 0 && summary.stored * OPTIMIZE_SHARE >= summary.total_articles {
        store
            .optimize_search_index()
            .context("merging the full-text index")?;
    }
    Ok(summary)
}

/// An ingest run that stores at least one article in this many of the store's merges its full-text index.
const OPTIMIZE_SHARE: usize = 10;

/// The clusterer as the store's last batch left it (a new one for an empty store).
pub fn load_clusterer(store: &dyn Store) -> Result<Clusterer> {
    Ok(match store.cluster_state()? {
        Some(bytes) => Clusterer::from_bytes(&bytes).map_err(anyhow::Error::msg)?,
        None => Clusterer::new(Config::default()),
    })
}

/// A batch of new articles in stream order, with their content hashes and analyses.
pub struct NewArticles {
    pub articles: Vec<Article>,
    pub hashes: Vec<String>,
    pub analyses: Vec<Analysis>,
}

/// The members of the open events, kept between batches by a long-running clusterer (the queue's leader, an
/// ingest of many batches) so that rebuilding an event it touches again reads nothing back from the store.
///
/// Holds each cached event's memberships as last built, and each member's article (as the store returns it)
/// with its analysis (trimmed to what event records read). Events the clusterer has closed can never be touched
/// again and are dropped after every batch, so the cache is bounded by the clusterer's open events. An event
/// that is not cached is read from the store. The cache is updated before the caller commits: a caller whose
/// commit fails drops it together with the clusterer, and starts again from the store.
#[derive(Default)]
pub struct OpenMembers {
    events: FxHashMap<String, Vec<EventArticle>>,
    articles: FxHashMap<String, OpenArticle>,
}

/// A member of an open event as the cache holds it: the article as stored, its analysis and its reading, so
/// that rebuilding the event neither analyses nor reads it again.
struct OpenArticle {
    article: Article,
    analysis: Analysis,
    reading: Reading,
}

impl OpenMembers {
    /// Events cached.
    pub fn events(&self) -> usize {
        self.events.len()
    }

    /// Member articles cached.
    pub fn articles(&self) -> usize {
        self.articles.len()
    }

    /// Reads the touched events that are not cached from the store: their memberships, articles and analyses.
    fn load(
        &mut self,
        store: &dyn Store,
        touched: &[String],
        analyze_earlier: &mut dyn FnMut(&mut [Article]) -> Result<Vec<Analysis>>,
        reader: &Reader,
    ) -> Result<()> {
        let mut ids: Vec<String> = Vec::new();
        for event_id in touched {
            if self.events.contains_key(event_id) {
                continue;
            }
            let members = match store.event(event_id)? {
                Some(stored) => stored.articles,
                None => Vec::new(),
            };
            ids.extend(members.iter().map(|m| m.id.clone()));
            self.events.insert(event_id.clone(), members);
        }
        let mut articles = store.articles(&ids)?;
        if articles.len() != ids.len() {
            let found: FxHashSet<&str> = articles.iter().map(|a| a.id.as_str()).collect();
            let missing = ids.iter().find(|id| !found.contains(id.as_str()));
            anyhow::bail!(
                "a stored event lists article {}, which is not stored",
                missing.map_or("?", |id| id.as_str())
            );
        }
        let analyses = analyze_earlier(&mut articles)?;
        let readings = read_all(reader, &articles, &analyses);
        for ((article, mut analysis), reading) in articles.into_iter().zip(analyses).zip(readings) {
            keep_what_facts_need(&mut analysis);
            self.articles.insert(
                article.id.clone(),
                OpenArticle {
                    article,
                    analysis,
                    reading,
                },
            );
        }
        Ok(())
    }

    /// Drops the events the clusterer has closed, and their members.
    fn keep_open(&mut self, clusterer: &Clusterer) {
        let open: FxHashSet<&str> = clusterer.open_event_ids().collect();
        let articles = &mut self.articles;
        self.events.retain(|event_id, members| {
            let keep = open.contains(event_id.as_str());
            if !keep {
                for member in members.iter() {
                    articles.remove(&member.id);
                }
            }
            keep
        });
    }
}

/// Clusters one batch of analysed new articles and rebuilds the events it touched (and, with `relink_stories`,
/// the storylines over every event); returns the batch to commit and the touched event ids. The touched events'
/// earlier members come from `open` or, when it does not hold them, from the store, with `analyze_earlier`
/// giving their analyses (analysing them again, or reading what a worker stored); `open` is left holding the
/// open events' members as of this batch.
pub fn cluster_batch(
    store: &dyn Store,
    clusterer: &mut Clusterer,
    open: &mut OpenMembers,
    reader: &Reader,
    new: NewArticles,
    relink_stories: bool,
    analyze_earlier: &mut dyn FnMut(&mut [Article]) -> Result<Vec<Analysis>>,
) -> Result<(Batch, Vec<String>)> {
    let NewArticles {
        articles,
        hashes,
        analyses,
    } = new;
    let assignments = cluster_all(clusterer, &articles, &analyses);

    // The touched events, in the order they were first touched.
    let mut touched: Vec<String> = Vec::new();
    let mut new_members: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (index, assignment) in assignments.iter().enumerate() {
        new_members
            .entry(assignment.event_id.clone())
            .or_insert_with(|| {
                touched.push(assignment.event_id.clone());
                Vec::new()
            })
            .push(index);
    }
    open.load(store, &touched, analyze_earlier, reader)?;
    let readings = read_all(reader, &articles, &analyses);

    // Every touched event's earlier members first, then the new ones, in the order a rebuild from the store
    // reads them (the entity index is built over the analyses in this order).
    let earlier: Vec<(&EventArticle, &OpenArticle)> = touched
        .iter()
        .flat_map(|event_id| open.events[event_id].iter())
        .map(|member| (member, &open.articles[&member.id]))
        .collect();
    let index = EntityIndex::new(
        earlier
            .iter()
            .map(|(_, open)| &open.analysis)
            .chain(&analyses),
    );
    let mut earlier = earlier.into_iter().peekable();
    let mut grouped: Vec<(&String, Vec<Member<'_>>)> = Vec::with_capacity(touched.len());
    for event_id in &touched {
        let stored = open.events[event_id].len();
        let mut members: Vec<Member<'_>> = earlier
            .by_ref()
            .take(stored)
            .map(|(membership, open)| Member {
                article: &open.article,
                analysis: &open.analysis,
                membership: membership.clone(),
                reading: Some(&open.reading),
            })
            .collect();
        members.extend(new_members[event_id].iter().map(|&i| Member {
            article: &articles[i],
            analysis: &analyses[i],
            reading: Some(&readings[i]),
            membership: EventArticle {
                id: articles[i].id.clone(),
                score: assignments[i].score,
                why: assignments[i].why.clone(),
                framing: Framing::default(),
                copy_of: None,
            },
        }));
        grouped.push((event_id, members));
    }
    let mut events: Vec<Event> = grouped
        .par_iter()
        .map(|(event_id, members)| build_event(event_id, members, &index, reader))
        .collect();
    drop(grouped);
    if events.iter().any(|e| !e.other_events.is_empty()) {
        events = route_with_stored(store, events)?;
    }
    let stories = if relink_stories {
        Some(stories_after(store, &events)?)
    } else {
        None
    };
    let entities = index.entities();

    // The touched events' members as built; the new articles as the store will return them.
    for event in &events[..touched.len()] {
        open.events.insert(event.id.clone(), event.articles.clone());
    }
    for ((article, mut analysis), reading) in articles.iter().zip(analyses).zip(readings) {
        keep_what_facts_need(&mut analysis);
        open.articles.insert(
            article.id.clone(),
            OpenArticle {
                article: as_stored(article),
                analysis,
                reading,
            },
        );
    }
    open.keep_open(clusterer);

    let batch = Batch {
        articles: articles
            .into_iter()
            .zip(hashes)
            .map(|(article, content_hash)| StoredArticle {
                article,
                content_hash,
            })
            .collect(),
        events,
        entities,
        cluster_state: clusterer.to_bytes(),
        stories,
    };
    Ok((batch, touched))
}

/// Each article's reading (in parallel), in the articles' order.
fn read_all(reader: &Reader, articles: &[Article], analyses: &[Analysis]) -> Vec<Reading> {
    articles
        .par_iter()
        .zip(analyses.par_iter())
        .map(|(article, analysis)| reader.read(article, analysis.dateline))
        .collect()
}

/// The storylines over the stored events with `changed` in place of their stored versions. Only what the change
/// can affect is read: the changed events' neighbours in the store's storyline index and the stories they are in
/// ([`storyline_stories::relink`] explains why that equals linking every event again).
fn stories_after(store: &dyn Store, changed: &[Event]) -> Result<Vec<Story>> {
    let changed: Vec<EventOutline> = changed.iter().map(EventOutline::from).collect();
    Ok(relink(&StoreIndex(store), &changed)?)
}

/// The store as the storyline linker reads it.
struct StoreIndex<'a>(&'a dyn Store);

impl LinkIndex for StoreIndex<'_> {
    type Error = StoreError;

    fn event_count(&self) -> std::result::Result<usize, StoreError> {
        self.0.event_count()
    }

    fn term_counts(
        &self,
        terms: &[String],
    ) -> std::result::Result<Vec<(String, usize)>, StoreError> {
        self.0.term_counts(terms)
    }

    fn neighbours(
        &self,
        key: &str,
        day: i64,
        id: &str,
        later: bool,
        limit: usize,
    ) -> std::result::Result<Vec<(i64, String)>, StoreError> {
        self.0.story_neighbours(key, day, id, later, limit)
    }

    fn events_with_term(&self, term: &str) -> std::result::Result<Vec<String>, StoreError> {
        self.0.events_with_term(term)
    }

    fn outlines(&self, ids: &[String]) -> std::result::Result<Vec<EventOutline>, StoreError> {
        self.0.event_outlines_of(ids)
    }

    fn all_outlines(&self) -> std::result::Result<Vec<EventOutline>, StoreError> {
        self.0.event_outlines()
    }

    fn stories(&self) -> std::result::Result<Vec<Story>, StoreError> {
        self.0.stories()
    }

    fn stories_current(&self) -> std::result::Result<bool, StoreError> {
        self.0.stories_current()
    }
}

/// Routes the claims the batch's events make about other events, to batch events or stored ones; returns the
/// batch's events and the stored events that received claims (to be stored again). Only stored events dated
/// within some claim's days can receive one, so only those are read.
fn route_with_stored(store: &dyn Store, events: Vec<Event>) -> Result<Vec<Event>> {
    let batch_ids: FxHashSet<String> = events.iter().map(|e| e.id.clone()).collect();
    let mut windows: Vec<(&str, &str)> = events
        .iter()
        .flat_map(|e| &e.other_events)
        .map(|other| (other.from.as_str(), other.to.as_str()))
        .collect();
    windows.sort_unstable();
    windows.dedup();
    let mut stored: Vec<Event> = Vec::new();
    let mut seen: FxHashSet<String> = FxHashSet::default();
    for (from, to) in windows {
        for event in store.events_dated(from, to)? {
            if !batch_ids.contains(&event.id) && seen.insert(event.id.clone()) {
                stored.push(event);
            }
        }
    }
    // The order `Store::events` gives, so that the result does not depend on how the windows overlap.
    stored.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    let batch_count = events.len();
    let mut all = events;
    all.extend(stored);
    let changed: FxHashSet<String> = route_other_event_facts(&mut all).into_iter().collect();
    let mut index = 0;
    all.retain(|e| {
        index += 1;
        index <= batch_count || changed.contains(&e.id)
    });
    Ok(all)
}

/// One stored event as a JSON document: the event, its articles and their entities (`storyline show --json`).
pub fn event_document(
    store: &dyn Store,
    analyzer: &Analyzer,
    event_id: &str,
) -> Result<Option<Document>> {
    let Some(event) = store.event(event_id)? else {
        return Ok(None);
    };
    let ids: Vec<String> = event.articles.iter().map(|a| a.id.clone()).collect();
    let mut articles = store.articles(&ids)?;
    sort_for_stream(&mut articles);
    let analyses = analyze_all(analyzer, &mut articles);
    Ok(Some(Document {
        articles,
        entities: EntityIndex::new(&analyses).entities(),
        events: vec![event],
        stories: Vec::new(),
    }))
}
