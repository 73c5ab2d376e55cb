//! Pipeline stage 2 — analyze: an article's text in, typed analysis out.
//!
//! Pure and deterministic: no I/O, no global state. An [`Analyzer`] holds the immutable resources (stop words,
//! stemmers) built once; [`Analyzer::analyze`] can then run on many threads at once.

mod entities;
mod gazetteer;
mod language;
mod temporal;
mod tokens;

pub use entities::{canonical_key, rank_spellings, DocEntity};
pub use language::identify_language;
pub use temporal::{dateline, DateMention};
pub use tokens::{words, Word};

use rustc_hash::{FxHashMap, FxHashSet};
use storyline_model::Article;

/// How many words of the body count as its lead.
const LEAD_WORDS: usize = 60;

/// One term (a stem) and where in the article it occurs.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TermCount {
    pub term: String,
    /// The word as the article first wrote it (lower case) when it differs from the stem; shown to people.
    pub word: Option<String>,
    pub title: u32,
    pub lead: u32,
    pub body: u32,
}

impl TermCount {
    /// The word to show people for this term.
    pub fn display(&self) -> &str {
        self.word.as_deref().unwrap_or(&self.term)
    }
}

/// Everything the later stages need to know about one article's text. Serialisable so that a worker can analyse
/// an article and another process cluster it (`storyline worker`).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Analysis {
    /// ISO 639-1 code (or 639-3 where no two-letter code exists); `None` when the text is too short to tell.
    pub language: Option<String>,
    /// Content terms (stems, stop words removed), sorted by term.
    pub terms: Vec<TermCount>,
    /// Named entities, canonicalised within the article, sorted by key.
    pub entities: Vec<DocEntity>,
    /// Years mentioned in the title or text with how often, sorted by year.
    pub years: Vec<(i32, u32)>,
    /// Explicit calendar dates mentioned ("25 April 2019", "2019-04-25"), sorted, with duplicates removed.
    pub dates: Vec<DateMention>,
    /// The publication day the article states in its header (URL or date line), if any.
    pub dateline: Option<chrono::NaiveDate>,
}

/// Immutable analysis resources; build once, share across threads.
pub struct Analyzer {
    stop_words: FxHashMap<&'static str, FxHashSet<&'static str>>,
    english_stop: FxHashSet<&'static str>,
    recogniser: entities::Recogniser,
}

impl Default for Analyzer {
    fn default() -> Self {
        Self::new()
    }
}

impl Analyzer {
    pub fn new() -> Self {
        let mut stop_words = FxHashMap::default();
        for code in language::STEMMED_LANGUAGES {
            if let Some(words) = stop_words::lookup(code) {
                stop_words.insert(*code, words.iter().copied().collect());
            }
        }
        let english_stop = stop_words.get("en").cloned().unwrap_or_default();
        Analyzer {
            stop_words,
            english_stop,
            recogniser: entities::Recogniser::new(),
        }
    }

    /// Analyses one article. The language is the article's own when given, else identified from the text.
    pub fn analyze(&self, article: &Article) -> Analysis {
        let language = article
            .language
            .clone()
            .or_else(|| identify_language(&article.text).map(str::to_string));
        let code = language.as_deref().unwrap_or("en");
        let stemmer = language::stemmer_for(code);
        let stop = self.stop_words.get(code).unwrap_or(&self.english_stop);

        let headline = headline_words(&article.title);
        let title_words = words(&headline);
        let body_words = words(&article.text);
        // Each distinct spelling is lower-cased, checked against the stop words and stemmed once per article:
        // news repeats its words, and stemming was the largest cost of this loop.
        let mut terms: Vec<TermCount> = Vec::new();
        let mut term_of_stem: FxHashMap<String, usize> = FxHashMap::default();
        let mut term_of_spelling: FxHashMap<&str, Option<usize>> = FxHashMap::default();
        let mut term_index = |spelling: &str| -> Option<usize> {
            let lowered: String = spelling.chars().flat_map(char::to_lowercase).collect();
            if lowered.chars().nth(1).is_none()
                || lowered.chars().all(char::is_numeric)
                || stop.contains(lowered.as_str())
            {
                return None;
            }
            let stem = match &stemmer {
                Some(stemmer) => stemmer.stem(&lowered).into_owned(),
                None => lowered.clone(),
            };
            let index = match term_of_stem.get(stem.as_str()) {
                Some(&index) => index,
                None => {
                    terms.push(TermCount {
                        word: (stem != lowered).then_some(lowered),
                        term: stem.clone(),
                        title: 0,
                        lead: 0,
                        body: 0,
                    });
                    term_of_stem.insert(stem, terms.len() - 1);
                    terms.len() - 1
                }
            };
            Some(index)
        };
        let zones = title_words.iter().map(|word| (word, 0)).chain(
            body_words
                .iter()
                .enumerate()
                .map(|(index, word)| (word, if index < LEAD_WORDS { 1 } else { 2 })),
        );
        let mut hits: Vec<(usize, u8)> = Vec::with_capacity(title_words.len() + body_words.len());
        for (word, zone) in zones {
            let index = *term_of_spelling
                .entry(word.text)
                .or_insert_with(|| term_index(word.text));
            if let Some(index) = index {
                hits.push((index, zone));
            }
        }
        for (index, zone) in hits {
            let entry = &mut terms[index];
            match zone {
                0 => entry.title += 1,
                1 => {
                    entry.lead += 1;
                    entry.body += 1;
                }
                _ => entry.body += 1,
            }
        }
        terms.sort_unstable_by(|a, b| a.term.cmp(&b.term));

        let entities = self
            .recogniser
            .recognise(&article.title, &article.text, &body_words, stop);
        let years = temporal::years(&title_words, &body_words);
        let dates = temporal::dates_in(&[&title_words, &body_words]);
        Analysis {
            language,
            terms,
            entities,
            years,
            dates,
            dateline: temporal::dateline(&article.title, &article.text),
        }
    }
}

/// The words of a title that say what the story is. A title that is a web address (some sources give one,
/// at times spaced out: "http: / / www. site. com / 2013 / 09 / climber - dies") speaks only through its path:
/// the scheme, the host and the query are the site's words, not the story's, and would tie together every
/// page of one site.
fn headline_words(title: &str) -> std::borrow::Cow<'_, str> {
    let compact: String = title.split_whitespace().collect();
    let lower = compact.to_ascii_lowercase();
    let rest = ["https://", "http://", "www."]
        .iter()
        .find_map(|prefix| lower.starts_with(prefix).then(|| &compact[prefix.len()..]));
    let Some(rest) = rest else {
        return std::borrow::Cow::Borrowed(title);
    };
    let path = rest.split_once('/').map_or("", |(_host, path)| path);
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let spaced: String = path
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    std::borrow::Cow::Owned(spaced)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(title: &str, text: &str) -> Article {
        Article::new("a", title, text)
    }

    #[test]
    fn terms_are_stemmed_without_stop_words_and_counted_by_zone() {
        let analyzer = Analyzer::new();
        let analysis = analyzer.analyze(&article(
            "Leaders meeting in Vladivostok",
            "The leaders met and were meeting again for talks. The talks ended late in the evening after many hours.",
        ));
        assert_eq!(analysis.language.as_deref(), Some("en"));
        let find = |t: &str| analysis.terms.iter().find(|c| c.term == t).cloned();
        let leader = find("leader").expect("leaders is stemmed to leader");
        assert_eq!((leader.title, leader.lead, leader.body), (1, 1, 1));
        assert_eq!(find("talk").unwrap().body, 2);
        assert!(find("the").is_none() && find("and").is_none());
        assert!(analysis.terms.windows(2).all(|w| w[0].term < w[1].term));
    }

    #[test]
    fn a_title_that_is_a_web_address_counts_only_its_path_words() {
        let analyzer = Analyzer::new();
        let text = "A climber died on the north face of the peak on Sunday, rescuers said.";
        for title in [
            "http: / / www. alpnews. example. com / 2013 / 09 / climber - dies - on - peak? ref=rss",
            "https://alpnews.example.com/2013/09/climber-dies-on-peak#top",
        ] {
            let analysis = analyzer.analyze(&article(title, text));
            let in_title = |t: &str| analysis.terms.iter().any(|c| c.term == t && c.title > 0);
            assert!(in_title("climber") && in_title("peak"), "{title}");
            for site_word in ["http", "https", "www", "alpnew", "alpnews", "exampl", "com", "ref", "rss", "top"] {
                assert!(!in_title(site_word), "{site_word} in {title}");
            }
        }
        // An ordinary headline keeps all its words.
        let analysis = analyzer.analyze(&article("Climber dies on Alpine peak", text));
        assert!(analysis
            .terms
            .iter()
            .any(|c| c.term == "alpin" && c.title == 1));
    }

    #[test]
    fn other_languages_use_their_own_stemmer_and_stop_words() {
        let analyzer = Analyzer::new();
        let analysis = analyzer.analyze(&article(
            "Los presidentes se reunieron",
            "Los presidentes de los dos países se reunieron el miércoles en la ciudad para hablar de la economía y de las relaciones entre los dos gobiernos.",
        ));
        assert_eq!(analysis.language.as_deref(), Some("es"));
        assert!(analysis
            .terms
            .iter()
            .all(|t| t.term != "los" && t.term != "de"));
        assert!(analysis.terms.iter().any(|t| t.term == "president"));
    }
}
