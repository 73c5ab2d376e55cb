//! Tokens for quote finding: words, punctuation and quotation marks, with byte spans and paragraph numbers.

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Punct,
    /// A quotation mark and how it can be read.
    Mark(Mark),
}

/// A quotation mark: which family it belongs to and whether it opens, closes or could do either.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Mark {
    pub double: bool,
    pub role: Role,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    Open,
    Close,
    /// A straight `"` or a doubled `''`: the neighbouring characters decide.
    Either,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Paragraph number: a line break starts a new paragraph.
    pub paragraph: u32,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Characters that keep a word whole when a word character follows them ("don't", "Jong-un").
fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '-' | '\u{2010}' | '\u{2011}')
}

fn mark_of(c: char) -> Option<Mark> {
    let (double, role) = match c {
        '\u{201C}' | '\u{201E}' | '\u{00AB}' | '\u{201F}' => (true, Role::Open),
        '\u{201D}' | '\u{00BB}' => (true, Role::Close),
        '"' | '\u{FF02}' => (true, Role::Either),
        '\u{2018}' | '\u{201A}' | '\u{2039}' => (false, Role::Open),
        '\u{2019}' | '\u{203A}' => (false, Role::Close),
        _ => return None,
    };
    Some(Mark { double, role })
}

/// Splits text into tokens. Line breaks are not tokens; they advance the paragraph number.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut paragraph = 0u32;
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c == '\n' {
            // Blank lines between paragraphs do not count twice.
            if out.last().is_some_and(|t: &Token| t.paragraph == paragraph) {
                paragraph += 1;
            }
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        let kind;
        let mut end = start + c.len_utf8();
        if is_word_char(c) {
            while let Some(&(index, next)) = chars.peek() {
                let joined = is_joiner(next)
                    && text[index + next.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(is_word_char);
                if is_word_char(next) || joined {
                    end = index + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            kind = Kind::Word;
        } else if (c == '\'' || c == '`') && bytes.get(start + 1) == Some(&(c as u8)) {
            // Converted text writes double quotes as `` and '' (the latter both opening and closing).
            chars.next();
            end = start + 2;
            let role = if c == '`' { Role::Open } else { Role::Either };
            kind = Kind::Mark(Mark { double: true, role });
        } else if let Some(mark) = mark_of(c) {
            kind = Kind::Mark(mark);
        } else {
            kind = Kind::Punct;
        }
        out.push(Token {
            start,
            end,
            kind,
            paragraph,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_marks_and_paragraphs() {
        let text = "He said, ``don't'' and \u{201C}Jong-un\u{201D}.\n\nNext";
        let tokens = tokenize(text);
        let shown: Vec<&str> = tokens.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(
            shown,
            [
                "He", "said", ",", "``", "don't", "''", "and", "\u{201C}", "Jong-un", "\u{201D}",
                ".", "Next"
            ]
        );
        assert!(matches!(
            tokens[3].kind,
            Kind::Mark(Mark {
                double: true,
                role: Role::Open
            })
        ));
        assert!(matches!(
            tokens[5].kind,
            Kind::Mark(Mark {
                double: true,
                role: Role::Either
            })
        ));
        assert_eq!(tokens[11].paragraph, 1);
        assert_eq!(tokens[10].paragraph, 0);
    }
}
