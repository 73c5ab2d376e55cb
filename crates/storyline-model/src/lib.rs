//! The storyline data model: what flows between the pipeline stages and what the JSON document promises.
//!
//! The JSON document ([`Document`]) is a contract: later versions add fields, they never rename or remove one.
//! Every list in it is sorted deterministically so that the same input gives the same bytes.

mod published;

pub use published::{Published, PublishedError};

use serde::{Deserialize, Serialize};

/// A clean article: the unit every stage after extraction works on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub id: String,
    pub title: String,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<Published>,
    /// ISO 639-1 code when known (given by the source or identified from the text).
    pub language: Option<String>,
    pub text: String,
    /// The byline, when the page or record names one.
    #[serde(default)]
    pub author: Option<String>,
    /// Where `published` was read from.
    #[serde(default)]
    pub published_source: Option<PublishedSource>,
    /// Promotional and call-to-action lines taken out of the text, in their original order, so that the
    /// cleaning can be audited.
    #[serde(default)]
    pub removed_lines: Vec<String>,
}

/// Where an article's publication time came from, from the most to the least explicit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PublishedSource {
    /// The input record's own `published` field.
    Record,
    /// A JSON-LD `datePublished` (schema.org).
    JsonLd,
    /// A `<meta>` tag (`article:published_time`, `date`, Dublin Core …).
    Meta,
    /// A `<time datetime>` element.
    TimeElement,
    /// A date in the page's URL.
    Url,
    /// A date written in the page's visible text.
    Text,
}

impl Article {
    /// An article with an id, a title and a text, and no metadata yet.
    pub fn new(id: impl Into<String>, title: impl Into<String>, text: impl Into<String>) -> Self {
        Article {
            id: id.into(),
            title: title.into(),
            outlet: None,
            url: None,
            published: None,
            language: None,
            text: text.into(),
            ..Article::default()
        }
    }

    /// The order in which the online clustering takes articles: publication time, then id.
    /// Articles without a date come after dated ones so that a stream's undated stragglers do not reopen old windows.
    pub fn stream_order(&self, other: &Self) -> std::cmp::Ordering {
        match (&self.published, &other.published) {
            (Some(a), Some(b)) => a.cmp(b),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| self.id.cmp(&other.id))
    }
}

/// What kind of thing a named entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Organization,
    Place,
    Other,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Place => "place",
            EntityKind::Other => "other",
        }
    }
}

/// A canonical entity across the whole document: one id for all its spellings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    pub aliases: Vec<String>,
    /// Where a place is, when the gazetteer knows it.
    #[serde(default)]
    pub location: Option<Location>,
}

/// What sort of place a gazetteer entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    Country,
    /// A first-level division: a state, province, oblast, krai, region.
    Region,
    City,
}

/// A place as the gazetteer (GeoNames-derived) knows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub kind: PlaceKind,
    /// The gazetteer's name ("Vladivostok", "Amur").
    pub name: String,
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    /// The first-level region a city lies in.
    pub region: Option<String>,
    /// A point inside the place: a city's centre, a region's largest city, a country's capital.
    pub latitude: f64,
    pub longitude: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub name: String,
    /// ISO 3166-1 alpha-2 code when the place is known to the gazetteer.
    pub country: Option<String>,
    #[serde(default)]
    pub location: Option<Location>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    pub name: String,
    pub kind: EntityKind,
}

/// An article's membership in an event and why it was put there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventArticle {
    pub id: String,
    /// Similarity to the event when the article joined it (1.0 for the article that opened it).
    pub score: f32,
    /// The shared terms, entities and dates that tied the article to the event.
    pub why: Vec<String>,
    /// When the article is a copy of the same wire story as another member: the id of the group's
    /// first-published article.
    #[serde(default)]
    pub copy_of: Option<String>,
    /// How this article tells the event: its loaded words, attribution verbs and the facts it carries.
    #[serde(default)]
    pub framing: Framing,
}

/// How one article tells an event, beside the others.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Framing {
    /// Loaded and evaluative words in the article's own voice (quotations left out), most frequent first.
    pub loaded_words: Vec<LoadedWord>,
    /// The verbs that attribute its quotes ("said", "claimed", "insisted"), most frequent first.
    pub attribution_verbs: Vec<AttributionVerb>,
    /// The fact slots of the event's sheet this article gives a claim for, in sheet order.
    pub carries: Vec<String>,
    /// The fact slots of the sheet this article says nothing about, in sheet order.
    pub omits: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadedWord {
    /// The word as the lexicon lists it (lower case).
    pub word: String,
    /// `pejorative`, `dismissive`, `loaded-speech`, `sensational` or `laudatory`.
    pub kind: String,
    pub count: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributionVerb {
    /// The cue as written, lower case ("said", "according to").
    pub verb: String,
    pub count: u32,
}

/// A typed claim about an event, tied to the sentence and article it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub value: String,
    pub qualifier: Option<String>,
    pub text: String,
    pub article: String,
    pub outlet: Option<String>,
    /// Byte offsets of `text` (the sentence) in the article's text.
    #[serde(default)]
    pub start: usize,
    #[serde(default)]
    pub end: usize,
    /// The values the claim allows, in the slot's base unit (seconds, people, currency units, percent
    /// points); `max: None` is unbounded.
    #[serde(default)]
    pub min: f64,
    #[serde(default)]
    pub max: Option<f64>,
    /// The base unit of `min`/`max`: "second", "person", an ISO currency code, "percent".
    #[serde(default)]
    pub unit: Option<String>,
}

/// One slot of an event's fact sheet and what each source claims for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    pub slot: String,
    pub subject: Option<String>,
    pub claims: Vec<Claim>,
    pub disagreement: bool,
}

/// What sort of happening an event is (see ARCHITECTURE.md, "Event types").
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Meeting,
    Visit,
    Statement,
    Agreement,
    Election,
    Attack,
    Disaster,
    Accident,
    Protest,
    Trial,
    Arrest,
    BusinessDeal,
    SportsResult,
    Death,
    #[default]
    Other,
}

/// What an event's `date` rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateBasis {
    /// Time expressions in the members' texts (see `date_evidence`).
    Text,
    /// Nothing in the texts dated it: the earliest member's publication day (or dateline).
    Publication,
}

/// A time expression that dated an event: the resolved day, the words and the sentence they stand in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DateEvidence {
    /// The resolved day (ISO).
    pub value: String,
    /// The expression as written ("Wednesday", "on April 25").
    pub expression: String,
    /// The sentence it stands in.
    pub text: String,
    pub article: String,
    pub outlet: Option<String>,
}

/// Claims an article makes about another, earlier or later, event ("the previous meeting, in 2019, lasted
/// three and a half hours"): kept apart from the event's own facts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OtherEventFact {
    /// The days the sentence's time expression covers, first and last (ISO).
    pub from: String,
    pub to: String,
    pub fact: Fact,
    /// The event of the corpus the claims were added to, when one matches.
    pub routed_to: Option<String>,
}

/// Whether a quote gives the speaker's own words or reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Between quotation marks.
    Direct,
    /// "X said (that) …", "according to X, …".
    Indirect,
}

/// One quote of an event, listed once however many sources carry it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The speaker's canonical name; `None` when the text attributes the quote only by a description or an
    /// unresolved pronoun ("a police spokesman said").
    pub speaker: Option<String>,
    pub text: String,
    /// The first source (in `articles`) and its outlet.
    pub article: String,
    pub outlet: Option<String>,
    #[serde(default)]
    pub kind: Option<QuoteKind>,
    /// Every article that carries the quote, copies of a wire story left out, first source first.
    #[serde(default)]
    pub articles: Vec<String>,
    /// The distinct outlets of `articles`, sorted.
    #[serde(default)]
    pub outlets: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummarySentence {
    pub text: String,
    pub article: String,
    /// The sentence's byte span in the article's text.
    #[serde(default)]
    pub start: Option<usize>,
    #[serde(default)]
    pub end: Option<usize>,
}

/// Articles of one event that are the same wire story.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CopyGroup {
    /// The first-published article of the group.
    pub original: String,
    /// The other articles, in publication order.
    pub copies: Vec<String>,
    /// The distinct outlets that ran the story (original and copies), sorted.
    pub outlets: Vec<String>,
}

/// A real-world happening and the articles that report it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    pub title: String,
    /// When the event happened (ISO date), when the articles say so.
    pub date: Option<String>,
    /// What `date` rests on; none when the event has no date.
    #[serde(default)]
    pub date_basis: Option<DateBasis>,
    /// The expressions that gave `date`, one per article that dated it.
    #[serde(default)]
    pub date_evidence: Vec<DateEvidence>,
    /// What sort of happening it is.
    #[serde(default, rename = "type")]
    pub kind: EventKind,
    pub places: Vec<Place>,
    pub participants: Vec<Participant>,
    pub articles: Vec<EventArticle>,
    pub facts: Vec<Fact>,
    pub quotes: Vec<Quote>,
    pub summary: Vec<SummarySentence>,
    /// The event's theme: stemmed title words shared by most of its articles, most shared first. Storylines
    /// compare them.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Claims the members make about other events, and where they were routed.
    #[serde(default)]
    pub other_events: Vec<OtherEventFact>,
    /// Groups of members that are the same wire story, by their original's position in `articles`.
    #[serde(default)]
    pub copies: Vec<CopyGroup>,
}

/// How many participants an [`EventSummary`] lists: what a timeline entry shows.
pub const SUMMARY_PARTICIPANTS: usize = 6;

/// What a timeline shows of an event, a few hundred bytes where the full [`Event`] is often ten kilobytes: the
/// store keeps it beside the full record and the event listing answers with it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EventSummary {
    pub id: String,
    pub title: String,
    pub date: Option<String>,
    pub date_basis: Option<DateBasis>,
    #[serde(rename = "type")]
    pub kind: EventKind,
    /// The event's places by name and country; their gazetteer entries are in the full event.
    pub places: Vec<PlaceName>,
    /// The first [`SUMMARY_PARTICIPANTS`] participants, in the event's order.
    pub participants: Vec<Participant>,
    pub participant_count: usize,
    pub article_count: usize,
    /// How many fact slots have claims that disagree.
    pub disagreement_count: usize,
}

/// A place as a summary names it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlaceName {
    pub name: String,
    /// ISO 3166-1 alpha-2 code when the place is known to the gazetteer.
    pub country: Option<String>,
}

impl EventSummary {
    pub fn of(event: &Event) -> Self {
        EventSummary {
            id: event.id.clone(),
            title: event.title.clone(),
            date: event.date.clone(),
            date_basis: event.date_basis,
            kind: event.kind,
            places: event
                .places
                .iter()
                .map(|place| PlaceName {
                    name: place.name.clone(),
                    country: place.country.clone(),
                })
                .collect(),
            participants: event
                .participants
                .iter()
                .take(SUMMARY_PARTICIPANTS)
                .cloned()
                .collect(),
            participant_count: event.participants.len(),
            article_count: event.articles.len(),
            disagreement_count: event.facts.iter().filter(|f| f.disagreement).count(),
        }
    }
}

/// What linking storylines reads of an event: its date, ranked names, theme and size. Read straight from a
/// stored event record (the other fields are skipped, not built), so relinking the stories of a large store
/// does not materialise every full event.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct EventOutline {
    pub id: String,
    pub title: String,
    pub date: Option<String>,
    /// Participant names, in the event's ranked order.
    #[serde(deserialize_with = "names")]
    pub participants: Vec<String>,
    /// Place names, in the event's ranked order.
    #[serde(deserialize_with = "names")]
    pub places: Vec<String>,
    #[serde(default)]
    pub terms: Vec<String>,
    /// How many articles report the event.
    #[serde(rename = "articles", deserialize_with = "item_count")]
    pub article_count: usize,
}

impl From<&Event> for EventOutline {
    fn from(event: &Event) -> Self {
        EventOutline {
            id: event.id.clone(),
            title: event.title.clone(),
            date: event.date.clone(),
            participants: event.participants.iter().map(|p| p.name.clone()).collect(),
            places: event.places.iter().map(|p| p.name.clone()).collect(),
            terms: event.terms.clone(),
            article_count: event.articles.len(),
        }
    }
}

/// The `name` of each object in a list (participants, places).
fn names<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    struct Named {
        name: String,
    }
    let named: Vec<Named> = Deserialize::deserialize(deserializer)?;
    Ok(named.into_iter().map(|n| n.name).collect())
}

/// The length of a list whose items are skipped unread.
fn item_count<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<usize, D::Error> {
    let items: Vec<serde::de::IgnoredAny> = Deserialize::deserialize(deserializer)?;
    Ok(items.len())
}

/// Events linked over time because they share core participants and a theme (the summits of two leaders
/// years apart). Only stories of two or more events are listed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// Stable: derived from the id of the story's first event.
    pub id: String,
    /// The title of the story's most reported event.
    pub title: String,
    /// Event ids ordered by event date, then id.
    pub events: Vec<String>,
}

/// Everything storyline knows about a set of articles: the output of `analyze --json`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub articles: Vec<Article>,
    pub entities: Vec<Entity>,
    pub events: Vec<Event>,
    pub stories: Vec<Story>,
}

/// A short, stable identifier derived from a string: the same input always gives the same id.
/// FNV-1a (64-bit) is enough here: ids only need to be stable and rarely collide, not be secure.
pub fn stable_id(prefix: &str, key: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in key.as_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{prefix}{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, published: Option<&str>) -> Article {
        Article {
            id: id.into(),
            title: String::new(),
            outlet: None,
            url: None,
            published: published.map(|p| p.parse().unwrap()),
            language: None,
            text: String::new(),
            ..Article::default()
        }
    }

    #[test]
    fn stream_order_is_by_date_then_id_with_undated_last() {
        let mut articles = [
            article("b", None),
            article("c", Some("2023-09-13")),
            article("a", Some("2023-09-13")),
            article("d", Some("2019-04-25T08:00:00Z")),
            article("a0", None),
        ];
        articles.sort_by(|x, y| x.stream_order(y));
        let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["d", "a", "c", "a0", "b"]);
    }

    #[test]
    fn stable_ids_depend_only_on_the_key() {
        assert_eq!(stable_id("e", "article-1"), stable_id("e", "article-1"));
        assert_ne!(stable_id("e", "article-1"), stable_id("e", "article-2"));
        assert_eq!(stable_id("e", "x").len(), 17);
    }

    #[test]
    fn an_outline_read_from_a_stored_record_is_the_outline_of_the_event() {
        let event = Event {
            id: "e1".into(),
            title: "Ferry sinks off the coast".into(),
            date: Some("2024-03-02".into()),
            places: vec![Place {
                name: "Port Vell".into(),
                country: Some("ES".into()),
                location: None,
            }],
            participants: vec![Participant {
                name: "Ana Ruiz".into(),
                kind: EntityKind::Person,
            }],
            articles: ["a1", "a2", "a3"]
                .iter()
                .map(|id| EventArticle {
                    id: (*id).into(),
                    score: 0.5,
                    why: vec!["ferry".into()],
                    framing: Framing::default(),
                    copy_of: None,
                })
                .collect(),
            terms: vec!["ferri".into(), "sink".into()],
            ..Event::default()
        };
        let record = serde_json::to_string(&event).unwrap();
        let outline: EventOutline = serde_json::from_str(&record).unwrap();
        assert_eq!(outline, EventOutline::from(&event));
        assert_eq!(outline.article_count, 3);
        assert_eq!(outline.participants, ["Ana Ruiz"]);
        assert_eq!(outline.places, ["Port Vell"]);
    }

    #[test]
    fn entity_kind_serialises_lowercase() {
        let json = serde_json::to_string(&EntityKind::Organization).unwrap();
        assert_eq!(json, "\"organization\"");
    }

    #[test]
    fn a_summary_lists_the_first_participants_and_counts_the_rest() {
        let participants: Vec<Participant> = (0..9)
            .map(|i| Participant {
                name: format!("Person {i}"),
                kind: EntityKind::Person,
            })
            .collect();
        let fact = |disagreement| Fact {
            slot: "deaths".into(),
            subject: None,
            claims: vec![],
            disagreement,
        };
        let event = Event {
            id: "e1".into(),
            title: "Harbour fire".into(),
            date: Some("2024-03-05".into()),
            participants: participants.clone(),
            articles: vec![
                EventArticle {
                    id: "a1".into(),
                    score: 1.0,
                    why: vec![],
                    copy_of: None,
                    framing: Framing::default(),
                };
                3
            ],
            facts: vec![fact(true), fact(false), fact(true)],
            ..Event::default()
        };
        let summary = EventSummary::of(&event);
        assert_eq!(summary.participants, participants[..SUMMARY_PARTICIPANTS]);
        assert_eq!(summary.participant_count, 9);
        assert_eq!(summary.article_count, 3);
        assert_eq!(summary.disagreement_count, 2);
        assert_eq!(
            (summary.id.as_str(), summary.date.as_deref()),
            ("e1", Some("2024-03-05"))
        );
    }
}
