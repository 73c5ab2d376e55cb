//! Time expressions in news text, tagged and normalised TimeML-style (TIMEX3 types DATE, TIME, DURATION, SET)
//! against the document's creation time (DCT).
//!
//! Pure: text and a day in, typed expressions out. A [`Tagger`] holds the word table of one language and is
//! built once and shared; [`tag`] is the English shortcut.
//!
//! Anchoring follows news usage, measured on TimeBank and AQUAINT (see ARCHITECTURE.md): a bare weekday is the
//! latest such day on or before the DCT unless the sentence announces the future ("will", "next", "scheduled"),
//! then the first on or after it; a month and day without a year is the occurrence nearest to the DCT, the
//! distance on the side of the sentence's tense shortened (a past form's to a third, a future cue's to half);
//! a clock time without a day falls on the day the text last named; "the quarter" of financial news is the last
//! completed quarter, and "a year earlier" the completed quarter the report named, a year before.

mod grammar;
mod lexicon;
mod tokens;
mod value;

pub use lexicon::Language;
pub use value::{DayPart, Kind, Recurrence, Reference, Season, Unit, Value};

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::ser::SerializeStruct;

/// One time expression found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timex {
    /// Offsets in Unicode code points (not bytes) into the tagged text, end exclusive.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub value: Value,
}

impl Timex {
    pub fn kind(&self) -> Kind {
        self.value.kind()
    }

    /// The TimeML `value` attribute ("2019-04-24", "1998-W02", "P2M", "XXXX-WXX-1", "PRESENT_REF" …).
    pub fn timeml_value(&self) -> String {
        self.value.to_string()
    }

    /// The calendar days the expression covers, first and last inclusive (none for durations, sets and vague
    /// references).
    pub fn interval(&self) -> Option<(NaiveDate, NaiveDate)> {
        self.value.interval()
    }
}

/// Serialised as `{start, end, text, type, value}` with the TimeML value string.
impl serde::Serialize for Timex {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut record = serializer.serialize_struct("Timex", 5)?;
        record.serialize_field("start", &self.start)?;
        record.serialize_field("end", &self.end)?;
        record.serialize_field("text", &self.text)?;
        record.serialize_field("type", &self.kind())?;
        record.serialize_field("value", &self.timeml_value())?;
        record.end()
    }
}

/// A time tagger for one language. Build once, share freely (it holds an immutable word table).
pub struct Tagger {
    language: Language,
    lexicon: FxHashMap<&'static str, lexicon::Lex>,
}

impl Tagger {
    pub fn new(language: Language) -> Self {
        Tagger {
            language,
            lexicon: lexicon::lexicon(language),
        }
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// The time expressions of `text`, in text order, without overlaps, resolved against `dct`.
    pub fn tag(&self, text: &str, dct: NaiveDate) -> Vec<Timex> {
        grammar::scan(self, text, dct)
    }
}

/// Tags English text; builds the word table each call, so a caller tagging many texts should keep a [`Tagger`].
pub fn tag(text: &str, dct: NaiveDate) -> Vec<Timex> {
    Tagger::new(Language::English).tag(text, dct)
}

#[cfg(test)]
mod tests;
