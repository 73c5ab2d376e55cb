//! The one way to ingest, shared by the `storyline` command and the HTTP server: new articles into the store,
//! events updated incrementally from the saved clustering state; and a stored event as a JSON document.
//!
//! An edge crate: it reads and writes the [`Store`] it is given, and nothing else (no files, no network).

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use storyline_analyze::{Analysis, Analyzer};
use storyline_cluster::{Clusterer, Config};
use storyline_extract::ItemError;
use storyline_facts::{build_event, route_other_event_facts, EntityIndex, Reader};
use storyline_model::{Article, Document, Event, EventArticle, Framing, Story};
use storyline_pipeline::{
    analyze_all, cluster_all, content_hash, members_by_event, sort_for_stream,
};
use storyline_store::{Batch, Store, StoredArticle};
use storyline_stories::link_stories;

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
    Ok(summary)
}

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

/// Clusters one batch of analysed new articles and rebuilds the events it touched (and, with `relink_stories`,
/// the storylines over every event); returns the batch to commit and the touched event ids. `analyze_earlier`
/// gives the analyses of the earlier members of those events (analysing them again, or reading what a worker
/// stored).
pub fn cluster_batch(
    store: &dyn Store,
    clusterer: &mut Clusterer,
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

    // The touched events, in the order they were first touched, with their earlier members first.
    let mut touched: Vec<String> = Vec::new();
    let mut new_members: FxHashMap<String, Vec<EventArticle>> = FxHashMap::default();
    for (article, assignment) in articles.iter().zip(&assignments) {
        let members = new_members
            .entry(assignment.event_id.clone())
            .or_insert_with(|| {
                touched.push(assignment.event_id.clone());
                Vec::new()
            });
        members.push(EventArticle {
            id: article.id.clone(),
            score: assignment.score,
            why: assignment.why.clone(),
            framing: Framing::default(),
            copy_of: None,
        });
    }
    let mut memberships: Vec<(String, EventArticle)> = Vec::new();
    let mut earlier_ids: Vec<String> = Vec::new();
    for event_id in &touched {
        if let Some(stored) = store.event(event_id)? {
            for member in stored.articles {
                earlier_ids.push(member.id.clone());
                memberships.push((event_id.clone(), member));
            }
        }
        for member in &new_members[event_id] {
            memberships.push((event_id.clone(), member.clone()));
        }
    }
    let mut earlier = store.articles(&earlier_ids)?;
    let earlier_analyses = analyze_earlier(&mut earlier)?;
    let mut all_articles = earlier;
    all_articles.extend(articles.iter().cloned());
    let mut all_analyses = earlier_analyses;
    all_analyses.extend(analyses);

    let index = EntityIndex::new(&all_analyses);
    let grouped = members_by_event(&all_articles, &all_analyses, &memberships);
    let mut events: Vec<Event> = grouped
        .iter()
        .map(|(event_id, members)| build_event(event_id, members, &index, reader))
        .collect();
    if events.iter().any(|e| !e.other_events.is_empty()) {
        events = route_with_stored(store, events)?;
    }
    let stories = if relink_stories {
        Some(stories_after(store, &events)?)
    } else {
        None
    };
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
        entities: index.entities(),
        cluster_state: clusterer.to_bytes(),
        stories,
    };
    Ok((batch, touched))
}

/// The storylines over the stored events with `changed` in place of their stored versions.
fn stories_after(store: &dyn Store, changed: &[Event]) -> Result<Vec<Story>> {
    let changed_ids: FxHashSet<&str> = changed.iter().map(|e| e.id.as_str()).collect();
    let mut events = store.events()?;
    events.retain(|e| !changed_ids.contains(e.id.as_str()));
    events.extend(changed.iter().cloned());
    Ok(link_stories(&events))
}

/// Routes the claims the batch's events make about other events, to batch events or stored ones; returns the
/// batch's events and the stored events that received claims (to be stored again).
fn route_with_stored(store: &dyn Store, events: Vec<Event>) -> Result<Vec<Event>> {
    let batch_ids: FxHashSet<String> = events.iter().map(|e| e.id.clone()).collect();
    let batch_count = events.len();
    let mut all = events;
    all.extend(
        store
            .events()?
            .into_iter()
            .filter(|e| !batch_ids.contains(&e.id)),
    );
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
