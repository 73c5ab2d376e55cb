//! One text prepared for quote finding: tokens, quotation spans, sentences and name mentions.

use crate::lexicon::{self, Gender};
use crate::tokens::{tokenize, Kind, Role, Token};
use std::borrow::Cow;
use storyline_analyze::{canonical_key, rank_spellings};

/// A stretch between quotation marks, as token indices.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Marked {
    /// The opening mark.
    pub open: usize,
    /// The closing mark, or the last token when the quotation runs to the end of its paragraph unclosed.
    pub close: usize,
    /// Whether `close` is a quotation mark.
    pub closed: bool,
}

/// A capitalised name outside quotations, titles stripped.
#[derive(Clone, Debug)]
pub(crate) struct Mention {
    /// First and last token of the name itself.
    pub first: usize,
    pub last: usize,
    pub key: String,
    pub name: String,
    pub gender: Gender,
    /// The role noun the text gives this person ("spokesman" in "spokesman Josh Earnest" or "Earnest, the
    /// White House spokesman").
    pub role: Option<String>,
    pub person: bool,
}

pub(crate) struct Doc<'a> {
    pub text: &'a str,
    pub tokens: Vec<Token>,
    pub marked: Vec<Marked>,
    /// For each token, the index in `marked` of the quotation it lies in (marks included).
    pub inside: Vec<Option<u32>>,
    /// Sentence number of each token; a quotation belongs to the sentence it opens in.
    pub sentence: Vec<u32>,
    /// First token of each sentence.
    pub sentence_start: Vec<usize>,
    pub mentions: Vec<Mention>,
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str) -> Self {
        let tokens = tokenize(text);
        let marked = pair_marks(text, &tokens);
        let mut inside = vec![None; tokens.len()];
        for (index, quote) in marked.iter().enumerate() {
            for slot in &mut inside[quote.open..=quote.close] {
                *slot = Some(index as u32);
            }
        }
        let mut doc = Doc {
            text,
            tokens,
            marked,
            inside,
            sentence: Vec::new(),
            sentence_start: Vec::new(),
            mentions: Vec::new(),
        };
        doc.split_sentences();
        doc.find_mentions();
        doc
    }

    pub fn str(&self, index: usize) -> &'a str {
        let token = &self.tokens[index];
        &self.text[token.start..token.end]
    }

    /// The token in lower case, borrowed when it already is.
    pub fn lower(&self, index: usize) -> Cow<'a, str> {
        let word = self.str(index);
        if word.chars().any(char::is_uppercase) {
            Cow::Owned(word.to_lowercase())
        } else {
            Cow::Borrowed(word)
        }
    }

    pub fn is_word(&self, index: usize) -> bool {
        self.tokens.get(index).is_some_and(|t| t.kind == Kind::Word)
    }

    pub fn is_punct(&self, index: usize, options: &[&str]) -> bool {
        self.tokens
            .get(index)
            .is_some_and(|t| t.kind == Kind::Punct)
            && options.contains(&self.str(index))
    }

    pub fn is_capitalised(&self, index: usize) -> bool {
        self.is_word(index)
            && self
                .str(index)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
    }

    pub fn is_mark(&self, index: usize) -> bool {
        self.tokens
            .get(index)
            .is_some_and(|t| matches!(t.kind, Kind::Mark(_)))
    }

    pub fn paragraph(&self, index: usize) -> u32 {
        self.tokens[index].paragraph
    }

    /// Whether the token sits outside every quotation.
    pub fn outside(&self, index: usize) -> bool {
        self.inside[index].is_none()
    }

    fn is_sentence_end(&self, index: usize) -> bool {
        let next = index + 1;
        if next >= self.tokens.len() || self.paragraph(next) != self.paragraph(index) {
            return true;
        }
        let token = &self.tokens[index];
        match token.kind {
            Kind::Punct if self.outside(index) => {
                let text = self.str(index);
                if !matches!(text, "." | "!" | "?") {
                    return false;
                }
                if text == "." && index > 0 && self.is_abbreviation(index - 1) {
                    return false;
                }
                self.is_capitalised(next)
                    || self.is_mark(next)
                    || self.is_punct(next, &["("])
                    || self.is_word(next) && text != "."
            }
            Kind::Mark(_) => {
                // A quotation that ends its sentence: terminal punctuation inside, then a new sentence that is
                // not the attribution ("'Why?' Trump asked" goes on).
                let Some(quote) = self.inside[index] else {
                    return false;
                };
                let quote = self.marked[quote as usize];
                if quote.close != index || !self.is_punct(index.wrapping_sub(1), &[".", "!", "?"]) {
                    return false;
                }
                if self.is_mark(next) {
                    return true;
                }
                self.is_capitalised(next) && !self.cue_follows(next, 8)
            }
            _ => false,
        }
    }

    /// Whether a cue verb comes within `window` words from `from`, before any punctuation that ends a clause.
    fn cue_follows(&self, from: usize, window: usize) -> bool {
        let mut index = from;
        while index < self.tokens.len() && index < from + window {
            if !self.is_word(index) {
                if self.is_punct(index, &[","]) {
                    index += 1;
                    continue;
                }
                return false;
            }
            if lexicon::is_cue_verb(&self.lower(index)) {
                return true;
            }
            index += 1;
        }
        false
    }

    /// Whether the token is the full stop of an abbreviation ("Sen.", "J.").
    pub fn is_abbreviation_dot(&self, index: usize) -> bool {
        index > 0 && self.is_punct(index, &["."]) && self.is_abbreviation(index - 1)
    }

    /// Words after which a full stop does not end a sentence.
    fn is_abbreviation(&self, index: usize) -> bool {
        if !self.is_word(index) {
            return false;
        }
        let word = self.str(index);
        if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
            return true;
        }
        matches!(
            word,
            "Mr" | "Mrs"
                | "Ms"
                | "Dr"
                | "Sen"
                | "Rep"
                | "Gov"
                | "Gen"
                | "Lt"
                | "Col"
                | "Sgt"
                | "St"
                | "Jr"
                | "Sr"
                | "Rev"
                | "Prof"
                | "Capt"
                | "Adm"
                | "Jan"
                | "Feb"
                | "Mar"
                | "Apr"
                | "Aug"
                | "Sep"
                | "Sept"
                | "Oct"
                | "Nov"
                | "Dec"
                | "No"
                | "vs"
                | "Inc"
                | "Corp"
                | "Co"
                | "Ft"
                | "Mt"
                | "etc"
        )
    }

    fn split_sentences(&mut self) {
        let mut sentence = Vec::with_capacity(self.tokens.len());
        let mut starts = vec![0];
        let mut current = 0u32;
        let mut index = 0;
        while index < self.tokens.len() {
            // A quotation belongs whole to the sentence it opens in, unless it spans paragraphs.
            if let Some(quote) = self.inside[index].map(|q| self.marked[q as usize]) {
                if quote.open == index {
                    let mut last = quote.close;
                    for inner in index..=quote.close {
                        if inner > index && self.paragraph(inner) != self.paragraph(inner - 1) {
                            current += 1;
                            starts.push(inner);
                        }
                        sentence.push(current);
                        last = inner;
                    }
                    if self.is_sentence_end(last) && last + 1 < self.tokens.len() {
                        current += 1;
                        starts.push(last + 1);
                    }
                    index = last + 1;
                    continue;
                }
            }
            sentence.push(current);
            if self.is_sentence_end(index) && index + 1 < self.tokens.len() {
                current += 1;
                starts.push(index + 1);
            }
            index += 1;
        }
        self.sentence = sentence;
        self.sentence_start = starts;
    }

    /// Every sentence as the byte span from its first token to its last (quotations kept whole).
    pub fn sentence_spans(&self) -> Vec<crate::Span> {
        let mut spans = Vec::with_capacity(self.sentence_start.len());
        for (number, &first) in self.sentence_start.iter().enumerate() {
            let end = self
                .sentence_start
                .get(number + 1)
                .copied()
                .unwrap_or(self.tokens.len());
            if first < end {
                spans.push(crate::Span {
                    start: self.tokens[first].start,
                    end: self.tokens[end - 1].end,
                });
            }
        }
        spans
    }

    pub fn sentence_first(&self, index: usize) -> usize {
        self.sentence_start[self.sentence[index] as usize]
    }

    /// One past the last token of the token's sentence.
    pub fn sentence_end(&self, index: usize) -> usize {
        self.sentence_start
            .get(self.sentence[index] as usize + 1)
            .copied()
            .unwrap_or(self.tokens.len())
    }

    /// Whether the token can belong to a name: a capitalised word (not a sentence-opening function word), an
    /// initial, or a joining particle between such words.
    pub fn is_name_word(&self, index: usize) -> bool {
        if !self.is_capitalised(index) {
            return false;
        }
        let lower = self.lower(index);
        !lexicon::is_sentence_function_word(&lower)
            && !lexicon::is_cue_verb(&lower)
            && lexicon::pronoun(&lower).is_none()
    }

    /// The capitalised run of name words starting at `from` (with "J." initials and particles such as "de"),
    /// as the last token index, or `None` when `from` starts no name.
    pub fn name_run_end(&self, from: usize) -> Option<usize> {
        if !self.is_name_word(from) || !self.outside(from) {
            return None;
        }
        let mut last = from;
        loop {
            if is_possessive(self.str(last)) {
                break;
            }
            let next = last + 1;
            if self.is_punct(next, &["."])
                && self.is_abbreviation(last)
                && self.is_name_word(next + 1)
            {
                last = next + 1;
            } else if self.is_name_word(next) && self.paragraph(next) == self.paragraph(last) {
                last = next;
            } else if self.is_word(next)
                && matches!(
                    self.str(next),
                    "de" | "van" | "von" | "bin" | "al" | "del" | "da" | "di" | "la" | "le"
                )
                && self.is_name_word(next + 1)
            {
                last = next + 1;
            } else {
                break;
            }
        }
        Some(last)
    }

    /// Splits a run of capitalised words into its titles and the name; returns the name's first token and the
    /// gender the titles give.
    /// A title inside the run ends what precedes it: "Harbour Minister Lena Marsh" is "Lena Marsh". A title
    /// just before the run ("Mrs. Ada Kowalczyk", where "Mrs" is not a name word) counts too.
    pub fn strip_titles(&self, first: usize, last: usize) -> (usize, Gender, bool) {
        let mut start = first;
        let mut gender = Gender::Unknown;
        let mut titled = false;
        let mut note = |title_gender: Gender| {
            if title_gender != Gender::Unknown {
                gender = title_gender;
            }
            titled = true;
        };
        let before = if first >= 2 && self.is_punct(first - 1, &["."]) {
            first - 2
        } else {
            first.wrapping_sub(1)
        };
        if self.is_word(before) {
            if let Some(title_gender) = lexicon::title(&self.lower(before)) {
                note(title_gender);
            }
        }
        for index in first..last {
            if !self.is_word(index) {
                continue;
            }
            if let Some(title_gender) = lexicon::title(&self.lower(index)) {
                note(title_gender);
                start = index + 1;
                if self.is_punct(start, &["."]) && start < last {
                    start += 1;
                }
            }
        }
        (start, gender, titled)
    }

    /// The name spelled by tokens `first..=last`, with a possessive "'s" dropped.
    pub fn name_text(&self, first: usize, last: usize) -> String {
        let text = &self.text[self.tokens[first].start..self.tokens[last].end];
        let text = text
            .strip_suffix("'s")
            .or_else(|| text.strip_suffix("\u{2019}s"))
            .unwrap_or(text);
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn find_mentions(&mut self) {
        let mut mentions = Vec::new();
        let mut index = 0;
        while index < self.tokens.len() {
            let Some(last) = self.name_run_end(index) else {
                index += 1;
                continue;
            };
            let (first, mut gender, titled) = self.strip_titles(index, last);
            if first <= last {
                let name = self.name_text(first, last);
                let key = canonical_key(&name);
                let mut role = None;
                // A role noun right before the name: "spokesman Josh Earnest".
                if index > 0 && self.is_word(index - 1) && !self.is_capitalised(index - 1) {
                    let before = self.lower(index - 1);
                    if lexicon::is_role_noun(&before) {
                        role = Some(before.into_owned());
                    }
                }
                // The title names the role: "Sen. Ann Vale" is "the senator".
                let title_at = if self.is_punct(first.wrapping_sub(1), &["."]) {
                    first.wrapping_sub(2)
                } else {
                    first.wrapping_sub(1)
                };
                if titled && self.is_word(title_at) {
                    let title = self.lower(title_at);
                    if lexicon::title(&title).is_some() {
                        role.get_or_insert_with(|| role_of_title(&title).to_string());
                    }
                }
                // An apposition after it: "Josh Earnest, the White House press secretary, said".
                if role.is_none() && self.is_punct(last + 1, &[","]) {
                    let mut scan = last + 2;
                    let mut head = None;
                    if self.is_word(scan) && lexicon::is_determiner(&self.lower(scan)) {
                        while scan < self.tokens.len() && scan < last + 12 && self.is_word(scan) {
                            let word = self.lower(scan);
                            if lexicon::is_role_noun(&word) {
                                head = Some(word.into_owned());
                            }
                            scan += 1;
                        }
                    }
                    role = head;
                }
                if gender == Gender::Unknown {
                    if let Some(role) = &role {
                        gender = lexicon::title(role).unwrap_or(Gender::Unknown);
                    }
                }
                if !key.is_empty() {
                    let all_caps = name
                        .chars()
                        .filter(|c| c.is_alphabetic())
                        .all(char::is_uppercase);
                    let head = key.rsplit(' ').next().unwrap_or_default();
                    let words = key.split(' ').count();
                    // A single word that speaks ("Pate claimed") is a person too.
                    let speaks = (last + 1..(last + 3).min(self.tokens.len()))
                        .take_while(|&i| self.is_word(i))
                        .any(|i| lexicon::is_cue_verb(&self.lower(i)));
                    let person = !all_caps
                        && !lexicon::is_non_person_head(head)
                        && (titled || role.is_some() || words >= 2 || speaks);
                    mentions.push(Mention {
                        first,
                        last,
                        key,
                        name,
                        gender,
                        role,
                        person,
                    });
                }
            }
            index = last + 1;
        }
        // A single word is a person when it is the surname of a person named in full ("Putin").
        let surnames: Vec<String> = mentions
            .iter()
            .filter(|m| m.person && m.key.contains(' '))
            .filter_map(|m| {
                m.key
                    .split(' ')
                    .rev()
                    .find(|w| !matches!(*w, "jr" | "sr" | "ii" | "iii" | "iv"))
                    .map(str::to_string)
            })
            .collect();
        for mention in &mut mentions {
            if !mention.person && !mention.key.contains(' ') && surnames.contains(&mention.key) {
                mention.person = true;
            }
        }
        self.mentions = mentions;
    }

    /// The fullest spelling in the text of the name with this key: "Putin" gives "Vladimir Putin" when the text
    /// names him so. Matching is on whole words at the end ("Putin") or the start ("Hillary").
    pub fn canonical_name(&self, key: &str, fallback: &str) -> String {
        let mut spellings: Vec<(String, u32)> = Vec::new();
        for mention in &self.mentions {
            let full = mention.key.as_str();
            let matches = full == key
                || (full.len() > key.len()
                    && ((full.ends_with(key)
                        && full.as_bytes()[full.len() - key.len() - 1] == b' ')
                        || (full.starts_with(key) && full.as_bytes()[key.len()] == b' ')));
            if !matches || (full != key && !mention.person) {
                continue;
            }
            match spellings.iter_mut().find(|(name, _)| *name == mention.name) {
                Some((_, count)) => *count += 1,
                None => spellings.push((mention.name.clone(), 1)),
            }
        }
        rank_spellings(&mut spellings);
        spellings
            .into_iter()
            .next()
            .map(|(name, _)| name)
            .unwrap_or_else(|| fallback.to_string())
    }
}

/// The role a title gives: "Sen." makes a senator.
fn role_of_title(title: &str) -> &str {
    match title {
        "sen" => "senator",
        "rep" => "representative",
        "gov" => "governor",
        "gen" => "general",
        "prof" => "professor",
        other => other,
    }
}

pub(crate) fn is_possessive(word: &str) -> bool {
    word.len() > 2 && (word.ends_with("'s") || word.ends_with("\u{2019}s"))
}

/// Pairs quotation marks paragraph by paragraph. A quotation left open at the end of a paragraph continues when
/// the next paragraph opens with a quotation mark (the news convention for long quotes); otherwise it ends with
/// its paragraph.
fn pair_marks(text: &str, tokens: &[Token]) -> Vec<Marked> {
    let mut out = Vec::new();
    // The open quotation: its opening token and whether it uses double marks.
    let mut open: Option<(usize, bool)> = None;
    for (index, token) in tokens.iter().enumerate() {
        if let Some((start, _)) = open {
            let new_paragraph = index > 0 && token.paragraph != tokens[index - 1].paragraph;
            if new_paragraph {
                let continues = matches!(token.kind, Kind::Mark(m) if m.role != Role::Close);
                if continues {
                    // The reopening mark of the continued quotation: nothing to pair.
                    continue;
                }
                out.push(Marked {
                    open: start,
                    close: index - 1,
                    closed: false,
                });
                open = None;
            }
        }
        let Kind::Mark(mark) = token.kind else {
            continue;
        };
        let before = text[..token.start].chars().next_back();
        let after = text[token.end..].chars().next();
        let opens = match mark.role {
            // An opening mark typed where a closing one belongs ("It's unusual,“ said").
            Role::Open
                if open.is_some_and(|(_, double)| double == mark.double)
                    && before.is_some_and(|c| ",.!?".contains(c))
                    && after.is_none_or(char::is_whitespace) =>
            {
                false
            }
            Role::Open => true,
            Role::Close => false,
            Role::Either => {
                let spaced_before = before
                    .is_none_or(|c| c.is_whitespace() || "([{\u{2014}\u{2013}-/:".contains(c));
                let spaced_after = after.is_none_or(|c| c.is_whitespace());
                if spaced_before != spaced_after {
                    spaced_before
                } else {
                    open.is_none()
                }
            }
        };
        match open {
            // A lone single mark opens only before a letter, so apostrophes never open quotations.
            None if opens
                && (mark.double
                    || (after.is_some_and(char::is_alphabetic)
                        && before.is_none_or(|c| !c.is_alphanumeric()))) =>
            {
                open = Some((index, mark.double));
            }
            Some((start, double)) if double == mark.double => {
                if opens && mark.role == Role::Open {
                    // Another opening mark: the open quotation was never closed.
                    out.push(Marked {
                        open: start,
                        close: index - 1,
                        closed: false,
                    });
                    open = Some((index, mark.double));
                } else if !opens || mark.role == Role::Either {
                    out.push(Marked {
                        open: start,
                        close: index,
                        closed: true,
                    });
                    open = None;
                }
            }
            _ => {}
        }
    }
    if let Some((start, _)) = open {
        out.push(Marked {
            open: start,
            close: tokens.len() - 1,
            closed: false,
        });
    }
    out.retain(|quote| quote.close > quote.open);
    out
}
