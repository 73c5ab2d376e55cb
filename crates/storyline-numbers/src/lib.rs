//! Quantities in news text, read as typed values: durations ("more than five-hour-long", "an hour and a half"),
//! ages, counts of people and things ("300 people", "dozens of protesters"), money ("$5m", "2.5 billion euros"),
//! percentages, lengths and plain cardinals, in digits or words.
//!
//! Each quantity carries its qualifier ("more than", "almost", "about", "several") and the interval of values the
//! text allows, in a base unit (seconds for durations, years for ages, the currency's units for money), so that
//! a later stage can tell whether two sources can both be right: "several hours" and "more than five hours"
//! overlap, "almost an hour" and "more than five hours" do not. It also names the noun the quantity measures
//! ("talks lasted two hours" → talks, "a two-day summit" → summit, "300 people" → people) when the sentence shows it.
//!
//! English is read fully; digits, percentages and currency signs work in any language. Pure: text in, data out.

mod tokens;

use rustc_hash::FxHashSet;
use serde::Serialize;
use std::sync::LazyLock;
use tokens::{tokenize, Kind, Token};

/// What a quantity measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuantityKind {
    Duration,
    Age,
    Count,
    Money,
    Percent,
    /// Distances and heights, in metres.
    Length,
    /// A number with nothing the text says it counts.
    Number,
}

/// How exactly the text states the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    Exact,
    /// about, around, some, roughly, an estimated: within 15 % either way.
    About,
    /// more than, over, above: anything larger.
    MoreThan,
    /// at least, no fewer than, … or more.
    AtLeast,
    /// almost, nearly, close to: up to the value, from 80 % of it.
    Almost,
    /// less than, fewer than, under.
    LessThan,
    /// up to, as many as, at most.
    AtMost,
    /// between 10 and 20, 10-20.
    Range,
    /// several, a few, dozens of, hundreds of: a word that names a span of values.
    Vague,
}

/// The values a quantity allows, in its base unit; `max: None` is unbounded.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Interval {
    pub min: f64,
    pub max: Option<f64>,
}

impl Interval {
    /// Whether two intervals share a value once each is widened by `tolerance` (a fraction of its bounds).
    pub fn overlaps(&self, other: &Interval, tolerance: f64) -> bool {
        let reaches = |low: &Interval, high: &Interval| match low.max {
            None => true,
            Some(max) => max * (1.0 + tolerance) >= high.min * (1.0 - tolerance),
        };
        reaches(self, other) && reaches(other, self)
    }
}

/// A quantity found in a text. Offsets are in Unicode code points.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Quantity {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: QuantityKind,
    pub qualifier: Qualifier,
    /// The number as stated, in `unit` ("five hours" → 5); none for vague quantities.
    pub value: Option<f64>,
    /// "hour", "year", an ISO currency code, "percent"; none for counts and plain numbers.
    pub unit: Option<String>,
    /// The allowed values in the base unit: seconds, years, currency units, percent points, metres or items.
    pub interval: Interval,
    /// What is measured, lower case, when the sentence shows it.
    pub noun: Option<String>,
}

/// Every quantity in `text`, in text order.
pub fn find_quantities(text: &str) -> Vec<Quantity> {
    let tokens = tokenize(text);
    let reader = Reader {
        text,
        tokens: &tokens,
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !reader.could_start_quantity(i) {
            i += 1;
            continue;
        }
        match reader.quantity_at(i) {
            Some((quantity, end)) => {
                found.push(quantity);
                i = end;
            }
            None => i += 1,
        }
    }
    to_code_points(text, &mut found);
    found
}

/// The reader produces byte offsets; the public contract is code points.
fn to_code_points(text: &str, quantities: &mut [Quantity]) {
    let mut byte = 0;
    let mut chars = 0;
    let mut advance = |target: usize| {
        chars += text[byte..target].chars().count();
        byte = target;
        chars
    };
    for quantity in quantities {
        quantity.start = advance(quantity.start);
        quantity.end = advance(quantity.end);
    }
}

const QUALIFIERS: &[(&[&str], Qualifier)] = &[
    (&["more", "than"], Qualifier::MoreThan),
    (&["just", "over"], Qualifier::MoreThan),
    (&["well", "over"], Qualifier::MoreThan),
    (&["in", "excess", "of"], Qualifier::MoreThan),
    (&["upwards", "of"], Qualifier::MoreThan),
    (&["over"], Qualifier::MoreThan),
    (&["above"], Qualifier::MoreThan),
    (&["at", "least"], Qualifier::AtLeast),
    (&["no", "fewer", "than"], Qualifier::AtLeast),
    (&["no", "less", "than"], Qualifier::AtLeast),
    (&["just", "under"], Qualifier::Almost),
    (&["close", "to"], Qualifier::Almost),
    (&["nearly"], Qualifier::Almost),
    (&["almost"], Qualifier::Almost),
    (&["an", "estimated"], Qualifier::About),
    (&["approximately"], Qualifier::About),
    (&["roughly"], Qualifier::About),
    (&["around"], Qualifier::About),
    (&["about"], Qualifier::About),
    (&["some"], Qualifier::About),
    (&["circa"], Qualifier::About),
    (&["less", "than"], Qualifier::LessThan),
    (&["fewer", "than"], Qualifier::LessThan),
    (&["under"], Qualifier::LessThan),
    (&["below"], Qualifier::LessThan),
    (&["no", "more", "than"], Qualifier::AtMost),
    (&["as", "many", "as"], Qualifier::AtMost),
    (&["as", "much", "as"], Qualifier::AtMost),
    (&["up", "to"], Qualifier::AtMost),
    (&["at", "most"], Qualifier::AtMost),
    (&["between"], Qualifier::Range),
];

/// Words that name a span of counts: (words, min, max). "of" after them is part of the phrase.
const VAGUE: &[(&[&str], f64, f64)] = &[
    (&["tens", "of", "thousands"], 20_000.0, 99_999.0),
    (&["hundreds", "of", "thousands"], 200_000.0, 999_999.0),
    (&["several"], 3.0, 9.0),
    (&["a", "few"], 2.0, 5.0),
    (&["a", "couple", "of"], 2.0, 3.0),
    (&["a", "couple"], 2.0, 3.0),
    (&["dozens"], 24.0, 144.0),
    (&["scores"], 40.0, 200.0),
    (&["hundreds"], 200.0, 999.0),
    (&["thousands"], 2_000.0, 9_999.0),
    (&["millions"], 2e6, 9.99e6),
    (&["billions"], 2e9, 9.99e9),
];

/// The lower-case words a quantity can open with: the first words of qualifiers and vague counts, number words,
/// scales, "half" and the articles ("an hour").
static QUANTITY_OPENERS: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    let first_words = QUALIFIERS
        .iter()
        .map(|(words, _)| words[0])
        .chain(VAGUE.iter().map(|(words, ..)| words[0]));
    let number_words = ONES.iter().chain(SCALES).map(|(word, _)| *word);
    first_words
        .chain(number_words)
        .chain(["half", "a", "an"])
        .collect()
});

const ONES: &[(&str, f64)] = &[
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("dozen", 12.0),
];

const SCALES: &[(&str, f64)] = &[
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("million", 1e6),
    ("millions", 1e6),
    ("mn", 1e6),
    ("mln", 1e6),
    ("billion", 1e9),
    ("bn", 1e9),
    ("trillion", 1e12),
    ("tn", 1e12),
];

/// Scales written straight after digits: "$5m", "3bn", "20k".
const GLUED_SCALES: &[(&str, f64)] = &[("k", 1e3), ("m", 1e6), ("b", 1e9)];

/// Time units and their length in seconds; ages use "year" too.
const TIME_UNITS: &[(&str, &str, f64)] = &[
    ("second", "seconds", 1.0),
    ("minute", "minutes", 60.0),
    ("hour", "hours", 3_600.0),
    ("day", "days", 86_400.0),
    ("week", "weeks", 604_800.0),
    ("month", "months", 2_629_800.0),
    ("year", "years", 31_557_600.0),
    ("decade", "decades", 315_576_000.0),
];

/// Length units and their size in metres.
const LENGTH_UNITS: &[(&str, &str, f64)] = &[
    ("metre", "metre", 1.0),
    ("metres", "metre", 1.0),
    ("meter", "metre", 1.0),
    ("meters", "metre", 1.0),
    ("m", "metre", 1.0),
    ("kilometre", "kilometre", 1_000.0),
    ("kilometres", "kilometre", 1_000.0),
    ("kilometer", "kilometre", 1_000.0),
    ("kilometers", "kilometre", 1_000.0),
    ("km", "kilometre", 1_000.0),
    ("mile", "mile", 1_609.344),
    ("miles", "mile", 1_609.344),
    ("foot", "foot", 0.3048),
    ("feet", "foot", 0.3048),
    ("ft", "foot", 0.3048),
];

const CURRENCY_SIGNS: &[(&str, &str)] = &[
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
    ("₽", "RUB"),
    ("₩", "KRW"),
    ("₹", "INR"),
];

const CURRENCY_CODES: &[&str] = &[
    "USD", "EUR", "GBP", "JPY", "CNY", "RUB", "KRW", "INR", "CHF", "CAD", "AUD",
];

const CURRENCY_WORDS: &[(&str, &str)] = &[
    ("dollar", "USD"),
    ("dollars", "USD"),
    ("euro", "EUR"),
    ("euros", "EUR"),
    ("pound", "GBP"),
    ("pounds", "GBP"),
    ("yen", "JPY"),
    ("yuan", "CNY"),
    ("ruble", "RUB"),
    ("rubles", "RUB"),
    ("rouble", "RUB"),
    ("roubles", "RUB"),
    ("rupee", "INR"),
    ("rupees", "INR"),
    ("franc", "CHF"),
    ("francs", "CHF"),
];

const PERCENT_WORDS: &[&[&str]] = &[
    &["percent"],
    &["per", "cent"],
    &["pct"],
    &["prozent"],
    &["pour", "cent"],
    &["por", "ciento"],
    &["per", "cento"],
    &["procent"],
];

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// Verbs whose subject is what a following duration measures: "the talks lasted two hours".
const DURATION_VERBS: &[&str] = &[
    "lasted",
    "lasting",
    "last",
    "lasts",
    "took",
    "take",
    "takes",
    "spent",
    "spend",
    "ran",
    "continued",
    "went",
    "stretched",
];

/// Words that are never the noun a number counts.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "of", "and", "or", "to", "in", "on", "at", "for", "by", "with", "from",
    "per", "than", "as", "is", "are", "was", "were", "be", "been", "has", "have", "had", "will",
    "would", "could", "should", "may", "might", "that", "which", "who", "this", "these", "those",
    "it", "its", "their", "his", "her", "our", "more", "less", "other", "others", "times",
    "percent", "after", "before", "since", "into", "out", "up", "down", "but", "not", "also",
    "each", "all", "both", "said", "says", "say", "ago", "later", "earlier", "s", "th", "st", "nd",
    "rd",
];

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "its", "their", "his", "her", "our", "this", "that",
];

const IRREGULAR_PLURALS: &[&str] = &[
    "people",
    "men",
    "women",
    "children",
    "police",
    "personnel",
    "staff",
    "cattle",
    "sheep",
    "fish",
    "aircraft",
];

/// A number as read from the tokens.
struct NumberPhrase {
    value: Option<f64>,
    /// For vague words: the span of counts they name.
    vague: Option<(f64, f64)>,
    /// Token after the phrase.
    end: usize,
    /// "a"/"an"/"one" read as 1: only a quantity when a unit follows.
    article: bool,
    /// Written in digits (bare digit numbers are kept even without a noun).
    digits: bool,
}

struct Reader<'t, 'a> {
    text: &'a str,
    tokens: &'t [Token<'a>],
}

impl Reader<'_, '_> {
    fn word(&self, i: usize) -> &str {
        self.tokens.get(i).map_or("", |t| t.lower.as_ref())
    }

    fn matches(&self, i: usize, words: &[&str]) -> bool {
        words
            .iter()
            .enumerate()
            .all(|(k, w)| self.word(i + k) == *w)
    }

    /// Whether a quantity can begin at `i`: it opens with a qualifier, a currency or a number. Most tokens are
    /// none of these, and checking one set is much cheaper than trying every phrase list at every token.
    fn could_start_quantity(&self, i: usize) -> bool {
        let Some(token) = self.tokens.get(i) else {
            return false;
        };
        match token.kind {
            Kind::Digits => true,
            Kind::Symbol => CURRENCY_SIGNS.iter().any(|(sign, _)| *sign == token.text),
            Kind::Word => {
                QUANTITY_OPENERS.contains(token.lower.as_ref())
                    || token.text == "US"
                    || CURRENCY_CODES.contains(&token.text)
            }
        }
    }

    fn qualifier_at(&self, i: usize) -> Option<(Qualifier, usize)> {
        QUALIFIERS
            .iter()
            .find(|(words, _)| self.matches(i, words))
            .map(|(words, qualifier)| (*qualifier, i + words.len()))
    }

    fn currency_prefix(&self, i: usize) -> Option<(&'static str, usize)> {
        let token = self.tokens.get(i)?;
        if token.kind == Kind::Symbol {
            let (_, code) = CURRENCY_SIGNS
                .iter()
                .find(|(sign, _)| *sign == token.text)?;
            return Some((code, i + 1));
        }
        // "US$5m"
        if token.text == "US"
            && self
                .tokens
                .get(i + 1)
                .is_some_and(|t| t.text == "$" && !t.spaced)
        {
            return Some(("USD", i + 2));
        }
        let code = CURRENCY_CODES.iter().find(|code| **code == token.text)?;
        let next = self.tokens.get(i + 1)?;
        (next.kind == Kind::Digits).then_some((code, i + 1))
    }

    /// `money`: whether a currency sign came first, so that "5m" is five million and not five metres.
    fn number_at(&self, i: usize, money: bool) -> Option<NumberPhrase> {
        let token = self.tokens.get(i)?;
        if token.kind == Kind::Digits {
            let mut value = parse_digits(token.text)?;
            let mut end = i + 1;
            if let Some(next) = self.tokens.get(end) {
                let glued = (money && !next.spaced)
                    .then(|| GLUED_SCALES.iter().find(|(w, _)| next.lower == *w))
                    .flatten();
                if let Some((_, scale)) = SCALES.iter().find(|(w, _)| next.lower == *w).or(glued) {
                    value *= scale;
                    end += 1;
                }
            }
            return Some(NumberPhrase {
                value: Some(value),
                vague: None,
                end,
                article: false,
                digits: true,
            });
        }
        if let Some((words, min, max)) = VAGUE.iter().find(|(words, ..)| self.matches(i, words)) {
            let mut end = i + words.len();
            if self.word(end) == "of" {
                end += 1;
            }
            return Some(NumberPhrase {
                value: None,
                vague: Some((*min, *max)),
                end,
                article: false,
                digits: false,
            });
        }
        if self.matches(i, &["half", "a"]) || self.matches(i, &["half", "an"]) {
            return Some(NumberPhrase {
                value: Some(0.5),
                vague: None,
                end: i + 2,
                article: true,
                digits: false,
            });
        }
        let article = matches!(token.lower.as_ref(), "a" | "an");
        self.spelled_number(i, article)
    }

    /// "three", "twenty-five", "one hundred and twenty", "a million", "two thousand".
    fn spelled_number(&self, i: usize, article: bool) -> Option<NumberPhrase> {
        let (mut total, mut current, mut end, mut any) = (0.0, 0.0, i, false);
        if article {
            end += 1;
            current = 1.0;
        }
        loop {
            let word = self.word(end);
            if let Some((_, n)) = ONES.iter().find(|(w, _)| *w == word) {
                if any && current % 100.0 != 0.0 && *n < 100.0 && current % 10.0 != 0.0 {
                    break; // "one two" is two numbers
                }
                current = if article && !any { *n } else { current + n };
                any = true;
                end += 1;
            } else if let Some((_, scale)) = SCALES.iter().find(|(w, _)| *w == word) {
                if *scale == 1e2 {
                    current = current.max(1.0) * 100.0;
                } else {
                    total += current.max(1.0) * scale;
                    current = 0.0;
                }
                any = true;
                end += 1;
            } else if any
                && self
                    .tokens
                    .get(end)
                    .is_some_and(|t| t.is_hyphen() && !t.spaced)
                && self.tokens.get(end + 1).is_some_and(|t| !t.spaced)
                && ONES
                    .iter()
                    .any(|(w, n)| *w == self.word(end + 1) && *n < 10.0)
            {
                end += 1; // "twenty-five"
            } else if any
                && word == "and"
                && ONES.iter().any(|(w, _)| *w == self.word(end + 1))
                && current >= 100.0
            {
                end += 1; // "one hundred and twenty"
            } else {
                break;
            }
        }
        if !any && !article {
            return None;
        }
        Some(NumberPhrase {
            value: Some(total + current),
            vague: None,
            end,
            article: article && !any,
            digits: false,
        })
    }

    /// A time unit at `i`, singular or plural: (singular name, seconds).
    fn time_unit(&self, i: usize) -> Option<(&'static str, f64)> {
        let word = self.word(i);
        TIME_UNITS
            .iter()
            .find(|(one, many, _)| word == *one || word == *many)
            .map(|(one, _, seconds)| (*one, *seconds))
    }

    fn percent_at(&self, i: usize) -> Option<usize> {
        if self.tokens.get(i).is_some_and(|t| t.text == "%") {
            return Some(i + 1);
        }
        PERCENT_WORDS
            .iter()
            .find(|words| self.matches(i, words))
            .map(|words| i + words.len())
    }

    /// The noun a count measures, starting at `i`: "300 people", "12 Palestinian civilians", "dozens of protesters".
    /// A capitalised word is a name ("One Australian", "ONE News") unless it is a plural of more than one.
    fn noun_after(&self, i: usize, count: Option<f64>) -> Option<(String, usize)> {
        let plural = |w: &str| w.ends_with('s') || IRREGULAR_PLURALS.contains(&w);
        let acceptable = |j: usize| -> Option<String> {
            let token = self.tokens.get(j)?;
            if token.kind != Kind::Word || !token.spaced || !self.is_content_word(j) {
                return None;
            }
            let word = token.text.to_lowercase();
            let capitalised = token.text.chars().next().is_some_and(char::is_uppercase);
            let many = count.is_none_or(|n| n > 1.0);
            (!capitalised || (plural(&word) && many)).then_some(word)
        };
        let second = || acceptable(i + 1).filter(|w| plural(w)).map(|w| (w, i + 2));
        match acceptable(i) {
            Some(first) if plural(&first) => Some((first, i + 1)),
            Some(first) => second().or(Some((first, i + 1))),
            // "12 Palestinian civilians": a capitalised adjective before the noun.
            None if self
                .tokens
                .get(i)
                .is_some_and(|t| t.kind == Kind::Word && t.spaced) =>
            {
                second()
            }
            None => None,
        }
    }

    fn is_content_word(&self, i: usize) -> bool {
        let word = self.word(i);
        let token = &self.tokens[i];
        token.kind == Kind::Word
            && token.text.chars().count() > 1
            && !FUNCTION_WORDS.contains(&word)
            && !MONTHS.contains(&word)
            && self.time_unit(i).is_none()
            && !LENGTH_UNITS.iter().any(|(w, ..)| *w == word)
            && !ONES.iter().any(|(w, _)| *w == word)
    }

    /// After "in", "for" or "of" (and a determiner): "$5m in aid", "5% of voters".
    fn noun_after_preposition(&self, i: usize) -> Option<String> {
        if !matches!(self.word(i), "in" | "for" | "of") {
            return None;
        }
        let mut j = i + 1;
        if DETERMINERS.contains(&self.word(j)) {
            j += 1;
        }
        self.noun_after(j, None).map(|(noun, _)| noun)
    }

    /// The subject of a duration verb shortly before `i` in the same sentence: "the talks lasted …" → talks.
    fn duration_subject(&self, i: usize) -> Option<String> {
        let floor = i.saturating_sub(10);
        let verb = (floor..i)
            .rev()
            .take_while(|&j| !self.tokens[j].ends_sentence())
            .find(|&j| DURATION_VERBS.contains(&self.word(j)))?;
        (verb.saturating_sub(6)..verb)
            .rev()
            .take_while(|&j| !self.tokens[j].ends_sentence())
            .filter(|&j| self.tokens[j].kind == Kind::Word)
            .find(|&j| {
                self.is_content_word(j)
                    && self.tokens[j]
                        .text
                        .chars()
                        .next()
                        .is_some_and(char::is_lowercase)
            })
            .map(|j| self.tokens[j].text.to_lowercase())
    }

    /// Bare digits that are part of a date, a time, a name ("G20", "COVID-19"), an ordinal or a year.
    fn is_not_a_quantity(&self, start: usize, number: &NumberPhrase) -> bool {
        let token = &self.tokens[start];
        let previous = start.checked_sub(1).map(|p| &self.tokens[p]);
        let next = self.tokens.get(number.end);
        if previous.is_some_and(|p| {
            !token.spaced
                && (p.kind == Kind::Word
                    || p.is_hyphen()
                    || matches!(p.text, "#" | ":" | "/" | "."))
        }) {
            return true;
        }
        if previous.is_some_and(|p| MONTHS.contains(&p.lower.as_ref()) || p.lower == "no") {
            return true;
        }
        if next.is_some_and(|n| {
            MONTHS.contains(&n.lower.as_ref())
                || (!n.spaced && matches!(n.text, ":" | "/" | "th" | "st" | "nd" | "rd"))
                || matches!(n.lower.as_ref(), "am" | "pm" | "gmt" | "utc" | "o'clock")
                || (matches!(n.lower.as_ref(), "a" | "p")
                    && self
                        .tokens
                        .get(number.end + 1)
                        .is_some_and(|d| d.text == "."))
        }) {
            return true;
        }
        // A bare year: four digits between 1000 and 2100.
        number.end == start + 1
            && token.text.len() == 4
            && number
                .value
                .is_some_and(|v| (1000.0..=2100.0).contains(&v) && v.fract() == 0.0)
    }

    fn quantity_at(&self, i: usize) -> Option<(Quantity, usize)> {
        let (mut qualifier, after_qualifier) =
            self.qualifier_at(i).unwrap_or((Qualifier::Exact, i));
        let (currency, at_number) = match self.currency_prefix(after_qualifier) {
            Some((code, next)) => (Some(code), next),
            None => (None, after_qualifier),
        };
        let number = self.number_at(at_number, currency.is_some())?;
        let mut value = number.value;
        let mut end = number.end;
        let mut range_max = None;
        if number.vague.is_some() {
            qualifier = Qualifier::Vague;
        }
        // "10-20 people", "10 to 20", "between 10 and 20"
        let joiner = self.tokens.get(end);
        let is_joiner = joiner.is_some_and(|t| {
            (qualifier == Qualifier::Range && t.lower == "and")
                || (qualifier == Qualifier::Exact && (t.lower == "to" || t.is_hyphen()))
        });
        if is_joiner
            && number.digits
                == self
                    .tokens
                    .get(end + 1)
                    .is_some_and(|t| t.kind == Kind::Digits)
        {
            if let Some(upper) = self
                .number_at(end + 1, currency.is_some())
                .filter(|u| u.value.is_some() && !u.article)
            {
                let (low, high) = (value.unwrap_or(0.0), upper.value.unwrap_or(0.0));
                if high > low {
                    range_max = Some(high);
                    qualifier = Qualifier::Range;
                    end = upper.end;
                }
            }
        }
        if qualifier == Qualifier::Range && range_max.is_none() {
            return None;
        }
        // "two and a half hours"
        if value.is_some()
            && self.matches(end, &["and", "a", "half"])
            && self.time_unit(end + 3).is_some()
        {
            value = value.map(|v| v + 0.5);
            end += 3;
        }
        let scaled = |v: f64, base: f64| v * base;
        let interval_of = |base: f64, qualifier: Qualifier, value: Option<f64>| -> Interval {
            match (number.vague, value) {
                (Some((min, max)), _) => Interval {
                    min: min * base,
                    max: Some(max * base),
                },
                (None, Some(v)) => interval(
                    scaled(v, base),
                    range_max.map(|m| scaled(m, base)),
                    qualifier,
                ),
                (None, None) => Interval {
                    min: 0.0,
                    max: None,
                },
            }
        };

        if let Some(code) = currency {
            let money_end = end;
            let noun = self.noun_after_preposition(money_end);
            return self.found(
                i,
                money_end,
                QuantityKind::Money,
                qualifier,
                value,
                Some(code.into()),
                interval_of(1.0, qualifier, value),
                noun,
            );
        }
        if let Some(percent_end) = self.percent_at(end) {
            let noun = self.noun_after_preposition(percent_end);
            return self.found(
                i,
                percent_end,
                QuantityKind::Percent,
                qualifier,
                value,
                Some("percent".into()),
                interval_of(1.0, qualifier, value),
                noun,
            );
        }
        // Units: "five hours", "five-hour", "an hour and a half", "25-year-old".
        let hyphenated = self
            .tokens
            .get(end)
            .is_some_and(|t| t.is_hyphen() && !t.spaced);
        let unit_at = if hyphenated { end + 1 } else { end };
        let ordinal_second = number.article && self.word(unit_at) == "second";
        if let Some((unit, seconds)) = self.time_unit(unit_at).filter(|_| !ordinal_second) {
            let mut unit_end = unit_at + 1;
            if value.is_some() && self.matches(unit_end, &["and", "a", "half"]) {
                value = value.map(|v| v + 0.5);
                unit_end += 3;
            }
            if matches!(
                self.word(unit_end),
                "ago" | "later" | "earlier" | "before" | "after"
            ) {
                return None; // a time relation, not a duration claim
            }
            let glued_suffix = |word: &str| {
                self.tokens
                    .get(unit_end)
                    .is_some_and(|t| t.is_hyphen() && !t.spaced)
                    && self.word(unit_end + 1) == word
            };
            if unit == "year" && glued_suffix("old") {
                unit_end += 2;
                let noun = self.noun_after(unit_end, None).map(|(n, _)| n);
                return self.found(
                    i,
                    unit_end,
                    QuantityKind::Age,
                    qualifier,
                    value,
                    Some("year".into()),
                    interval_of(1.0, qualifier, value),
                    noun,
                );
            }
            if glued_suffix("long") {
                unit_end += 2;
            }
            let noun = if hyphenated {
                self.noun_after(unit_end, None).map(|(n, _)| n)
            } else {
                self.noun_after_preposition(unit_end)
            }
            .or_else(|| self.duration_subject(i));
            return self.found(
                i,
                unit_end,
                QuantityKind::Duration,
                qualifier,
                value,
                Some(unit.into()),
                interval_of(seconds, qualifier, value),
                noun,
            );
        }
        if let Some((_, unit, metres)) =
            LENGTH_UNITS.iter().find(|(w, ..)| *w == self.word(unit_at))
        {
            let length_end = unit_at + 1;
            let noun = if hyphenated {
                self.noun_after(length_end, None).map(|(n, _)| n)
            } else {
                None
            };
            return self.found(
                i,
                length_end,
                QuantityKind::Length,
                qualifier,
                value,
                Some((*unit).into()),
                interval_of(*metres, qualifier, value),
                noun,
            );
        }
        if let Some((_, code)) = CURRENCY_WORDS.iter().find(|(w, _)| *w == self.word(end)) {
            let money_end = end + 1;
            let noun = self.noun_after_preposition(money_end);
            return self.found(
                i,
                money_end,
                QuantityKind::Money,
                qualifier,
                value,
                Some((*code).into()),
                interval_of(1.0, qualifier, value),
                noun,
            );
        }
        if number.article || value == Some(0.5) && !number.digits {
            return None;
        }
        if number.digits
            && number.vague.is_none()
            && range_max.is_none()
            && self.is_not_a_quantity(at_number, &number)
        {
            return None;
        }
        // "or more", "plus"
        if qualifier == Qualifier::Exact
            && (self.matches(end, &["or", "more"]) || self.word(end) == "plus")
        {
            qualifier = Qualifier::AtLeast;
            end += if self.word(end) == "plus" { 1 } else { 2 };
        }
        match self.noun_after(end, value) {
            Some((noun, noun_end)) => self.found(
                i,
                noun_end,
                QuantityKind::Count,
                qualifier,
                value,
                None,
                interval_of(1.0, qualifier, value),
                Some(noun),
            ),
            // A spelled-out or vague number with nothing counted is prose ("one of them", "several said").
            None if number.digits => self.found(
                i,
                end,
                QuantityKind::Number,
                qualifier,
                value,
                None,
                interval_of(1.0, qualifier, value),
                None,
            ),
            None => None,
        }
    }

    /// The quantity spanning tokens `first..end`, and the token to read on from.
    #[allow(clippy::too_many_arguments)]
    fn found(
        &self,
        first: usize,
        end: usize,
        kind: QuantityKind,
        qualifier: Qualifier,
        value: Option<f64>,
        unit: Option<String>,
        interval: Interval,
        noun: Option<String>,
    ) -> Option<(Quantity, usize)> {
        let start = self.tokens[first].start;
        let stop = self.tokens[end - 1].end;
        let quantity = Quantity {
            start,
            end: stop,
            text: self.text[start..stop].to_string(),
            kind,
            qualifier,
            value,
            unit,
            interval,
            noun,
        };
        Some((quantity, end))
    }
}

/// The interval a qualified value allows.
fn interval(value: f64, range_max: Option<f64>, qualifier: Qualifier) -> Interval {
    let (min, max) = match qualifier {
        Qualifier::Exact | Qualifier::Vague => (value, Some(value)),
        Qualifier::About => (value * 0.85, Some(value * 1.15)),
        Qualifier::MoreThan | Qualifier::AtLeast => (value, None),
        Qualifier::Almost => (value * 0.8, Some(value)),
        Qualifier::LessThan | Qualifier::AtMost => (0.0, Some(value)),
        Qualifier::Range => (value, range_max.or(Some(value))),
    };
    Interval { min, max }
}

/// "1,200" → 1200, "3.5" → 3.5, "1.200.000" → 1200000, "2,5" → 2.5 (a decimal comma).
fn parse_digits(text: &str) -> Option<f64> {
    let commas = text.matches(',').count();
    let dots = text.matches('.').count();
    let cleaned: String = if dots > 1 {
        text.replace('.', "").replace(',', ".")
    } else if commas == 1
        && dots == 0
        && text.rsplit(',').next().is_some_and(|tail| tail.len() != 3)
    {
        text.replace(',', ".")
    } else {
        text.replace(',', "")
    };
    cleaned.parse().ok()
}

#[cfg(test)]
mod tests;
