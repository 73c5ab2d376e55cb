//! The scanner: at each token that can start a time expression, every rule is tried and the longest match wins.
//! Rules are small functions over the token list; none of them looks further than a few tokens ahead, so the
//! cost is linear in the text.

use crate::lexicon::{needs_capital, Language, Lex, Relative};
use crate::tokens::{tokenize, Shape, Token};
use crate::value::{shift, DayPart, Recurrence, Reference, Season, Unit, Value};
use crate::{Tagger, Timex};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use std::cell::Cell;

/// The time a sentence speaks of, as its verbs show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
}

/// A lower-case English past form: an auxiliary, a common irregular verb of news reports, or a word in "-ed"
/// ("closed", "ended"; the "-ed" words that announce the future are future cues and are checked first).
fn past_form(token: &Token<'_>) -> bool {
    let word = token.text;
    matches!(
        word,
        "was"
            | "were"
            | "had"
            | "did"
            | "said"
            | "met"
            | "began"
            | "took"
            | "came"
            | "went"
            | "rose"
            | "fell"
            | "made"
            | "left"
            | "bought"
            | "sold"
            | "won"
            | "lost"
            | "told"
            | "paid"
            | "gave"
            | "became"
            | "got"
            | "held"
            | "ran"
            | "spent"
            | "brought"
            | "built"
            | "struck"
            | "wrote"
            | "set"
            | "saw"
            | "hit"
            | "cut"
    ) || (word.len() >= 5
        && word.ends_with("ed")
        && word.bytes().all(|b| b.is_ascii_lowercase())
        && !matches!(
            word,
            "indeed" | "hundred" | "proceed" | "exceed" | "succeed" | "speed"
        ))
}

/// A rule's match: where it ends (token index, exclusive) and what it means.
#[derive(Clone, Copy, Debug)]
struct Found {
    end: usize,
    value: Value,
}

fn found(end: usize, value: Value) -> Option<Found> {
    Some(Found { end, value })
}

struct Scan<'a, 't> {
    tokens: &'a [Token<'t>],
    lex: Vec<Option<Lex>>,
    dct: NaiveDate,
    language: Language,
    /// The last quarter the text named: financial news compares "a year earlier" with it, however far back
    /// the report named it.
    last_quarter: Cell<Option<(i32, u32)>>,
    /// The first day of the last calendar stretch the text named: "the following month" counts from it.
    focus: Cell<Option<NaiveDate>>,
    /// The last single day the text named: a clock time without a day of its own falls on it ("shot dead on
    /// Oct. 12 … at 11 p.m."), and on the DCT when the text has named none.
    last_day: Cell<Option<NaiveDate>>,
}

pub(crate) fn scan(tagger: &Tagger, text: &str, dct: NaiveDate) -> Vec<Timex> {
    let tokens = tokenize(text);
    let lex = tokens
        .iter()
        .map(|t| {
            if t.shape != Shape::Alpha || t.text.len() > 16 {
                return None;
            }
            let lex = *tagger.lexicon.get(t.lower.as_ref())?;
            if needs_capital(&t.lower)
                && !t.is_capitalised()
                && tagger.language == Language::English
            {
                return None;
            }
            // German capitalises nouns: "Morgen" is the morning, "morgen" tomorrow.
            if tagger.language == Language::German && t.lower == "morgen" && t.is_capitalised() {
                return None;
            }
            Some(lex)
        })
        .collect();
    let scan = Scan {
        tokens: &tokens,
        lex,
        dct,
        language: tagger.language,
        last_quarter: Cell::new(None),
        focus: Cell::new(None),
        last_day: Cell::new(None),
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let Some(found) = scan.longest(i) else {
            i += 1;
            continue;
        };
        if let Value::Quarter(year, quarter) = found.value {
            // Reports compare a completed quarter with its year-earlier one: a quarter still to come ("losses
            // through the third quarter of 1990") is no anchor, nor the year-earlier quarter itself.
            let completed = found.value.interval().is_some_and(|(_, last)| last < dct);
            if completed && scan.last_quarter.get() != Some((year + 1, quarter)) {
                scan.last_quarter.set(Some((year, quarter)));
            }
        }
        if !matches!(found.value, Value::Decade(_) | Value::Century(_)) {
            if let Some((first_day, last_day)) = found.value.interval() {
                scan.focus.set(Some(first_day));
                if first_day == last_day {
                    scan.last_day.set(Some(first_day));
                }
            }
        }
        // TimeML's extent keeps the determiner of "the previous Friday", "this past spring", "this coming
        // Sunday", which the rules read from the word after it.
        let start = match (
            i.checked_sub(1).map(|b| tokens[b].lower.as_ref()),
            tokens[i].lower.as_ref(),
        ) {
            (Some("the"), "previous" | "following") | (Some("this"), "past" | "coming")
                if tagger.language == Language::English =>
            {
                i - 1
            }
            _ => i,
        };
        let (first, last) = (&tokens[start], &tokens[found.end - 1]);
        out.push(Timex {
            start: first.start,
            end: last.end,
            text: text[first.byte_start..last.byte_end].to_string(),
            value: found.value,
        });
        i = found.end;
    }
    out
}

type Rule<'a, 't> = fn(&Scan<'a, 't>, usize) -> Option<Found>;

impl<'a, 't> Scan<'a, 't> {
    fn longest(&self, i: usize) -> Option<Found> {
        // A rule may ask for an expression right after its own words, past the end of the text.
        let token = self.tokens.get(i)?;
        if self.lex[i].is_none() && token.shape != Shape::Digits && token.text != "'" {
            return None;
        }
        let rules: [Rule<'a, 't>; 22] = [
            Scan::edged,
            Scan::numeric_date,
            Scan::clock,
            Scan::month_date,
            Scan::weekday,
            Scan::weekend,
            Scan::week_of,
            Scan::deictic,
            Scan::relative_unit,
            Scan::amount_of_time,
            Scan::bare_units,
            Scan::quarter,
            Scan::period_a_year_before,
            Scan::year,
            Scan::season,
            Scan::set,
            Scan::reference,
            Scan::the_year,
            Scan::year_end,
            Scan::day_of_a_stretch,
            Scan::century,
            Scan::day_beside,
        ];
        let mut best: Option<Found> = None;
        for rule in rules {
            if let Some(candidate) = rule(self, i) {
                if best.is_none_or(|b| candidate.end > b.end) {
                    best = Some(candidate);
                }
            }
        }
        best.or_else(|| self.holiday(i))
    }

    // ---- token helpers ----

    fn lex(&self, i: usize) -> Option<Lex> {
        self.lex.get(i).copied().flatten()
    }

    fn is(&self, i: usize, word: &str) -> bool {
        self.tokens.get(i).is_some_and(|t| t.is(word))
    }

    /// The token exists and touches the previous one (no white space between).
    fn joined(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| !t.space_before)
    }

    fn joined_is(&self, i: usize, word: &str) -> bool {
        self.joined(i) && self.is(i, word)
    }

    /// Whether a capitalised word stands inside a name: mid-sentence, or before another capitalised word.
    fn in_a_name(&self, i: usize) -> bool {
        let capitalised_word = |k: usize| {
            self.tokens
                .get(k)
                .is_some_and(|t| t.shape == Shape::Alpha && t.is_capitalised())
        };
        let mid_sentence = i > 0
            && !matches!(
                self.tokens[i - 1].text,
                "." | "!" | "?" | ":" | "\"" | "`" | "'" | "(" | "-" | "_"
            );
        capitalised_word(i) && (mid_sentence || capitalised_word(i + 1))
    }

    /// The word at `i` is one that "a second" as an ordinal goes with: a noun or an adjective, i.e. a lower-case
    /// word that does not go on a duration ("a second later", "a second or two", "a second of silence").
    fn ordinal_second_before(&self, i: usize) -> bool {
        // "a second-quarter loss", "a second-floor office": a compound modifier, so the ordinal.
        if self.language == Language::English && self.joined_is(i, "-") && self.joined(i + 1) {
            return true;
        }
        self.language == Language::English
            && self.tokens.get(i).is_some_and(|t| {
                t.shape == Shape::Alpha
                    && !t.is_capitalised()
                    && self.lex(i).is_none()
                    && !matches!(
                        t.lower.as_ref(),
                        "or" | "and"
                            | "of"
                            | "in"
                            | "to"
                            | "for"
                            | "at"
                            | "on"
                            | "from"
                            | "before"
                            | "after"
                            | "longer"
                            | "more"
                            | "less"
                            | "than"
                            | "too"
                            | "per"
                    )
            })
    }

    /// A half after a whole amount at `i` ("1/2" written apart, or "and a half"): the index after it.
    fn and_a_half(&self, i: usize) -> Option<usize> {
        if self.number(i) == Some(1)
            && self.tokens[i].space_before
            && self.joined_is(i + 1, "/")
            && self.joined_is(i + 2, "2")
        {
            return Some(i + 3);
        }
        (self.language == Language::English
            && self.is(i, "and")
            && self.is(i + 1, "a")
            && self.is(i + 2, "half"))
        .then_some(i + 3)
    }

    /// A capitalised English unit inside an expression names a show or a title: "``60 Minutes''", "\"This Week
    /// With David Brinkley\"".
    fn title_word(&self, i: usize) -> bool {
        self.language == Language::English && self.tokens[i].is_capitalised()
    }

    /// "old" follows a unit at `i`, spaced or hyphenated: the amount was an age.
    fn is_age_after(&self, i: usize) -> bool {
        self.is(i, "old") || (self.joined_is(i, "-") && self.joined_is(i + 1, "old"))
    }

    /// Skips the period of an abbreviation ("Sept.", "Jan.").
    fn after_period(&self, j: usize) -> usize {
        if self.joined_is(j, ".") {
            j + 1
        } else {
            j
        }
    }

    /// Skips a hyphen that joins two words ("third-quarter", "two-year").
    fn after_hyphen(&self, j: usize) -> usize {
        if self.joined_is(j, "-") {
            j + 1
        } else {
            j
        }
    }

    fn number(&self, i: usize) -> Option<u32> {
        self.tokens.get(i)?.number()
    }

    /// A day of the month: "7", "7th", "07".
    fn day_number(&self, i: usize) -> Option<(u32, usize)> {
        let token = self.tokens.get(i)?;
        if token.text.len() > 2 {
            return None;
        }
        let day = token.number().filter(|d| (1..=31).contains(d))?;
        let suffix = ["st", "nd", "rd", "th"]
            .iter()
            .any(|s| self.joined_is(i + 1, s));
        Some((day, if suffix { i + 2 } else { i + 1 }))
    }

    /// A day written as an ordinal word after its month: "March eighth", "May twenty-first".
    fn spelled_day(&self, i: usize) -> Option<(u32, usize)> {
        let day = self.spelled_ordinal(i)?;
        // "seventh-grade" is a compound, not a day.
        (!self.joined_is(day.1, "-")).then_some(day)
    }

    fn spelled_ordinal(&self, i: usize) -> Option<(u32, usize)> {
        match self.lex(i)? {
            Lex::Ordinal(n) if self.language == Language::English => Some((n, i + 1)),
            Lex::Tens(tens @ (20 | 30)) if self.language == Language::English => {
                let k = if self.joined_is(i + 1, "-") {
                    i + 2
                } else {
                    i + 1
                };
                match self.lex(k)? {
                    Lex::Ordinal(n) if n <= 9 && tens + n <= 31 => Some((tens + n, k + 1)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A written year: four digits, or an apostrophe and two ("'98").
    fn year_number(&self, i: usize) -> Option<(i32, usize)> {
        let token = self.tokens.get(i)?;
        if token.shape == Shape::Alpha {
            return self.spelled_year(i);
        }
        if token.text == "'" || token.text == "\u{2019}" {
            let next = self.tokens.get(i + 1).filter(|_| self.joined(i + 1))?;
            if next.text.len() == 2 {
                let n = next.number()? as i32;
                return Some((if n < 30 { 2000 + n } else { 1900 + n }, i + 2));
            }
            return None;
        }
        if token.text.len() != 4 {
            return None;
        }
        let year = token.number()? as i32;
        (1000..=2199).contains(&year).then_some((year, i + 1))
    }

    /// A year in words, as transcripts write them: "nineteen ninety-six", "nineteen eighteen", "two thousand",
    /// "two thousand and three" (English only).
    fn spelled_year(&self, i: usize) -> Option<(i32, usize)> {
        if self.language != Language::English {
            return None;
        }
        match self.lex(i)? {
            Lex::Number(century @ 18..=19) => match self.lex(i + 1)? {
                Lex::Tens(tens) => {
                    let j = self.after_hyphen(i + 2);
                    // "one" is read as an article elsewhere ("one day").
                    let unit = match self.lex(j) {
                        Some(Lex::Article) if self.is(j, "one") => Some(1),
                        Some(Lex::Number(n @ 1..=9)) => Some(n),
                        _ => None,
                    };
                    match unit {
                        Some(n) => Some((century as i32 * 100 + (tens + n) as i32, j + 1)),
                        _ => Some((century as i32 * 100 + tens as i32, i + 2)),
                    }
                }
                Lex::Number(n @ 10..=19) => Some((century as i32 * 100 + n as i32, i + 2)),
                _ => None,
            },
            Lex::Number(2) if self.is(i + 1, "thousand") => {
                let mut j = i + 2;
                if self.is(j, "and") {
                    j += 1;
                }
                match self.lex(j) {
                    Some(Lex::Number(n @ 1..=19)) => Some((2000 + n as i32, j + 1)),
                    _ => Some((2000, i + 2)),
                }
            }
            _ => None,
        }
    }

    fn unit(&self, i: usize) -> Option<(Unit, bool)> {
        match self.lex(i)? {
            Lex::Unit(unit, plural) => Some((unit, plural)),
            Lex::Quarter => Some((Unit::Quarter, false)),
            _ => None,
        }
    }

    fn relative(&self, i: usize) -> Option<Relative> {
        match self.lex(i)? {
            Lex::Relative(r) => Some(r),
            Lex::Past => Some(Relative::Last),
            Lex::Reference(Reference::Present) if self.is(i, "current") => Some(Relative::This),
            _ => None,
        }
    }

    /// An amount: digits, number words ("twenty four", "twenty-four"), "a"/"an"/"one", or a vague word
    /// ("several", "a few"), which gives `None`.
    fn amount(&self, i: usize) -> Option<(Option<u32>, usize)> {
        let token = self.tokens.get(i)?;
        if token.shape == Shape::Digits {
            // Not a part of "1,500" or "2.5".
            if (self.joined_is(i + 1, ",") || self.joined_is(i + 1, "."))
                && self.joined(i + 2)
                && self.tokens[i + 2].shape == Shape::Digits
            {
                return None;
            }
            if i > 0 && !token.space_before && matches!(self.tokens[i - 1].text, "," | "." | "$") {
                return None;
            }
            let n = token.number().filter(|n| *n <= 10_000)?;
            return Some((Some(n), i + 1));
        }
        match self.lex(i)? {
            Lex::Tens(tens) => {
                let j = self.after_hyphen(i + 1);
                match self.lex(j) {
                    Some(Lex::Number(n)) if (1..10).contains(&n) => Some((Some(tens + n), j + 1)),
                    _ => Some((Some(tens), i + 1)),
                }
            }
            Lex::Number(n) if n < 100 => {
                if self.lex(i + 1) == Some(Lex::Number(100)) {
                    return Some((Some(n * 100), i + 2));
                }
                Some((Some(n), i + 1))
            }
            Lex::Article => match self.lex(i + 1) {
                Some(Lex::Vague) if !self.is(i + 1, "couple") => Some((None, i + 2)),
                Some(Lex::Vague) if self.is(i + 2, "of") => Some((Some(2), i + 3)),
                Some(Lex::Number(n)) if n >= 12 => Some((Some(n), i + 2)),
                _ => Some((Some(1), i + 1)),
            },
            Lex::Vague if !self.is(i, "couple") => Some((None, i + 1)),
            // "the next couple of years".
            Lex::Vague if self.is(i + 1, "of") => Some((Some(2), i + 2)),
            _ => None,
        }
    }

    /// Whether the sentence before token `i` announces the future.
    fn future_context(&self, i: usize) -> bool {
        self.tense_before(i) == Some(Tense::Future)
    }

    /// The tense of the nearest verb-like cue before token `i` in its sentence (up to 12 tokens back): a future
    /// cue ("will", "scheduled", "next") unless a past auxiliary comes just before it ("was expected to"), or
    /// a past form ("was", "said", "ended", "closed"; English only).
    fn tense_before(&self, i: usize) -> Option<Tense> {
        // "effective June 1" names when something takes effect: announced ahead.
        if self.language == Language::English && i > 0 && self.tokens[i - 1].lower == "effective" {
            return Some(Tense::Future);
        }
        for j in (i.saturating_sub(12)..i).rev() {
            if self.sentence_ends_at(j) {
                return None;
            }
            if let Some(tense) = self.tense_cue(j) {
                return Some(tense);
            }
        }
        None
    }

    /// The tense of the nearest cue after token `i` (exclusive) in its sentence, up to 12 tokens on: "In
    /// March, the company received an offer".
    fn tense_after(&self, i: usize) -> Option<Tense> {
        for j in i..(i + 12).min(self.tokens.len()) {
            if let Some(tense) = self.tense_cue(j) {
                return Some(tense);
            }
            if self.sentence_ends_at(j) {
                return None;
            }
        }
        None
    }

    fn sentence_ends_at(&self, j: usize) -> bool {
        matches!(self.tokens[j].text, "." | "!" | "?" | ";")
            && self.tokens.get(j + 1).is_some_and(|t| t.space_before)
    }

    /// The tense token `j` announces, if it is a cue.
    fn tense_cue(&self, j: usize) -> Option<Tense> {
        let token = &self.tokens[j];
        // "lower-than-expected" is no announcement; "is to resume", "set to open" are.
        let hyphenated = j > 0 && !token.space_before && self.tokens[j - 1].text == "-";
        let english = self.language == Language::English;
        // "would have …" looks back at what did not happen.
        if english && token.lower == "would" && self.is(j + 1, "have") {
            return Some(Tense::Past);
        }
        if self.lex(j) == Some(Lex::FutureCue) && !hyphenated
            || english && token.lower == "next"
            || english
                && matches!(token.lower.as_ref(), "is" | "are" | "set")
                && self.is(j + 1, "to")
        {
            let past_auxiliary = (j.saturating_sub(2)..j).any(|k| self.tokens[k].lower == "had");
            return Some(if past_auxiliary {
                Tense::Past
            } else {
                Tense::Future
            });
        }
        // "since" looks back from now: "searching since the Oct. 23 attack".
        if english && (past_form(token) || token.lower == "since") {
            return Some(Tense::Past);
        }
        None
    }

    /// A year before the DCT, or the same quarter a year before when the text just named a quarter.
    fn year_back(&self) -> Value {
        match self.last_quarter.get() {
            Some((year, quarter)) => Value::Quarter(year - 1, quarter),
            None => Value::Year(self.dct.year() - 1),
        }
    }

    /// Whether a month name is written short ("Sept", "Jan"), so that a period after it belongs to it.
    fn abbreviated(&self, i: usize) -> bool {
        let token = &self.tokens[i];
        token.text.chars().count() <= 4
            && !matches!(
                token.lower.as_ref(),
                "june" | "july" | "may" | "mai" | "juni" | "juli" | "mei" | "juin"
            )
    }

    // ---- rules ----

    /// An expression with a position inside it: "early 1990", "mid-1996", "late yesterday", "the end of 1990",
    /// "the beginning of October". The value keeps the grain of what it qualifies.
    fn edged(&self, i: usize) -> Option<Found> {
        let mut j = i;
        if self.lex(j) == Some(Lex::The) {
            j += 1;
        }
        match self.lex(j)? {
            Lex::Stretch | Lex::Edge if self.is(j + 1, "of") => {
                j += 2;
                if self.lex(j) == Some(Lex::The)
                    && self.lex(j + 1).is_some_and(|l| matches!(l, Lex::Month(_)))
                {
                    j += 1;
                }
            }
            Lex::Edge | Lex::Ago | Lex::Hence
                if j == i && !self.is(j, "ago") && !self.is(j, "hence") && !self.is(j, "end") =>
            {
                j = self.after_hyphen(j + 1);
            }
            _ => return None,
        }
        // "mid-afternoon", "late morning yesterday": a part of the day, of the day named next or of the DCT.
        if let Some(Lex::Part(part)) = self.lex(j) {
            if let Some(Found {
                end,
                value: Value::Day(date),
            }) = self.deictic(j + 1).or_else(|| self.weekday(j + 1))
            {
                return found(end, Value::DayPart(date, part));
            }
            return found(j + 1, Value::DayPart(self.dct, part));
        }
        [Scan::year, Scan::month_date, Scan::weekday, Scan::deictic]
            .into_iter()
            .find_map(|rule| rule(self, j))
    }

    /// "1998-08-07", "8/7/1998" (month first in English), "7.8.1998".
    fn numeric_date(&self, i: usize) -> Option<Found> {
        let first = self.tokens.get(i)?;
        if first.shape != Shape::Digits {
            return None;
        }
        let separator = self.tokens.get(i + 1).filter(|_| self.joined(i + 1))?.text;
        if !matches!(separator, "-" | "/" | ".") || !self.joined_is(i + 3, separator) {
            return None;
        }
        let second = self.number(i + 2).filter(|_| self.joined(i + 2))?;
        let third = self.tokens.get(i + 4).filter(|_| self.joined(i + 4))?;
        if self.joined(i + 5) && self.tokens[i + 5].shape == Shape::Digits {
            return None;
        }
        let a = first.number()?;
        let c = third.number()?;
        let (year, month, day) = match (first.text.len(), third.text.len(), separator) {
            (4, 2, "-") => (a as i32, second, c),
            (1 | 2, 4, "/") if self.language == Language::English && a <= 12 => {
                (c as i32, a, second)
            }
            (1 | 2, 4, "/" | ".") => (c as i32, second, a),
            _ => return None,
        };
        let date = NaiveDate::from_ymd_opt(year, month, day)?;
        found(i + 5, Value::Day(date))
    }

    /// A clock time: "3 p.m.", "10:35 a.m. EST", "14:30", "noon" (or "midday"), "midnight", optionally followed by the day
    /// ("10 p.m. Wednesday", "5 p.m. EST Nov. 9").
    fn clock(&self, i: usize) -> Option<Found> {
        let mut j = i;
        if self.is(j, "around") || self.is(j, "about") {
            j += 1;
        }
        let (hour, minute, end) = match self.lex(j) {
            Some(Lex::Noon) | Some(Lex::Part(DayPart::Midday)) => (12, 0, j + 1),
            Some(Lex::Midnight) => (24, 0, j + 1),
            _ => {
                let hour = self
                    .number(j)
                    .filter(|h| *h <= 24 && self.tokens[j].text.len() <= 2)?;
                let mut k = j + 1;
                let mut minute = None;
                if self.joined_is(k, ":")
                    && self.joined(k + 1)
                    && self.tokens.get(k + 1)?.text.len() == 2
                {
                    minute = Some(self.number(k + 1).filter(|m| *m < 60)?);
                    k += 2;
                }
                match self.meridiem(k) {
                    Some((pm, end)) if (1..=12).contains(&hour) => {
                        let hour = match (pm, hour) {
                            (false, 12) => 0,
                            (true, h) if h < 12 => h + 12,
                            (_, h) => h,
                        };
                        (hour, minute.unwrap_or(0), end)
                    }
                    _ if self.is(k, "o") && self.joined_is(k + 1, "'") => {
                        (hour, minute.unwrap_or(0), k + 3)
                    }
                    // "14:30" stands alone; a bare number is no time.
                    _ => (hour, minute?, k),
                }
            }
        };
        let mut end = end;
        if self.lex(end) == Some(Lex::Zone)
            && self.tokens[end].text.chars().all(|c| c.is_uppercase())
        {
            end += 1;
        }
        // The day it falls on, if named right after.
        let mut day_start = end;
        if self.is(day_start, ",") || self.is(day_start, "on") {
            day_start += 1;
        }
        let mut date = self.last_day.get().unwrap_or(self.dct);
        // The weekday's tense is read before the whole expression: "will leave at 4 a.m. EDT Thursday".
        let a_day = |found: &Found| matches!(found.value, Value::Day(_));
        let day_after = self
            .weekday_read_from(day_start, i)
            .filter(a_day)
            .or_else(|| self.deictic(day_start).filter(a_day))
            .or_else(|| self.month_date(day_start).filter(a_day));
        if let Some(Found {
            end: day_end,
            value: Value::Day(d),
        }) = day_after
        {
            date = d;
            end = day_end;
        }
        found(end, Value::Clock(date, hour, minute))
    }

    /// "a.m.", "p.m", "am", "PM".
    fn meridiem(&self, i: usize) -> Option<(bool, usize)> {
        let token = self.tokens.get(i)?;
        let pm = match token.lower.as_ref() {
            "am" => return Some((false, self.after_period(i + 1))),
            "pm" => return Some((true, self.after_period(i + 1))),
            "a" => false,
            "p" => true,
            _ => return None,
        };
        if self.joined_is(i + 1, ".") && self.joined_is(i + 2, "m") {
            return Some((pm, self.after_period(i + 3)));
        }
        None
    }

    /// Dates with a month name: "Sept. 30", "April 23, 1998", "23 April 1998", "12. März 2019",
    /// "12 de marzo de 2019", "early March", "last April", "March 1998", "the 12th of March".
    fn month_date(&self, i: usize) -> Option<Found> {
        let mut j = i;
        if self.lex(j) == Some(Lex::The) {
            j += 1;
        }
        let mut edge = false;
        if self.lex(j) == Some(Lex::Edge) && !self.is(j, "end") {
            edge = true;
            j = self.after_hyphen(j + 1);
        }
        let relative = self.relative(j).filter(|_| !edge);
        if relative.is_some() {
            j += 1;
        }
        // Day before the month.
        let mut day = None;
        if relative.is_none() {
            if let Some((d, mut k)) = self.day_number(j) {
                k = self.after_period(k);
                if self.is(k, "of") || self.is(k, "de") {
                    k += 1;
                }
                if let Some(Lex::Month(_)) = self.lex(k) {
                    day = Some(d);
                    j = k;
                }
            }
        }
        let Some(Lex::Month(month)) = self.lex(j) else {
            return None;
        };
        if self.lex(i) == Some(Lex::The) && day.is_none() {
            return None;
        }
        let month_token = j;
        let mut end = if self.abbreviated(j) {
            self.after_period(j + 1)
        } else {
            j + 1
        };
        if day.is_none() {
            if let Some((d, k)) = self.day_number(end).or_else(|| self.spelled_day(end)) {
                // "May 5" but not "May 1998-99" or "March 5,000".
                if !(self.joined_is(k, ",") && self.joined(k + 1)) {
                    day = Some(d);
                    end = k;
                }
            }
        }
        let mut year = None;
        if relative.is_none() {
            let mut k = end;
            if self.is(k, ",") {
                k += 1;
            }
            if self.is(k, "de") || self.is(k, "del") || self.is(k, "of") {
                k += 1;
            }
            if let Some((y, after)) = self.year_number(k) {
                year = Some(y);
                end = after;
            }
        }
        // "June last year", "January this year".
        if year.is_none() && relative.is_none() && self.unit(end + 1) == Some((Unit::Year, false)) {
            if let Some(r) = self.relative(end) {
                year = Some(
                    self.dct.year()
                        + match r {
                            Relative::Last => -1,
                            Relative::This => 0,
                            Relative::Next => 1,
                        },
                );
                end += 2;
            }
        }
        if day.is_none() && year.is_none() && relative.is_none() && !edge {
            // A bare month name: abbreviations ("Jan", "Dec") are too often names, and "May" too often a verb;
            // "June" and "July" are whole names.
            let token = &self.tokens[month_token];
            if self.abbreviated(month_token) && self.language == Language::English {
                return None;
            }
            let before = month_token
                .checked_sub(1)
                .map(|b| self.tokens[b].lower.as_ref());
            // "the annual March for Life": a month does not recur yearly, an event named after it does.
            if matches!(before, Some("annual" | "yearly")) {
                return None;
            }
            if token.lower == "may"
                && !matches!(
                    before,
                    Some("in" | "of" | "since" | "until" | "by" | "during" | "from")
                )
            {
                return None;
            }
        }
        // "last Oct. 23" is the latest Oct. 23 before the DCT, "last October" the latest October before its month.
        let (dct_month, dct_day) = (self.dct.month(), self.dct.day());
        let on_or_after_dct =
            day.map_or(month >= dct_month, |d| (month, d) >= (dct_month, dct_day));
        let on_or_before_dct =
            day.map_or(month <= dct_month, |d| (month, d) <= (dct_month, dct_day));
        let year = year.unwrap_or_else(|| match relative {
            Some(Relative::Last) => self.dct.year() - i32::from(on_or_after_dct),
            Some(Relative::Next) => self.dct.year() + i32::from(on_or_before_dct),
            Some(Relative::This) => self.dct.year(),
            None => self.year_by_tense(i, end, month, day),
        });
        let value = match day {
            Some(d) => Value::Day(NaiveDate::from_ymd_opt(year, month, d)?),
            None => Value::Month(year, month),
        };
        found(end, value)
    }

    /// The year of a month (and day) written without one: the occurrence nearest to the DCT, where the tense
    /// of the sentence shortens the distance on its side: a past form to a third ("ended Jan. 31" nine months
    /// back beats January three months ahead), a future cue to half ("by Jan. 14", a week ahead, still beats
    /// last January whatever the verbs). A past verb weighs more: a future date under one is mostly marked
    /// by a cue of its own ("was set for", "effective").
    fn year_by_tense(&self, i: usize, end: usize, month: u32, day: Option<u32>) -> i32 {
        let year = self.dct.year();
        let day = day.unwrap_or(15);
        // The day itself, or the month's last day where a year lacks it (Feb. 29).
        let date = |y: i32| {
            (day.saturating_sub(3)..=day)
                .rev()
                .find_map(|d| NaiveDate::from_ymd_opt(y, month, d))
        };
        let distance = |y: i32| date(y).map_or(i64::MAX, |d| (d - self.dct).num_days());
        let (behind, ahead) = if distance(year) <= 0 {
            (year, year + 1)
        } else {
            (year - 1, year)
        };
        // "the quarter ended Sept. 30", "the fiscal year ended Jan. 31": a period that has ended ended on or
        // before the day of writing.
        let ended_at = |k: usize| k < i && self.tokens[k].lower == "ended";
        if self.language == Language::English
            && i > 0
            && (ended_at(i - 1) || self.is(i - 1, "on") && i > 1 && ended_at(i - 2))
        {
            return behind;
        }
        let (mut back, mut forward) = (-distance(behind), distance(ahead));
        match self.tense_before(i).or_else(|| self.tense_after(end)) {
            Some(Tense::Past) => back /= 3,
            Some(Tense::Future) => forward /= 2,
            None => {}
        }
        if back <= forward {
            behind
        } else {
            ahead
        }
    }

    /// Whether "'s" follows at token `i` ("Wednesday's ruling").
    fn possessive(&self, i: usize) -> bool {
        self.joined_is(i, "'") && self.joined_is(i + 1, "s")
    }

    /// A weekday: "Wednesday", "last Friday", "Friday morning", "Friday, Aug. 7", "Tuesday nights" (a set).
    fn weekday(&self, i: usize) -> Option<Found> {
        self.weekday_read_from(i, i)
    }

    /// A weekday starting at token `i`, its tense read from the cues before token `context`.
    fn weekday_read_from(&self, i: usize, context: usize) -> Option<Found> {
        let mut j = i;
        let relative = self.relative(j);
        if relative.is_some() {
            j += 1;
        }
        let Some(Lex::Weekday(weekday)) = self.lex(j) else {
            return None;
        };
        if self.language == Language::English && !self.tokens[j].is_capitalised() {
            return None;
        }
        let end = j + 1;
        if self.joined_is(end, "s") && relative.is_none() {
            // "Mondays": every Monday.
            return found(end + 1, Value::Set(Recurrence::Weekday(weekday, None)));
        }
        // A full date after the weekday settles the day.
        let mut after = end;
        if self.is(after, ",") {
            after += 1;
        }
        if let Some(date) = self.month_date(after) {
            if let Value::Day(_) = date.value {
                return Some(date);
            }
        }
        // "the previous Friday", "the following Monday" count from the day the text last named.
        let anaphoric = relative.is_some()
            && i > 0
            && self.lex(i - 1) == Some(Lex::The)
            && matches!(
                self.tokens[i].lower.as_ref(),
                "previous" | "preceding" | "following"
            );
        let from = match self.last_day.get() {
            Some(day) if anaphoric => day,
            _ => self.dct,
        };
        let today = from.weekday();
        let back = (today.num_days_from_monday() + 7 - weekday.num_days_from_monday()) % 7;
        let ahead = (7 - back) % 7;
        let date = match relative {
            Some(Relative::Last) => from - Duration::days(if back == 0 { 7 } else { back }.into()),
            Some(Relative::Next) => {
                from + Duration::days(if ahead == 0 { 7 } else { ahead }.into())
            }
            // "would look for ways around Wednesday's ruling": a possessive weekday names a thing of its own
            // day, which the verb's tense does not reach.
            _ if !self.possessive(end) && self.future_context(context) => {
                self.dct + Duration::days(ahead.into())
            }
            _ => self.dct - Duration::days(back.into()),
        };
        match self.lex(end) {
            Some(Lex::Part(part)) => found(end + 1, Value::DayPart(date, part)),
            Some(Lex::Parts(part)) if relative.is_none() => found(
                end + 1,
                Value::Set(Recurrence::Weekday(weekday, Some(part))),
            ),
            _ => found(end, Value::Day(date)),
        }
    }

    /// "the week of March 6": the ISO week of that day.
    fn week_of(&self, i: usize) -> Option<Found> {
        if self.lex(i) != Some(Lex::The)
            || self.unit(i + 1) != Some((Unit::Week, false))
            || !self.is(i + 2, "of")
        {
            return None;
        }
        let day = self.month_date(i + 3)?;
        let Value::Day(date) = day.value else {
            return None;
        };
        let week = date.iso_week();
        found(day.end, Value::Week(week.year(), week.week()))
    }

    /// "the weekend": the last one, or the next when the sentence is about the future.
    fn weekend(&self, i: usize) -> Option<Found> {
        if self.lex(i) != Some(Lex::The) || self.lex(i + 1) != Some(Lex::Weekend) {
            return None;
        }
        let saturday_back = (self.dct.weekday().num_days_from_monday() + 7 - 5) % 7;
        let saturday = if self.future_context(i) {
            self.dct + Duration::days(((7 - saturday_back) % 7).into())
        } else {
            self.dct - Duration::days(saturday_back.into())
        };
        let week = saturday.iso_week();
        found(i + 2, Value::Weekend(week.year(), week.week()))
    }

    /// "yesterday", "today", "tomorrow" (and their kin in the other languages), "tonight", "last night",
    /// "this morning", "yesterday afternoon".
    fn deictic(&self, i: usize) -> Option<Found> {
        match self.lex(i)? {
            Lex::DayOffset(offset) => {
                // "USA Today", "VOA Today": a capitalised day word after a capitalised word is a name.
                if self.language == Language::English
                    && self.tokens[i].is_capitalised()
                    && i > 0
                    && self.tokens[i - 1].shape == Shape::Alpha
                    && self.tokens[i - 1].is_capitalised()
                {
                    return None;
                }
                // "the people of tomorrow": the future at large ("as of today" is the day).
                if self.language == Language::English
                    && offset >= 0
                    && i > 1
                    && self.is(i - 1, "of")
                    && !self.is(i - 2, "as")
                {
                    return None;
                }
                let date = self.dct + Duration::days(offset.into());
                let mut end = i + 1;
                // "aujourd'hui"
                if self.is(i, "aujourd") {
                    if !(self.joined(i + 1) && self.is(i + 2, "hui")) {
                        return None;
                    }
                    end = i + 3;
                }
                // "today's youth", "today's world": nowadays, which TimeBank and AQUAINT leave untagged.
                if self.is(i, "today")
                    && self.joined_is(end, "'")
                    && self.joined_is(end + 1, "s")
                    && self.tokens.get(end + 2).is_some_and(|t| {
                        matches!(
                            t.lower.as_ref(),
                            "world" | "youth" | "society" | "generation" | "children" | "kids"
                        )
                    })
                {
                    return None;
                }
                if let Some(Lex::Part(part)) = self.lex(end) {
                    return found(end + 1, Value::DayPart(date, part));
                }
                found(end, Value::Day(date))
            }
            Lex::Tonight => found(i + 1, Value::DayPart(self.dct, DayPart::Night)),
            // "in the morning" is part of the day the story is on ("closed lower Friday … buying in the morning").
            Lex::The if self.language == Language::English => {
                let Some(Lex::Part(part)) = self.lex(i + 1) else {
                    return None;
                };
                // In "at 4 in the morning" the morning belongs to the hour before it.
                let after_in =
                    i > 0 && matches!(self.tokens[i - 1].lower.as_ref(), "in" | "during");
                let after_hour = i > 1 && self.number(i - 2).is_some();
                if !after_in
                    || after_hour
                    || matches!(part, DayPart::Night | DayPart::Midday)
                    || self.is(i + 2, "of")
                {
                    return None;
                }
                let day = self.last_day.get().unwrap_or(self.dct);
                found(i + 2, Value::DayPart(day, part))
            }
            Lex::Relative(relative) => {
                let Some(Lex::Part(part)) = self.lex(i + 1) else {
                    return None;
                };
                let date = match (relative, part) {
                    (Relative::Last, DayPart::Night | DayPart::Evening) => {
                        self.dct - Duration::days(1)
                    }
                    (Relative::This, _) => self.dct,
                    _ => return None,
                };
                found(i + 2, Value::DayPart(date, part))
            }
            _ => None,
        }
    }

    /// A unit relative to the DCT: "last week", "this year", "next month", "earlier this year",
    /// "the end of the year", "year-earlier", "la semaine dernière", "letzte Woche".
    fn relative_unit(&self, i: usize) -> Option<Found> {
        let mut j = i;
        if self.lex(j) == Some(Lex::The) && self.lex(j + 1) == Some(Lex::Edge) {
            j += 1;
        }
        let edge = matches!(self.lex(j), Some(Lex::Edge | Lex::Ago | Lex::Hence))
            && !self.is(j, "ago")
            && !self.is(j, "hence");
        if edge {
            j = self.after_hyphen(j + 1);
            if self.is(j, "of") {
                j += 1;
            }
        }
        let mut the = false;
        if self.lex(j) == Some(Lex::The) {
            the = true;
            j += 1;
        }
        let relative = match self.relative(j) {
            Some(r) => {
                j += 1;
                r
            }
            // "the end of the year": the current one.
            None if edge && the => Relative::This,
            None => return self.relative_after(i),
        };
        if let Some(Lex::Weekend) = self.lex(j) {
            let by = match relative {
                Relative::Last => -1,
                Relative::This => 0,
                Relative::Next => 1,
            };
            let week = (self.dct + Duration::weeks(by)).iso_week();
            return found(j + 1, Value::Weekend(week.year(), week.week()));
        }
        let (unit, plural) = self.unit(j)?;
        if j > i && self.title_word(j) {
            return None;
        }
        if plural {
            return None;
        }
        // "the past year", "the last month": a stretch of time back from now.
        if the && !edge && self.lex(j - 1) == Some(Lex::Past) {
            return found(j + 1, Value::Duration(Some(1), unit));
        }
        let by = match relative {
            Relative::Last => -1,
            Relative::This => 0,
            Relative::Next => 1,
        };
        // "the following month", "the previous year" count from the time the text last named, not from now;
        // so does "the next day" (where "the next week" may look ahead from now).
        let anaphoric = the
            && (matches!(
                self.tokens[j - 1].lower.as_ref(),
                "following" | "previous" | "preceding"
            ) || unit == Unit::Day && self.is(j - 1, "next"));
        let named = if unit == Unit::Day {
            self.last_day.get()
        } else {
            self.focus.get()
        };
        let from = match named {
            Some(day) if anaphoric => day,
            _ => self.dct,
        };
        found(j + 1, shift(from, unit, by)?)
    }

    /// A unit followed by its direction: "la semaine dernière", "el año pasado", "year-earlier", "year-ago".
    fn relative_after(&self, i: usize) -> Option<Found> {
        let the = self.lex(i) == Some(Lex::The);
        let u = if the { i + 1 } else { i };
        let (unit, plural) = self.unit(u)?;
        if plural {
            return None;
        }
        let j = self.after_hyphen(u + 1);
        if j == u + 2 && (self.is(j, "earlier") || self.is(j, "ago")) {
            // "the year-earlier quarter", "the year-ago period".
            let mut end = j + 1;
            if self.lex(end) == Some(Lex::Quarter) || self.is(end, "period") {
                end += 1;
            } else if the {
                return None;
            }
            let value = if unit == Unit::Year {
                self.year_back()
            } else {
                shift(self.dct, unit, -1)?
            };
            return found(end, value);
        }
        if the {
            return None;
        }
        if self.language == Language::English {
            return None;
        }
        let by = match self.relative(i + 1)? {
            Relative::Last => -1,
            Relative::This => 0,
            Relative::Next => 1,
        };
        found(i + 2, shift(self.dct, unit, by)?)
    }

    /// An amount of time: "two months", "the past two years", "a five-year", "nearly an hour", and what is that
    /// far from now: "a year ago", "three days earlier", "vor zwei Tagen", "two weeks from now".
    fn amount_of_time(&self, i: usize) -> Option<Found> {
        let mut j = i;
        let prefix_ago = self.lex(j) == Some(Lex::Ago) && self.language != Language::English;
        if prefix_ago {
            j += 1;
        }
        if self.is(j, "no") && self.is(j + 1, "more") && self.is(j + 2, "than") {
            j += 3;
        } else if (self.is(j, "at") && self.is(j + 1, "least"))
            || (self.is(j, "up") && self.is(j + 1, "to"))
            || ((self.is(j, "more") || self.is(j, "less")) && self.is(j + 1, "than"))
        {
            j += 2;
        } else if self.lex(j) == Some(Lex::Approximately) && !self.is(j, "at") {
            j += 1;
        }
        let mut direction = None;
        if self.lex(j) == Some(Lex::The) {
            j += 1;
            if self.relative(j).is_some()
                || matches!(
                    self.tokens.get(j).map(|t| t.lower.as_ref()),
                    Some("first" | "latest" | "final" | "recent")
                )
            {
                direction = self.relative(j).or(Some(Relative::Last));
                j += 1;
            } else if !(self.tokens.get(j).is_some_and(|t| t.shape == Shape::Digits)
                || matches!(self.lex(j), Some(Lex::Number(_) | Lex::Tens(_))))
            {
                // "the" belongs to the span only before "past", "next", "first" … and a number ("the nine
                // months").
                return None;
            }
        } else if let Some(r) = self.relative(j) {
            if r != Relative::This {
                direction = Some(r);
                j += 1;
            }
        }
        let (amount, mut after_amount) = self.amount(j)?;
        // "2 1/2 years", "two and a half years".
        let mut and_a_half = amount.is_some() && self.and_a_half(after_amount).is_some();
        if let Some(after_half) = self.and_a_half(after_amount).filter(|_| amount.is_some()) {
            after_amount = after_half;
        }
        let mut k = self.after_hyphen(after_amount);
        // "20 more years", "an additional year", "eight trading days".
        if self.language == Language::English
            && self.unit(k).is_none()
            && self.tokens.get(k).is_some_and(|t| {
                matches!(
                    t.lower.as_ref(),
                    "more"
                        | "additional"
                        | "extra"
                        | "trading"
                        | "business"
                        | "working"
                        | "consecutive"
                        | "straight"
                )
            })
        {
            k += 1;
        }
        let (unit, plural) = self.unit(k)?;
        if k > i && self.title_word(k) {
            return None;
        }
        // "a year-earlier loss": the unit belongs to "year-earlier", a date.
        if self.joined_is(k + 1, "-") && (self.is(k + 2, "earlier") || self.is(k + 2, "ago")) {
            return None;
        }
        // "the nine months" but not "the 6-year-old" (there "the" belongs to the noun).
        if direction.is_none()
            && j > i
            && self.lex(i) == Some(Lex::The)
            && (!plural || k > after_amount)
        {
            return None;
        }
        let article = self.lex(j) == Some(Lex::Article) && amount == Some(1);
        if article && plural {
            return None;
        }
        // "a second betrayal", "a second group": the ordinal, not one second.
        if article && unit == Unit::Second && self.ordinal_second_before(k + 1) {
            return None;
        }
        // "1988 quarter" is a date, "a quarter" and "three-quarters" are fractions.
        if self.tokens[j].shape == Shape::Digits && self.tokens[j].text.len() == 4 && !plural
            || unit == Unit::Quarter && (article || (plural && k > after_amount))
        {
            return None;
        }
        let mut end = k + 1;
        if let Some(n) = amount {
            if n == 0
                || (n > 1 && !plural && k == after_amount && self.language != Language::English)
            {
                return None;
            }
        }
        // The SET in "twice a year", "3% a year"; "40% a year earlier" is a date.
        let counted_from = ["ago", "earlier", "later"]
            .iter()
            .any(|word| self.is(end, word));
        if article && direction.is_none() && j == i && j > 0 && !counted_from {
            let before = self.tokens[j - 1].lower.as_ref();
            if matches!(
                before,
                "once" | "twice" | "thrice" | "times" | "percent" | "%"
            ) || self.is(j, "per")
            {
                return found(end, Value::Set(Recurrence::Every(1, unit)));
            }
        }
        // "will one day be", "could one day lead": some time ahead, not a day's length.
        if self.language == Language::English
            && unit == Unit::Day
            && !plural
            && j == i
            && self.is(j, "one")
            && i > 0
            && matches!(
                self.tokens[i - 1].lower.as_ref(),
                "will" | "would" | "could" | "may" | "might" | "can" | "should" | "shall" | "must"
            )
        {
            return found(end, Value::Reference(Reference::Future));
        }
        // An age ("52 years old", "a 6-year-old boy") is no time of the story.
        if self.is_age_after(end) {
            return None;
        }
        // "a minute and a half".
        if let Some(after_half) = self.and_a_half(end).filter(|_| !and_a_half && !plural) {
            and_a_half = true;
            end = after_half;
        }
        if let (true, Some(n)) = (and_a_half, amount) {
            // "2 1/2 years later" is tagged as its length, like "a minute and a half later" in TimeBank.
            return found(end, Value::DurationAndHalf(n, unit));
        }
        let back = prefix_ago
            || (direction.is_none()
                && (self.is(end, "ago")
                    || self.is(end, "earlier")
                    || self.lex(end) == Some(Lex::Ago)));
        let forward = direction.is_none()
            && (self.is(end, "later")
                || (self.is(end, "from") && self.is(end + 1, "now"))
                || self.is(end, "hence"));
        // "Three days later", "a day earlier" count from a moment of the story, not from the DCT: TimeML tags
        // the length ("a year earlier" and "a quarter earlier" stay the dates of financial comparisons).
        let from_the_story = !prefix_ago
            && (self.is(end, "later")
                || self.is(end, "earlier") && !matches!(unit, Unit::Year | Unit::Quarter));
        if from_the_story {
            return found(end, Value::Duration(amount, unit));
        }
        if back || forward {
            if !prefix_ago {
                end += if self.is(end, "from") { 2 } else { 1 };
            }
            let Some(n) = amount else {
                return found(
                    end,
                    Value::Reference(if back {
                        Reference::Past
                    } else {
                        Reference::Future
                    }),
                );
            };
            let by = n as i32 * if back { -1 } else { 1 };
            if by == -1 && unit == Unit::Year {
                return found(end, self.year_back());
            }
            return match shift(self.dct, unit, by) {
                Some(value) => found(end, value),
                None => found(end, Value::Duration(amount, unit)),
            };
        }
        if prefix_ago {
            return None;
        }
        // A price or a count per unit ("$2 million a year", "358,000 a month") repeats: a SET.
        if article && direction.is_none() && j == i && j > 0 {
            let before = &self.tokens[j - 1];
            if before.shape == Shape::Digits
                || matches!(
                    before.lower.as_ref(),
                    "million" | "billion" | "thousand" | "cents"
                )
            {
                return found(end, Value::Set(Recurrence::Every(1, unit)));
            }
        }
        found(end, Value::Duration(amount, unit))
    }

    /// An unspecified stretch: "years", "recent months", "the coming years".
    fn bare_units(&self, i: usize) -> Option<Found> {
        let mut j = i;
        if self.lex(j) == Some(Lex::The) {
            j += 1;
        }
        let modified = self.is(j, "recent") || self.is(j, "coming") || self.is(j, "past");
        if modified {
            j += 1;
        }
        if j > i && !modified {
            return None;
        }
        let (unit, plural) = self.unit(j)?;
        // "60 Minutes": a number before a capitalised unit makes a title.
        let after_number = j > 0 && self.tokens[j - 1].shape == Shape::Digits;
        if after_number && self.title_word(j) {
            return None;
        }
        if !plural || unit == Unit::Second || self.is_age_after(j + 1) {
            return None;
        }
        // "a matter of days" says how soon, not how long: no stretch of days.
        let matter_of = j >= 2 && self.is(j - 1, "of") && self.is(j - 2, "matter");
        if matter_of {
            return None;
        }
        // "recent months": a stretch of months up to now, as "the past few months" is.
        if j > 0 && self.is(j - 1, "recent") && unit != Unit::Quarter {
            return found(j + 1, Value::Duration(None, unit));
        }
        if modified {
            let reference = if self.is(j - 1, "coming") {
                Reference::Future
            } else {
                Reference::Past
            };
            return found(j + 1, Value::Reference(reference));
        }
        if unit == Unit::Quarter {
            return None;
        }
        // "the early hours of Thursday" are a part of that day, not a stretch of hours.
        let part_of_day = unit == Unit::Hour
            && self.is(j + 1, "of")
            && j.checked_sub(1).is_some_and(|b| {
                matches!(self.tokens[b].lower.as_ref(), "early" | "small" | "wee")
            });
        if part_of_day {
            return None;
        }
        found(j + 1, Value::Duration(None, unit))
    }

    /// "the quarter a year ago", "the corresponding period last year": one expression, the year-earlier
    /// counterpart of the quarter the report names (the year before the DCT's when it named none).
    fn period_a_year_before(&self, i: usize) -> Option<Found> {
        if self.language != Language::English || self.lex(i) != Some(Lex::The) {
            return None;
        }
        let mut j = i + 1;
        if self
            .tokens
            .get(j)
            .is_some_and(|t| matches!(t.lower.as_ref(), "same" | "corresponding" | "comparable"))
        {
            j += 1;
        }
        if !(self.lex(j) == Some(Lex::Quarter) || self.is(j, "period")) {
            return None;
        }
        let end = if self.is(j + 1, "last") && self.is(j + 2, "year") {
            j + 3
        } else if self.lex(j + 1) == Some(Lex::Article)
            && self.is(j + 2, "year")
            && (self.is(j + 3, "ago") || self.is(j + 3, "earlier"))
        {
            j + 4
        } else {
            return None;
        };
        found(end, self.year_back())
    }

    /// Quarters and halves of (fiscal) years: "the third quarter", "third-quarter", "the fourth quarter of 1989",
    /// "the latest quarter", "the first half".
    fn quarter(&self, i: usize) -> Option<Found> {
        let mut j = i;
        let the = self.lex(j) == Some(Lex::The);
        if the {
            j += 1;
        }
        // "this year's third quarter", "last year's quarter".
        let mut year_of = None;
        if let Some(relative) = self.relative(j).filter(|_| !the) {
            if self.is(j + 1, "year")
                && self
                    .tokens
                    .get(j + 2)
                    .is_some_and(|t| matches!(t.text, "'" | "\u{2019}"))
                && self.joined(j + 2)
                && self.joined_is(j + 3, "s")
            {
                year_of = Some(
                    self.dct.year()
                        + match relative {
                            Relative::Last => -1,
                            Relative::This => 0,
                            Relative::Next => 1,
                        },
                );
                j += 4;
            }
        }
        // "the fiscal first quarter".
        if the && self.lex(j) == Some(Lex::Fiscal) {
            j += 1;
        }
        let ordinal = match self.tokens.get(j).map(|t| t.lower.as_ref()) {
            Some("first") => Some(1),
            Some("second") => Some(2),
            Some("third") => Some(3),
            Some("fourth") => Some(4),
            _ => None,
        };
        // "the 1988 third quarter", "the 1988 quarter".
        let mut year = year_of;
        let mut ordinal = ordinal;
        if the && ordinal.is_none() {
            if let Some((y, after)) = self.year_number(j) {
                year = Some(y);
                j = after;
                ordinal = match self.tokens.get(j).map(|t| t.lower.as_ref()) {
                    Some("first") => Some(1),
                    Some("second") => Some(2),
                    Some("third") => Some(3),
                    Some("fourth") => Some(4),
                    _ => None,
                };
            }
        }
        // "the last half of 1989", "the latter half of 1988": the second half (of a year named after it).
        let last_half = the
            && ordinal.is_none()
            && matches!(
                self.tokens.get(j).map(|t| t.lower.as_ref()),
                Some("last" | "latter")
            )
            && self.lex(j + 1) == Some(Lex::Half)
            && self.is(j + 2, "of")
            && self.year_number(j + 3).is_some();
        if last_half {
            ordinal = Some(2);
        }
        let mut recency = None;
        if ordinal.is_some() {
            // "the third-quarter results": the article belongs to "results", the date is "third-quarter".
            if the && year.is_none() && self.joined_is(j + 1, "-") {
                return None;
            }
            j = self.after_hyphen(j + 1);
        } else if let Some(word) = self.tokens.get(j).map(|t| t.lower.as_ref()) {
            recency = match word {
                "latest" | "last" | "previous" | "past" => Some(-1),
                "current" | "this" => Some(0),
                "next" | "coming" => Some(1),
                _ => None,
            };
            if recency.is_some() {
                j += 1;
            } else if the || year_of.is_some() {
                recency = Some(-1);
            } else {
                return None;
            }
        }
        // "the latest period" of an earnings report is the quarter it reports on.
        if recency == Some(-1) && j > i && self.is(j - 1, "latest") && self.is(j, "period") {
            let value = match self.last_quarter.get() {
                Some((year, quarter)) => Value::Quarter(year, quarter),
                None => self.last_completed_quarter(),
            };
            return found(j + 1, value);
        }
        if self.lex(j) == Some(Lex::Fiscal) {
            j += 1;
        }
        let half = match self.lex(j) {
            Some(Lex::Quarter) => false,
            Some(Lex::Half) if ordinal.is_some_and(|o| o <= 2) => true,
            _ => return None,
        };
        let mut end = j + 1;
        let mut k = end;
        if self.is(k, "of") || self.is(k, ",") {
            k += 1;
        }
        if self.lex(k) == Some(Lex::Fiscal) {
            k += 1;
        }
        if let Some((y, after)) = self.year_number(k) {
            year = Some(y);
            end = after;
        }
        let value = match (ordinal, half) {
            (Some(n), false) => {
                let y = year.unwrap_or_else(|| {
                    let start = NaiveDate::from_ymd_opt(self.dct.year(), 3 * n - 2, 1);
                    self.dct.year() - i32::from(start.is_some_and(|s| s > self.dct))
                });
                Value::Quarter(y, n)
            }
            (Some(n), true) => {
                let y = year.unwrap_or_else(|| {
                    let start = NaiveDate::from_ymd_opt(self.dct.year(), 6 * n - 5, 1);
                    self.dct.year() - i32::from(start.is_some_and(|s| s > self.dct))
                });
                Value::Half(y, n)
            }
            (None, _) => match (year, self.last_completed_quarter()) {
                (Some(y), Value::Quarter(_, q)) if recency == Some(-1) => Value::Quarter(y, q),
                _ => shift(self.dct, Unit::Quarter, recency?)?,
            },
        };
        found(end, value)
    }

    fn last_completed_quarter(&self) -> Value {
        shift(self.dct, Unit::Quarter, -1).unwrap_or(Value::Year(self.dct.year()))
    }

    /// Years and decades: "1998", "fiscal 1989", "the 1990s", "the mid-1980s", "the '90s".
    fn year(&self, i: usize) -> Option<Found> {
        let mut j = i;
        if self.lex(j) == Some(Lex::The) {
            j += 1;
        }
        let mut edge = false;
        if self.lex(j) == Some(Lex::Edge) {
            edge = true;
            j = self.after_hyphen(j + 1);
        }
        let fiscal = self.lex(j) == Some(Lex::Fiscal);
        if fiscal {
            j += 1;
            if self.is(j, "year") {
                j += 1;
            }
        }
        let (year, end) = self.year_number(j)?;
        let apostrophe = matches!(self.tokens[j].text, "'" | "\u{2019}");
        // "two thousand" is more often a number than a year.
        if self.tokens[j].shape == Shape::Alpha
            && year == 2000
            && !j.checked_sub(1).is_some_and(|b| {
                matches!(
                    self.tokens[b].lower.as_ref(),
                    "in" | "since" | "until" | "by" | "of" | "year"
                )
            })
        {
            return None;
        }
        let decade =
            self.joined_is(end, "s") || (self.joined_is(end, "'") && self.joined_is(end + 1, "s"));
        if decade {
            let end = if self.is(end, "s") { end + 1 } else { end + 2 };
            if year % 10 != 0 {
                return None;
            }
            return found(end, Value::Decade(year / 10));
        }
        if apostrophe || edge || (j > i && !fiscal) {
            return None;
        }
        // A number that is not a year: "1,999", "1999.5", "$2000", "2000 percent".
        let before = j.checked_sub(1).map(|b| &self.tokens[b]);
        // "mid-1996" and "post-1959 politics" are years; "1995-1996" and "-1996" are not.
        let edge_hyphen = j >= 2
            && (self.lex(j - 2) == Some(Lex::Edge)
                || matches!(self.tokens[j - 2].lower.as_ref(), "pre" | "post")
                    && !self.tokens[j - 1].space_before);
        if before.is_some_and(|b| {
            !self.tokens[j].space_before
                && (matches!(b.text, "," | "." | "$" | "/" | "£" | "€")
                    || b.text == "-" && !edge_hyphen)
        }) || self.joined_is(end, ",")
            && self
                .tokens
                .get(end + 1)
                .is_some_and(|t| t.shape == Shape::Digits && !t.space_before)
            || self.joined_is(end, ".")
                && self
                    .tokens
                    .get(end + 1)
                    .is_some_and(|t| t.shape == Shape::Digits && !t.space_before)
            || self.joined_is(end, "-")
                && self
                    .tokens
                    .get(end + 1)
                    .is_some_and(|t| t.shape == Shape::Digits)
            || self.is(end, "%")
            || self.is(end, "percent")
        {
            return None;
        }
        let plausible = (1900..=2099).contains(&year)
            || before.is_some_and(|b| {
                matches!(
                    b.lower.as_ref(),
                    "in" | "since" | "of" | "until" | "from" | "to" | "by"
                )
            });
        plausible.then_some(Found {
            end,
            value: Value::Year(year),
        })
    }

    /// "The year", "the fiscal year", "the full year", "the current year": the DCT's year, or a stretch of one
    /// year when a date closes it ("the year ended March 31", "the fiscal year ending in June"); "the latest
    /// fiscal year" is the one before; "the year 2000", "the year two thousand" name theirs.
    fn the_year(&self, i: usize) -> Option<Found> {
        // "that year" is the year the text last named ("in 1988 … imports that year").
        if self.lex(i) == Some(Lex::That) && self.is(i + 1, "year") && !self.joined_is(i + 2, "-") {
            return found(i + 2, Value::Year(self.focus.get()?.year()));
        }
        if self.lex(i) != Some(Lex::The) {
            return None;
        }
        let mut j = i + 1;
        let mut back = 0;
        if self.is(j, "latest") {
            back = 1;
            j += 1;
        } else if self.is(j, "full") || self.is(j, "current") {
            j += 1;
        }
        if self.lex(j) == Some(Lex::Fiscal) {
            j += 1;
        }
        if !self.is(j, "year") || self.joined_is(j + 1, "-") {
            return None;
        }
        let end = j + 1;
        if let Some((year, after)) = self.year_number(end).filter(|_| back == 0) {
            return found(after, Value::Year(year));
        }
        if self.is(end, "ended") || self.is(end, "ending") {
            return found(end, Value::Duration(Some(1), Unit::Year));
        }
        found(end, Value::Year(self.dct.year() - back))
    }

    /// "by year-end", "around year end", "by year's end": the end of the DCT's year, like "the end of the year"
    /// (after "since", the end of the year before). Only after a preposition: "year-end results" is a noun's
    /// modifier, no time of the story.
    fn year_end(&self, i: usize) -> Option<Found> {
        if self.language != Language::English || !self.is(i, "year") || i == 0 {
            return None;
        }
        let end = if self.joined_is(i + 1, "-") && self.joined_is(i + 2, "end") {
            i + 3
        } else if self.joined_is(i + 1, "'") && self.joined_is(i + 2, "s") && self.is(i + 3, "end")
        {
            i + 4
        } else if self.is(i + 1, "end") {
            i + 2
        } else {
            return None;
        };
        let year = self.dct.year();
        match self.tokens[i - 1].lower.as_ref() {
            "since" => found(end, Value::Year(year - 1)),
            "by" | "around" | "at" | "before" | "until" | "till" | "through" | "toward"
            | "towards" => found(end, Value::Year(year)),
            _ => None,
        }
    }

    /// "(Today) is the eighth day of the strike", "it's the second day of an offensive": the present day, counted
    /// from the start of something.
    fn day_of_a_stretch(&self, i: usize) -> Option<Found> {
        if self.language != Language::English || self.lex(i) != Some(Lex::The) || i == 0 {
            return None;
        }
        let present = self.is(i - 1, "is")
            || (i > 1 && self.joined_is(i - 1, "s") && self.joined_is(i - 2, "'"));
        if !present {
            return None;
        }
        let after_ordinal = if self.is(i + 1, "second") {
            i + 2
        } else {
            self.spelled_ordinal(i + 1)?.1
        };
        if !self.is(after_ordinal, "day") || !self.is(after_ordinal + 1, "of") {
            return None;
        }
        found(after_ordinal + 1, Value::Day(self.dct))
    }

    /// Centuries by ordinal and decades by word: "the 20th century", "the nineties".
    fn century(&self, i: usize) -> Option<Found> {
        let mut j = i;
        if self.lex(j) == Some(Lex::The) {
            j += 1;
        }
        if let Some(word) = self.tokens.get(j).map(|t| t.lower.as_ref()) {
            let tens = [
                "twenties",
                "thirties",
                "forties",
                "fifties",
                "sixties",
                "seventies",
                "eighties",
                "nineties",
            ]
            .iter()
            .position(|w| *w == word);
            if let Some(tens) = tens.filter(|_| j > i && self.language == Language::English) {
                let decade = self.dct.year().div_euclid(100) * 10 + tens as i32 + 2;
                return found(j + 1, Value::Decade(decade));
            }
        }
        let n = self.number(j).filter(|n| (1..=21).contains(n))?;
        if !["st", "nd", "rd", "th"]
            .iter()
            .any(|s| self.joined_is(j + 1, s))
        {
            return None;
        }
        let k = self.after_hyphen(j + 2);
        if !self.is(k, "century") {
            return None;
        }
        found(k + 1, Value::Century(n as i32 - 1))
    }

    /// Seasons: "last fall", "this summer", "in the spring", "summer 1998".
    fn season(&self, i: usize) -> Option<Found> {
        let mut j = i;
        let mut explicit = false;
        if self.lex(j) == Some(Lex::Edge) {
            explicit = true;
            j += 1;
        }
        let relative = self.relative(j);
        if relative.is_some() || self.lex(j) == Some(Lex::The) {
            j += 1;
        }
        let Some(Lex::Season(season)) = self.lex(j) else {
            return None;
        };
        let mut end = j + 1;
        let mut k = end;
        if self.is(k, "of") {
            k += 1;
        }
        let year = self.year_number(k).map(|(y, after)| {
            end = after;
            y
        });
        // A bare season word is often a noun or a verb ("fall"): it needs a preposition of time, a relative word
        // or a year, and "the fall of the regime" is no season.
        let before = i.checked_sub(1).map(|b| self.tokens[b].lower.as_ref());
        if relative.is_none()
            && year.is_none()
            && !explicit
            && (!matches!(
                before,
                Some(
                    "in" | "during"
                        | "since"
                        | "until"
                        | "by"
                        | "this"
                        | "last"
                        | "next"
                        | "into"
                        | "over"
                        | "through"
                        | "throughout"
                )
            ) || self.is(j + 1, "of"))
        {
            return None;
        }
        let first_month = match season {
            Season::Spring => 3,
            Season::Summer => 6,
            Season::Fall => 9,
            Season::Winter => 12,
        };
        let started =
            |y: i32| NaiveDate::from_ymd_opt(y, first_month, 1).is_some_and(|s| s <= self.dct);
        let this_year = self.dct.year();
        let year = year.unwrap_or_else(|| match relative {
            Some(Relative::Last) => {
                this_year - 1 + i32::from(started(this_year) && first_month + 3 <= self.dct.month())
            }
            Some(Relative::Next) => this_year + i32::from(started(this_year)),
            // "this summer" is the current year's, spent or to come; "this winter" in January began in December.
            Some(Relative::This) => {
                this_year - i32::from(season == Season::Winter && self.dct.month() < 3)
            }
            None => this_year - i32::from(!started(this_year) && !self.future_context(i)),
        });
        found(end, Value::Season(year, season))
    }

    /// Repetition: "every Monday", "each month", "daily", "every two weeks", "each July".
    fn set(&self, i: usize) -> Option<Found> {
        match self.lex(i)? {
            // "the Daily News", "Anchorage Daily News", "Publishers Weekly": a publication's name.
            Lex::Periodic(_) if self.language == Language::English && self.in_a_name(i) => None,
            Lex::Periodic(unit) => found(i + 1, Value::Set(Recurrence::Every(1, unit))),
            Lex::Every if !self.is(i, "per") => {
                let mut j = i + 1;
                if self.is(j, "other") {
                    let (unit, _) = self.unit(j + 1)?;
                    return found(j + 2, Value::Set(Recurrence::Every(2, unit)));
                }
                match self.lex(j)? {
                    Lex::Weekday(day) => {
                        j += 1;
                        if let Some(Lex::Part(part)) = self.lex(j) {
                            return found(j + 1, Value::Set(Recurrence::Weekday(day, Some(part))));
                        }
                        found(j, Value::Set(Recurrence::Weekday(day, None)))
                    }
                    Lex::Month(month) => found(j + 1, Value::Set(Recurrence::Month(month))),
                    _ => {
                        if let Some((unit, false)) = self.unit(j) {
                            return found(j + 1, Value::Set(Recurrence::Every(1, unit)));
                        }
                        let (Some(n), after) = self.amount(j)? else {
                            return None;
                        };
                        let (unit, _) = self.unit(after)?;
                        found(after + 1, Value::Set(Recurrence::Every(n, unit)))
                    }
                }
            }
            _ => None,
        }
    }

    /// "the day before yesterday", "the day after Christmas", "the day before last Tuesday's hearing": one
    /// expression, a day from the day it names (TimeML tags the whole phrase).
    fn day_beside(&self, i: usize) -> Option<Found> {
        if self.language != Language::English
            || self.lex(i) != Some(Lex::The)
            || !self.is(i + 1, "day")
        {
            return None;
        }
        let by = if self.is(i + 2, "before") {
            -1
        } else if self.is(i + 2, "after") {
            1
        } else {
            return None;
        };
        let named = self.longest(i + 3)?;
        let Value::Day(day) = named.value else {
            return None;
        };
        found(named.end, Value::Day(day + Duration::days(by)))
    }

    /// Vague references: "now", "currently", "recently", "the past", "the future", "soon".
    fn reference(&self, i: usize) -> Option<Found> {
        match self.lex(i)? {
            Lex::Reference(Reference::Future) if self.is(i, "future") => None,
            Lex::Reference(_) if self.is(i, "recent") => None,
            Lex::Reference(reference) => found(i + 1, Value::Reference(reference)),
            // "these days" is nowadays, not a stretch of days.
            Lex::These if self.is(i + 1, "days") && !self.is(i + 2, "of") => {
                found(i + 2, Value::Reference(Reference::Present))
            }
            // "the then current price", "the then-current rules": the present of a past moment.
            Lex::Then if self.is(i + 1, "current") => {
                found(i + 2, Value::Reference(Reference::Past))
            }
            Lex::Then if self.joined_is(i + 1, "-") && self.joined_is(i + 2, "current") => {
                found(i + 3, Value::Reference(Reference::Past))
            }
            Lex::Approximately if self.is(i + 1, "now") && self.is(i, "right") => {
                found(i + 2, Value::Reference(Reference::Present))
            }
            Lex::Approximately if self.is(i + 1, "recently") && self.is(i, "more") => {
                found(i + 2, Value::Reference(Reference::Past))
            }
            // "the near future", "the near term", "the short term".
            Lex::The
                if self.language == Language::English
                    && (self.is(i + 1, "near")
                        && (self.is(i + 2, "future") || self.is(i + 2, "term"))
                        || self.is(i + 1, "short") && self.is(i + 2, "term")) =>
            {
                found(i + 3, Value::Reference(Reference::Future))
            }
            Lex::The => match self.lex(i + 1)? {
                // "the past three summers": a count of something no rule reads, not the past at large.
                Lex::Past if self.amount(i + 2).is_some_and(|(_, after)| after > i + 2) => None,
                Lex::Past => found(i + 2, Value::Reference(Reference::Past)),
                Lex::Reference(Reference::Future) if self.is(i + 1, "future") => {
                    found(i + 2, Value::Reference(Reference::Future))
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// Christmas and Thanksgiving, the holidays of the news: the occurrence nearest to the DCT, or the one before
    /// or after it when "last" or "next" comes first.
    fn holiday(&self, i: usize) -> Option<Found> {
        // "last Thanksgiving", "next Christmas": the occurrence before or after the DCT, not the nearest.
        let relative = self
            .relative(i)
            .filter(|_| self.language == Language::English);
        let h = if relative.is_some() { i + 1 } else { i };
        let mut end = h + 1;
        let on: fn(i32) -> Option<NaiveDate> = match self.lex(h)? {
            Lex::Christmas => {
                let eve = self.is(end, "eve");
                if eve || self.is(end, "day") {
                    end += 1;
                }
                if eve {
                    |year| NaiveDate::from_ymd_opt(year, 12, 24)
                } else {
                    |year| NaiveDate::from_ymd_opt(year, 12, 25)
                }
            }
            Lex::Easter if relative.is_none() => return self.easter(i),
            Lex::Thanksgiving => {
                if self.is(end, "day") {
                    end += 1;
                }
                // The fourth Thursday of November.
                |year| {
                    let first = NaiveDate::from_ymd_opt(year, 11, 1)?;
                    let offset = (7 + Weekday::Thu.num_days_from_monday()
                        - first.weekday().num_days_from_monday())
                        % 7;
                    Some(first + Duration::days(i64::from(offset) + 21))
                }
            }
            _ => return None,
        };
        let year = self.dct.year();
        let day = match relative {
            Some(Relative::Last) => [year, year - 1]
                .into_iter()
                .filter_map(on)
                .find(|d| *d < self.dct)?,
            Some(Relative::Next) => [year, year + 1]
                .into_iter()
                .filter_map(on)
                .find(|d| *d > self.dct)?,
            Some(Relative::This) => on(year)?,
            None => [year, year - 1, year + 1]
                .into_iter()
                .filter_map(on)
                .min_by_key(|d| (*d - self.dct).num_days().abs())?,
        };
        found(end, Value::Day(day))
    }

    /// "Easter" and "Easter Sunday" (the Sunday nearest the DCT's), "Easter Monday", "Easter week" (the ISO week
    /// that Easter Sunday closes), "the Easter weekend"; "Easter Island" is a name.
    fn easter(&self, i: usize) -> Option<Found> {
        let next = self.tokens.get(i + 1);
        let year = self.dct.year();
        let sunday = [year - 1, year, year + 1]
            .into_iter()
            .filter_map(easter_sunday)
            .min_by_key(|d| (*d - self.dct).num_days().abs())?;
        let week = sunday.iso_week();
        match self.lex(i + 1) {
            Some(Lex::Weekday(Weekday::Sun)) => found(i + 2, Value::Day(sunday)),
            Some(Lex::Weekday(Weekday::Mon)) => {
                found(i + 2, Value::Day(sunday + Duration::days(1)))
            }
            Some(Lex::Weekend) => found(i + 2, Value::Weekend(week.year(), week.week())),
            _ if self.unit(i + 1) == Some((Unit::Week, false)) => {
                found(i + 2, Value::Week(week.year(), week.week()))
            }
            _ if self.is(i + 1, "day") => found(i + 2, Value::Day(sunday)),
            _ if next.is_some_and(|t| t.is_capitalised() && t.space_before) => None,
            _ => found(i + 1, Value::Day(sunday)),
        }
    }
}

/// Easter Sunday of a Gregorian year (the anonymous Gregorian computus: the first Sunday after the
/// ecclesiastical full moon on or after March 21).
fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let golden = year.rem_euclid(19);
    let (century, in_century) = (year.div_euclid(100), year.rem_euclid(100));
    let leap_skip = century / 4;
    let correction = (century - (century + 8) / 25 + 1) / 3;
    let epact = (19 * golden + century - leap_skip - correction + 15).rem_euclid(30);
    let weekday_shift =
        (32 + 2 * (century % 4) + 2 * (in_century / 4) - epact - in_century % 4).rem_euclid(7);
    let late = (golden + 11 * epact + 22 * weekday_shift) / 451;
    let days = epact + weekday_shift - 7 * late + 114;
    NaiveDate::from_ymd_opt(year, (days / 31) as u32, (days % 31 + 1) as u32)
}
