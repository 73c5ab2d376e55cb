//! Copies: members of an event that are the same wire story, give or take a headline, a dateline, a byline, a
//! trimmed ending or a few edits.
//!
//! Each text becomes the set of its 4-word shingles (normalised words); MinHash bands propose earlier members
//! ([`NearIndex`]) and a member is a copy when at least [`COPY_CONTAINMENT`] of the smaller shingle set is in
//! the larger one. Containment rather than Jaccard similarity, because outlets cut wire stories from the
//! bottom: a copy that kept half the story shares half the other's shingles but nearly all of its own.

use crate::near::{containment, shingles, NearIndex, Token};
use crate::Member;
use storyline_model::{CopyGroup, Event, EventArticle};

/// Words per shingle: four words in a row rarely recur in two independently written texts, and one edited
/// word changes only four shingles.
const SHINGLE_WORDS: usize = 4;
/// The share of the shorter text's shingles the longer must hold.
const COPY_CONTAINMENT: f64 = 0.75;
/// Texts with fewer shingles (about a dozen words) are too short to tell a copy from a shared phrase.
const MIN_SHINGLES: usize = 10;

/// Which members of an event copy which.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Copies {
    /// For each member (by position), the position of its group's original: itself when it copies nothing.
    original: Vec<usize>,
}

impl Copies {
    /// The member whose story `member` copies: the first-published member of its group (itself when it is
    /// no copy). Claims and coverage count each original once.
    pub fn original_of(&self, member: usize) -> usize {
        self.original[member]
    }

    pub fn is_copy(&self, member: usize) -> bool {
        self.original[member] != member
    }

    /// Each group with copies: the original and its copies, in member order.
    fn groups(&self) -> Vec<(usize, Vec<usize>)> {
        let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
        for (member, &original) in self.original.iter().enumerate() {
            if member == original {
                continue;
            }
            match groups.iter_mut().find(|(o, _)| *o == original) {
                Some((_, copies)) => copies.push(member),
                None => groups.push((original, vec![member])),
            }
        }
        groups.sort_unstable_by_key(|(original, _)| *original);
        groups
    }
}

/// The id of the article whose wire story `article_id` copies in `event` (itself when it is no copy), for code
/// that has the event record rather than its members.
pub fn original_id<'e>(event: &'e Event, article_id: &'e str) -> &'e str {
    event
        .articles
        .iter()
        .find(|a| a.id == article_id)
        .and_then(|a| a.copy_of.as_deref())
        .unwrap_or(article_id)
}

/// Groups the members that are the same story; `tokens` holds each member's text tokens.
pub(crate) fn find_copies(members: &[Member<'_>], tokens: &[Vec<Token>]) -> Copies {
    if members.len() < 2 {
        return Copies {
            original: (0..members.len()).collect(),
        };
    }
    let mut order: Vec<usize> = (0..members.len()).collect();
    order.sort_by(|&a, &b| members[a].article.stream_order(members[b].article));
    // Union-find over positions in publication order: a group's root is its earliest member.
    let mut root: Vec<usize> = (0..members.len()).collect();
    fn find(root: &mut [usize], mut at: usize) -> usize {
        while root[at] != at {
            root[at] = root[root[at]];
            at = root[at];
        }
        at
    }
    let sets: Vec<Vec<u64>> = order
        .iter()
        .map(|&m| shingles(&tokens[m], SHINGLE_WORDS))
        .collect();
    let mut index = NearIndex::default();
    for (position, set) in sets.iter().enumerate() {
        if set.len() < MIN_SHINGLES {
            continue;
        }
        for earlier in index.candidates_then_add(position as u32, set) {
            let earlier = earlier as usize;
            if containment(set, &sets[earlier]) >= COPY_CONTAINMENT {
                let (a, b) = (find(&mut root, earlier), find(&mut root, position));
                root[a.max(b)] = a.min(b);
            }
        }
    }
    let mut original = vec![0; members.len()];
    for position in 0..members.len() {
        let group_root = find(&mut root, position);
        original[order[position]] = order[group_root];
    }
    Copies { original }
}

/// The members' records, each copy naming its original.
pub(crate) fn memberships(members: &[Member<'_>], copies: &Copies) -> Vec<EventArticle> {
    members
        .iter()
        .enumerate()
        .map(|(m, member)| EventArticle {
            copy_of: copies
                .is_copy(m)
                .then(|| members[copies.original_of(m)].article.id.clone()),
            ..member.membership.clone()
        })
        .collect()
}

/// The event's copy groups, with the outlets that ran each story.
pub(crate) fn copy_groups(members: &[Member<'_>], copies: &Copies) -> Vec<CopyGroup> {
    copies
        .groups()
        .into_iter()
        .map(|(original, copied)| {
            let mut outlets: Vec<String> = std::iter::once(original)
                .chain(copied.iter().copied())
                .filter_map(|m| members[m].article.outlet.clone())
                .collect();
            outlets.sort();
            outlets.dedup();
            let mut copied: Vec<&Member<'_>> = copied.iter().map(|&m| &members[m]).collect();
            copied.sort_by(|a, b| a.article.stream_order(b.article));
            CopyGroup {
                original: members[original].article.id.clone(),
                copies: copied.iter().map(|m| m.article.id.clone()).collect(),
                outlets,
            }
        })
        .collect()
}
