//! Quotes and their speakers: direct quotes between quotation marks and indirect ones ("X said (that) …",
//! "according to X, …"), each with its cue verb and its speaker, the speaker resolved to the fullest name the
//! text gives the person ("Putin", "he" and "the spokesman" to "Vladimir Putin" or the named spokesman).
//!
//! Pure and deterministic: text in, quotes out, no I/O and no state. Rule-based: it runs at tens of megabytes
//! per second and needs no model. Spans are byte offsets into the text ([`char_offsets`] converts them).

mod doc;
mod lexicon;
mod tokens;

use doc::Doc;
use lexicon::{Gender, Pronoun};
use serde::Serialize;
use storyline_analyze::canonical_key;

/// A byte range of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// The speaker's words between quotation marks.
    Direct,
    /// The speaker's words reported: "X said (that) …", "according to X, …".
    Indirect,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpeakerKind {
    /// A name: "Vladimir Putin", "Putin", "Sen. Bernie Sanders".
    Name,
    /// "he", "she", "they", "it", or the first and second persons.
    Pronoun,
    /// A description: "the spokesman", "a senior official".
    Nominal,
}

/// Who said it: the words of the text that name the speaker where the quote is attributed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Speaker {
    pub span: Span,
    pub kind: SpeakerKind,
    /// The fullest name the text gives this speaker, when it names them.
    pub entity: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Quote {
    pub kind: QuoteKind,
    /// For a direct quote the quotation marks included; for a multi-paragraph quote, from the first opening
    /// mark to the last closing one.
    pub content: Span,
    /// The verb that reports it ("said", "told", "according to").
    pub cue: Option<Span>,
    pub speaker: Option<Speaker>,
}

/// A quotation with no attribution in reach is still a quote when it is at least this many words long and
/// stands as a sentence of its own; shorter ones are mostly scare quotes and titles.
const MIN_UNATTRIBUTED_WORDS: usize = 6;

/// Finds the quotes of a text, in text order.
pub fn find_quotes(text: &str) -> Vec<Quote> {
    let doc = Doc::new(text);
    let mut finder = Finder { doc: &doc, genders: Vec::new() };
    finder.run()
}

/// Converts byte offsets of `text` to Unicode code point offsets, in one pass over the text.
pub fn char_offsets(text: &str, byte_offsets: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..byte_offsets.len()).collect();
    order.sort_by_key(|&i| byte_offsets[i]);
    let mut out = vec![0; byte_offsets.len()];
    let mut chars = 0;
    let mut position = 0;
    for i in order {
        let target = byte_offsets[i].min(text.len());
        if target > position {
            chars += text[position..target].chars().count();
            position = target;
        }
        out[i] = chars;
    }
    out
}

/// An attribution found around a quotation: the cue verb and the speaker's words, as token ranges.
#[derive(Clone, Copy, Debug)]
struct Attribution {
    cue: Option<(usize, usize)>,
    speaker: Option<(usize, usize)>,
}

struct Finder<'d, 'a> {
    doc: &'d Doc<'a>,
    /// Genders learnt from resolved pronouns, by canonical key.
    genders: Vec<(String, Gender)>,
}

impl Finder<'_, '_> {
    fn run(&mut self) -> Vec<Quote> {
        let doc = self.doc;
        let mut quotes = Vec::new();
        let mut indirect = self.indirect_quotes();
        // The last attributed quotation: its attribution, paragraph and sentence.
        let mut previous: Option<(Attribution, u32, u32)> = None;
        for quote in &doc.marked {
            let local = self.after(quote).or_else(|| self.before(quote.open));
            // A quotation inside an indirect quote is part of it ("Trump said the plan was "a disaster"")
            // unless it has an attribution of its own, which then ends the indirect quote.
            let container = indirect.iter_mut().find(|(first, last, _)| *first <= quote.open && quote.close <= *last);
            if let Some((first, last, attribution)) = container {
                match local {
                    Some(own) if own.cue != attribution.cue => {
                        let own_start = [own.cue.map(|c| c.0), own.speaker.map(|s| s.0), Some(quote.open)]
                            .into_iter()
                            .flatten()
                            .min()
                            .unwrap_or(quote.open);
                        *last = self.trim_clause_end(*first, own_start);
                    }
                    _ => continue,
                }
            }
            let paragraph = doc.paragraph(quote.open);
            let sentence = doc.sentence[quote.open];
            let attribution = match local {
                Some(attribution) => Some(attribution),
                None => {
                    let opens_sentence = doc.sentence_first(quote.open) == quote.open;
                    let after_comma = quote.open > 0 && doc.is_punct(quote.open - 1, &[","]);
                    previous
                        .filter(|(_, p, s)| {
                            (opens_sentence && paragraph <= p + 1) || (after_comma && *s == sentence)
                        })
                        .map(|(attribution, _, _)| attribution)
                        .or_else(|| self.previous_sentence(quote.open))
                }
            };
            let words = (quote.open..=quote.close).filter(|&i| doc.is_word(i)).count();
            let standalone = doc.sentence_first(quote.open) == quote.open
                || doc.is_punct(quote.open.wrapping_sub(1), &[":"]);
            if attribution.is_none() && (words < MIN_UNATTRIBUTED_WORDS || !standalone) {
                continue;
            }
            if let Some(attribution) = attribution {
                previous = Some((attribution, doc.paragraph(quote.close), doc.sentence[quote.close]));
            }
            let content = Span {
                start: doc.tokens[quote.open].start,
                end: doc.tokens[quote.close].end,
            };
            quotes.push(self.quote(QuoteKind::Direct, content, attribution));
        }
        for (first, last, attribution) in indirect {
            if (first..=last).filter(|&i| doc.is_word(i)).count() < 3 {
                continue;
            }
            let content = Span {
                start: doc.tokens[first].start,
                end: doc.tokens[last].end,
            };
            quotes.push(self.quote(QuoteKind::Indirect, content, Some(attribution)));
        }
        quotes.sort_by(|a, b| (a.content, a.kind).cmp(&(b.content, b.kind)));
        quotes
    }

    /// The last token of a clause that ends before `before`, without trailing punctuation and conjunctions.
    fn trim_clause_end(&self, first: usize, before: usize) -> usize {
        let doc = self.doc;
        let mut last = before.saturating_sub(1);
        while last > first
            && (!doc.is_word(last) || matches!(doc.lower(last).as_ref(), "and" | "but" | "or" | "then"))
        {
            last -= 1;
        }
        last
    }

    fn quote(&mut self, kind: QuoteKind, content: Span, attribution: Option<Attribution>) -> Quote {
        let doc = self.doc;
        let span = |(first, last): (usize, usize)| Span {
            start: doc.tokens[first].start,
            end: doc.tokens[last].end,
        };
        let cue = attribution.and_then(|a| a.cue).map(span);
        let speaker = attribution.and_then(|a| a.speaker).map(|range| self.speaker(range));
        Quote { kind, content, cue, speaker }
    }

    /// A cue verb at `index`, with the particle some need ("pointed out"): its last token.
    fn cue_at(&self, index: usize) -> Option<usize> {
        let doc = self.doc;
        if !doc.is_word(index) || !doc.outside(index) {
            return None;
        }
        let word = doc.lower(index);
        if word == "according" {
            return (doc.is_word(index + 1) && doc.str(index + 1) == "to").then_some(index + 1);
        }
        if !lexicon::is_cue_verb(&word) {
            return None;
        }
        match lexicon::cue_particle(&word) {
            None => Some(index),
            Some(particles) => {
                (doc.is_word(index + 1) && particles.contains(&doc.str(index + 1))).then_some(index + 1)
            }
        }
    }

    /// The attribution right after a closing mark: `"…," said X`, `"…," X said`, `"…," X, a …, said`. After a
    /// quotation that ends its sentence with a full stop only a short subject right before the verb counts.
    fn after(&self, quote: &doc::Marked) -> Option<Attribution> {
        let doc = self.doc;
        let close = quote.close;
        let full_stop = quote.closed && doc.is_punct(close - 1, &["."]);
        let mut index = close + 1;
        if index >= doc.tokens.len() || doc.paragraph(index) != doc.paragraph(close) {
            return None;
        }
        while doc.is_punct(index, &[",", "\u{2014}", "\u{2013}", "-"]) {
            index += 1;
        }
        if index >= doc.tokens.len() || doc.paragraph(index) != doc.paragraph(close) {
            return None;
        }
        if let Some(cue_end) = self.cue_at(index) {
            return Some(Attribution {
                cue: Some((index, cue_end)),
                speaker: self.noun_phrase_forward(cue_end + 1),
            });
        }
        // Subject first: find the cue within a few words, passing over an apposition between commas.
        let subject_start = index;
        let window = if full_stop { 4 } else { 30 };
        let mut scan = index;
        let mut commas = 0;
        while scan < doc.tokens.len() && scan < subject_start + window && doc.paragraph(scan) == doc.paragraph(close)
        {
            if doc.is_mark(scan) || doc.is_punct(scan, &[".", "!", "?", ";", ":"]) && !doc.is_abbreviation_dot(scan) {
                return None;
            }
            if doc.is_punct(scan, &[","]) {
                commas += 1;
                if commas > 3 || full_stop {
                    return None;
                }
            } else if let Some(cue_end) = self.cue_at(scan) {
                let speaker = self.subject_between(subject_start, scan)?;
                return Some(Attribution {
                    cue: Some((scan, cue_end)),
                    speaker: Some(speaker),
                });
            }
            scan += 1;
        }
        None
    }

    /// The subject of a cue at `cue` whose clause starts at `start`: the words up to the first comma, adverbs
    /// before the verb dropped ("Trump later said").
    fn subject_between(&self, start: usize, cue: usize) -> Option<(usize, usize)> {
        let doc = self.doc;
        let mut end = start;
        while end < cue && doc.is_word(end) {
            end += 1;
        }
        while end > start && lexicon::is_adverb(&doc.lower(end - 1)) {
            end -= 1;
        }
        if end == start || end - start > 10 {
            return None;
        }
        let first = doc.lower(start);
        let acceptable = lexicon::pronoun(&first).is_some()
            || doc.is_capitalised(start)
            || lexicon::is_determiner(&first)
            || (start..end).any(|i| lexicon::is_role_noun(&doc.lower(i)) || doc.is_capitalised(i));
        acceptable.then_some((start, end - 1))
    }

    /// The attribution before an opening mark: `X said: "…"`, `X told reporters, "…"`, `according to X, "…"`.
    fn before(&self, open: usize) -> Option<Attribution> {
        let doc = self.doc;
        if open == 0 {
            return None;
        }
        let mut index = open - 1;
        // A paragraph that ends in a colon introduces the quotation below it.
        if doc.paragraph(index) != doc.paragraph(open) && !doc.is_punct(index, &[":"]) {
            return None;
        }
        while doc.is_punct(index, &[",", ":", "\u{2014}", "\u{2013}"]) && index > 0 {
            index -= 1;
        }
        let first = doc.sentence_first(index);
        // Walk back over a short object or adverbial ("told reporters", "said in a statement").
        let mut words = 0;
        let mut scan = index;
        loop {
            if !doc.is_word(scan) || !doc.outside(scan) {
                return None;
            }
            let word = doc.lower(scan);
            if word == "that" {
                return None;
            }
            let according = word == "to" && scan > first && doc.lower(scan - 1) == "according";
            if according {
                return Some(Attribution {
                    cue: Some((scan - 1, scan)),
                    speaker: self.noun_phrase_forward(scan + 1),
                });
            }
            if let Some(cue_end) = self.cue_at(scan) {
                let speaker = if lexicon::is_participle_cue(&word) {
                    self.main_subject(scan, first)
                } else {
                    self.noun_phrase_backward(scan, first)
                };
                return Some(Attribution {
                    cue: Some((scan, cue_end)),
                    speaker,
                });
            }
            words += 1;
            if words > 7 || scan <= first {
                return None;
            }
            scan -= 1;
        }
    }

    /// The subject of the clause a participle cue hangs from ("Trump spoke for an hour, adding: …"): the
    /// speaker of an earlier cue in the sentence, else its first pronoun, name or description after an
    /// opening adverbial.
    fn main_subject(&self, cue: usize, first: usize) -> Option<(usize, usize)> {
        let doc = self.doc;
        if let Some(speaker) = (first..cue)
            .rev()
            .filter(|&i| self.cue_at(i).is_some() && !lexicon::is_participle_cue(&doc.lower(i)))
            .find_map(|i| self.noun_phrase_backward(i, first))
        {
            return Some(speaker);
        }
        let mut start = first;
        if doc.is_word(start) && lexicon::opens_adverbial(&doc.lower(start)) {
            start = (first..cue).find(|&i| doc.is_punct(i, &[","]))? + 1;
        }
        self.noun_phrase_forward(start)
    }

    /// For a quotation with no attribution of its own: the speaker of an indirect cue in the sentence before,
    /// in its paragraph or closing the previous one ("Trump said the plan would fail. "It is a mistake."").
    fn previous_sentence(&self, open: usize) -> Option<Attribution> {
        let doc = self.doc;
        let first = doc.sentence_first(open);
        if first != open || first == 0 {
            return None;
        }
        let previous_first = doc.sentence_first(first - 1);
        if doc.paragraph(first) > doc.paragraph(first - 1) + 1 {
            return None;
        }
        (previous_first..first).find_map(|i| {
            let cue_end = self.cue_at(i)?;
            if !lexicon::is_indirect_cue(&doc.lower(i)) {
                return None;
            }
            let speaker = self.noun_phrase_backward(i, previous_first)?;
            Some(Attribution { cue: Some((i, cue_end)), speaker: Some(speaker) })
        })
    }

    /// The speaker's words from `start`: a pronoun, a name ("said Steven Law, a former aide" gives "Steven
    /// Law") or a description ("the email"); "said a campaign spokesman, Jason Miller" gives "Jason Miller".
    fn noun_phrase_forward(&self, start: usize) -> Option<(usize, usize)> {
        let doc = self.doc;
        if !doc.is_word(start) {
            return None;
        }
        if lexicon::pronoun(&doc.lower(start)).is_some() {
            return Some((start, start));
        }
        let determined = lexicon::is_determiner(&doc.lower(start));
        let mut index = start;
        let mut last_head = None;
        let mut words = 0;
        while index < doc.tokens.len() && words < 8 && doc.outside(index) {
            if doc.is_punct(index, &["."]) && index > start && doc.is_abbreviation_dot(index) {
                index += 1;
                continue;
            }
            if !doc.is_word(index) || doc.paragraph(index) != doc.paragraph(start) {
                break;
            }
            let word = doc.lower(index);
            let capitalised = doc.is_capitalised(index);
            if !capitalised
                && !lexicon::is_role_noun(&word)
                && !(words == 0 && determined)
                && (matches!(
                    word.as_ref(),
                    "who" | "in" | "on" | "at" | "to" | "during" | "after" | "before" | "that" | "and" | "with"
                        | "as" | "when" | "about" | "while" | "from" | "for" | "is" | "was" | "has" | "had"
                        | "will" | "would" | "said"
                ) || lexicon::is_cue_verb(&word))
            {
                break;
            }
            if capitalised || lexicon::is_role_noun(&word) || (determined && words > 0) {
                last_head = Some(index);
            }
            words += 1;
            index += 1;
        }
        let head = last_head?;
        // A description followed by the name in apposition: prefer the name.
        if !doc.is_capitalised(head) && doc.is_punct(head + 1, &[","]) {
            if let Some(end) = doc.name_run_end(head + 2) {
                return Some((head + 2, end));
            }
        }
        Some((start, head))
    }

    /// The subject before a cue at `cue`, not before `first`: a pronoun, a name ("The Post's Dana Milbank"), or
    /// a description ("a senior official", "the email"). An apposition between commas is skipped, and so is a
    /// verb chain ending in "to" ("Bryne went on to say").
    fn noun_phrase_backward(&self, cue: usize, first: usize) -> Option<(usize, usize)> {
        let doc = self.doc;
        if cue == 0 || cue <= first {
            return None;
        }
        let mut end = cue - 1;
        if doc.is_word(end) && doc.str(end) == "to" {
            let mut scan = end;
            while scan > first && end - scan < 4 && doc.is_word(scan - 1) && !doc.is_capitalised(scan - 1) {
                scan -= 1;
                if lexicon::pronoun(&doc.lower(scan)).is_some() {
                    scan += 1;
                    break;
                }
            }
            end = scan.checked_sub(1)?;
        }
        while end > first && doc.is_word(end) && lexicon::is_adverb(&doc.lower(end)) {
            end -= 1;
        }
        if doc.is_punct(end, &[","]) {
            // "Josh Earnest, the White House spokesman, said": the name before the apposition.
            let mut scan = end - 1;
            while scan > first && scan + 15 > end && !doc.is_punct(scan, &[","]) {
                scan -= 1;
            }
            if doc.is_punct(scan, &[","]) && scan > first {
                end = scan - 1;
            } else {
                return None;
            }
        }
        if !doc.is_word(end) || !doc.outside(end) {
            return None;
        }
        let word = doc.lower(end);
        if lexicon::pronoun(&word).is_some() {
            return Some((end, end));
        }
        if !doc.is_capitalised(end) && !lexicon::is_role_noun(&word) {
            // A description with any head noun needs its determiner close by: "the email", "the person".
            let determiner = (end.saturating_sub(4).max(first)..end)
                .rev()
                .take_while(|&i| doc.is_word(i))
                .find(|&i| lexicon::is_determiner(&doc.lower(i)))?;
            return Some((determiner, end));
        }
        let mut start = end;
        while start > first {
            let previous = start - 1;
            if doc.is_punct(previous, &["."]) && previous > first && doc.is_abbreviation_dot(previous) {
                start = previous - 1;
                continue;
            }
            if !doc.is_word(previous) || !doc.outside(previous) {
                break;
            }
            let word = doc.lower(previous);
            if lexicon::is_determiner(&word) {
                start = previous;
                break;
            }
            let capitalised = doc.is_capitalised(previous);
            if capitalised && lexicon::is_sentence_function_word(&word) {
                break;
            }
            let joins = capitalised
                || lexicon::is_role_noun(&word)
                || matches!(
                    word.as_ref(),
                    "of" | "senior" | "top" | "former" | "press" | "campaign" | "chief" | "deputy" | "longtime"
                        | "national" | "communications" | "political" | "policy" | "white" | "executive"
                        | "general" | "state" | "local"
                );
            if !joins || end - previous > 8 {
                break;
            }
            start = previous;
        }
        // "of" cannot open the phrase.
        while start < end && doc.lower(start) == "of" {
            start += 1;
        }
        Some((start, end))
    }

    /// Indirect quotes as token ranges: "X said (that) CLAUSE", "CLAUSE, X said", "CLAUSE, said X",
    /// "according to X, CLAUSE", "CLAUSE, according to X". The content runs to the end of the sentence (or from
    /// its start) without the final stop.
    fn indirect_quotes(&self) -> Vec<(usize, usize, Attribution)> {
        let doc = self.doc;
        let mut out = Vec::new();
        let mut index = 0;
        while index < doc.tokens.len() {
            if let Some((first, last, attribution)) = self.indirect_at(index) {
                out.push((first, last, attribution));
                index = doc.sentence_end(index);
            } else {
                index += 1;
            }
        }
        out
    }

    fn indirect_at(&self, index: usize) -> Option<(usize, usize, Attribution)> {
        let doc = self.doc;
        if !doc.is_word(index) || !doc.outside(index) {
            return None;
        }
        let word = doc.str(index);
        let according = word.eq_ignore_ascii_case("according") && doc.is_word(index + 1) && doc.str(index + 1) == "to";
        if !according && !lexicon::is_indirect_cue(word) {
            return None;
        }
        let first = doc.sentence_first(index);
        let end = doc.sentence_end(index);
        // The sentence without its final stop.
        let mut last = end - 1;
        while last > index && doc.is_punct(last, &[".", "!", "?"]) {
            last -= 1;
        }
        let words_in = |a: usize, b: usize| (a..=b).filter(|&i| doc.is_word(i)).count();
        // "CLAUSE, <cue and speaker>": the content is what precedes the comma.
        let leading_clause = |comma: usize, attribution: Attribution| {
            if comma <= first || !doc.is_punct(comma, &[","]) || doc.is_mark(first) {
                return None;
            }
            let content_end = comma - 1;
            if words_in(first, content_end) < 3 || (first..=content_end).any(|i| doc.is_mark(i)) {
                return None;
            }
            Some((first, content_end, attribution))
        };
        if according {
            let cue = Some((index, index + 1));
            let speaker = self.noun_phrase_forward(index + 2)?;
            let attribution = Attribution { cue, speaker: Some(speaker) };
            if index > first {
                return leading_clause(index - 1, attribution);
            }
            let comma = (speaker.1 + 1..end).find(|&i| doc.is_punct(i, &[","]))?;
            if comma + 1 > last || doc.is_mark(comma + 1) {
                return None;
            }
            return Some((comma + 1, last, attribution));
        }
        let cue = Some((index, index));
        // "CLAUSE, said X."
        if index > first && doc.is_punct(index - 1, &[","]) {
            let speaker = self.noun_phrase_forward(index + 1)?;
            return leading_clause(index - 1, Attribution { cue, speaker: Some(speaker) });
        }
        let speaker = self.noun_phrase_backward(index, first)?;
        // A relative clause ("the man who said") is not an attribution.
        if speaker.0 > first && matches!(doc.lower(speaker.0 - 1).as_ref(), "who" | "which" | "that" | "what") {
            return None;
        }
        let attribution = Attribution { cue, speaker: Some(speaker) };
        let mut content_start = index + 1;
        if matches!(word, "told" | "tells") {
            // The addressee: "told reporters", "told The Washington Post".
            let mut scan = content_start;
            while scan < last && scan < content_start + 5 && doc.is_word(scan) && doc.str(scan) != "that" {
                scan += 1;
            }
            content_start = scan;
        }
        let opening = doc.is_word(content_start).then(|| doc.lower(content_start));
        let clause_start = match opening.as_deref() {
            Some("that") => Some(content_start),
            Some(adverbial) if lexicon::opens_adverbial(adverbial) => (content_start..last.min(content_start + 12))
                .take_while(|&i| doc.is_word(i) || doc.is_abbreviation_dot(i))
                .find(|&i| doc.str(i) == "that"),
            Some(_) if lexicon::takes_bare_clause(word) => Some(content_start),
            _ => None,
        };
        let Some(clause_start) = clause_start else {
            // "CLAUSE, X said (in a statement)."
            return leading_clause(speaker.0.checked_sub(1)?, attribution);
        };
        if clause_start > last || words_in(clause_start, last) < 3 {
            return None;
        }
        if doc.is_mark(clause_start) {
            return None;
        }
        Some((clause_start, last, attribution))
    }

    fn speaker(&mut self, (first, last): (usize, usize)) -> Speaker {
        let doc = self.doc;
        let span = Span {
            start: doc.tokens[first].start,
            end: doc.tokens[last].end,
        };
        if first == last {
            if let Some(pronoun) = lexicon::pronoun(doc.str(first)) {
                let entity = self.resolve_pronoun(first, pronoun);
                return Speaker { span, kind: SpeakerKind::Pronoun, entity };
            }
        }
        // The name is the last capitalised run of the phrase.
        let mut name_end = None;
        for i in (first..=last).rev() {
            if doc.is_name_word(i) {
                name_end = Some(i);
                break;
            }
        }
        if name_end == Some(last) || (name_end.is_some() && doc.is_punct(last, &["."])) {
            let name_end = name_end.unwrap_or(last);
            let mut name_start = name_end;
            while name_start > first
                && (doc.is_name_word(name_start - 1) || doc.is_punct(name_start - 1, &["."]))
                && !doc::is_possessive(doc.str(name_start - 1))
            {
                name_start -= 1;
            }
            let (name_start, _, _) = doc.strip_titles(name_start, name_end);
            let name = doc.name_text(name_start, name_end);
            let key = canonical_key(&name);
            let entity = (!key.is_empty()).then(|| doc.canonical_name(&key, &name));
            return Speaker { span, kind: SpeakerKind::Name, entity };
        }
        let head = doc.lower(last);
        let entity = self.resolve_role(first, &head);
        Speaker { span, kind: SpeakerKind::Nominal, entity }
    }

    fn gender_of(&self, mention: &doc::Mention) -> Gender {
        if mention.gender != Gender::Unknown {
            return mention.gender;
        }
        let canonical = canonical_key(&self.doc.canonical_name(&mention.key, &mention.name));
        self.genders
            .iter()
            .find(|(key, _)| *key == canonical || *key == mention.key)
            .map_or(Gender::Unknown, |(_, gender)| *gender)
    }

    /// A pronoun's speaker: the first compatible person named in its sentence before it, else in the sentences
    /// before (earlier sentence first in each: subjects come first), at most six sentences back.
    fn resolve_pronoun(&mut self, at: usize, pronoun: Pronoun) -> Option<String> {
        let doc = self.doc;
        let wanted = match pronoun {
            Pronoun::He => Gender::Male,
            Pronoun::She => Gender::Female,
            Pronoun::They | Pronoun::It | Pronoun::Other => return None,
        };
        let sentence = doc.sentence[at];
        let earliest = sentence.saturating_sub(6);
        let candidates = doc.mentions.iter().filter(|m| m.person && m.last < at);
        let mut best: Option<(&doc::Mention, u32)> = None;
        for mention in candidates {
            let mention_sentence = doc.sentence[mention.first];
            if mention_sentence < earliest {
                continue;
            }
            let gender = self.gender_of(mention);
            if gender != Gender::Unknown && gender != wanted {
                continue;
            }
            // The latest sentence wins; within it, the first mention.
            if best.is_none_or(|(_, s)| mention_sentence > s) {
                best = Some((mention, mention_sentence));
            }
        }
        let (mention, _) = best?;
        let name = doc.canonical_name(&mention.key, &mention.name);
        let key = canonical_key(&name);
        if !self.genders.iter().any(|(k, _)| *k == key) {
            self.genders.push((key, wanted));
        }
        Some(name)
    }

    /// A nominal speaker ("the spokesman") is the person the text introduced with that role: the latest before
    /// it, else the first after it.
    fn resolve_role(&self, at: usize, role: &str) -> Option<String> {
        let doc = self.doc;
        let with_role = |m: &&doc::Mention| m.role.as_deref() == Some(role);
        let mention = doc
            .mentions
            .iter()
            .filter(|m| m.last < at)
            .filter(with_role)
            .last()
            .or_else(|| doc.mentions.iter().filter(|m| m.first > at).find(with_role))?;
        Some(doc.canonical_name(&mention.key, &mention.name))
    }
}
