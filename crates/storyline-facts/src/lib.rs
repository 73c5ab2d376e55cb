//! Pipeline stage 4 — facts: what an event is, from the articles the clustering put in it.
//!
//! Pure: articles and their analyses in, [`Event`] and [`Entity`] records out. This first version picks the
//! title, votes the date among the dates the articles state, and ranks places and participants by how many
//! articles name them; claims, quotes and summaries come with the fact-sheet work.

mod copies;
mod coverage;
#[cfg(test)]
mod coverage_tests;
mod near;
mod quotes;
mod reading;
mod summary;

pub use copies::{original_id, Copies};
pub use coverage::{coverage, Coverage};
pub use reading::{Reader, Reading};

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use storyline_analyze::{rank_spellings, Analysis};
use storyline_model::{
    stable_id, Article, Entity, EntityKind, Event, EventArticle, Location, Participant, Place,
};

/// How many places and participants an event lists.
const MAX_PLACES: usize = 5;
const MAX_PARTICIPANTS: usize = 8;

/// One member of an event: the article, its analysis and how it joined.
#[derive(Clone)]
pub struct Member<'a> {
    pub article: &'a Article,
    pub analysis: &'a Analysis,
    pub membership: EventArticle,
}

/// Entity keys resolved across articles: a one-word key that ends (or begins) exactly one longer key of the
/// same corpus joins it, so "Putin" in one article and "Vladimir Putin" in another are one entity.
pub struct EntityIndex {
    canonical: FxHashMap<String, String>,
    entities: FxHashMap<String, Entity>,
}

impl EntityIndex {
    /// Builds the index over every analysis of a corpus (or of the events being rebuilt).
    pub fn new<'a>(analyses: impl IntoIterator<Item = &'a Analysis>) -> Self {
        struct Tally {
            names: FxHashMap<String, u32>,
            kinds: FxHashMap<EntityKind, u32>,
            mentions: u32,
            /// The gazetteer places the articles chose for the name, with their mention counts.
            locations: Vec<(Location, u32)>,
        }
        fn add_location(locations: &mut Vec<(Location, u32)>, location: &Location, count: u32) {
            match locations.iter_mut().find(|(l, _)| l == location) {
                Some((_, n)) => *n += count,
                None => locations.push((location.clone(), count)),
            }
        }
        let mut tallies: FxHashMap<String, Tally> = FxHashMap::default();
        for analysis in analyses {
            for entity in &analysis.entities {
                let tally = tallies.entry(entity.key.clone()).or_insert_with(|| Tally {
                    names: FxHashMap::default(),
                    kinds: FxHashMap::default(),
                    mentions: 0,
                    locations: Vec::new(),
                });
                if let Some(location) = &entity.location {
                    add_location(&mut tally.locations, location, entity.count);
                }
                *tally.names.entry(entity.name.clone()).or_default() += entity.count;
                for alias in &entity.aliases {
                    tally.names.entry(alias.clone()).or_default();
                }
                *tally.kinds.entry(entity.kind).or_default() += entity.count;
                tally.mentions += entity.count;
            }
        }
        let mut keys: Vec<&String> = tallies.keys().collect();
        keys.sort_unstable();
        let mut canonical: FxHashMap<String, String> = FxHashMap::default();
        for key in keys.iter().filter(|k| !k.contains(' ')) {
            let by_part = |last: bool| -> Vec<&String> {
                keys.iter()
                    .filter(|long| long.contains(' '))
                    .filter(|long| {
                        let mut parts = long.split(' ');
                        let part = if last {
                            parts.next_back()
                        } else {
                            parts.next()
                        };
                        part == Some(key.as_str())
                    })
                    .copied()
                    .collect()
            };
            let candidates = {
                let by_last = by_part(true);
                if by_last.is_empty() {
                    by_part(false)
                } else {
                    by_last
                }
            };
            if let [only] = candidates.as_slice() {
                canonical.insert((*key).clone(), (*only).clone());
            }
        }
        let mut merged: FxHashMap<String, Tally> = FxHashMap::default();
        for (key, tally) in tallies {
            let target = canonical.get(&key).cloned().unwrap_or(key);
            let into = merged.entry(target).or_insert_with(|| Tally {
                names: FxHashMap::default(),
                kinds: FxHashMap::default(),
                mentions: 0,
                locations: Vec::new(),
            });
            for (location, n) in &tally.locations {
                add_location(&mut into.locations, location, *n);
            }
            for (name, n) in tally.names {
                *into.names.entry(name).or_default() += n;
            }
            for (kind, n) in tally.kinds {
                *into.kinds.entry(kind).or_default() += n;
            }
            into.mentions += tally.mentions;
        }
        let entities = merged
            .into_iter()
            .map(|(key, tally)| {
                let mut names: Vec<(String, u32)> = tally.names.into_iter().collect();
                rank_spellings(&mut names);
                // "other" is the recogniser's default, not evidence: any specific kind outvotes it.
                let mut kinds: Vec<(EntityKind, u32)> = tally.kinds.into_iter().collect();
                kinds.sort_by(|a, b| {
                    (b.0 != EntityKind::Other, b.1)
                        .cmp(&(a.0 != EntityKind::Other, a.1))
                        .then(a.0.cmp(&b.0))
                });
                let name = names[0].0.clone();
                let mut aliases: Vec<String> = names[1..].iter().map(|(n, _)| n.clone()).collect();
                aliases.sort();
                aliases.dedup();
                let kind = kinds[0].0;
                // The place most mentions were resolved to; ties go to the first by country and name.
                let location = (kind == EntityKind::Place)
                    .then(|| {
                        tally
                            .locations
                            .into_iter()
                            .max_by(|a, b| {
                                a.1.cmp(&b.1).then_with(|| {
                                    (&b.0.country, &b.0.name).cmp(&(&a.0.country, &a.0.name))
                                })
                            })
                            .map(|(location, _)| location)
                    })
                    .flatten();
                let entity = Entity {
                    id: entity_id(&key),
                    name,
                    kind,
                    aliases,
                    location,
                };
                (key, entity)
            })
            .collect();
        EntityIndex {
            canonical,
            entities,
        }
    }

    /// The corpus-wide key of an article-level entity key.
    pub fn resolve<'k>(&'k self, key: &'k str) -> &'k str {
        self.canonical.get(key).map_or(key, String::as_str)
    }

    pub fn get(&self, key: &str) -> Option<&Entity> {
        self.entities.get(self.resolve(key))
    }

    /// Every entity, sorted by id.
    pub fn entities(&self) -> Vec<Entity> {
        let mut all: Vec<Entity> = self.entities.values().cloned().collect();
        all.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        all
    }
}

/// The stable id of an entity key.
pub fn entity_id(key: &str) -> String {
    stable_id("n", key)
}

/// Drops what event records never read from an analysis (the terms outside titles), so that a large corpus's
/// analyses can be kept until its events are built.
pub fn keep_what_facts_need(analysis: &mut Analysis) {
    analysis.terms.retain(|t| t.title > 0);
    analysis.terms.shrink_to_fit();
}

/// Builds an event's record from its members (in the order they joined).
pub fn build_event(
    event_id: &str,
    members: &[Member<'_>],
    entities: &EntityIndex,
    reader: &Reader,
) -> Event {
    let readings: Vec<Reading> = members.iter().map(|m| reader.read(m.article)).collect();
    let coverage = coverage(members, &readings, entities, reader);
    // Copies of a wire story count once in coverage.
    let independent: Vec<Member<'_>> = (0..members.len())
        .filter(|&m| !coverage.copies.is_copy(m))
        .map(|m| members[m].clone())
        .collect();
    Event {
        id: event_id.to_string(),
        title: pick_title(members),
        date: vote_date(members),
        places: rank_places(&independent, entities),
        participants: rank_participants(&independent, entities),
        articles: copies::memberships(members, &coverage.copies),
        facts: Vec::new(),
        quotes: coverage.quotes,
        summary: coverage.summary,
        copies: coverage.copy_groups,
    }
}

/// The title that shares the most terms with the other members' titles: the most representative headline.
fn pick_title(members: &[Member<'_>]) -> String {
    let mut term_articles: FxHashMap<&str, u32> = FxHashMap::default();
    for member in members {
        for term in member.analysis.terms.iter().filter(|t| t.title > 0) {
            *term_articles.entry(term.term.as_str()).or_default() += 1;
        }
    }
    let score = |member: &Member<'_>| -> f64 {
        let (shared, count) = member
            .analysis
            .terms
            .iter()
            .filter(|t| t.title > 0)
            .fold((0u32, 0u32), |(s, c), t| {
                (s + term_articles[t.term.as_str()] - 1, c + 1)
            });
        if count == 0 {
            return 0.0;
        }
        // Long titles should not win by length alone, nor URL-like titles at all.
        f64::from(shared) / f64::from(count).sqrt()
    };
    members
        .iter()
        .filter(|m| !m.article.title.trim().is_empty() && !looks_like_url(&m.article.title))
        .map(|m| (score(m), m))
        .max_by(|a, b| {
            a.0.total_cmp(&b.0)
                .then_with(|| b.1.article.id.cmp(&a.1.article.id))
        })
        .or_else(|| members.first().map(|m| (0.0, m)))
        .map(|(_, m)| m.article.title.trim().to_string())
        .unwrap_or_default()
}

/// Some sources put the page address where the headline should be ("http: / / www. example. com / ...").
fn looks_like_url(title: &str) -> bool {
    let start = title.trim_start().to_ascii_lowercase();
    start.starts_with("http") || start.starts_with("www") || title.contains("://")
}

/// How long before its earliest report an event may have happened; older dates in the text are background
/// (a birth date, a previous event).
const MAX_REPORTING_DELAY_DAYS: i64 = 31;

/// The day most members state explicitly (a full date in the text) and that fits the reports' own days (published,
/// else dateline): not after a report, not long before the earliest. Else the earliest report's day.
fn vote_date(members: &[Member<'_>]) -> Option<String> {
    let own_day = |m: &Member<'_>| m.article.published.map(|p| p.date).or(m.analysis.dateline);
    let earliest = members.iter().filter_map(own_day).min();
    let mut votes: FxHashMap<NaiveDate, u32> = FxHashMap::default();
    for member in members {
        let reported = own_day(member);
        for mention in &member.analysis.dates {
            let (Some(month), Some(day)) = (mention.month, mention.day) else {
                continue;
            };
            let Some(date) = NaiveDate::from_ymd_opt(mention.year, month, day) else {
                continue;
            };
            // A date after the report is a plan, not when the reported event happened.
            let after_report = reported.is_some_and(|r| date > r);
            let background =
                earliest.is_some_and(|e| (e - date).num_days() > MAX_REPORTING_DELAY_DAYS);
            if !after_report && !background {
                *votes.entry(date).or_default() += 1;
            }
        }
    }
    votes
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        .map(|(date, _)| date)
        .or(earliest)
        .map(|date| date.format("%Y-%m-%d").to_string())
}

/// How prominent an entity is in an event.
#[derive(Default)]
struct Standing {
    /// Members that name it.
    articles: u32,
    /// Mentions over all members.
    mentions: u32,
    country: Option<String>,
}

/// Entities of the wanted kinds ranked by how many members name them, then by mentions, then by key.
fn rank(
    members: &[Member<'_>],
    entities: &EntityIndex,
    wanted: impl Fn(&Entity) -> bool,
) -> Vec<(Entity, Option<String>)> {
    let mut standings: FxHashMap<String, Standing> = FxHashMap::default();
    for member in members {
        let mut seen: Vec<&str> = Vec::new();
        for doc_entity in &member.analysis.entities {
            let Some(entity) = entities.get(&doc_entity.key) else {
                continue;
            };
            if !wanted(entity) {
                continue;
            }
            let key = entities.resolve(&doc_entity.key);
            let standing = standings.entry(key.to_string()).or_default();
            if !seen.contains(&key) {
                standing.articles += 1;
                seen.push(key);
            }
            standing.mentions += doc_entity.count;
            if standing.country.is_none() {
                standing.country.clone_from(&doc_entity.country);
            }
        }
    }
    let mut ranked: Vec<(String, Standing)> = standings.into_iter().collect();
    ranked.sort_by(|a, b| {
        (b.1.articles, b.1.mentions)
            .cmp(&(a.1.articles, a.1.mentions))
            .then_with(|| a.0.cmp(&b.0))
    });
    ranked
        .into_iter()
        .filter_map(|(key, standing)| Some((entities.get(&key)?.clone(), standing.country)))
        .collect()
}

fn rank_places(members: &[Member<'_>], entities: &EntityIndex) -> Vec<Place> {
    rank(members, entities, |entity| entity.kind == EntityKind::Place)
        .into_iter()
        .take(MAX_PLACES)
        .map(|(entity, country)| Place {
            name: entity.name,
            country: country.or_else(|| entity.location.as_ref().map(|l| l.country.clone())),
            location: entity.location,
        })
        .collect()
}

fn rank_participants(members: &[Member<'_>], entities: &EntityIndex) -> Vec<Participant> {
    rank(members, entities, |entity| {
        matches!(entity.kind, EntityKind::Person | EntityKind::Organization)
    })
    .into_iter()
    .take(MAX_PARTICIPANTS)
    .map(|(entity, _)| Participant {
        name: entity.name,
        kind: entity.kind,
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_analyze::Analyzer;

    fn article(id: &str, published: &str, title: &str, text: &str) -> Article {
        Article {
            published: Some(published.parse().unwrap()),
            language: Some("en".into()),
            ..Article::new(id, title, text)
        }
    }

    fn members<'a>(articles: &'a [Article], analyses: &'a [Analysis]) -> Vec<Member<'a>> {
        articles
            .iter()
            .zip(analyses)
            .map(|(article, analysis)| Member {
                article,
                analysis,
                membership: EventArticle {
                    id: article.id.clone(),
                    score: 1.0,
                    why: Vec::new(),
                    copy_of: None,
                },
            })
            .collect()
    }

    #[test]
    fn an_event_gets_a_voted_date_ranked_places_and_canonical_participants() {
        let articles = [
            article(
                "a",
                "2019-04-26",
                "Putin and Kim hold first summit in Vladivostok",
                "Russian President Vladimir Putin met North Korean leader Kim Jong-un in Vladivostok on \
                 April 25, 2019. The talks on Russky Island lasted hours.",
            ),
            article(
                "b",
                "2019-04-25",
                "Kim meets Putin",
                "Kim Jong Un and Putin met in Vladivostok on April 25, 2019, the Kremlin said.",
            ),
            article(
                "c",
                "2019-04-27",
                "Summit in Vladivostok ends",
                "The summit of Putin and Kim Jong-un in Vladivostok ended. It followed talks on 1 March 2019 \
                 and the leaders will meet again on 1 May 2030.",
            ),
        ];
        let analyzer = Analyzer::new();
        let analyses: Vec<Analysis> = articles.iter().map(|a| analyzer.analyze(a)).collect();
        let index = EntityIndex::new(&analyses);
        let members = members(&articles, &analyses);
        let event = build_event("e1", &members, &index, &Reader::new());
        assert_eq!(event.date.as_deref(), Some("2019-04-25"));
        assert_eq!(event.places[0].name, "Vladivostok");
        let names: Vec<&str> = event.participants.iter().map(|p| p.name.as_str()).collect();
        assert!(names.contains(&"Vladimir Putin"), "{names:?}");
        assert!(
            names.contains(&"Kim Jong-un") || names.contains(&"Kim Jong Un"),
            "{names:?}"
        );
        assert!(
            !names.contains(&"Putin"),
            "the short form joins the full name: {names:?}"
        );
        assert_eq!(
            event.title,
            "Putin and Kim hold first summit in Vladivostok"
        );
        assert_eq!(event.articles.len(), 3);

        let putin = index.get("putin").expect("short key resolves");
        assert_eq!(putin.name, "Vladimir Putin");
        assert!(putin.aliases.contains(&"Putin".to_string()));
    }

    #[test]
    fn dates_long_before_the_reports_are_background() {
        let articles = [
            article(
                "p1",
                "2008-12-12",
                "Pin-up model dies",
                "The model, born on April 22, 1923, died on December 11, 2008.",
            ),
            article(
                "p2",
                "2008-12-12",
                "Model dies at 85",
                "She was born on April 22, 1923 in Nashville.",
            ),
        ];
        let analyzer = Analyzer::new();
        let analyses: Vec<Analysis> = articles.iter().map(|a| analyzer.analyze(a)).collect();
        let event = build_event(
            "e",
            &members(&articles, &analyses),
            &EntityIndex::new(&analyses),
            &Reader::new(),
        );
        assert_eq!(event.date.as_deref(), Some("2008-12-11"));
    }

    #[test]
    fn without_stated_dates_the_earliest_publication_day_is_used() {
        let articles = [
            article("x", "2023-09-14", "Talks end", "The talks ended late."),
            article("y", "2023-09-13T22:00:00Z", "Talks", "Talks went on."),
        ];
        let analyzer = Analyzer::new();
        let analyses: Vec<Analysis> = articles.iter().map(|a| analyzer.analyze(a)).collect();
        let members = members(&articles, &analyses);
        let event = build_event("e", &members, &EntityIndex::new(&analyses), &Reader::new());
        assert_eq!(event.date.as_deref(), Some("2023-09-13"));
    }
}
