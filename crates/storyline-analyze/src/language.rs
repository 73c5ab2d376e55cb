//! Language identification (whatlang) and the matching Snowball stemmer.

use rust_stemmers::{Algorithm, Stemmer};

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
/// was the largest single cost of analysis at 2,000.
pub fn identify_language(text: &str) -> Option<&'static str> {
    let sample_end = text
        .char_indices()
        .nth(600)
        .map_or(text.len(), |(index, _)| index);
    let info = whatlang::detect(&text[..sample_end])?;
    if !info.is_reliable() && info.confidence() < 0.5 {
        return None;
    }
    Some(iso_639_1(info.lang()))
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
    fn too_little_text_is_not_guessed() {
        assert_eq!(identify_language(""), None);
        assert_eq!(identify_language("42"), None);
    }
}
