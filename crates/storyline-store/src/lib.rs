//! Pipeline stage 5 — store: articles, events, entities and the clustering state, behind one interface.
//!
//! [`Store`] is what the rest of storyline sees; [`SqliteStore`] is the embedded default (one file a user can open
//! with `sqlite3`); [`PostgresStore`] serves many processes (and machines) from one PostgreSQL server and holds the
//! work queue of `storyline worker`. [`open`] picks the backend from a `--db` value.

mod postgres;
mod rank;
mod snippet;
mod sqlite;

pub use postgres::{is_postgres_url, Analyzed, Claimed, PostgresStore, QueueCounts, QueueItem};
pub use sqlite::SqliteStore;

use std::collections::{HashMap, HashSet};

use storyline_model::{Article, Entity, Event, EventOutline, EventSummary, Story};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("PostgreSQL error: {0}")]
    Postgres(#[from] ::postgres::Error),
    #[error("stored JSON is unreadable: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{0}")]
    Invalid(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// An article as stored: the clean article and the hash of its content, which makes ingest idempotent.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredArticle {
    pub article: Article,
    /// Hex digest of the normalised title and text; the same content twice is stored once.
    pub content_hash: String,
}

/// Everything one ingest batch changes, written in one transaction.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    /// New articles (their content hashes are not in the store yet).
    pub articles: Vec<StoredArticle>,
    /// Events created or changed by the batch: the full record replaces the stored one.
    pub events: Vec<Event>,
    /// Entities seen in the changed events: upserted by id.
    pub entities: Vec<Entity>,
    /// The online clusterer's state after the batch, opaque to the store.
    pub cluster_state: Vec<u8>,
    /// When given, the storylines over every event after the batch: they replace all stored stories. `None`
    /// leaves them as they are, and marked stale if the batch changes events (see [`Store::stories_current`]).
    pub stories: Option<Vec<Story>>,
}

impl Batch {
    /// What both backends refuse in a batch, after its articles (whose own conflicts need the stored ones): an
    /// event, entity or story given twice, or an article listed by two events.
    fn check_ids(&self) -> Result<()> {
        fn once<'a>(kind: &str, ids: impl IntoIterator<Item = &'a str>) -> Result<()> {
            let mut seen = HashSet::new();
            match ids.into_iter().find(|id| !seen.insert(*id)) {
                Some(id) => Err(StoreError::Invalid(format!(
                    "{kind} {id} appears twice in the batch"
                ))),
                None => Ok(()),
            }
        }
        once("event", self.events.iter().map(|e| e.id.as_str()))?;
        once("entity", self.entities.iter().map(|e| e.id.as_str()))?;
        once(
            "story",
            self.stories.iter().flatten().map(|s| s.id.as_str()),
        )?;
        let mut owner: HashMap<&str, &str> = HashMap::new();
        for event in &self.events {
            for member in &event.articles {
                if let Some(other) = owner.insert(&member.id, &event.id) {
                    return Err(StoreError::Invalid(format!(
                        "article {} is listed by two events in the batch: {other} and {}",
                        member.id, event.id
                    )));
                }
            }
        }
        Ok(())
    }
}

/// How many matching articles a search ranks: the most recently stored ones. Ranking scores every candidate, so a
/// word found in a third of a large store would cost tens of milliseconds a search; bounded, a search costs about
/// the same whatever it matches, and in a news store the newest reports are the ones worth showing first.
pub const SEARCH_CANDIDATES: usize = 500;

/// One full-text search result.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchHit {
    pub article_id: String,
    pub title: String,
    pub event_id: Option<String>,
    /// BM25 relevance: higher is better.
    pub score: f64,
    /// A short excerpt of the text around the matched terms.
    pub snippet: String,
}

/// Which events to list, and which page of them. Every filter is optional; given ones must all hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventQuery {
    /// Events on or after this day (`YYYY-MM-DD`); undated events are left out when a bound is given.
    pub from: Option<String>,
    /// Events on or before this day (`YYYY-MM-DD`).
    pub to: Option<String>,
    /// An entity id, or a participant's or place's name (case-insensitive for ASCII letters).
    pub entity: Option<String>,
    /// A place's name (case-insensitive for ASCII letters).
    pub place: Option<String>,
    /// An outlet that reported the event (case-insensitive for ASCII letters).
    pub outlet: Option<String>,
    /// Words that some article of the event contains (full-text, every word must match).
    pub text: Option<String>,
    pub offset: usize,
    pub limit: usize,
}

/// One page of event summaries and how many events match in all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventPage {
    /// In timeline order: by date (undated last), then id.
    pub events: Vec<EventSummary>,
    pub total: usize,
}

/// One page of event summaries as their stored JSON, unparsed, and how many events match in all. The HTTP listing
/// writes these straight into its answer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventSummaryPage {
    /// In timeline order; each a JSON object (checked to be well-formed JSON) that reads back as an
    /// [`EventSummary`].
    pub summaries: Vec<String>,
    pub total: usize,
}

/// The persistence interface every backend implements.
pub trait Store {
    /// Which of these content hashes are stored already.
    fn known_hashes(&self, hashes: &[String]) -> Result<Vec<String>>;
    /// Which of these article ids are stored already.
    fn known_ids(&self, ids: &[String]) -> Result<Vec<String>>;
    /// The clusterer state saved by the last batch, if any.
    fn cluster_state(&self) -> Result<Option<Vec<u8>>>;
    /// Writes a batch atomically: all of it or nothing.
    fn commit(&mut self, batch: &Batch) -> Result<()>;
    /// Articles by id, in the order asked; unknown ids are skipped.
    fn articles(&self, ids: &[String]) -> Result<Vec<Article>>;
    /// Every stored event, sorted by date (undated last), then id.
    fn events(&self) -> Result<Vec<Event>>;
    /// Every stored event's outline (what linking storylines reads), in the order of [`Store::events`].
    fn event_outlines(&self) -> Result<Vec<EventOutline>>;
    /// The stored outlines of these events (unknown ids are skipped), sorted by id.
    fn event_outlines_of(&self, ids: &[String]) -> Result<Vec<EventOutline>>;
    /// How many events are stored.
    fn event_count(&self) -> Result<usize>;
    /// How many stored events hold each of these theme terms (terms no event holds are left out).
    fn term_counts(&self, terms: &[String]) -> Result<Vec<(String, usize)>>;
    /// The stored events that hold this theme term, by id.
    fn events_with_term(&self, term: &str) -> Result<Vec<String>>;
    /// Up to `limit` stored events filed under the storyline index key `key` (see
    /// [`storyline_stories::index_entries`]), nearest first, as (day, id): the ones after (`day`, `id`) in
    /// (day, id) order when `later`, else the ones before it. Ids compare as bytes.
    fn story_neighbours(
        &self,
        key: &str,
        day: i64,
        id: &str,
        later: bool,
        limit: usize,
    ) -> Result<Vec<(i64, String)>>;
    /// Whether the stored stories are those of the stored events: false once a batch changed events without
    /// giving stories, until one gives them.
    fn stories_current(&self) -> Result<bool>;
    /// The stored events dated from `from` to `to` (ISO days, both included), sorted by date, then id.
    fn events_dated(&self, from: &str, to: &str) -> Result<Vec<Event>>;
    fn event(&self, id: &str) -> Result<Option<Event>>;
    /// The summaries of the events that match the query's filters, one page of them, in the order of
    /// [`Store::events`].
    fn query_events(&self, query: &EventQuery) -> Result<EventPage> {
        let page = self.query_event_summaries(query)?;
        let events = page
            .summaries
            .iter()
            .map(|summary| Ok(serde_json::from_str(summary)?))
            .collect::<Result<Vec<EventSummary>>>()?;
        Ok(EventPage {
            events,
            total: page.total,
        })
    }
    /// What [`Store::query_events`] lists, as the stored JSON summaries.
    fn query_event_summaries(&self, query: &EventQuery) -> Result<EventSummaryPage>;
    /// One article and the id of the event that lists it.
    fn article_with_event(&self, id: &str) -> Result<Option<(Article, Option<String>)>>;
    /// Entities by id, sorted by id; unknown ids are skipped.
    fn entities(&self, ids: &[String]) -> Result<Vec<Entity>>;
    /// BM25-ranked full-text search over titles and texts; best first, ties by article id. Only the
    /// [`SEARCH_CANDIDATES`] most recently stored articles that contain every word are ranked.
    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>>;
    fn article_count(&self) -> Result<usize>;
    /// Every stored story, in the order the last batch that gave stories listed them (by first event date).
    fn stories(&self) -> Result<Vec<Story>>;
    /// Rewrites the full-text index compactly after many articles were added (SQLite merges FTS5's segments into
    /// one, which halves the cost of reading a word's doclist); a backend with nothing to do does nothing.
    fn optimize_search_index(&mut self) -> Result<()> {
        Ok(())
    }
    /// Everything stored, as one batch that recreates the store when committed to an empty one: articles in
    /// insertion order, events in timeline order, entities by id (`storyline export`).
    fn dump(&self) -> Result<Batch>;
}

/// Checks that a stored record is one well-formed JSON value before it is passed on unparsed.
pub(crate) fn checked_record(record: String) -> Result<String> {
    serde_json::from_str::<serde::de::IgnoredAny>(&record)?;
    Ok(record)
}

/// The JSON summary stored beside an event's full record.
pub(crate) fn summary_record(event: &Event) -> Result<String> {
    Ok(serde_json::to_string(&EventSummary::of(event))?)
}

/// The summary of a stored event record (the migrations that add summaries to stored events).
pub(crate) fn summary_of_record(id: &str, record: &str) -> Result<String> {
    let event: Event = serde_json::from_str(record)
        .map_err(|err| StoreError::Invalid(format!("event {id}: stored record: {err}")))?;
    summary_record(&event)
}

/// A stored event record in the current model's form: read as an [`Event`] (fields it lacks take their defaults)
/// and written again. Used by the migrations that make every record complete.
pub(crate) fn current_event_record(id: &str, record: &str) -> Result<String> {
    let event: Event = serde_json::from_str(record)
        .map_err(|err| StoreError::Invalid(format!("event {id}: stored record: {err}")))?;
    Ok(serde_json::to_string(&event)?)
}

/// Opens the store a `--db` value names: a `postgres://` or `postgresql://` URL, or else a SQLite file path.
pub fn open(location: &str) -> Result<Box<dyn Store + Send>> {
    if is_postgres_url(location) {
        Ok(Box::new(PostgresStore::connect(location)?))
    } else {
        Ok(Box::new(SqliteStore::open(std::path::Path::new(location))?))
    }
}

/// An article as either store gives it back: the columns they keep (no byline, date source or removed lines),
/// the publication time to the second. For callers that keep what they stored in memory instead of reading it
/// back.
/// An article's publication time as both backends store it (its text form), refused now when it could not be
/// read back later (the text form is what reading articles back parses).
pub(crate) fn published_text(article: &Article) -> Result<Option<String>> {
    let Some(text) = article.published.map(|p| p.to_string()) else {
        return Ok(None);
    };
    if text.parse::<storyline_model::Published>().is_err() {
        return Err(StoreError::Invalid(format!(
            "article {}: publication time {text:?} cannot be stored",
            article.id
        )));
    }
    Ok(Some(text))
}

pub fn as_stored(article: &Article) -> Article {
    Article {
        id: article.id.clone(),
        title: article.title.clone(),
        outlet: article.outlet.clone(),
        url: article.url.clone(),
        // Stored as its text; a time that does not read back is refused by the commit.
        published: article.published.and_then(|p| p.to_string().parse().ok()),
        language: article.language.clone(),
        text: article.text.clone(),
        ..Article::default()
    }
}

/// The names an event is filed under in `event_names`: its participants, and its places by their own and their
/// gazetteer names.
pub(crate) fn event_names(event: &Event) -> Vec<(&'static str, &str)> {
    let mut names: Vec<(&'static str, &str)> = event
        .participants
        .iter()
        .map(|p| ("participant", p.name.as_str()))
        .collect();
    for place in &event.places {
        names.push(("place", place.name.as_str()));
        if let Some(location) = &place.location {
            names.push(("place", location.name.as_str()));
        }
    }
    names
}
