//! An event's theme: the stemmed title words its articles share, which storylines compare across events.

use crate::Member;
use rustc_hash::FxHashMap;

/// How many theme terms an event keeps: enough for a headline's content words.
const THEME_TERMS: usize = 8;

/// The stemmed title terms of an event, by how many members' titles hold them (most first), then
/// alphabetically. Terms in only one title count only when the event has a single article.
pub fn theme_terms(members: &[Member<'_>]) -> Vec<String> {
    let mut titles_with: FxHashMap<&str, u32> = FxHashMap::default();
    for member in members {
        for term in member.analysis.terms.iter().filter(|t| t.title > 0) {
            *titles_with.entry(term.term.as_str()).or_default() += 1;
        }
    }
    let least = if members.len() > 1 { 2 } else { 1 };
    let mut ranked: Vec<(&str, u32)> = titles_with
        .into_iter()
        .filter(|&(_, n)| n >= least)
        .collect();
    ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    ranked
        .into_iter()
        .take(THEME_TERMS)
        .map(|(term, _)| term.to_string())
        .collect()
}
