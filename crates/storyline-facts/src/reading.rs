//! What the fact sheet reads in one article: its sentences, time expressions, quantities and quotes, with every
//! span in byte offsets of the article's text (the crates that find them count in code points or bytes; the
//! sheet works in one unit only).

use crate::near::StopWords;
use chrono::NaiveDate;
use storyline_model::Article;
use storyline_numbers::{find_quantities, Quantity};
use storyline_quotes::{find_quotes_and_sentences, Quote, Span};
use storyline_timex::{Language, Tagger, Timex};

/// One article's text, read.
#[derive(Clone, Debug, Default)]
pub struct Reading {
    /// Sentences in text order, as byte spans; quotations stay whole inside their sentence.
    pub sentences: Vec<Span>,
    /// Time expressions resolved against the article's publication day, byte offsets; none when the article
    /// has no publication date or its language has no time grammar.
    pub times: Vec<Timex>,
    /// Durations, counts, amounts and other quantities, byte offsets.
    pub quantities: Vec<Quantity>,
    /// Direct and indirect quotes (byte spans, as the quote finder gives them).
    pub quotes: Vec<Quote>,
}

impl Reading {
    /// The index of the sentence that holds byte `offset`, if any.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let index = self.sentences.partition_point(|s| s.end <= offset);
        (index < self.sentences.len() && self.sentences[index].start <= offset).then_some(index)
    }
}

/// Reads articles; holds one time tagger per language it knows, built once. Share it across threads.
pub struct Reader {
    taggers: Vec<Tagger>,
    pub(crate) stop_words: StopWords,
}

impl Default for Reader {
    fn default() -> Self {
        Self::new()
    }
}

impl Reader {
    pub fn new() -> Self {
        let languages = [
            Language::English,
            Language::German,
            Language::French,
            Language::Spanish,
            Language::Italian,
            Language::Dutch,
        ];
        Reader {
            taggers: languages.into_iter().map(Tagger::new).collect(),
            stop_words: StopWords::new(),
        }
    }

    /// Reads one article. Time expressions are resolved against its publication day, else against `dateline`
    /// (the day its header states, as the analysis found it), else not at all.
    pub fn read(&self, article: &Article, dateline: Option<NaiveDate>) -> Reading {
        let text = article.text.as_str();
        let (quotes, sentences) = find_quotes_and_sentences(text);
        let mut quantities = find_quantities(text);
        let publication_day: Option<NaiveDate> = article.published.map(|p| p.date).or(dateline);
        let language = article
            .language
            .as_deref()
            .and_then(Language::from_code)
            .unwrap_or(Language::English);
        let mut times = match (publication_day, self.tagger(language)) {
            (Some(day), Some(tagger)) => tagger.tag(text, day),
            _ => Vec::new(),
        };
        let bytes = ByteOffsets::new(text);
        for quantity in &mut quantities {
            quantity.start = bytes.of(quantity.start);
            quantity.end = bytes.of(quantity.end);
        }
        for time in &mut times {
            time.start = bytes.of(time.start);
            time.end = bytes.of(time.end);
        }
        Reading {
            sentences,
            times,
            quantities,
            quotes,
        }
    }

    fn tagger(&self, language: Language) -> Option<&Tagger> {
        self.taggers.iter().find(|t| t.language() == language)
    }
}

/// Code point offset → byte offset for one text.
struct ByteOffsets {
    /// The byte offset of every code point, and the text's length at the end.
    starts: Vec<usize>,
}

impl ByteOffsets {
    fn new(text: &str) -> Self {
        let mut starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        starts.push(text.len());
        ByteOffsets { starts }
    }

    fn of(&self, code_point: usize) -> usize {
        self.starts
            .get(code_point)
            .copied()
            .unwrap_or_else(|| *self.starts.last().unwrap_or(&0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_byte_offsets_into_the_text() {
        let mut article = Article::new(
            "a",
            "Talks",
            "Über Nacht: the talks in Vladivostok lasted three and a half hours on Wednesday. Putin said \"it was useful\".",
        );
        article.published = Some("2019-04-26".parse().unwrap());
        article.language = Some("en".into());
        let reading = Reader::new().read(&article, None);
        let text = &article.text;
        assert_eq!(reading.sentences.len(), 2);
        let duration = &reading.quantities[0];
        assert_eq!(&text[duration.start..duration.end], duration.text);
        let wednesday = reading
            .times
            .iter()
            .find(|t| t.text == "Wednesday")
            .unwrap();
        assert_eq!(&text[wednesday.start..wednesday.end], "Wednesday");
        assert_eq!(wednesday.timeml_value(), "2019-04-24");
        assert_eq!(reading.sentence_at(wednesday.start), Some(0));
        let quote = &reading.quotes[0];
        assert_eq!(reading.sentence_at(quote.content.start), Some(1));
    }

    #[test]
    fn without_a_publication_date_times_resolve_against_the_dateline() {
        let article = Article::new(
            "b",
            "Summit",
            "The two leaders met on Thursday in Vladivostok.",
        );
        let reader = Reader::new();
        assert!(reader.read(&article, None).times.is_empty());
        let dateline = "2019-04-25".parse().ok();
        let reading = reader.read(&article, dateline);
        assert_eq!(reading.times[0].timeml_value(), "2019-04-25");
    }
}
