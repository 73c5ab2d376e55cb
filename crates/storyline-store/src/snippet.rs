//! Search snippets: the stretch of an article's text around its best hits.
//!
//! The ranking records where each query phrase occurs in every row it scores (token positions, `rank.rs`), so a
//! snippet is cut from the stored text by counting tokens up to those positions. FTS5's `snippet()` did the same
//! work the long way: it ran the match again for the one row and tokenised the row's whole text, a third of a
//! search's time in a profile under load.
//!
//! Tokens must be counted as the index's tokenizer counts them (`unicode61` with the categories `L* N* Co M*`,
//! see the schema in `sqlite.rs`): maximal runs of letters, numbers, marks and private-use characters.

use std::ops::Range;

use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

/// Tokens a snippet shows at most.
pub(crate) const SNIPPET_TOKENS: usize = 16;

/// Marks text left out before or after the snippet.
const ELLIPSIS: &str = "…";

/// One occurrence of a query phrase: which phrase, and its position in tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Occurrence {
    pub phrase: i32,
    pub position: usize,
}

fn is_token_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    matches!(
        c.general_category_group(),
        GeneralCategoryGroup::Letter | GeneralCategoryGroup::Number | GeneralCategoryGroup::Mark
    ) || c.general_category() == GeneralCategory::PrivateUse
}

/// The byte ranges of the text's tokens, in order.
fn tokens(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = chars.find(|&(_, c)| is_token_char(c))?;
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if !is_token_char(c) {
                end = i;
                break;
            }
            chars.next();
        }
        Some(start..end)
    })
}

/// Whether the text between two tokens ends a sentence: a line break, or a full stop, question or exclamation
/// mark (perhaps followed by closing quotes or brackets) and then a space.
fn ends_sentence(gap: &str) -> bool {
    if gap.contains('\n') {
        return true;
    }
    let trimmed = gap.trim_end();
    trimmed.len() < gap.len()
        && trimmed
            .trim_end_matches(['"', '\'', '”', '’', '»', ')', ']'])
            .ends_with(['.', '!', '?'])
}

/// The occurrences to show, as the positions of the first and the last: the run of at most `width` tokens that
/// holds the most different phrases, then the most occurrences, then comes first.
fn best_run(occurrences: &[Occurrence], width: usize) -> Option<(usize, usize)> {
    let mut best: Option<((usize, usize), usize, usize)> = None;
    for (i, first) in occurrences.iter().enumerate() {
        let inside = &occurrences[i..];
        let count = inside
            .iter()
            .take_while(|o| o.position < first.position + width)
            .count();
        let mut phrases: Vec<i32> = inside[..count].iter().map(|o| o.phrase).collect();
        phrases.sort_unstable();
        phrases.dedup();
        let rank = (phrases.len(), count);
        if best.is_none_or(|(best_rank, _, _)| rank > best_rank) {
            best = Some((rank, first.position, inside[count - 1].position));
        }
    }
    best.map(|(_, first, last)| (first, last))
}

/// A snippet of `text` around the occurrences (sorted by position): at most `width` tokens, the text between
/// them as written, with an ellipsis where text is left out. Without occurrences, the text's opening.
pub(crate) fn snippet(text: &str, occurrences: &[Occurrence], width: usize) -> String {
    if width == 0 {
        return String::new();
    }
    let (first, last) = best_run(occurrences, width).unwrap_or((0, 0));
    // Tokens are read up to the farthest one the window can reach, and one more to know whether text follows.
    let mut spans: Vec<Range<usize>> = Vec::new();
    let mut sentence_starts: Vec<usize> = Vec::new();
    for span in tokens(text).take(last + width + 1) {
        let gap_start = spans.last().map_or(0, |previous| previous.end);
        if spans.is_empty() || ends_sentence(&text[gap_start..span.start]) {
            sentence_starts.push(spans.len());
        }
        spans.push(span);
    }
    if spans.is_empty() {
        return String::new();
    }
    // Positions past the text (the two tokenizers disagreeing) fall back to the opening.
    let (first, last) = if last < spans.len() {
        (first, last)
    } else {
        (0, 0)
    };
    // Start at a sentence's beginning when one lies close enough before the first occurrence to keep the last
    // in view, else centre the occurrences.
    let earliest = (last + 1).saturating_sub(width);
    let mut start = sentence_starts
        .iter()
        .rev()
        .find(|&&s| s <= first && s >= earliest)
        .copied()
        .unwrap_or_else(|| first.saturating_sub((width - (last - first + 1)) / 2));
    // A window running past the end moves back, to show `width` tokens when the text has them.
    if start + width > spans.len() {
        start = spans.len().saturating_sub(width);
    }
    let end = (start + width).min(spans.len());
    // The text's own opening and closing punctuation stay when the snippet reaches them ("Fire is out.").
    let from = if start == 0 { 0 } else { spans[start].start };
    let to = if end == spans.len() {
        text.len()
    } else {
        spans[end - 1].end
    };
    let mut out = String::new();
    if start > 0 {
        out.push_str(ELLIPSIS);
    }
    out.push_str(text[from..to].trim());
    if end < spans.len() {
        out.push_str(ELLIPSIS);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(phrase: i32, position: usize) -> Occurrence {
        Occurrence { phrase, position }
    }

    #[test]
    fn tokens_are_runs_of_letters_numbers_and_marks() {
        let text = "Fire-crews (42) met in Zürich; क्षेत्र, l'été…";
        let words: Vec<&str> = tokens(text).map(|span| &text[span]).collect();
        assert_eq!(
            words,
            [
                "Fire",
                "crews",
                "42",
                "met",
                "in",
                "Zürich",
                "क्षेत्र",
                "l",
                "été"
            ]
        );
    }

    #[test]
    fn a_short_text_is_shown_whole() {
        let text = " «The harbour fire is out.»\n";
        assert_eq!(snippet(text, &[at(0, 2)], 16), "«The harbour fire is out.»");
    }

    #[test]
    fn the_window_starts_at_the_sentence_that_holds_the_hit() {
        let text =
            "Crews worked all night in the old port of Elsa. By dawn the fire had reached the \
                    timber sheds on the quay, and three boats burned. The mayor spoke at noon.";
        // Token 13 is "fire"; the sentence holding it starts at token 10 ("By").
        assert_eq!(
            snippet(text, &[at(0, 13)], 8),
            "…By dawn the fire had reached the timber…"
        );
    }

    #[test]
    fn the_window_prefers_more_different_phrases_over_more_hits() {
        let words: Vec<String> = (0..60).map(|i| format!("w{i}")).collect();
        let text = words.join(" ");
        // Phrase 0 three times early; phrases 0 and 1 together later.
        let hits = [at(0, 2), at(0, 3), at(0, 4), at(0, 40), at(1, 42)];
        let cut = snippet(&text, &hits, 6);
        assert!(cut.contains("w40") && cut.contains("w42"), "{cut}");
        assert!(cut.starts_with('…') && cut.ends_with('…'), "{cut}");
        assert_eq!(cut.split(' ').count(), 6, "{cut}");
    }

    #[test]
    fn a_hit_near_the_end_still_shows_a_full_window() {
        let words: Vec<String> = (0..30).map(|i| format!("w{i}")).collect();
        let text = words.join(" ");
        assert_eq!(snippet(&text, &[at(0, 29)], 4), "…w26 w27 w28 w29");
    }

    #[test]
    fn without_hits_or_with_positions_past_the_text_the_opening_is_shown() {
        let text = "One two three four five six";
        assert_eq!(snippet(text, &[], 3), "One two three…");
        assert_eq!(snippet(text, &[at(0, 99)], 3), "One two three…");
        assert_eq!(snippet("", &[at(0, 0)], 3), "");
        assert_eq!(snippet(" ,;", &[], 3), "");
    }
}
