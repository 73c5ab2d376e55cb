//! An event's quotes: each quote its members carry, listed once with every source, its speaker under the
//! event's canonical name.
//!
//! Kept: quotes the text attributes to someone. Named speakers get their canonical name; direct quotes
//! attributed only by a description or an unresolved pronoun ("a police spokesman said") keep
//! `speaker: None`, because such quotes often carry the event's facts (officials, witnesses) in words that
//! were really said. Dropped: quotation marks with no attribution in reach (mostly scare quotes and titles),
//! fragments of fewer than [`MIN_QUOTE_WORDS`] words ("called the plan "a disaster""), and indirect quotes
//! without a named speaker: there the reporter's own sentence only ends in "…, officials said", which the
//! summary and the facts already carry, and the finder's misreadings of such clauses fall there too.

use crate::copies::Copies;
use crate::near::{containment, token_set, tokens_in, NearIndex, Token};
use crate::{EntityIndex, Member, Reading};
use storyline_analyze::canonical_key;
use storyline_model::{Quote, QuoteKind};
use storyline_quotes::QuoteKind as FoundKind;

/// Shorter quotations are labels and scare quotes more often than statements.
const MIN_QUOTE_WORDS: usize = 4;
/// Two quotes are the same when the shorter's words are at least this share of the longer's (an outlet cut
/// a clause or changed a word).
const SAME_QUOTE: f64 = 0.8;
/// A fact sheet shows the main voices, not every line: ten quotes fill a screen...
const MAX_QUOTES: usize = 10;
/// ... and no one speaker fills it alone.
const MAX_PER_SPEAKER: usize = 3;

/// One quote and everything that carries it.
struct Carried {
    quote: Quote,
    /// Articles without an outlet, each an independent source.
    unnamed_outlets: usize,
}

/// The event's quotes, ranked: direct before indirect, carried by more outlets first, named speakers first,
/// then in the order the sources gave them. Copies of a wire story add no source.
pub(crate) fn event_quotes(
    members: &[Member<'_>],
    readings: &[Reading],
    tokens: &[Vec<Token>],
    copies: &Copies,
    entities: &EntityIndex,
) -> Vec<Quote> {
    let mut order: Vec<usize> = (0..members.len()).filter(|&m| !copies.is_copy(m)).collect();
    order.sort_by(|&a, &b| members[a].article.stream_order(members[b].article));

    let mut carried: Vec<Carried> = Vec::new();
    // For each quote seen, its word set and the entry of `carried` it joined.
    let mut seen: Vec<(Vec<u64>, usize)> = Vec::new();
    let mut index = NearIndex::default();
    for m in order {
        let article = members[m].article;
        for found in &readings[m].quotes {
            let Some(speaker) = &found.speaker else {
                continue;
            };
            let words = tokens_in(&tokens[m], found.content.start, found.content.end);
            if words.len() < MIN_QUOTE_WORDS {
                continue;
            }
            let name = speaker
                .entity
                .as_deref()
                .map(|entity| canonical_name(entity, entities, members));
            if name.is_none() && found.kind == FoundKind::Indirect {
                continue;
            }
            let set = token_set(words);
            let same = index
                .candidates_then_add(seen.len() as u32, &set)
                .into_iter()
                .map(|earlier| &seen[earlier as usize])
                .find(|(earlier_set, entry)| {
                    let earlier = &carried[*entry].quote.speaker;
                    let compatible = earlier.is_none() || name.is_none() || *earlier == name;
                    compatible && containment(&set, earlier_set) >= SAME_QUOTE
                })
                .map(|(_, entry)| *entry);
            let entry = match same {
                Some(entry) => entry,
                None => {
                    carried.push(Carried {
                        quote: Quote {
                            speaker: None,
                            text: article.text[found.content.start..found.content.end]
                                .trim()
                                .to_string(),
                            article: article.id.clone(),
                            outlet: article.outlet.clone(),
                            kind: Some(match found.kind {
                                FoundKind::Direct => QuoteKind::Direct,
                                FoundKind::Indirect => QuoteKind::Indirect,
                            }),
                            articles: Vec::new(),
                            outlets: Vec::new(),
                        },
                        unnamed_outlets: 0,
                    });
                    carried.len() - 1
                }
            };
            seen.push((set, entry));
            let carrier = &mut carried[entry];
            if carrier.quote.speaker.is_none() {
                carrier.quote.speaker = name;
            }
            if !carrier.quote.articles.contains(&article.id) {
                carrier.quote.articles.push(article.id.clone());
                match &article.outlet {
                    Some(outlet) if !carrier.quote.outlets.contains(outlet) => {
                        carrier.quote.outlets.push(outlet.clone());
                    }
                    Some(_) => {}
                    None => carrier.unnamed_outlets += 1,
                }
            }
        }
    }
    rank_and_cap(carried)
}

/// The event's name for a speaker the text names: the entity index's canonical name; for a one-word name the
/// recogniser missed in its article ("Ellison, who leads …" opens a sentence), the only name of the event
/// that ends (or else begins) with it, as the index joins short names; else the text's own.
fn canonical_name(entity: &str, entities: &EntityIndex, members: &[Member<'_>]) -> String {
    let key = canonical_key(entity);
    if let Some(known) = entities.get(&key) {
        return known.name.clone();
    }
    if !key.contains(' ') {
        let mut longer: Vec<&str> = members
            .iter()
            .flat_map(|m| &m.analysis.entities)
            .map(|e| entities.resolve(&e.key))
            .filter(|k| k.contains(' '))
            .collect();
        longer.sort_unstable();
        longer.dedup();
        for last in [true, false] {
            let matching: Vec<&&str> = longer
                .iter()
                .filter(|k| {
                    let part = if last {
                        k.rsplit(' ').next()
                    } else {
                        k.split(' ').next()
                    };
                    part == Some(key.as_str())
                })
                .collect();
            if let [only] = matching.as_slice() {
                if let Some(known) = entities.get(only) {
                    return known.name.clone();
                }
            }
            if !matching.is_empty() {
                break;
            }
        }
    }
    entity.to_string()
}

fn rank_and_cap(carried: Vec<Carried>) -> Vec<Quote> {
    let mut ranked: Vec<(usize, Carried)> = carried.into_iter().enumerate().collect();
    ranked.sort_by_key(|(first_seen, c)| {
        (
            c.quote.kind != Some(QuoteKind::Direct),
            std::cmp::Reverse(c.quote.outlets.len() + c.unnamed_outlets),
            c.quote.speaker.is_none(),
            *first_seen,
        )
    });
    let mut per_speaker: Vec<(Option<String>, usize)> = Vec::new();
    let mut quotes = Vec::new();
    for (_, mut carrier) in ranked {
        if quotes.len() == MAX_QUOTES {
            break;
        }
        let speaker = carrier.quote.speaker.clone();
        let count = match per_speaker.iter_mut().find(|(s, _)| *s == speaker) {
            Some((_, n)) => n,
            None => {
                per_speaker.push((speaker, 0));
                &mut per_speaker.last_mut().expect("just pushed").1
            }
        };
        if *count == MAX_PER_SPEAKER {
            continue;
        }
        *count += 1;
        carrier.quote.outlets.sort();
        quotes.push(carrier.quote);
    }
    quotes
}
