//! Tokens with code-point offsets: runs of letters, runs of digits, and single other characters.

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    Alpha,
    Digits,
    Other,
}

#[derive(Clone, Debug)]
pub(crate) struct Token<'a> {
    pub text: &'a str,
    /// Lower-cased letters (the text itself for digits and punctuation).
    pub lower: std::borrow::Cow<'a, str>,
    pub shape: Shape,
    /// Code-point offsets.
    pub start: usize,
    pub end: usize,
    /// Byte offsets.
    pub byte_start: usize,
    pub byte_end: usize,
    /// Whether white space separates this token from the previous one.
    pub space_before: bool,
}

impl Token<'_> {
    pub fn is(&self, word: &str) -> bool {
        self.lower == word
    }

    pub fn number(&self) -> Option<u32> {
        if self.shape == Shape::Digits && self.text.len() <= 9 {
            self.text.parse().ok()
        } else {
            None
        }
    }

    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

fn shape_of(c: char) -> Shape {
    if c.is_ascii_digit() {
        Shape::Digits
    } else if c.is_alphabetic() {
        Shape::Alpha
    } else {
        Shape::Other
    }
}

/// Splits a text into tokens; white space is dropped and remembered as `space_before`.
pub(crate) fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::with_capacity(text.len() / 4);
    let mut chars = text.char_indices().peekable();
    let mut position = 0;
    let mut space_before = true;
    while let Some((byte, c)) = chars.next() {
        let start = position;
        position += 1;
        if c.is_whitespace() {
            space_before = true;
            continue;
        }
        let shape = shape_of(c);
        let mut end_byte = byte + c.len_utf8();
        if shape != Shape::Other {
            while let Some(&(next_byte, next)) = chars.peek() {
                if shape_of(next) != shape {
                    break;
                }
                end_byte = next_byte + next.len_utf8();
                position += 1;
                chars.next();
            }
        }
        let piece = &text[byte..end_byte];
        let lower = if shape == Shape::Alpha && piece.chars().any(char::is_uppercase) {
            std::borrow::Cow::Owned(piece.to_lowercase())
        } else {
            std::borrow::Cow::Borrowed(piece)
        };
        tokens.push(Token {
            text: piece,
            lower,
            shape,
            start,
            end: position,
            byte_start: byte,
            byte_end: end_byte,
            space_before,
        });
        space_before = false;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_code_points_and_shapes_split_letters_from_digits() {
        let tokens = tokenize("Zürich, 3pm 1990s");
        let seen: Vec<(&str, usize, usize, bool)> = tokens
            .iter()
            .map(|t| (t.text, t.start, t.end, t.space_before))
            .collect();
        assert_eq!(
            seen,
            [
                ("Zürich", 0, 6, true),
                (",", 6, 7, false),
                ("3", 8, 9, true),
                ("pm", 9, 11, false),
                ("1990", 12, 16, true),
                ("s", 16, 17, false),
            ]
        );
        assert_eq!(tokens[0].lower, "zürich");
    }
}
