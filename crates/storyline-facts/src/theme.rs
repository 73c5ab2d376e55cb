//! An event's theme: the stemmed title words its articles share, which storylines compare across events.

use crate::Member;
use rustc_hash::{FxHashMap, FxHashSet};

/// How many theme terms an event keeps: the content words of a few headlines.
const THEME_TERMS: usize = 12;

/// The stemmed title terms of an event that are not part of a name its articles recognise (names are compared
/// as participants and places), by how many members' titles hold them (most first), then alphabetically.
pub fn theme_terms(members: &[Member<'_>]) -> Vec<String> {
    let mut name_words: FxHashSet<String> = FxHashSet::default();
    for entity in members.iter().flat_map(|m| &m.analysis.entities) {
        let lower = entity.name.to_lowercase();
        for word in entity.key.split(' ').chain(lower.split(is_name_break)) {
            if !word.is_empty() {
                name_words.insert(word.to_string());
            }
        }
    }
    // "jong-un" is a name's words joined, as titles write them.
    let all_name_words = |text: &str| {
        text.split(is_name_break)
            .all(|w| w.is_empty() || name_words.contains(w))
    };
    let is_name =
        |term: &str, word: Option<&str>| all_name_words(term) || word.is_some_and(all_name_words);
    let mut titles_with: FxHashMap<&str, u32> = FxHashMap::default();
    for member in members {
        for term in member.analysis.terms.iter().filter(|t| t.title > 0) {
            if !is_name(&term.term, term.word.as_deref()) {
                *titles_with.entry(term.term.as_str()).or_default() += 1;
            }
        }
    }
    let mut ranked: Vec<(&str, u32)> = titles_with.into_iter().collect();
    ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    ranked
        .into_iter()
        .take(THEME_TERMS)
        .map(|(term, _)| term.to_string())
        .collect()
}

fn is_name_break(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '–' | '—' | '\'' | '’')
}
