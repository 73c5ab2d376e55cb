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

/// A quotation with no attribution in reach is still a quote when it has at least this many words: news
/// quotes phrases ("called the plan "a disaster"") far more often than it marks single words ("so-called").
/// Tuned on PolNeAR train (2 words: direct recall 0.977 at precision 0.885; 4 words: 0.971 at 0.894).
const MIN_UNATTRIBUTED_WORDS: usize = 2;

/// Finds the quotes of a text, in text order.
pub fn find_quotes(text: &str) -> Vec<Quote> {
    let doc = Doc::new(text);
    let mut finder = Finder {
        doc: &doc,
        genders: Vec::new(),
    };
    finder.run()
}

/// The quotes of a text and its sentences, from one reading of the text: for callers that need both.
pub fn find_quotes_and_sentences(text: &str) -> (Vec<Quote>, Vec<Span>) {
    let doc = Doc::new(text);
    let sentences = doc.sentence_spans();
    let mut finder = Finder {
        doc: &doc,
        genders: Vec::new(),
    };
    (finder.run(), sentences)
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
            let container = indirect
                .iter_mut()
                .find(|(first, last, _)| *first <= quote.open && quote.close <= *last);
            if let Some((first, last, attribution)) = container {
                // A quotation introduced by a colon or standing as a sentence is the speaker's own words too.
                let introduced = doc.is_punct(quote.open.wrapping_sub(1), &[":"])
                    || doc.sentence_first(quote.open) == quote.open;
                match local {
                    Some(own) if own.cue != attribution.cue => {
                        let own_start = [
                            own.cue.map(|c| c.0),
                            own.speaker.map(|s| s.0),
                            Some(quote.open),
                        ]
                        .into_iter()
                        .flatten()
                        .min()
                        .unwrap_or(quote.open);
                        *last = self.trim_clause_end(*first, own_start);
                    }
                    None if introduced => *last = self.trim_clause_end(*first, quote.open),
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
                            (opens_sentence && paragraph <= p + 1)
                                || (after_comma && *s == sentence)
                        })
                        .map(|(attribution, _, _)| attribution)
                        .or_else(|| self.previous_sentence(quote.open))
                }
            };
            let words = (quote.open..=quote.close)
                .filter(|&i| doc.is_word(i))
                .count();
            let standalone = doc.sentence_first(quote.open) == quote.open
                || doc.is_punct(quote.open.wrapping_sub(1), &[":"]);
            // A phrase in quotation marks inside a sentence is mostly its subject's words ("He talks about
            // "spoiling the party"").
            let attribution = attribution.or_else(|| {
                (!standalone)
                    .then(|| self.sentence_subject(quote.open))
                    .flatten()
                    .map(|speaker| Attribution {
                        cue: None,
                        speaker: Some(speaker),
                    })
            });
            if attribution.is_none() && words < MIN_UNATTRIBUTED_WORDS {
                continue;
            }
            if let Some(attribution) = attribution {
                previous = Some((
                    attribution,
                    doc.paragraph(quote.close),
                    doc.sentence[quote.close],
                ));
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
        quotes.sort_by_key(|q| (q.content, q.kind));
        quotes
    }

    /// The last token of a clause that ends before `before`, without trailing punctuation and conjunctions.
    fn trim_clause_end(&self, first: usize, before: usize) -> usize {
        let doc = self.doc;
        let mut last = before.saturating_sub(1);
        while last > first
            && (!doc.is_word(last)
                || matches!(doc.lower(last).as_ref(), "and" | "but" | "or" | "then"))
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
        let speaker = attribution
            .and_then(|a| a.speaker)
            .map(|range| self.speaker(range));
        Quote {
            kind,
            content,
            cue,
            speaker,
        }
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
            Some(particles) => (doc.is_word(index + 1) && particles.contains(&doc.str(index + 1)))
                .then_some(index + 1),
        }
    }

    /// The attribution right after a closing mark: `"…," said X`, `"…," X said`, `"…," X, a …, said`. After a
    /// quotation that ends its sentence with a full stop only a short subject right before the verb counts.
    fn after(&self, quote: &doc::Marked) -> Option<Attribution> {
        let doc = self.doc;
        let close = quote.close;
        let full_stop = quote.closed && doc.is_punct(close - 1, &["."]);
        let ends_sentence = quote.closed && doc.is_punct(close - 1, &[".", "?", "!"]);
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
            // After "told" comes the addressee, not the speaker.
            let addressee = matches!(doc.lower(index).as_ref(), "told" | "tells");
            return Some(Attribution {
                cue: Some((index, cue_end)),
                speaker: (!addressee)
                    .then(|| self.noun_phrase_forward(cue_end + 1))
                    .flatten(),
            });
        }
        // Subject first: find the cue within a few words, passing over an apposition between commas.
        let subject_start = index;
        let window = if full_stop { 4 } else { 30 };
        let mut scan = index;
        let mut commas = 0;
        while scan < doc.tokens.len()
            && scan < subject_start + window
            && doc.paragraph(scan) == doc.paragraph(close)
        {
            if doc.is_mark(scan)
                || doc.is_punct(scan, &[".", "!", "?", ";", ":"]) && !doc.is_abbreviation_dot(scan)
            {
                return None;
            }
            if doc.is_punct(scan, &[","]) {
                commas += 1;
                if commas > 5 || full_stop {
                    return None;
                }
            } else if let Some(cue_end) = self.cue_at(scan) {
                // `"…" CLAUSE, said X`: the speaker follows the verb.
                let clause_opener = matches!(
                    doc.lower(subject_start).as_ref(),
                    "that"
                        | "and"
                        | "but"
                        | "if"
                        | "as"
                        | "because"
                        | "for"
                        | "to"
                        | "in"
                        | "when"
                        | "while"
                        | "so"
                        | "or"
                        | "which"
                        | "where"
                        | "than"
                        | "from"
                        | "on"
                        | "at"
                        | "with"
                );
                let addressee = matches!(doc.lower(scan).as_ref(), "told" | "tells");
                if clause_opener && !addressee && doc.is_punct(scan - 1, &[","]) {
                    if let Some(speaker) = self.noun_phrase_forward(cue_end + 1) {
                        return Some(Attribution {
                            cue: Some((scan, cue_end)),
                            speaker: Some(speaker),
                        });
                    }
                }
                let speaker = self.subject_between(subject_start, scan)?;
                if ends_sentence && speaker.1 - speaker.0 > 4 {
                    return None;
                }
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
        if end == start || end - start > 8 {
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
        // Walk back over a short object or adverbials ("told reporters", "said in a statement, in capitals").
        let mut words = 0;
        let mut scan = index;
        loop {
            if doc.is_punct(scan, &[",", "(", ")", "-"]) && scan > first {
                scan -= 1;
                continue;
            }
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
                    // "Carson spoke briefly but told his supporters, …": the clause's subject came first.
                    self.noun_phrase_backward(scan, first)
                        .or_else(|| self.main_subject(scan, first))
                };
                return Some(Attribution {
                    cue: Some((scan, cue_end)),
                    speaker,
                });
            }
            words += 1;
            if words > 14 || scan <= first {
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
        while start < cue
            && doc.is_word(start)
            && matches!(
                doc.lower(start).as_ref(),
                "and" | "but" | "then" | "so" | "yet" | "also" | "still"
            )
        {
            start += 1;
        }
        if doc.is_word(start) && lexicon::opens_adverbial(&doc.lower(start)) {
            start = (first..cue).find(|&i| doc.is_punct(i, &[","]))? + 1;
        }
        self.noun_phrase_forward(start)
    }

    /// The subject of the sentence a quotation sits in, before it: a pronoun, name or description right
    /// after an opening adverbial and right before a lower-case word (its verb).
    fn sentence_subject(&self, open: usize) -> Option<(usize, usize)> {
        let doc = self.doc;
        let first = doc.sentence_first(open);
        let mut start = first;
        while start < open
            && doc.is_word(start)
            && matches!(
                doc.lower(start).as_ref(),
                "and" | "but" | "then" | "so" | "yet" | "also" | "still"
            )
        {
            start += 1;
        }
        let opener = doc.is_word(start).then(|| doc.lower(start));
        let adverbial = opener.as_deref().is_some_and(|w| {
            lexicon::opens_adverbial(w)
                || (doc.is_capitalised(start) && (w.ends_with("ed") || w.ends_with("ing")))
        });
        if adverbial {
            start = (start..open).find(|&i| doc.is_punct(i, &[","]))? + 1;
        }
        let (np_start, np_end) = self.noun_phrase_forward(start)?;
        let verb = np_end + 1;
        (verb < open && doc.is_word(verb) && !doc.is_capitalised(verb))
            .then_some((np_start, np_end))
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
            Some(Attribution {
                cue: Some((i, cue_end)),
                speaker: Some(speaker),
            })
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
            let may_belong =
                capitalised || lexicon::is_role_noun(&word) || (words == 0 && determined);
            if !may_belong
                && (matches!(
                    word.as_ref(),
                    "who"
                        | "in"
                        | "on"
                        | "at"
                        | "to"
                        | "during"
                        | "after"
                        | "before"
                        | "that"
                        | "and"
                        | "with"
                        | "as"
                        | "when"
                        | "about"
                        | "while"
                        | "from"
                        | "for"
                        | "is"
                        | "was"
                        | "has"
                        | "had"
                        | "will"
                        | "would"
                        | "said"
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
            while scan > first
                && end - scan < 4
                && doc.is_word(scan - 1)
                && !doc.is_capitalised(scan - 1)
            {
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
            let mut scan = end.checked_sub(1)?;
            while scan > first && scan + 25 > end && !doc.is_punct(scan, &[","]) {
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
            let determiner = (end.saturating_sub(6).max(first)..end)
                .rev()
                .take_while(|&i| doc.is_word(i))
                .find(|&i| lexicon::is_determiner(&doc.lower(i)))?;
            return Some((determiner, end));
        }
        let mut start = end;
        while start > first {
            let previous = start - 1;
            if doc.is_punct(previous, &["."])
                && previous > first
                && doc.is_abbreviation_dot(previous)
            {
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
                    "of" | "senior"
                        | "top"
                        | "former"
                        | "press"
                        | "campaign"
                        | "chief"
                        | "deputy"
                        | "longtime"
                        | "national"
                        | "communications"
                        | "political"
                        | "policy"
                        | "white"
                        | "executive"
                        | "general"
                        | "state"
                        | "local"
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
        let according = word.eq_ignore_ascii_case("according")
            && doc.is_word(index + 1)
            && doc.str(index + 1) == "to";
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
            let attribution = Attribution {
                cue,
                speaker: Some(speaker),
            };
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
            return leading_clause(
                index - 1,
                Attribution {
                    cue,
                    speaker: Some(speaker),
                },
            );
        }
        let speaker = self.noun_phrase_backward(index, first)?;
        // A relative clause ("the man who said") is not an attribution.
        if speaker.0 > first
            && matches!(
                doc.lower(speaker.0 - 1).as_ref(),
                "who" | "which" | "that" | "what"
            )
        {
            return None;
        }
        let attribution = Attribution {
            cue,
            speaker: Some(speaker),
        };
        let mut content_start = index + 1;
        if matches!(word, "told" | "tells") {
            // The addressee: "told reporters", "told The Washington Post".
            let mut scan = content_start;
            while scan < last
                && scan < content_start + 5
                && doc.is_word(scan)
                && doc.str(scan) != "that"
            {
                scan += 1;
            }
            content_start = scan;
        }
        let opening = doc.is_word(content_start).then(|| doc.lower(content_start));
        let clause_start = match opening.as_deref() {
            Some("that") => Some(content_start),
            Some(adverbial) if lexicon::opens_adverbial(adverbial) => (content_start
                ..last.min(content_start + 12))
                .take_while(|&i| doc.is_word(i) || doc.is_abbreviation_dot(i))
                .find(|&i| doc.str(i) == "that"),
            Some(_) if lexicon::takes_bare_clause(word) && !matches!(word, "told" | "tells") => {
                Some(content_start)
            }
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
                return Speaker {
                    span,
                    kind: SpeakerKind::Pronoun,
                    entity,
                };
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
            return Speaker {
                span,
                kind: SpeakerKind::Name,
                entity,
            };
        }
        let head = doc.lower(last);
        let entity = self.resolve_role(first, &head);
        Speaker {
            span,
            kind: SpeakerKind::Nominal,
            entity,
        }
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
        // Mentions are in text order: look only at those of the last six sentences.
        let window_start = doc.sentence_start[earliest as usize];
        let from = doc.mentions.partition_point(|m| m.first < window_start);
        let to = doc.mentions.partition_point(|m| m.last < at);
        let candidates = doc.mentions[from..to.max(from)].iter().filter(|m| m.person);
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
            .rev()
            .filter(|m| m.last < at)
            .find(with_role)
            .or_else(|| doc.mentions.iter().filter(|m| m.first > at).find(with_role))?;
        Some(doc.canonical_name(&mention.key, &mention.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A quote as (kind, content, cue, speaker words, entity), for compact assertions.
    type Found<'a> = (
        QuoteKind,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        Option<String>,
    );

    fn found(text: &str) -> Vec<Found<'_>> {
        find_quotes(text)
            .into_iter()
            .map(|q| {
                (
                    q.kind,
                    &text[q.content.start..q.content.end],
                    q.cue.map(|c| &text[c.start..c.end]),
                    q.speaker.as_ref().map(|s| &text[s.span.start..s.span.end]),
                    q.speaker.and_then(|s| s.entity),
                )
            })
            .collect()
    }

    fn only_direct(text: &str) -> (String, Option<String>, Option<String>, Option<String>) {
        let quotes: Vec<_> = found(text)
            .into_iter()
            .filter(|q| q.0 == QuoteKind::Direct)
            .collect();
        assert_eq!(quotes.len(), 1, "{quotes:?}");
        let (_, content, cue, speaker, entity) = quotes.into_iter().next().unwrap();
        (
            content.to_string(),
            cue.map(str::to_string),
            speaker.map(str::to_string),
            entity,
        )
    }

    #[test]
    fn speaker_after_the_quote_verb_first_and_subject_first() {
        let text = "Harbour Minister Lena Marsh opened the pier.\n\n\u{201C}The ferry will run all winter,\u{201D} said Marsh.";
        let (content, cue, speaker, entity) = only_direct(text);
        assert_eq!(content, "\u{201C}The ferry will run all winter,\u{201D}");
        assert_eq!(cue.as_deref(), Some("said"));
        assert_eq!(speaker.as_deref(), Some("Marsh"));
        assert_eq!(entity.as_deref(), Some("Lena Marsh"));

        let text = "\u{201C}Nobody asked us,\u{201D} fisherman Olaf Brandt, 61, of Kellport, told reporters.";
        let (_, cue, speaker, entity) = only_direct(text);
        assert_eq!(cue.as_deref(), Some("told"));
        assert_eq!(speaker.as_deref(), Some("fisherman Olaf Brandt"));
        assert_eq!(entity.as_deref(), Some("Olaf Brandt"));
    }

    #[test]
    fn speaker_before_the_quote_and_a_quote_of_several_sentences() {
        let text = "President Vladimir Putin spoke first. Putin said: \u{201C}We are ready. The talks can start today.\u{201D}";
        let (content, cue, speaker, entity) = only_direct(text);
        assert_eq!(
            content,
            "\u{201C}We are ready. The talks can start today.\u{201D}"
        );
        assert_eq!(cue.as_deref(), Some("said"));
        assert_eq!(speaker.as_deref(), Some("Putin"));
        assert_eq!(entity.as_deref(), Some("Vladimir Putin"));
    }

    #[test]
    fn pronoun_speaker_resolves_to_the_nearest_compatible_named_person() {
        let text = "Mrs. Ada Kowalczyk met Mr. Tomas Reyes at the harbour. \u{201C}We disagree on the fees,\u{201D} she said.";
        let (_, _, speaker, entity) = only_direct(text);
        assert_eq!(speaker.as_deref(), Some("she"));
        assert_eq!(entity.as_deref(), Some("Ada Kowalczyk"));

        let text = "Mrs. Ada Kowalczyk met Mr. Tomas Reyes at the harbour. \u{201C}We disagree on the fees,\u{201D} he said.";
        let (_, _, _, entity) = only_direct(text);
        assert_eq!(entity.as_deref(), Some("Tomas Reyes"));
    }

    #[test]
    fn nominal_speaker_resolves_to_the_named_spokesman() {
        let text = "The ministry named Pia Lund, its spokesman, on Monday.\n\n\u{201C}The bridge is safe,\u{201D} the spokesman said.";
        let (_, cue, speaker, entity) = only_direct(text);
        assert_eq!(cue.as_deref(), Some("said"));
        assert_eq!(speaker.as_deref(), Some("the spokesman"));
        assert_eq!(entity.as_deref(), Some("Pia Lund"));

        let text = "\u{201C}No comment,\u{201D} said a senior official.";
        let (_, _, speaker, entity) = only_direct(text);
        assert_eq!(speaker.as_deref(), Some("a senior official"));
        assert_eq!(entity, None, "the text never names the official");
    }

    #[test]
    fn other_quotation_mark_styles() {
        let cases = [
            ("\u{00AB}Wir bleiben hier\u{00BB}, sagte er. Mayor Ines Falk said, \u{00AB}The plan is final.\u{00BB}", "\u{00AB}The plan is final.\u{00BB}"),
            ("Mayor Ines Falk said, \u{201E}The plan is final.\u{201C}", "\u{201E}The plan is final.\u{201C}"),
            ("Mayor Ines Falk said, ``The plan is final.''", "``The plan is final.''"),
            ("Mayor Ines Falk said, ''The plan is final.''", "''The plan is final.''"),
            ("Mayor Ines Falk said, \u{2018}The plan is final.\u{2019}", "\u{2018}The plan is final.\u{2019}"),
            ("Mayor Ines Falk said, \"The plan is final.\"", "\"The plan is final.\""),
        ];
        for (text, quote) in cases {
            let quotes = found(text);
            let hit = quotes
                .iter()
                .find(|q| q.1 == quote)
                .unwrap_or_else(|| panic!("{text}: {quotes:?}"));
            assert_eq!(hit.3, Some("Mayor Ines Falk"), "{text}");
            assert_eq!(hit.4.as_deref(), Some("Ines Falk"), "{text}");
        }
    }

    #[test]
    fn apostrophes_do_not_open_quotations() {
        let text = "The voters\u{2019} mood in \u{2018}08 was grim, and rock \u{2019}n\u{2019} roll didn\u{2019}t help.";
        assert!(found(text).is_empty(), "{:?}", found(text));
    }

    #[test]
    fn a_quote_continued_across_paragraphs_and_the_next_quote_keep_the_speaker() {
        let text = "Coach Mira Sand said: \u{201C}We trained hard all season.\n\n\u{201C}The final is ours to lose.\u{201D}\n\n\u{201C}Tickets are sold out.\u{201D}";
        let quotes = found(text);
        assert_eq!(quotes.len(), 2, "{quotes:?}");
        assert!(
            quotes[0].1.starts_with("\u{201C}We trained")
                && quotes[0].1.ends_with("ours to lose.\u{201D}")
        );
        assert_eq!(quotes[0].3, Some("Coach Mira Sand"));
        assert_eq!(quotes[1].1, "\u{201C}Tickets are sold out.\u{201D}");
        assert_eq!(
            quotes[1].4.as_deref(),
            Some("Mira Sand"),
            "the next paragraph's quote keeps the speaker"
        );
    }

    #[test]
    fn speaker_from_the_previous_sentence_and_split_quotes() {
        let text =
            "Governor Ruth Okafor said the levy would pass. \u{201C}The votes are there.\u{201D}";
        let quotes = found(text);
        let direct = quotes.iter().find(|q| q.0 == QuoteKind::Direct).unwrap();
        assert_eq!(direct.4.as_deref(), Some("Ruth Okafor"));

        let text = "\u{201C}It was close,\u{201D} Okafor added. \u{201C}Too close.\u{201D}";
        let quotes = found(text);
        assert_eq!(quotes.len(), 2, "{quotes:?}");
        assert_eq!(quotes[1].1, "\u{201C}Too close.\u{201D}");
        assert_eq!((quotes[1].2, quotes[1].3), (Some("added"), Some("Okafor")));
    }

    #[test]
    fn indirect_quotes_with_said_that_and_according_to() {
        let text = "Police chief Dana Holm said that the road would reopen on Friday.";
        let quotes = found(text);
        assert_eq!(quotes.len(), 1, "{quotes:?}");
        assert_eq!(quotes[0].0, QuoteKind::Indirect);
        assert_eq!(quotes[0].1, "that the road would reopen on Friday");
        assert_eq!(
            (quotes[0].2, quotes[0].3),
            (Some("said"), Some("Police chief Dana Holm"))
        );
        assert_eq!(quotes[0].4.as_deref(), Some("Dana Holm"));

        let text = "According to Dana Holm, the road will reopen on Friday.";
        let quotes = found(text);
        assert_eq!(quotes.len(), 1, "{quotes:?}");
        assert_eq!(quotes[0].1, "the road will reopen on Friday");
        assert_eq!(
            (quotes[0].2, quotes[0].3),
            (Some("According to"), Some("Dana Holm"))
        );

        let text = "The road will reopen on Friday, Holm said in a statement.";
        let quotes = found(text);
        assert_eq!(quotes[0].1, "The road will reopen on Friday");
        assert_eq!(quotes[0].3, Some("Holm"));
    }

    #[test]
    fn said_with_an_adverbial_is_not_an_indirect_quote() {
        let text = "\u{201C}We will appeal,\u{201D} Holm said in a statement on Tuesday.";
        let quotes = found(text);
        assert_eq!(quotes.len(), 1, "{quotes:?}");
        assert_eq!(quotes[0].0, QuoteKind::Direct);
    }

    #[test]
    fn scare_quotes_of_one_word_are_not_quotes() {
        assert!(found("The so-called \u{201C}deal\u{201D} fell apart.").is_empty());
    }

    #[test]
    fn offsets_convert_to_code_points() {
        let text = "Z\u{00FC}rich \u{201C}ok\u{201D}";
        let start = text.find('\u{201C}').unwrap();
        assert_eq!(char_offsets(text, &[start, text.len(), 0]), vec![7, 11, 0]);
    }

    #[test]
    fn odd_input_never_panics() {
        let texts = [
            "",
            "\"",
            "\u{201C}",
            "\u{201D}\u{201C}\"''``\u{2018}\u{2019}",
            ", said",
            "said, \"",
            "\"a,\" said",
            "According to",
            "according to ,",
            "X said that",
            ". . . \n\n\n \" \n\u{201C}",
            "He said, \u{201C}one\n\n\u{201C}two\n\n\u{201C}three",
            "Mr. . Sen. \u{201C}x y\u{201D}, Mr.",
            ", , , said \u{201C}a b\u{201D}",
        ];
        for text in texts {
            for quote in find_quotes(text) {
                assert!(
                    quote.content.start <= quote.content.end && quote.content.end <= text.len(),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn same_text_same_quotes() {
        let text = "Mayor Ines Falk said, \u{201C}The plan is final.\u{201D} She said that the budget was tight.";
        assert_eq!(find_quotes(text), find_quotes(text));
    }
}
