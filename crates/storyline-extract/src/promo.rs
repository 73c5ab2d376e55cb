//! Promotional and call-to-action lines left in article texts ("Subscribe to our newsletter", "We pay for your
//! stories! Call us", "Support us with crypto"), in English and the main European languages.
//!
//! A line is removed only when it is short, addresses the reader with one of the phrases below (or is a bare
//! label such as "Advertisement"), and does not report speech: a news sentence that mentions subscribers, a
//! newsletter or a donation is news. Removed lines are kept on the article for auditing.

use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

/// Longer lines are prose, whatever they contain.
const MAX_WORDS: usize = 45;

/// Lines that are nothing but a label.
const LABELS: &[&str] = &[
    "advertisement",
    "advert",
    "ad",
    "ads",
    "sponsored",
    "sponsored content",
    "anzeige",
    "werbung",
    "publicité",
    "publicidad",
    "pubblicità",
    "publicidade",
    "реклама",
    "subscribe",
    "share",
    "share this",
    "share this article",
    "comments",
    "read more",
    "continue reading",
    "related",
    "related articles",
    "related stories",
    "weiterlesen",
    "lire la suite",
    "leer más",
    "leia mais",
    "continua a leggere",
    "читать далее",
    "this slideshow requires javascript",
];

/// Phrases that address the reader with a call to action. Lowercase; matched inside the line.
const CALLS_TO_ACTION: &[&str] = &[
    // English
    "subscribe to our",
    "subscribe now",
    "subscribe today",
    "subscribe for ",
    "subscribe to the ",
    "sign up for our",
    "sign up to our",
    "sign up for the",
    "sign up now",
    "sign up here",
    "our newsletter",
    "our newsletters",
    "'s newsletters",
    "’s newsletters",
    "right in your inbox",
    "straight to your inbox",
    "follow us on",
    "follow us @",
    "like us on facebook",
    "follow her on",
    "follow him on",
    "share this article",
    "share this story",
    "share on facebook",
    "click here",
    "tap here",
    "download our app",
    "download the app",
    "support us",
    "support our journalism",
    "support independent journalism",
    "donate now",
    "make a donation",
    "become a member",
    "become a patron",
    "we pay for your",
    "send us your",
    "got a story",
    "have a tip?",
    "got a tip",
    "call us on",
    "call us at",
    "whatsapp us",
    "with crypto",
    "in bitcoin",
    "keep our newspaper alive",
    "click to upload",
    "upload your",
    "tell us what you think",
    "join the conversation",
    "leave a comment",
    "read more:",
    "also read:",
    "related:",
    "recommended for you",
    "you may also like",
    "don't miss:",
    "enable javascript",
    "requires javascript",
    // German
    "abonnieren sie",
    "jetzt abonnieren",
    "newsletter abonnieren",
    "zum newsletter",
    "melden sie sich jetzt",
    "folgen sie uns",
    "teilen sie diesen",
    "klicken sie hier",
    "hier klicken",
    "unterstützen sie uns",
    "unterstützen sie unseren",
    "lesen sie auch",
    "mehr zum thema:",
    "laden sie unsere app",
    // French
    "abonnez-vous",
    "inscrivez-vous",
    "notre newsletter",
    "notre lettre d'information",
    "suivez-nous",
    "partagez cet article",
    "cliquez ici",
    "soutenez-nous",
    "faites un don",
    "lire aussi",
    "téléchargez notre application",
    // Spanish
    "suscríbete",
    "suscribete",
    "suscríbase",
    "regístrate",
    "nuestro boletín",
    "síguenos",
    "siguenos",
    "comparte este",
    "haz clic",
    "haga clic",
    "pulsa aquí",
    "apóyanos",
    "apoya nuestro periodismo",
    "dona ahora",
    "lee también",
    "lea también",
    "te puede interesar",
    "descarga nuestra app",
    // Italian
    "iscriviti",
    "abbonati",
    "seguici",
    "condividi questo",
    "clicca qui",
    "sostienici",
    "leggi anche",
    // Portuguese
    "assine a nossa",
    "assine já",
    "inscreva-se",
    "siga-nos",
    "clique aqui",
    "leia também",
    "compartilhe",
    // Dutch
    "abonneer je",
    "schrijf je in",
    "volg ons",
    "klik hier",
    "lees ook",
    "steun ons",
    // Russian
    "подпишитесь",
    "подписывайтесь",
    "следите за нами",
    "поделитесь",
    "нажмите здесь",
    "поддержите нас",
    "читайте также",
    "присоединяйтесь к нам",
];

/// Words that report speech: a line with one is a sentence about someone, not to the reader.
const REPORTING: &[&str] = &[
    " said",
    " says",
    " told ",
    "according to",
    " sagte",
    " sagt ",
    " erklärte",
    " a déclaré",
    " a dit",
    " selon ",
    " dijo",
    " afirmó",
    " según ",
    " ha detto",
    " disse",
    " zei ",
    " заявил",
    " сказал",
    " сообщил",
];

/// The phrase lists as automata, built once (immutable) and shared by all threads.
static CALL_TO_ACTION_MATCHER: LazyLock<AhoCorasick> =
    LazyLock::new(|| AhoCorasick::new(CALLS_TO_ACTION).expect("fixed phrase list"));
static REPORTING_MATCHER: LazyLock<AhoCorasick> =
    LazyLock::new(|| AhoCorasick::new(REPORTING).expect("fixed phrase list"));

fn is_promotional(line: &str) -> bool {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.split_whitespace().count() > MAX_WORDS {
        return false;
    }
    if trimmed.starts_with(['"', '“', '„', '«', '‘']) {
        return false;
    }
    let lower = trimmed.to_lowercase();
    let bare = lower.trim_matches(|c: char| !c.is_alphanumeric());
    if LABELS.contains(&bare) {
        return true;
    }
    let padded = format!(" {lower}");
    CALL_TO_ACTION_MATCHER.is_match(&padded) && !REPORTING_MATCHER.is_match(&padded)
}

/// The text without its promotional lines, and those lines in order.
pub fn strip_promotional_lines(text: &str) -> (String, Vec<String>) {
    let mut removed = Vec::new();
    let mut kept = String::with_capacity(text.len());
    for line in text.split('\n') {
        if is_promotional(line) {
            removed.push(line.trim().to_string());
            continue;
        }
        kept.push_str(line);
        kept.push('\n');
    }
    if removed.is_empty() {
        return (text.to_string(), removed);
    }
    (crate::clean_text(&kept), removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_to_action_go_in_several_languages() {
        for line in [
            "We pay for your stories! Got a video? Call us on 0800 123 456",
            "Support us with crypto to keep our newspaper alive",
            "Click here to upload your photos",
            "Subscribe to our newsletter for the latest headlines.",
            "Follow us on Twitter and Facebook",
            "Share this article",
            "ADVERTISEMENT",
            "Abonnieren Sie unseren Newsletter",
            "Abonnez-vous à notre newsletter",
            "Suscríbete a nuestro boletín",
            "Подпишитесь на наш канал",
        ] {
            assert!(is_promotional(line), "{line}");
        }
    }

    #[test]
    fn news_about_subscribers_newsletters_and_donations_stays() {
        for line in [
            "Netflix added 2.4 million subscribers in the quarter, the company said on Tuesday.",
            "The streaming service now has more subscribers than any cable network.",
            "\"Subscribe to our channel,\" the suspect told followers before the attack.",
            "The ministry's newsletter, published weekly since 1998, was discontinued.",
            "Donations to the relief fund reached $3 million by Friday, organisers said.",
            "Users who click here are sent to a fake bank page, according to the police.",
            "Die Zeitung hat nach eigenen Angaben 40.000 Abonnenten verloren.",
            "Le journal a perdu 40 000 abonnés en un an.",
        ] {
            assert!(!is_promotional(line), "{line}");
        }
    }

    #[test]
    fn removed_lines_are_returned_in_order_and_the_rest_is_intact() {
        let text = "First paragraph of the story.\n\nSubscribe now for $1 a week\n\nSecond paragraph.\nFollow us on Instagram";
        let (kept, removed) = strip_promotional_lines(text);
        assert_eq!(kept, "First paragraph of the story.\n\nSecond paragraph.");
        assert_eq!(
            removed,
            ["Subscribe now for $1 a week", "Follow us on Instagram"]
        );
        let (same, none) = strip_promotional_lines("Nothing to remove here.");
        assert_eq!((same.as_str(), none.len()), ("Nothing to remove here.", 0));
    }
}
