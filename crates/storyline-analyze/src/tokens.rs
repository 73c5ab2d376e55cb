//! Word tokenisation with byte offsets.

/// A word: a run of letters and digits, joined across inner hyphens, dashes and apostrophes ("Jong-un",
/// "O'Neill"), with its byte span in the source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

impl Word<'_> {
    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    pub fn is_all_caps(&self) -> bool {
        let mut letters = 0;
        for c in self.text.chars() {
            if c.is_lowercase() {
                return false;
            }
            if c.is_alphabetic() {
                letters += 1;
            }
        }
        letters >= 2
    }
}

/// Hyphens, the en dash ("Kim Jong–un") and apostrophes. Not the em dash: it sets off a clause
/// ("Nostrand—there"), it does not join a word.
pub(crate) fn is_joiner(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\'' | '\u{2019}'
    )
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Splits text into words. Hyphens and apostrophes inside a word keep it whole; a trailing possessive "'s" is
/// dropped so that "Putin's" is "Putin".
pub fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !is_word_char(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(index, next)) = chars.peek() {
            if is_word_char(next) {
                end = index + next.len_utf8();
                chars.next();
            } else if is_joiner(next) {
                // A joiner belongs to the word only when a word character follows it.
                let after = text[index + next.len_utf8()..].chars().next();
                if after.is_some_and(is_word_char) {
                    chars.next();
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        let mut word = &text[start..end];
        for suffix in ["'s", "\u{2019}s"] {
            if word.len() > suffix.len() + 1 && word.ends_with(suffix) {
                word = &word[..word.len() - suffix.len()];
                end = start + word.len();
            }
        }
        out.push(Word {
            text: word,
            start,
            end,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_inner_hyphens_and_drop_possessives() {
        let text = "Kim Jong–un's visit - the \"five-hour\" talks, Putin's O'Neill.";
        let got: Vec<&str> = words(text).iter().map(|w| w.text).collect();
        assert_eq!(
            got,
            [
                "Kim",
                "Jong–un",
                "visit",
                "the",
                "five-hour",
                "talks",
                "Putin",
                "O'Neill"
            ]
        );
        let putin = words(text)[6];
        assert_eq!(&text[putin.start..putin.end], "Putin");
        let clause: Vec<&str> = words("Nostrand\u{2014}there")
            .iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(clause, ["Nostrand", "there"], "an em dash joins no words");
    }

    #[test]
    fn capitalisation_tests() {
        let w = words("NATO Nato nato 42");
        assert!(w[0].is_all_caps() && w[0].is_capitalised());
        assert!(!w[1].is_all_caps() && w[1].is_capitalised());
        assert!(!w[2].is_capitalised());
        assert!(!w[3].is_all_caps());
    }
}
