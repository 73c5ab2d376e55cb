//! A tokeniser made for reading quantities: digit runs keep their inner separators ("1,200", "3.5"), words keep
//! inner apostrophes, and every other visible character (hyphens, currency signs, "%") is a token of its own, so
//! that "five-hour-long" and "$5m" can be read piece by piece.

use std::borrow::Cow;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Digits,
    Symbol,
}

#[derive(Clone, Debug)]
pub(crate) struct Token<'a> {
    pub text: &'a str,
    /// Lower case, for words short enough to be a number word, unit or qualifier; empty otherwise. Borrowed
    /// when the word is lower-case ASCII already (most words): no allocation per token.
    pub lower: Cow<'a, str>,
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Whether whitespace separates this token from the previous one.
    pub spaced: bool,
}

impl Token<'_> {
    pub fn is_hyphen(&self) -> bool {
        self.kind == Kind::Symbol && matches!(self.text, "-" | "\u{2010}" | "\u{2011}" | "\u{2013}")
    }

    pub fn ends_sentence(&self) -> bool {
        self.kind == Kind::Symbol && matches!(self.text, "." | "!" | "?" | "\n")
    }
}

/// Longer words are never number words, units or qualifiers, so they are not lower-cased.
const MAX_KEYWORD_LEN: usize = 14;

pub(crate) fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let bytes = text.as_bytes();
    let mut chars = text.char_indices().peekable();
    let mut spaced = true;
    while let Some((start, c)) = chars.next() {
        if c == '\n' {
            // A blank line ends a paragraph: treat it as a sentence end so look-backs stop there.
            if tokens
                .last()
                .is_some_and(|t: &Token| t.text == "\n" || t.ends_sentence())
            {
                spaced = true;
                continue;
            }
            if bytes.get(start + 1) == Some(&b'\n') {
                tokens.push(token(text, start, start + 1, Kind::Symbol, true));
            }
            spaced = true;
            continue;
        }
        if c.is_whitespace() {
            spaced = true;
            continue;
        }
        let mut end = start + c.len_utf8();
        let kind = if c.is_ascii_digit() {
            while let Some(&(index, next)) = chars.peek() {
                let separator_then_digit = matches!(next, ',' | '.')
                    && bytes.get(index + 1).is_some_and(u8::is_ascii_digit);
                if next.is_ascii_digit() || separator_then_digit {
                    end = index + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            Kind::Digits
        } else if c.is_alphabetic() {
            while let Some(&(index, next)) = chars.peek() {
                let apostrophe_then_letter = matches!(next, '\'' | '\u{2019}')
                    && text[index + next.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphabetic);
                if next.is_alphabetic() || apostrophe_then_letter {
                    end = index + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            Kind::Word
        } else {
            Kind::Symbol
        };
        tokens.push(token(text, start, end, kind, spaced));
        spaced = false;
    }
    tokens
}

fn token(text: &str, start: usize, end: usize, kind: Kind, spaced: bool) -> Token<'_> {
    let piece = &text[start..end];
    let lower = if kind != Kind::Word || piece.len() > MAX_KEYWORD_LEN {
        Cow::Borrowed("")
    } else if piece.bytes().all(|b| b.is_ascii_lowercase() || b == b'\'') {
        Cow::Borrowed(piece)
    } else {
        Cow::Owned(piece.to_lowercase().replace('\u{2019}', "'"))
    };
    Token {
        text: piece,
        lower,
        start,
        end,
        kind,
        spaced,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_runs_keep_separators_and_hyphens_split_words() {
        let tokens = tokenize("a five-hour-long talk cost $1,200.50 today");
        let texts: Vec<&str> = tokens.iter().map(|t| t.text).collect();
        assert_eq!(
            texts,
            ["a", "five", "-", "hour", "-", "long", "talk", "cost", "$", "1,200.50", "today"]
        );
        assert!(tokens[1].spaced && !tokens[2].spaced && !tokens[3].spaced);
        assert!(tokens[6].spaced);
    }
}
