//! Language identification (whatlang) and the matching Snowball stemmer.

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// Languages with a Snowball stemmer, by ISO 639-1 code.
pub(crate) const STEMMED_LANGUAGES: &[&str] = &[
    "ar", "da", "nl", "en", "fi", "fr", "de", "el", "hu", "it", "no", "pt", "ro", "ru", "es", "sv",
    "ta", "tr",
];

pub(crate) fn stemmer_for(code: &str) -> Option<Stemmer> {
    let algorithm = match code {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "no" | "nb" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// The text's language as an ISO 639-1 code, when the identifier is reliable about it.
/// Only the first 600 characters (about a hundred words) are read: enough to decide, and the trigram scoring
/// was the largest single cost of analysis at 2,000. Text that is plainly in one of the common news languages
/// (see [`by_function_words`]) skips the trigram scoring, which costs the same on every text.
pub fn identify_language(text: &str) -> Option<&'static str> {
    let sample_end = text
        .char_indices()
        .nth(600)
        .map_or(text.len(), |(index, _)| index);
    let sample = &text[..sample_end];
    if let Some(code) = by_function_words(sample) {
        return Some(code);
    }
    let info = whatlang::detect(sample)?;
    if !info.is_reliable() && info.confidence() < 0.5 {
        return None;
    }
    Some(iso_639_1(info.lang()))
}

/// Frequent function words that belong to one language only among these (no word is in two lists). The last
/// two lists hold Catalan's and Afrikaans's own words: those neighbours share many words with Spanish and
/// Dutch, so text that uses them is left to the trigram identifier.
const FUNCTION_WORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "the", "and", "of", "to", "was", "that", "with", "for", "he", "by", "from", "has",
            "have", "were", "are", "his", "this", "which", "after", "said", "been", "would",
            "their", "they", "will", "who", "its",
        ],
    ),
    (
        "de",
        &[
            "der", "und", "das", "ist", "nicht", "mit", "von", "den", "dem", "sich", "auch", "ein",
            "eine", "zu", "im", "auf", "für", "wurde", "sind", "bei", "nach", "aus", "hat", "wird",
            "sie",
        ],
    ),
    (
        "fr",
        &[
            "le", "les", "et", "est", "une", "du", "dans", "pour", "qui", "sur", "au", "avec",
            "pas", "ce", "sont", "aux", "été", "ont", "cette", "selon", "ses", "leur",
        ],
    ),
    (
        "es",
        &[
            "el", "los", "las", "y", "fue", "más", "pero", "sus", "también", "según", "hasta",
            "desde",
        ],
    ),
    (
        "it",
        &[
            "di", "che", "della", "sono", "gli", "nel", "alla", "è", "dei", "delle", "anche",
            "stato", "questo", "hanno", "dopo", "nella", "degli",
        ],
    ),
    (
        "nl",
        &[
            "het", "een", "dat", "op", "met", "voor", "niet", "zijn", "werd", "aan", "ook", "bij",
            "door", "naar", "heeft", "wordt", "hij",
        ],
    ),
    (
        "pt",
        &[
            "os", "em", "uma", "não", "foi", "ao", "pelo", "pela", "seu", "também", "após",
        ],
    ),
    (
        "",
        &[
            "amb", "els", "dels", "aquesta", "aquest", "seva", "pel", "nie", "vir", "hulle",
            "deur", "sê",
        ],
    ),
];

/// The language whose function words a sample is plainly written in: at least 12 of its words, and at least
/// five times as many as any other language's. `None` leaves the decision to the trigram identifier.
fn by_function_words(sample: &str) -> Option<&'static str> {
    static LANGUAGE_OF_WORD: LazyLock<FxHashMap<&'static str, usize>> = LazyLock::new(|| {
        FUNCTION_WORDS
            .iter()
            .enumerate()
            .flat_map(|(language, (_, words))| words.iter().map(move |word| (*word, language)))
            .collect()
    });
    let mut hits = [0usize; FUNCTION_WORDS.len()];
    let mut lowered = String::new();
    for word in sample
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && w.len() <= 8)
    {
        lowered.clear();
        if word.is_ascii() {
            lowered.push_str(word);
            lowered.make_ascii_lowercase();
        } else {
            lowered.extend(word.chars().flat_map(char::to_lowercase));
        }
        if let Some(&language) = LANGUAGE_OF_WORD.get(lowered.as_str()) {
            hits[language] += 1;
        }
    }
    let (best, &most) = hits.iter().enumerate().max_by_key(|(_, n)| **n)?;
    let runner_up = hits
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != best)
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(0);
    let code = FUNCTION_WORDS[best].0;
    (!code.is_empty() && most >= 12 && most >= 5 * runner_up).then_some(code)
}

fn iso_639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Eng => "en",
        Deu => "de",
        Fra => "fr",
        Spa => "es",
        Ita => "it",
        Nld => "nl",
        Por => "pt",
        Rus => "ru",
        Ukr => "uk",
        Pol => "pl",
        Ces => "cs",
        Slk => "sk",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Bul => "bg",
        Ron => "ro",
        Hun => "hu",
        Fin => "fi",
        Swe => "sv",
        Dan => "da",
        Nob => "no",
        Ell => "el",
        Tur => "tr",
        Ara => "ar",
        Heb => "he",
        Pes => "fa",
        Hin => "hi",
        Ben => "bn",
        Tam => "ta",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Vie => "vi",
        Tha => "th",
        Ind => "id",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Cat => "ca",
        Epo => "eo",
        Afr => "af",
        other => other.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifies_common_news_languages() {
        let samples = [
            ("en", "The two leaders met on Wednesday for talks that lasted several hours, officials said."),
            ("de", "Die beiden Staatschefs trafen sich am Mittwoch zu Gesprächen, die mehrere Stunden dauerten."),
            ("fr", "Les deux dirigeants se sont rencontrés mercredi pour des entretiens qui ont duré plusieurs heures."),
            ("ru", "Два лидера встретились в среду для переговоров, которые продлились несколько часов."),
        ];
        for (code, text) in samples {
            assert_eq!(identify_language(text), Some(code), "{text}");
        }
    }

    #[test]
    fn plain_text_in_a_common_language_skips_the_trigram_scoring() {
        let english = "The ferry left the harbour at dawn with more than two hundred passengers on board, and \
            the coast guard said that it was searching the area where the ship was last seen by the crew of a \
            fishing boat, which has been helping with the search since the early hours.";
        assert_eq!(by_function_words(english), Some("en"));
        let dutch = "De veerboot vertrok bij zonsopgang met meer dan tweehonderd passagiers aan boord, en de \
            kustwacht zei dat het gebied werd doorzocht waar het schip voor het laatst door de bemanning van \
            een vissersboot werd gezien, die sinds de vroege ochtend bij de zoektocht helpt. Hij heeft ook \
            gezegd dat het weer niet meewerkt.";
        assert_eq!(by_function_words(dutch), Some("nl"));
    }

    #[test]
    fn neighbours_and_mixed_text_are_left_to_the_trigram_identifier() {
        let catalan = "El vaixell va sortir del port a l'alba amb més de dues-centes persones, i els guardacostes \
            van dir que busquen a la zona on la tripulació d'un pesquer el va veure per última vegada, amb \
            l'ajuda dels veïns i de la seva gent, en aquesta costa i aquest port.";
        assert_eq!(by_function_words(catalan), None);
        assert_eq!(identify_language(catalan), Some("ca"));
        let mixed =
            "The minister said that the talks were over. Der Minister sagte, die Gespräche seien \
            vorbei und es gebe nichts mehr zu sagen, auch nicht nach dem Treffen mit den anderen.";
        assert_eq!(by_function_words(mixed), None);
        assert_eq!(
            by_function_words("the and of"),
            None,
            "too few words to be plain"
        );
    }

    #[test]
    fn too_little_text_is_not_guessed() {
        assert_eq!(identify_language(""), None);
        assert_eq!(identify_language("42"), None);
    }
}
