//! An event's summary: a few sentences of its articles that cover it without saying the same thing twice.
//!
//! Extractive and deterministic. Each candidate sentence is scored by its centrality to the event — the share
//! of the event's (independent) articles that use each of its content words, summed and divided by the
//! square root of its length so that neither short nor long sentences win by length alone — and lifted near
//! its article's lead, where news puts what happened. Sentences are then picked greedily by maximal marginal
//! relevance (Carbonell and Goldstein, 1998): score minus similarity to those already picked, and a sentence
//! whose words are mostly in a picked one is never taken.

use crate::copies::Copies;
use crate::near::{containment, token_set, tokens_in, Token};
use crate::{Member, Reading};
use rustc_hash::FxHashMap;
use storyline_model::SummarySentence;
use storyline_quotes::QuoteKind;

/// Sentences in a summary.
const SUMMARY_SENTENCES: usize = 4;
/// Sentences read per article: news says what happened first, and this bounds the work per article.
const SENTENCES_PER_ARTICLE: usize = 12;
/// Shorter sentences are headlines, captions and fragments; longer ones are lists or run-on text.
const MIN_WORDS: usize = 6;
const MAX_WORDS: usize = 60;
/// A sentence needs this many content words to say something of its own.
const MIN_CONTENT_WORDS: usize = 4;
/// The lead sentence's score is raised by half, the second by a quarter, and so on.
const LEAD_BONUS: f64 = 0.5;
/// Weight of centrality against novelty in the greedy choice.
const RELEVANCE: f64 = 0.7;
/// A sentence that shares this share of its content words with a picked one says the same thing.
const REDUNDANT: f64 = 0.5;
/// A sentence mostly inside quotation marks is someone's words, not the account of the event.
const MAX_QUOTED_SHARE: f64 = 0.5;
/// Phrases of page furniture and credits, lower case.
const BOILERPLATE: &[&str] = &[
    "all rights reserved",
    "click here",
    "sign up",
    "subscribe",
    "newsletter",
    "follow us",
    "read more",
    "copyright",
    "reporting by",
    "editing by",
    "contributed to this report",
    "http",
    "www.",
    "@",
];

struct Candidate {
    member: usize,
    /// The sentence's position in its article.
    sentence: usize,
    start: usize,
    end: usize,
    content: Vec<u64>,
    score: f64,
}

pub(crate) fn summarise(
    members: &[Member<'_>],
    readings: &[Reading],
    tokens: &[Vec<Token>],
    copies: &Copies,
) -> Vec<SummarySentence> {
    let mut independent: Vec<usize> = (0..members.len()).filter(|&m| !copies.is_copy(m)).collect();
    independent.sort_by(|&a, &b| members[a].article.stream_order(members[b].article));
    // In how many independent articles each content word occurs.
    let mut articles_using: FxHashMap<u64, u32> = FxHashMap::default();
    // With one article every word's share is 1: no counting needed.
    let single = independent.len() == 1;
    for &m in independent.iter().filter(|_| !single) {
        for hash in token_set(tokens[m].iter().filter(|t| t.content)) {
            *articles_using.entry(hash).or_default() += 1;
        }
    }
    let article_count = independent.len().max(1) as f64;

    let mut candidates: Vec<Candidate> = Vec::new();
    for &m in &independent {
        let text = members[m].article.text.as_str();
        for (position, span) in readings[m]
            .sentences
            .iter()
            .enumerate()
            .take(SENTENCES_PER_ARTICLE)
        {
            let words = tokens_in(&tokens[m], span.start, span.end);
            if !(MIN_WORDS..=MAX_WORDS).contains(&words.len()) {
                continue;
            }
            let start = after_dateline(text, words);
            let end = words
                .last()
                .map_or(span.end, |last| sentence_end(text, last.end, span.end));
            let sentence = &text[start..end];
            if !reads_as_account(sentence)
                || quoted_share(&readings[m], start, end) > MAX_QUOTED_SHARE
            {
                continue;
            }
            let content = token_set(tokens_in(words, start, end).iter().filter(|t| t.content));
            if content.len() < MIN_CONTENT_WORDS {
                continue;
            }
            let centrality: f64 = content
                .iter()
                .map(|hash| {
                    articles_using
                        .get(hash)
                        .map_or(1.0, |&n| f64::from(n) / article_count)
                })
                .sum::<f64>()
                / (content.len() as f64).sqrt();
            candidates.push(Candidate {
                member: m,
                sentence: position,
                start,
                end,
                content,
                score: centrality * (1.0 + LEAD_BONUS / (1 + position) as f64),
            });
        }
    }
    let best = candidates.iter().map(|c| c.score).fold(0.0, f64::max);
    let mut picked: Vec<usize> = Vec::new();
    let mut open: Vec<bool> = vec![true; candidates.len()];
    while picked.len() < SUMMARY_SENTENCES {
        let mut choice: Option<(usize, f64)> = None;
        for (i, candidate) in candidates.iter().enumerate() {
            if !open[i] {
                continue;
            }
            let overlap = picked
                .iter()
                .map(|&p| containment(&candidate.content, &candidates[p].content))
                .fold(0.0, f64::max);
            if overlap >= REDUNDANT {
                open[i] = false;
                continue;
            }
            let value = RELEVANCE * candidate.score / best - (1.0 - RELEVANCE) * overlap;
            if choice.is_none_or(|(_, v)| value > v) {
                choice = Some((i, value));
            }
        }
        let Some((i, _)) = choice else {
            break;
        };
        open[i] = false;
        picked.push(i);
    }
    // Leads first, then later sentences; within a rank, the earlier article first.
    let rank_of = |m: usize| independent.iter().position(|&i| i == m).unwrap_or(0);
    picked.sort_by_key(|&p| (candidates[p].sentence, rank_of(candidates[p].member)));
    picked
        .into_iter()
        .map(|p| {
            let candidate = &candidates[p];
            let article = members[candidate.member].article;
            SummarySentence {
                text: article.text[candidate.start..candidate.end].to_string(),
                article: article.id.clone(),
                start: Some(candidate.start),
                end: Some(candidate.end),
            }
        })
        .collect()
}

/// Where the sentence starts once a dateline ("MOSCOW (Reuters) -", "VLADIVOSTOK, Russia —") is cut: the
/// first word after a dash near the start, when the words before it begin in capitals.
fn after_dateline(text: &str, words: &[Token]) -> usize {
    let first = words[0];
    let head = &text[first.start..];
    let shouting = text[first.start..first.end]
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
        && first.end - first.start > 1;
    if shouting {
        for dash in [" - ", " — ", " – ", " -- "] {
            if let Some(at) = head.get(..60.min(head.len())).and_then(|h| h.find(dash)) {
                let cut = first.start + at + dash.len();
                if let Some(next) = words.iter().find(|t| t.start >= cut) {
                    return next.start;
                }
            }
        }
    }
    first.start
}

/// The sentence's end: its last word and the punctuation that closes it (a full stop, a closing quotation
/// mark), without trailing space.
fn sentence_end(text: &str, last_word_end: usize, span_end: usize) -> usize {
    let tail = &text[last_word_end..span_end];
    last_word_end + tail.trim_end().len()
}

/// A sentence of an account: begins with a capital, a digit or a quotation mark, ends as a statement does,
/// and is not page furniture.
fn reads_as_account(sentence: &str) -> bool {
    let Some(first) = sentence.chars().next() else {
        return false;
    };
    if first.is_lowercase() {
        return false;
    }
    let ends_as_statement = sentence.chars().next_back().is_some_and(|c| {
        matches!(
            c,
            '.' | '!' | '"' | '\u{201d}' | '\u{2019}' | '\u{bb}' | '\''
        )
    });
    if !ends_as_statement {
        return false;
    }
    let lower = sentence.to_lowercase();
    !BOILERPLATE.iter().any(|phrase| lower.contains(phrase))
}

/// The share of the sentence's bytes inside direct quotes.
fn quoted_share(reading: &Reading, start: usize, end: usize) -> f64 {
    let quoted: usize = reading
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Direct)
        .map(|q| {
            q.content
                .end
                .min(end)
                .saturating_sub(q.content.start.max(start))
        })
        .sum();
    quoted as f64 / (end - start).max(1) as f64
}
