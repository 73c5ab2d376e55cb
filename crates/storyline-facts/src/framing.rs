//! Framing: how each article tells its event — the loaded and evaluative words in its own voice, the verbs that
//! attribute its quotes, and which fact slots of the event's sheet it carries or leaves out — so a reader sees
//! how one outlet's version differs from another's.
//!
//! The loaded words come from `data/loaded-words.tsv`, a curated English list (its header says why no registry
//! lexicon fits); words inside direct quotations are the speaker's, not the outlet's, and are not counted.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;
use storyline_model::{Article, AttributionVerb, Event, Fact, Framing, LoadedWord};
use storyline_quotes::QuoteKind;

use crate::{Member, Reading};

/// word → kind, from the compiled-in list.
static LEXICON: LazyLock<FxHashMap<&'static str, &'static str>> = LazyLock::new(|| {
    include_str!("../data/loaded-words.tsv")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| line.split_once('\t'))
        .collect()
});

/// Fills the framing of every article of `event` (whose facts are built); `members` and `readings` are the
/// event's members and their readings, in the order of `event.articles`.
pub fn frame_event(event: &mut Event, members: &[Member<'_>], readings: &[Reading]) {
    for ((entry, member), reading) in event.articles.iter_mut().zip(members).zip(readings) {
        let (carries, omits) = fact_coverage(&event.facts, &entry.id);
        entry.framing = Framing {
            loaded_words: loaded_words(member.article, reading),
            attribution_verbs: attribution_verbs(&member.article.text, reading),
            carries,
            omits,
        };
    }
}

/// The fact slots the article gives a claim for and the ones it leaves out, each list in sheet order and
/// each slot once. A slot with a subject is named `slot (subject)`, so the parts of a measurement stay apart.
pub fn fact_coverage(facts: &[Fact], article_id: &str) -> (Vec<String>, Vec<String>) {
    let mut carries: Vec<String> = Vec::new();
    let mut omits: Vec<String> = Vec::new();
    for fact in facts {
        let name = match &fact.subject {
            Some(subject) => format!("{} ({subject})", fact.slot),
            None => fact.slot.clone(),
        };
        let carried = fact.claims.iter().any(|claim| claim.article == article_id);
        let list = if carried { &mut carries } else { &mut omits };
        if !list.contains(&name) {
            list.push(name);
        }
    }
    // A slot carried under one fact and missing under another of the same name is carried.
    omits.retain(|name| !carries.contains(name));
    (carries, omits)
}

/// The lexicon's words in the title and in the text outside direct quotations, for English articles (the list
/// is English; an article without a language is read as English).
pub fn loaded_words(article: &Article, reading: &Reading) -> Vec<LoadedWord> {
    if article.language.as_deref().is_some_and(|l| l != "en") {
        return Vec::new();
    }
    let mut counts: FxHashMap<&'static str, u32> = FxHashMap::default();
    let mut count_in = |text: &str| {
        let mut lower = String::new();
        for word in words(text) {
            lower.clear();
            lower.extend(word.chars().flat_map(char::to_lowercase));
            let word = lower.strip_suffix("'s").unwrap_or(&lower);
            if let Some((&entry, _)) = LEXICON.get_key_value(word) {
                *counts.entry(entry).or_default() += 1;
            }
        }
    };
    count_in(&article.title);
    let text = article.text.as_str();
    let mut from = 0;
    let mut quoted: Vec<(usize, usize)> = reading
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Direct)
        .map(|q| (q.content.start, q.content.end))
        .collect();
    quoted.sort_unstable();
    for (start, end) in quoted {
        if start > from {
            count_in(text.get(from..start).unwrap_or(""));
        }
        from = from.max(end);
    }
    count_in(text.get(from..).unwrap_or(""));
    let mut found: Vec<LoadedWord> = counts
        .into_iter()
        .map(|(word, count)| LoadedWord {
            word: word.to_string(),
            kind: LEXICON[word].to_string(),
            count,
        })
        .collect();
    found.sort_unstable_by(|a, b| b.count.cmp(&a.count).then_with(|| a.word.cmp(&b.word)));
    found
}

/// The cue verbs of the article's quotes, lower case as written, most frequent first.
pub fn attribution_verbs(text: &str, reading: &Reading) -> Vec<AttributionVerb> {
    let mut counts: FxHashMap<String, u32> = FxHashMap::default();
    for cue in reading.quotes.iter().filter_map(|q| q.cue) {
        let Some(verb) = text.get(cue.start..cue.end) else {
            continue;
        };
        let verb = verb.split_whitespace().collect::<Vec<_>>().join(" ");
        if !verb.is_empty() {
            *counts.entry(verb.to_lowercase()).or_default() += 1;
        }
    }
    let mut verbs: Vec<AttributionVerb> = counts
        .into_iter()
        .map(|(verb, count)| AttributionVerb { verb, count })
        .collect();
    verbs.sort_unstable_by(|a, b| b.count.cmp(&a.count).then_with(|| a.verb.cmp(&b.verb)));
    verbs
}

/// Words: runs of letters with inner hyphens and apostrophes ("so-called", "regime's").
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphabetic() || c == '-' || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(|c| c == '-' || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Reader;
    use storyline_model::Claim;

    fn article(id: &str, title: &str, text: &str) -> Article {
        Article {
            language: Some("en".into()),
            published: Some("2023-09-14".parse().unwrap()),
            ..Article::new(id, title, text)
        }
    }

    fn framing_of(article: &Article) -> (Vec<LoadedWord>, Vec<AttributionVerb>) {
        let reading = Reader::new().read(article, None);
        (
            loaded_words(article, &reading),
            attribution_verbs(&article.text, &reading),
        )
    }

    fn words_of(found: &[LoadedWord]) -> Vec<&str> {
        found.iter().map(|w| w.word.as_str()).collect()
    }

    #[test]
    fn the_loaded_version_shows_its_words_and_the_neutral_one_none() {
        let loaded = article(
            "courier",
            "Tyrant Kim's sham summit with Putin",
            "The tyrant of Pyongyang travelled by armoured train to a sham summit with the Kremlin regime. \
             Critics slammed the meeting, and the regime's propaganda hailed it as historic.",
        );
        let neutral = article(
            "wire",
            "Kim meets Putin at Vostochny",
            "North Korean leader Kim Jong Un travelled by train to meet Russian President Vladimir Putin at \
             the Vostochny cosmodrome. The two leaders held talks for several hours.",
        );
        let (found, _) = framing_of(&loaded);
        assert_eq!(
            words_of(&found),
            [
                "regime",
                "sham",
                "tyrant",
                "hailed",
                "historic",
                "propaganda",
                "slammed"
            ]
        );
        assert_eq!(found[0].count, 2, "the possessive counts too");
        assert_eq!(found[2].kind, "pejorative");
        let (found, _) = framing_of(&neutral);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn quoted_words_are_the_speakers_not_the_outlets() {
        let quoting = article(
            "q",
            "Minister rejects criticism",
            "\"This is a sham and a farce,\" the opposition leader said of the vote. \
             The minister insisted the vote was fair.",
        );
        let (found, verbs) = framing_of(&quoting);
        assert!(
            found.iter().all(|w| w.word != "sham" && w.word != "farce"),
            "{found:?}"
        );
        let verbs: Vec<(&str, u32)> = verbs.iter().map(|v| (v.verb.as_str(), v.count)).collect();
        assert!(verbs.contains(&("said", 1)), "{verbs:?}");
        assert!(verbs.contains(&("insisted", 1)), "{verbs:?}");
    }

    #[test]
    fn attribution_verbs_tell_said_from_claimed() {
        let plain = article(
            "a",
            "Talks",
            "Putin said the talks were useful. Kim said they would meet again. Lavrov said the two sides had \
             signed nothing.",
        );
        let doubting = article(
            "b",
            "Talks",
            "Putin claimed the talks were useful. Kim insisted they would meet again. Lavrov admitted that the \
             two sides had signed nothing.",
        );
        let (_, verbs) = framing_of(&plain);
        let verbs: Vec<(&str, u32)> = verbs.iter().map(|v| (v.verb.as_str(), v.count)).collect();
        assert_eq!(verbs, [("said", 3)]);
        let (_, verbs) = framing_of(&doubting);
        let verbs: Vec<&str> = verbs.iter().map(|v| v.verb.as_str()).collect();
        assert_eq!(verbs, ["admitted", "claimed", "insisted"]);
    }

    fn claim(article: &str, value: &str) -> Claim {
        Claim {
            value: value.into(),
            qualifier: None,
            text: format!("The talks lasted {value}."),
            article: article.into(),
            outlet: None,
            start: 0,
            end: 0,
            min: 0.0,
            max: None,
            unit: None,
        }
    }

    fn fact(slot: &str, subject: Option<&str>, claims: Vec<Claim>) -> Fact {
        Fact {
            slot: slot.into(),
            subject: subject.map(Into::into),
            claims,
            disagreement: false,
        }
    }

    #[test]
    fn an_article_carries_the_slots_it_claims_and_omits_the_others() {
        let facts = [
            fact(
                "duration",
                Some("one-on-one talks"),
                vec![claim("a", "PT2H"), claim("b", "PT1H50M")],
            ),
            fact("duration", Some("whole talks"), vec![claim("b", "PT5H")]),
            fact("count", Some("delegation"), vec![claim("c", "40")]),
            fact(
                "place",
                None,
                vec![claim("a", "Vostochny"), claim("c", "Amur")],
            ),
        ];
        let (carries, omits) = fact_coverage(&facts, "a");
        assert_eq!(carries, ["duration (one-on-one talks)", "place"]);
        assert_eq!(omits, ["duration (whole talks)", "count (delegation)"]);
        let (carries, omits) = fact_coverage(&facts, "b");
        assert_eq!(
            carries,
            ["duration (one-on-one talks)", "duration (whole talks)"]
        );
        assert_eq!(omits, ["count (delegation)", "place"]);
        let (carries, omits) = fact_coverage(&facts, "nobody");
        assert!(carries.is_empty());
        assert_eq!(omits.len(), 4);
        assert_eq!(fact_coverage(&[], "a"), (Vec::new(), Vec::new()));
    }
}
