//! The highlights of an article's text on its page: entity mentions (the analyzer's entities, found again in the
//! text by their spellings), time expressions and quantities (the fact sheet's [`Reader`]). Computed on request
//! from the stored text, so they follow the current analysis without a schema change.
//!
//! Offsets are Unicode code points of `article.text`, end exclusive: what `Array.from(text)` indexes in a browser.
//! Spans never overlap: where two would, the one that starts first wins, then the time expression, then the
//! quantity, then the longer.

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;
use storyline_analyze::Analyzer;
use storyline_facts::Reader;
use storyline_model::Article;

/// One highlighted span of an article's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Annotation {
    /// Code point offsets into the article's text, end exclusive.
    pub start: usize,
    pub end: usize,
    /// `person`, `organization`, `place`, `other` (entities), `time` or `quantity`.
    pub kind: &'static str,
    /// What the span means: the entity's name, the time's TimeML type and value, the quantity's kind.
    pub label: String,
}

/// A span in byte offsets, before the overlaps are settled; `rank` orders spans that start together.
struct Candidate {
    start: usize,
    end: usize,
    rank: u8,
    kind: &'static str,
    label: String,
}

pub(crate) fn annotate(article: &Article, analyzer: &Analyzer, reader: &Reader) -> Vec<Annotation> {
    let text = article.text.as_str();
    let reading = reader.read(
        article,
        storyline_analyze::dateline(&article.title, &article.text),
    );
    let mut candidates: Vec<Candidate> = Vec::new();
    for time in &reading.times {
        candidates.push(Candidate {
            start: time.start,
            end: time.end,
            rank: 0,
            kind: "time",
            label: format!("{} {}", time.kind().as_str(), time.timeml_value()),
        });
    }
    for quantity in &reading.quantities {
        let kind = serde_json::to_value(quantity.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        candidates.push(Candidate {
            start: quantity.start,
            end: quantity.end,
            rank: 1,
            kind: "quantity",
            label: kind,
        });
    }
    candidates.extend(entity_mentions(article, analyzer));
    candidates.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(a.rank.cmp(&b.rank))
            .then(b.end.cmp(&a.end))
    });
    let mut kept: Vec<Candidate> = Vec::new();
    for candidate in candidates {
        let free = kept.last().is_none_or(|last| candidate.start >= last.end);
        if free && candidate.start < candidate.end && text.is_char_boundary(candidate.start) {
            kept.push(candidate);
        }
    }
    to_code_points(text, kept)
}

/// Every mention of the article's entities: each spelling (name and aliases) found as whole words.
fn entity_mentions(article: &Article, analyzer: &Analyzer) -> Vec<Candidate> {
    let analysis = analyzer.analyze(article);
    // One spelling, one entity: the first in key order (entities come sorted by key).
    let mut spellings: Vec<(&str, usize)> = Vec::new();
    for (index, entity) in analysis.entities.iter().enumerate() {
        for spelling in std::iter::once(&entity.name).chain(&entity.aliases) {
            if !spelling.is_empty() && !spellings.iter().any(|(s, _)| *s == spelling.as_str()) {
                spellings.push((spelling.as_str(), index));
            }
        }
    }
    if spellings.is_empty() {
        return Vec::new();
    }
    let Ok(automaton) = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(spellings.iter().map(|(s, _)| s))
    else {
        return Vec::new();
    };
    let text = article.text.as_str();
    automaton
        .find_iter(text)
        .filter(|found| whole_words(text, found.start(), found.end()))
        .map(|found| {
            let entity = &analysis.entities[spellings[found.pattern().as_usize()].1];
            Candidate {
                start: found.start(),
                end: found.end(),
                rank: 2,
                kind: entity.kind.as_str(),
                label: entity.name.clone(),
            }
        })
        .collect()
}

/// Whether `text[start..end]` is not part of a longer word ("Elsa" inside "Elsanor" is not a mention).
fn whole_words(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Byte spans (sorted, disjoint) to code point spans, counting each stretch of text once.
fn to_code_points(text: &str, spans: Vec<Candidate>) -> Vec<Annotation> {
    let mut byte = 0;
    let mut code_point = 0;
    let mut advance = |to: usize| {
        code_point += text[byte..to].chars().count();
        byte = to;
        code_point
    };
    spans
        .into_iter()
        .map(|span| {
            let start = advance(span.start);
            let end = advance(span.end);
            Annotation {
                start,
                end,
                kind: span.kind,
                label: span.label,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(text: &str, annotation: &Annotation) -> String {
        text.chars()
            .skip(annotation.start)
            .take(annotation.end - annotation.start)
            .collect()
    }

    #[test]
    fn spans_are_code_points_of_names_times_and_quantities() {
        let mut article = Article::new(
            "a",
            "Talks in Vladivostok",
            "Über Nacht reisten sie an. Vladimir Putin met Kim Jong Un in Vladivostok on Wednesday. \
             The talks lasted two hours, Putin said.",
        );
        article.published = Some("2019-04-26".parse().unwrap());
        article.language = Some("en".into());
        let annotations = annotate(&article, &Analyzer::new(), &Reader::new());
        let text = &article.text;
        let found: Vec<(String, &str, &str)> = annotations
            .iter()
            .map(|a| (slice(text, a), a.kind, a.label.as_str()))
            .collect();
        assert!(
            found.contains(&("Wednesday".into(), "time", "DATE 2019-04-24")),
            "{found:?}"
        );
        // A duration is a time expression too; the time wins.
        assert!(
            found.contains(&("two hours".into(), "time", "DURATION PT2H")),
            "{found:?}"
        );
        let mut counted = article.clone();
        counted.text = "Police said 300 people marched.".into();
        let counted = annotate(&counted, &Analyzer::new(), &Reader::new());
        assert!(
            counted
                .iter()
                .any(|a| a.kind == "quantity" && a.label == "count" && a.start == 12),
            "{counted:?}"
        );
        assert!(
            found.contains(&("Vladimir Putin".into(), "person", "Vladimir Putin")),
            "{found:?}"
        );
        // A short form is labelled with the full name.
        assert!(
            found.contains(&("Putin".into(), "person", "Vladimir Putin")),
            "{found:?}"
        );
        assert!(
            found.iter().any(|(s, _, _)| s == "Vladivostok"),
            "{found:?}"
        );
        for pair in annotations.windows(2) {
            assert!(pair[0].end <= pair[1].start, "{annotations:?}");
        }
    }

    #[test]
    fn a_name_inside_a_longer_word_is_not_a_mention() {
        assert!(whole_words("Port Elsa closed", 5, 9));
        assert!(!whole_words("Port Elsanor closed", 5, 9));
        assert!(!whole_words("Elsa's", 1, 4));
    }
}
