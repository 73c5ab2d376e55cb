//! Pipeline stage 4 — facts: what an event is, from the articles the clustering put in it.
//!
//! Pure: articles and their analyses in, [`Event`] and [`Entity`] records out: the most representative title,
//! the date voted from the texts' time expressions (`date`), the type (`kind`), places and participants ranked
//! by how many articles name them, and the facts with every source's claim (`sheet`).

mod copies;
mod coverage;
#[cfg(test)]
mod coverage_tests;
mod date;
mod framing;
mod kind;
mod near;
mod quotes;
mod reading;
mod sheet;
mod summary;
mod theme;

pub use copies::{original_id, Copies};
pub use coverage::{coverage, Coverage};
pub use framing::{attribution_verbs, fact_coverage, frame_event, loaded_words};
pub use reading::{Reader, Reading};
pub use theme::theme_terms;

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
    /// The article's reading when the caller holds it already (a long-running clusterer keeps its open events'
    /// readings between batches); `build_event` reads the article otherwise.
    pub reading: Option<&'a Reading>,
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
        // The kind most mentions gave a key, "other" aside (it is the recogniser's default, not evidence).
        let kind_of = |key: &str| {
            tallies[key]
                .kinds
                .iter()
                .filter(|(kind, _)| **kind != EntityKind::Other)
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(kind, _)| *kind)
        };
        let mut canonical: FxHashMap<String, String> = FxHashMap::default();
        for key in keys.iter().filter(|k| !k.contains(' ')) {
            let kind = kind_of(key);
            // A place is not a short form of a longer name: "Korea" of "North Korea", "Wellington" of "Wellington
            // High Street".
            if kind == Some(EntityKind::Place) {
                continue;
            }
            let by_part = |last: bool| -> Vec<&String> {
                keys.iter()
                    .filter(|long| long.contains(' '))
                    // Nor is a name of one kind a short form of a name of another ("Lohan" of "Lohan Ltd").
                    .filter(|long| match (kind, kind_of(long)) {
                        (Some(short), Some(long)) => short == long,
                        _ => true,
                    })
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

/// Drops what event records never read from an analysis (the terms outside titles and leads), so that a large corpus's
/// analyses can be kept until its events are built.
pub fn keep_what_facts_need(analysis: &mut Analysis) {
    analysis.terms.retain(|t| t.title > 0 || t.lead > 0);
    analysis.terms.shrink_to_fit();
}

/// Builds an event's record from its members (in the order they joined).
pub fn build_event(
    event_id: &str,
    members: &[Member<'_>],
    entities: &EntityIndex,
    reader: &Reader,
) -> Event {
    let readings: Vec<Reading> = members
        .iter()
        .map(|m| match m.reading {
            Some(reading) => reading.clone(),
            None => reader.read(m.article, m.analysis.dateline),
        })
        .collect();
    let coverage = coverage(members, &readings, entities, reader);
    // Copies of a wire story count once in coverage.
    let independent: Vec<Member<'_>> = (0..members.len())
        .filter(|&m| !coverage.copies.is_copy(m))
        .map(|m| members[m].clone())
        .collect();
    // Copies also count once in the date vote and in the claims (they are listed in `copies`).
    let independent_readings: Vec<Reading> = if independent.len() == members.len() {
        Vec::new()
    } else {
        (0..members.len())
            .filter(|&m| !coverage.copies.is_copy(m))
            .map(|m| readings[m].clone())
            .collect()
    };
    let (voters, voter_readings) = if independent.len() == members.len() {
        (members, readings.as_slice())
    } else {
        (independent.as_slice(), independent_readings.as_slice())
    };
    let dated = date::date_event(voters, voter_readings);
    let kind = kind::classify(members);
    let sheet = sheet::build_sheet(voters, voter_readings, kind, dated.date);
    let mut event = Event {
        id: event_id.to_string(),
        title: pick_title(members),
        date: dated.date.map(|d| d.format("%Y-%m-%d").to_string()),
        date_basis: dated.basis,
        date_evidence: dated.evidence,
        kind,
        places: rank_places(&independent, entities),
        participants: rank_participants(&independent, entities),
        articles: copies::memberships(members, &coverage.copies),
        facts: sheet.facts,
        quotes: coverage.quotes,
        summary: coverage.summary,
        copies: coverage.copy_groups,
        terms: theme_terms(members),
        other_events: sheet.other_events,
    };
    frame_event(&mut event, members, &readings);
    event
}

/// Moves the claims events make about other events ("the previous meeting, in 2019, lasted …") to those
/// events: the target is dated within the claim's days and shares a participant with the source; among
/// several, the one sharing the most participants, then the smallest id. Claims already on a target are not
/// added twice. Returns the ids of the targets that changed, sorted.
pub fn route_other_event_facts(events: &mut [Event]) -> Vec<String> {
    let targets = &*events;
    let mut moves: Vec<(usize, usize, usize)> = Vec::new();
    for (s, source) in targets.iter().enumerate() {
        for (o, other) in source.other_events.iter().enumerate() {
            let best = targets
                .iter()
                .enumerate()
                .filter(|(_, t)| t.id != source.id)
                .filter(|(_, t)| {
                    t.date
                        .as_deref()
                        .is_some_and(|d| other.from.as_str() <= d && d <= other.to.as_str())
                })
                .map(|(i, t)| {
                    let shared = t
                        .participants
                        .iter()
                        .filter(|p| source.participants.iter().any(|q| q.name == p.name))
                        .count();
                    (i, shared)
                })
                .filter(|(_, shared)| *shared > 0)
                .max_by(|a, b| {
                    a.1.cmp(&b.1)
                        .then_with(|| targets[b.0].id.cmp(&targets[a.0].id))
                });
            if let Some((t, _)) = best {
                moves.push((s, o, t));
            }
        }
    }
    let mut changed: Vec<String> = Vec::new();
    for (s, o, t) in moves {
        let target_id = events[t].id.clone();
        events[s].other_events[o].routed_to = Some(target_id);
        let other = events[s].other_events[o].clone();
        let target = &mut events[t];
        let before = target.facts.clone();
        for claim in &other.fact.claims {
            let known = target.facts.iter().any(|f| {
                f.slot == other.fact.slot
                    && f.subject == other.fact.subject
                    && f.claims.iter().any(|c| {
                        c.article == claim.article
                            && c.start == claim.start
                            && c.value == claim.value
                    })
            });
            if !known {
                sheet::add_claim(
                    &mut target.facts,
                    &other.fact.slot,
                    other.fact.subject.clone(),
                    claim.clone(),
                );
            }
        }
        if target.facts != before {
            for fact in &mut target.facts {
                fact.disagreement = sheet::disagree(&fact.claims);
            }
            sheet::sort_facts(&mut target.facts);
            changed.push(target.id.clone());
        }
    }
    changed.sort();
    changed.dedup();
    changed
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

/// How prominent an entity is in an event.
#[derive(Default)]
struct Standing {
    /// Members that name it.
    articles: u32,
    /// Mentions over all members.
    mentions: u32,
    /// Mentions after a word that places something ("in", "near").
    located: u32,
    country: Option<String>,
}

/// Entities of the wanted kinds ranked by how many members name them, then by mentions (for places, those that
/// say where something happened count twice), then by key.
fn rank(
    members: &[Member<'_>],
    entities: &EntityIndex,
    wanted: impl Fn(&Entity) -> bool,
    by_located: bool,
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
            standing.located += doc_entity.located;
            if standing.country.is_none() {
                standing.country.clone_from(&doc_entity.country);
            }
        }
    }
    let mut ranked: Vec<(String, Standing)> = standings.into_iter().collect();
    // For places, a mention that says where something happened counts twice.
    let weight =
        |standing: &Standing| standing.mentions + if by_located { standing.located } else { 0 };
    ranked.sort_by(|a, b| {
        (b.1.articles, weight(&b.1))
            .cmp(&(a.1.articles, weight(&a.1)))
            .then_with(|| a.0.cmp(&b.0))
    });
    ranked
        .into_iter()
        .filter_map(|(key, standing)| Some((entities.get(&key)?.clone(), standing.country)))
        .collect()
}

fn rank_places(members: &[Member<'_>], entities: &EntityIndex) -> Vec<Place> {
    rank(
        members,
        entities,
        |entity| entity.kind == EntityKind::Place,
        true,
    )
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
    rank(
        members,
        entities,
        |entity| matches!(entity.kind, EntityKind::Person | EntityKind::Organization),
        false,
    )
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
    use storyline_model::Framing;

    fn article(id: &str, published: &str, title: &str, text: &str) -> Article {
        Article {
            published: Some(published.parse().unwrap()),
            language: Some("en".into()),
            ..Article::new(id, title, text)
        }
    }

    fn analyses_of(articles: &[Article]) -> Vec<Analysis> {
        let analyzer = Analyzer::new();
        articles.iter().map(|a| analyzer.analyze(a)).collect()
    }

    fn members<'a>(articles: &'a [Article], analyses: &'a [Analysis]) -> Vec<Member<'a>> {
        articles
            .iter()
            .zip(analyses)
            .map(|(article, analysis)| Member {
                reading: None,
                article,
                analysis,
                membership: EventArticle {
                    id: article.id.clone(),
                    score: 1.0,
                    why: Vec::new(),
                    framing: Framing::default(),
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
        let analyses = analyses_of(&articles);
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
    fn the_place_where_it_happened_comes_before_a_country_named_more_often() {
        let articles = [article(
            "a",
            "2022-05-02",
            "Shelling",
            "Shelling broke out in Kharkiv on Monday. Ukraine said the shelling in Kharkiv killed four. \
             Ukraine asked for help, and the allies of Ukraine answered.",
        )];
        let analyses = analyses_of(&articles);
        let members = members(&articles, &analyses);
        let event = build_event("e", &members, &EntityIndex::new(&analyses), &Reader::new());
        let places: Vec<&str> = event.places.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(places, ["Kharkiv", "Ukraine"]);
    }

    #[test]
    fn a_place_or_a_name_of_another_kind_is_no_short_form_across_articles() {
        let articles = [
            article(
                "a",
                "2008-12-08",
                "Riots in Greece",
                "Protesters marched in Greece on Monday. Police in Greece said the crowds were large, and \
                 the visiting Putin stayed away.",
            ),
            article(
                "b",
                "2008-12-09",
                "Party statement",
                "The Communist Party of Greece said the Communist Party of Greece would join the strike.",
            ),
            article(
                "c",
                "2019-04-25",
                "Summit",
                "Vladimir Putin met the leader of North Korea in Vladivostok.",
            ),
        ];
        let analyses = analyses_of(&articles);
        let index = EntityIndex::new(&analyses);
        let greece = index.get("greece").unwrap();
        assert_eq!(
            (greece.name.as_str(), greece.kind),
            ("Greece", EntityKind::Place)
        );
        assert_eq!(
            index.get("communist party of greece").unwrap().kind,
            EntityKind::Organization
        );
        // A person's short form still joins the full name.
        assert_eq!(index.get("putin").unwrap().name, "Vladimir Putin");
    }

    #[test]
    fn each_article_of_an_event_gets_its_own_framing() {
        let articles = [
            article(
                "calm",
                "2023-09-14",
                "Kim meets Putin at Vostochny",
                "Kim Jong Un met Vladimir Putin at the Vostochny cosmodrome on Wednesday. Putin said that the \
                 talks were useful.",
            ),
            article(
                "loud",
                "2023-09-14",
                "Tyrant Kim's sham summit with Putin",
                "The tyrant Kim Jong Un met Vladimir Putin at the Vostochny cosmodrome on Wednesday for a sham \
                 summit. Putin claimed that the talks were useful.",
            ),
        ];
        let analyses = analyses_of(&articles);
        let members = members(&articles, &analyses);
        let event = build_event("e", &members, &EntityIndex::new(&analyses), &Reader::new());
        let framing = |id: &str| {
            &event
                .articles
                .iter()
                .find(|a| a.id == id)
                .expect("a member")
                .framing
        };
        let words = |id: &str| -> Vec<String> {
            framing(id)
                .loaded_words
                .iter()
                .map(|w| w.word.clone())
                .collect()
        };
        let verbs = |id: &str| -> Vec<String> {
            framing(id)
                .attribution_verbs
                .iter()
                .map(|v| v.verb.clone())
                .collect()
        };
        assert!(words("calm").is_empty(), "{:?}", words("calm"));
        assert_eq!(words("loud"), ["sham", "tyrant", "claimed"]);
        assert_eq!(verbs("calm"), ["said"]);
        assert_eq!(verbs("loud"), ["claimed"]);
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
        let analyses = analyses_of(&articles);
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
        let analyses = analyses_of(&articles);
        let members = members(&articles, &analyses);
        let event = build_event("e", &members, &EntityIndex::new(&analyses), &Reader::new());
        assert_eq!(event.date.as_deref(), Some("2023-09-13"));
    }
}
