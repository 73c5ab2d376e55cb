//! A first named-entity recogniser: capitalised spans, titles stripped, canonicalised and aliased within the
//! article ("President Putin" and "Putin" join "Vladimir Putin").
//!
//! It is rule-based on purpose: it costs microseconds per article, needs no model download, and its keys are
//! what the clustering compares. Kinds are guessed from titles, name suffixes and a country list.

use crate::gazetteer::{Evidence, Gazetteer};
use crate::tokens::{is_joiner, Word};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;
use storyline_model::{EntityKind, Location};
use unicode_normalization::UnicodeNormalization;

/// An entity as one article mentions it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DocEntity {
    /// Canonical key: lower case, accents and dashes folded ("kim jong un").
    pub key: String,
    /// The fullest, most frequent spelling in the article.
    pub name: String,
    pub kind: EntityKind,
    /// ISO country code of a place the country list or the gazetteer knows.
    pub country: Option<String>,
    /// The gazetteer's place, for places it knows.
    pub location: Option<Arc<Location>>,
    /// Mentions, aliases included.
    pub count: u32,
    /// Mentions after a word that places something ("in", "near"): where things happen.
    #[serde(default)]
    pub located: u32,
    pub in_title: bool,
    /// Other spellings seen in the article, sorted.
    pub aliases: Vec<String>,
}

/// Orders spellings of one entity (with their mention counts) best first: the fullest (most words), then the
/// most mentioned, then alphabetical, so the display name is the same whatever the input order.
pub fn rank_spellings(spellings: &mut [(String, u32)]) {
    spellings.sort_by(|a, b| {
        b.0.split_whitespace()
            .count()
            .cmp(&a.0.split_whitespace().count())
            .then(b.1.cmp(&a.1))
            .then(a.0.cmp(&b.0))
    });
}

/// The canonical key of a name: "Kim Jong-un", "Kim Jong Un" and "KIM JONG–UN" give "kim jong un".
pub fn canonical_key(name: &str) -> String {
    // ASCII is its own compatibility decomposition: skip the normaliser, the costlier half of this function.
    if name.is_ascii() {
        canonical_ascii_key(name)
    } else {
        canonical_unicode_key(name)
    }
}

fn canonical_unicode_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    let mut pending_space = false;
    for c in name.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if pending_space && !key.is_empty() {
                key.push(' ');
            }
            pending_space = false;
            key.extend(c.to_lowercase());
        } else if c == '.' || c == '\'' || c == '\u{2019}' {
            // "U.S." is "us", "O'Neill" is "oneill".
        } else {
            pending_space = true;
        }
    }
    key
}

/// [`canonical_key`] for ASCII names: the same rules without decomposition.
fn canonical_ascii_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    let mut pending_space = false;
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() {
            if pending_space && !key.is_empty() {
                key.push(' ');
            }
            pending_space = false;
            key.push(char::from(byte.to_ascii_lowercase()));
        } else if byte != b'.' && byte != b'\'' {
            pending_space = true;
        }
    }
    key
}

/// Words that introduce a person's name and are not part of it.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "president",
    "vice",
    "prime",
    "minister",
    "premier",
    "chancellor",
    "secretary",
    "general",
    "gen",
    "senator",
    "sen",
    "rep",
    "representative",
    "governor",
    "gov",
    "mayor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "sir",
    "lord",
    "lady",
    "leader",
    "supreme",
    "chairman",
    "chairwoman",
    "chief",
    "ceo",
    "judge",
    "justice",
    "detective",
    "sergeant",
    "sgt",
    "lt",
    "lieutenant",
    "col",
    "colonel",
    "captain",
    "capt",
    "commander",
    "admiral",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "emperor",
    "sheikh",
    "rev",
    "reverend",
    "actress",
    "actor",
    "singer",
    "rapper",
    "coach",
    "director",
    "deputy",
    "foreign",
    "defence",
    "defense",
    "interior",
    "finance",
    "former",
    "officer",
    "constable",
    "inspector",
    "superintendent",
    "star",
    "comedian",
    "striker",
    "midfielder",
    "defender",
    "goalkeeper",
    "quarterback",
    "pitcher",
    "manager",
    "dictator",
    "comrade",
    "marshal",
];

/// Last words that make a span an organisation.
const ORG_SUFFIXES: &[&str] = &[
    "inc",
    "corp",
    "corporation",
    "co",
    "ltd",
    "llc",
    "plc",
    "ag",
    "gmbh",
    "sa",
    "company",
    "group",
    "bank",
    "university",
    "college",
    "school",
    "ministry",
    "department",
    "party",
    "council",
    "police",
    "agency",
    "association",
    "committee",
    "commission",
    "court",
    "office",
    "army",
    "navy",
    "force",
    "forces",
    "news",
    "times",
    "post",
    "press",
    "airlines",
    "airways",
    "institute",
    "foundation",
    "fund",
    "organization",
    "organisation",
    "union",
    "federation",
    "league",
    "club",
    "team",
    "service",
    "services",
    "network",
    "television",
    "tv",
    "radio",
    "hospital",
    "church",
    "parliament",
    "assembly",
    "senate",
    "congress",
    "government",
    "administration",
    "authority",
    "board",
    "bureau",
    "centre",
    "center",
    "guard",
    "media",
    "motors",
    "systems",
    "technologies",
    "labs",
    "records",
    "studios",
    "pictures",
    "reuters",
    "cabinet",
    "nations",
    "alliance",
    "coalition",
    "movement",
    "brigade",
    "command",
    "reporter",
    "weekly",
    "herald",
    "tribune",
    "journal",
    "gazette",
    "magazine",
    "entertainment",
    "foods",
    "channel",
    "fire",
    "advisors",
    "partners",
    "holdings",
    "industries",
    "conference",
];

/// First or last words that make a span a place.
const PLACE_PREFIXES: &[&str] = &[
    "mount", "mt", "lake", "river", "cape", "port", "fort", "gulf", "bay", "isle", "place", "rue",
    "avenue", "stade", "plaza", "piazza",
];
const PLACE_SUFFIXES: &[&str] = &[
    "street",
    "road",
    "avenue",
    "square",
    "island",
    "islands",
    "mountains",
    "mountain",
    "valley",
    "region",
    "province",
    "county",
    "city",
    "bay",
    "sea",
    "ocean",
    "river",
    "peninsula",
    "district",
    "state",
    "oblast",
    "krai",
    "territory",
    "airport",
    "station",
    "cosmodrome",
    "park",
    "beach",
    "coast",
    "desert",
    "strait",
    "canal",
    "bridge",
    "harbour",
    "harbor",
    "village",
    "town",
    "hills",
    "heights",
    "falls",
    "glacier",
    "theatre",
    "theater",
    "hotel",
    "arena",
    "stadium",
    "hall",
    "gardens",
    "ridge",
    "hut",
    "highway",
    "boulevard",
    "way",
    "drive",
    "gulf",
    "lane",
    "plaza",
    "mall",
    "prison",
    "precinct",
    "courthouse",
    "tower",
    "towers",
    "building",
    "store",
    "shop",
    "plant",
    "factory",
    "market",
    "mosque",
    "cathedral",
    "synagogue",
    "temple",
    "museum",
    "library",
    "terminal",
    "pier",
];

/// Head words of place names that name no place alone ("97th Avenue" leaves "Avenue"; "the Precinct"). Those
/// that are also surnames ("Park", "Hall", "Bridge") are not here.
const PLACE_NOUNS: &[&str] = &[
    "street",
    "road",
    "avenue",
    "square",
    "boulevard",
    "highway",
    "region",
    "province",
    "county",
    "district",
    "territory",
    "oblast",
    "krai",
    "airport",
    "station",
    "precinct",
    "courthouse",
    "building",
    "terminal",
    "prison",
];

/// Days of the week: capitalised, but a name they follow ends before them.
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Words that make a holiday of a weekday ("Good Friday", "Super Tuesday").
const HOLIDAY_WORDS: &[&str] = &[
    "good", "black", "holy", "ash", "super", "cyber", "easter", "palm", "maundy",
];

/// Small words that may sit inside a name ("Bank of England", "Ludwig van Beethoven").
const CONNECTORS: &[&str] = &[
    "of", "de", "del", "della", "di", "da", "du", "la", "le", "van", "von", "der", "den", "bin",
    "al", "el", "y",
];

/// Capitalised words that are never names on their own (and the weekdays).
const NOT_NAMES: &[&str] = &[
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
    "i",
    "ap",
    "afp",
    "am",
    "pm",
    "gmt",
    "utc",
    "bst",
    "est",
    "edt",
    "pst",
    "cet",
    "http",
    "https",
    "www",
    "com",
    "html",
    "mr",
    "mrs",
    "ms",
    "dr",
    "today",
    "yesterday",
    "tomorrow",
    "update",
    "updated",
    "photo",
    "video",
    "read",
    "more",
    "click",
    "advertisement",
    "related",
    "share",
    "comments",
    "copyright",
    "week",
    "weekend",
];

/// Function words that are capitalised only because they open a sentence ("The", "In"); stripped from the
/// front of a span. Not every stop word: "New" in "New Zealand" stays.
const LEADING_FUNCTION_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "for",
    "but",
    "and",
    "or",
    "if",
    "when",
    "while",
    "after",
    "before",
    "as",
    "by",
    "from",
    "to",
    "with",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "your",
    "he",
    "she",
    "it",
    "they",
    "we",
    "there",
    "here",
    "then",
    "so",
    "yet",
    "also",
    "however",
    "meanwhile",
    "according",
    "despite",
    "since",
    "until",
    "under",
    "over",
    "during",
    "about",
    "although",
    "though",
    "even",
    "still",
    "once",
    "whether",
    "unlike",
    "like",
    "without",
    "against",
    "amid",
    "among",
    "including",
    "because",
    "both",
    "many",
    "some",
    "several",
    "all",
    "every",
    "each",
    "no",
    "not",
    "now",
    "why",
    "how",
    "what",
    "who",
    "where",
    "which",
    "former",
    "late",
    "dear",
    "le",
    "la",
    "les",
    "der",
    "die",
    "das",
    "el",
    "los",
    "las",
    "il",
    "lo",
    "gli",
    "de",
    "het",
    "een",
];

/// Prepositions after which an unknown name is most likely a place.
const PLACE_PREPOSITIONS: &[&str] = &["in", "near", "outside", "across", "towards"];

struct Lists {
    titles: FxHashSet<&'static str>,
    org_suffixes: FxHashSet<&'static str>,
    place_prefixes: FxHashSet<&'static str>,
    place_suffixes: FxHashSet<&'static str>,
    connectors: FxHashSet<&'static str>,
    not_names: FxHashSet<&'static str>,
    place_prepositions: FxHashSet<&'static str>,
    leading_function_words: FxHashSet<&'static str>,
}

/// The recogniser's fixed resources: word lists and the country list.
pub(crate) struct Recogniser {
    lists: Lists,
    /// Canonical country name to ISO code.
    countries: FxHashMap<String, &'static str>,
    gazetteer: Gazetteer,
}

/// One capitalised span before aliasing.
struct Mention {
    surface: String,
    key: String,
    titled: bool,
    after_place_preposition: bool,
    sentence_initial_single: bool,
    /// Stood before a title ("Russian" in "Russian President Vladimir Putin").
    modifier: bool,
}

const COUNTRIES_TSV: &str = include_str!("../data/countries.tsv");

impl Recogniser {
    pub(crate) fn new() -> Self {
        let set = |words: &[&'static str]| words.iter().copied().collect::<FxHashSet<_>>();
        let countries = COUNTRIES_TSV
            .lines()
            .filter_map(|line| line.split_once('\t'))
            .map(|(code, name)| (canonical_key(name), code))
            .collect();
        Recogniser {
            lists: Lists {
                titles: set(TITLES),
                org_suffixes: set(ORG_SUFFIXES),
                place_prefixes: set(PLACE_PREFIXES),
                place_suffixes: set(PLACE_SUFFIXES),
                connectors: set(CONNECTORS),
                not_names: NOT_NAMES.iter().chain(WEEKDAYS).copied().collect(),
                place_prepositions: set(PLACE_PREPOSITIONS),
                leading_function_words: set(LEADING_FUNCTION_WORDS),
            },
            countries,
            gazetteer: Gazetteer::new(),
        }
    }

    /// Whether "of" at `words[of]` joins a full name to a place ("Anthony LaSalle of Bloomington", "Estes
    /// Kefauver of Tennessee"): two or more name words before it that do not end in an organisation's or a
    /// place's head word ("the Communist Party of Greece", "the Gulf of Aden" stay one name) and are not a
    /// place themselves ("the United States of America"), and a place the gazetteer knows after it.
    fn person_of_place(&self, text: &str, words: &[Word<'_>], start: usize, of: usize) -> bool {
        if words[of].text != "of" || of + 1 >= words.len() {
            return false;
        }
        let lists = &self.lists;
        let lower = |w: &Word<'_>| w.text.to_lowercase();
        let core = words[start..of]
            .iter()
            .filter(|w| !lists.leading_function_words.contains(lower(w).as_str()))
            .count();
        let head = lower(&words[of - 1]);
        if core < 2
            || lists.org_suffixes.contains(head.as_str())
            || lists.place_suffixes.contains(head.as_str())
        {
            return false;
        }
        let is_place =
            |key: &str| self.country_code(key).is_some() || self.gazetteer.is_well_known(key);
        // After a full name, "of" reads like "in": a town of any size counts ("Anthony LaSalle of Edina").
        let hometown = Evidence {
            countries: &[],
            place_hint: true,
        };
        // The whole name after "of" must be the place: "of Georgia Tech" is a school.
        let mut last = of + 1;
        while last + 1 < words.len()
            && is_name_word(&words[last + 1])
            && only_space_between(text, &words[last], &words[last + 1])
        {
            last += 1;
        }
        let key = canonical_key(&text[words[of + 1].start..words[last].end]);
        let place_after = is_place(&key) || self.gazetteer.locate(&key, &hometown).is_some();
        let before = canonical_key(&text[words[start].start..words[of - 1].end]);
        place_after && !is_place(&before)
    }

    pub(crate) fn country_code(&self, key: &str) -> Option<&'static str> {
        self.countries.get(key).copied()
    }

    /// Recognises the entities of one article, given its text and the text's words.
    pub(crate) fn recognise(
        &self,
        title: &str,
        text: &str,
        words: &[Word<'_>],
        stop: &FxHashSet<&'static str>,
    ) -> Vec<DocEntity> {
        let mut mentions = Vec::new();
        let mut entities = if title.trim().is_empty() || text.trim_start().starts_with(title.trim())
        {
            self.spans(text, words, 0, stop, &mut mentions);
            self.resolve(mentions)
        } else {
            // The title is read as the text's first line, for the names only it gives ("Klitschko stops Rahman in
            // Mannheim"); a name the text has stays as the text writes it, so that its key does not change.
            let both = format!("{title}\n{text}");
            let shift = title.len() + 1;
            let mut both_words = crate::tokens::words(&both[..title.len()]);
            let title_words = both_words.len();
            both_words.extend(words.iter().map(|word| Word {
                text: &both[word.start + shift..word.end + shift],
                start: word.start + shift,
                end: word.end + shift,
            }));
            let from_title = self.spans(&both, &both_words, title_words, stop, &mut mentions);
            let body_mentions = mentions.split_off(from_title);
            let mut entities = self.resolve(body_mentions);
            let known: Vec<String> = entities
                .iter()
                .flat_map(|e| {
                    std::iter::once(e.key.clone()).chain(e.aliases.iter().map(|a| canonical_key(a)))
                })
                .collect();
            let title_only: Vec<DocEntity> = self
                .resolve(mentions)
                .into_iter()
                .filter(|t| known.iter().all(|k| !short_or_full_form(&t.key, k)))
                .collect();
            entities.extend(title_only);
            entities.sort_unstable_by(|a, b| a.key.cmp(&b.key));
            entities
        };
        // Titles are often in title case, where capitalisation says nothing; they only mark entities the text has.
        let title_key = format!(" {} ", canonical_key(title));
        for entity in &mut entities {
            entity.in_title = std::iter::once(&entity.name)
                .chain(&entity.aliases)
                .any(|name| title_key.contains(&format!(" {} ", canonical_key(name))));
        }
        entities
    }

    /// Finds the name spans of a text whose first `title_words` words are the article's title, and says how many
    /// of the mentions pushed (the first ones) come from the title.
    fn spans(
        &self,
        text: &str,
        words: &[Word<'_>],
        title_words: usize,
        stop: &FxHashSet<&'static str>,
        out: &mut Vec<Mention>,
    ) -> usize {
        let mut from_title = 0;
        let title_case = TitleCaseLines::find(text, words, title_words);
        let is_name_word = |index: usize| title_case.is_name_word(text, words, index);
        let mut index = 0;
        // Where a name after "Anthony LaSalle of" starts: "of" there reads like "in".
        let mut hometown_at = None;
        while index < words.len() {
            if !is_name_word(index) {
                index += 1;
                continue;
            }
            // Grow the span over name words, connectors followed by a name word, and initials.
            let mut end = index + 1;
            while end < words.len() && only_space_between(text, &words[end - 1], &words[end]) {
                let word = &words[end];
                if is_name_word(end) {
                    // "off Aden Thursday": a weekday after a name is the report's time, not part of the name
                    // (unless it is a holiday's: "Good Friday").
                    let is_one_of = |list: &[&str], text: &str| {
                        list.iter().any(|w| text.eq_ignore_ascii_case(w))
                    };
                    if is_one_of(WEEKDAYS, word.text)
                        && !is_one_of(HOLIDAY_WORDS, words[end - 1].text)
                    {
                        break;
                    }
                    end += 1;
                } else if self.person_of_place(text, words, index, end) {
                    hometown_at = Some(end + 1);
                    break;
                } else if self.lists.connectors.contains(word.text)
                    // "the Amur Region of Russia" is two places, "the Bank of England" and "the Gulf of Aden"
                    // one name: a place word alone before "of" names nothing yet.
                    && !(self.lists.place_suffixes.contains(words[end - 1].text.to_lowercase().as_str())
                        && words[index..end - 1].iter().any(|w| {
                            !self
                                .lists
                                .leading_function_words
                                .contains(w.text.to_lowercase().as_str())
                        }))
                    && end + 1 < words.len()
                    && is_name_word(end + 1)
                    && !self.lists.not_names.contains(words[end + 1].text.to_lowercase().as_str())
                    && only_space_between(text, word, &words[end + 1])
                {
                    end += 2;
                } else {
                    break;
                }
            }
            // "117th Street", "5th Avenue": an ordinal before a street word belongs to the name.
            let start = match index.checked_sub(1) {
                Some(before)
                    if PLACE_NOUNS.contains(&words[index].text.to_lowercase().as_str())
                        && is_ordinal(words[before].text)
                        && only_space_between(text, &words[before], &words[index]) =>
                {
                    before
                }
                _ => index,
            };
            let sentence_initial = sentence_start(text, words, start);
            let preceding = if hometown_at == Some(index) {
                Some("in".to_string())
            } else {
                (start > 0).then(|| words[start - 1].text.to_lowercase())
            };
            let before = out.len();
            self.push_mention(
                text,
                &words[start..end],
                sentence_initial,
                preceding.as_deref(),
                stop,
                out,
            );
            if start < title_words {
                from_title += out.len() - before;
            }
            index = end;
        }
        from_title
    }

    #[allow(clippy::too_many_arguments)]
    fn push_mention(
        &self,
        text: &str,
        span: &[Word<'_>],
        sentence_initial: bool,
        preceding: Option<&str>,
        stop: &FxHashSet<&'static str>,
        out: &mut Vec<Mention>,
    ) {
        let lists = &self.lists;
        // A title inside a span ends what precedes it: "Russian President Vladimir Putin" is "Russian" and a
        // titled "Vladimir Putin".
        let is_title = |word: &Word<'_>| lists.titles.contains(word.text.to_lowercase().as_str());
        if let Some(split) = (1..span.len().saturating_sub(1))
            .rev()
            .find(|&i| is_title(&span[i]) && !is_title(&span[i - 1]))
        {
            let before_modifier = out.len();
            self.push_mention(text, &span[..split], sentence_initial, preceding, stop, out);
            // What stands before a title qualifies the person ("North Korean leader"): not a participant itself.
            if let Some(modifier) = out.get_mut(before_modifier) {
                modifier.modifier = true;
            }
            let name = &span[split..];
            let before = out.len();
            self.push_mention(text, name, false, None, stop, out);
            if let Some(mention) = out.get_mut(before) {
                mention.titled = true;
            }
            return;
        }
        let mut start = 0;
        let mut titled = false;
        // Leading stop words ("The", "In") and titles ("President", "Prime Minister") are not part of names.
        while start < span.len() {
            let lower = span[start].text.to_lowercase();
            if lists.titles.contains(lower.as_str()) && start + 1 < span.len() {
                titled = true;
                start += 1;
            } else if (lists.leading_function_words.contains(lower.as_str())
                || lists.connectors.contains(lower.as_str()))
                && start + 1 < span.len()
            {
                start += 1;
            } else {
                break;
            }
        }
        let mut end = span.len();
        while end > start && lists.connectors.contains(span[end - 1].text) {
            end -= 1;
        }
        let span = &span[start..end];
        let Some(first) = span.first() else { return };
        let last = span[span.len() - 1];
        // "9:30 AM EST", "Monday May": words that are never names make none together either.
        if span
            .iter()
            .all(|w| lists.not_names.contains(w.text.to_lowercase().as_str()))
        {
            return;
        }
        if span.len() == 1 {
            let lower = first.text.to_lowercase();
            if lists.not_names.contains(lower.as_str())
                || stop.contains(lower.as_str())
                || lists.titles.contains(lower.as_str())
                || PLACE_NOUNS.contains(&lower.as_str())
                || first.text.chars().all(|c| c.is_numeric())
            {
                return;
            }
        }
        let surface = &text[first.start..last.end];
        let key = canonical_key(surface);
        if key.is_empty() {
            return;
        }
        out.push(Mention {
            surface: surface.to_string(),
            key,
            titled,
            after_place_preposition: start == 0
                && preceding.is_some_and(|p| lists.place_prepositions.contains(p)),
            sentence_initial_single: sentence_initial
                && start == 0
                && span.len() == 1
                && !first.is_all_caps(),
            modifier: false,
        });
    }

    /// Groups mentions into entities: exact keys first, then short forms joined to the longer name they end or
    /// begin ("Putin" to "Vladimir Putin").
    fn resolve(&self, mentions: Vec<Mention>) -> Vec<DocEntity> {
        struct Group {
            surfaces: FxHashMap<String, u32>,
            count: u32,
            titled: u32,
            place_hint: u32,
            modifier: u32,
            confirmed: bool,
        }
        let mut groups: FxHashMap<String, Group> = FxHashMap::default();
        for mention in &mentions {
            let group = groups.entry(mention.key.clone()).or_insert_with(|| Group {
                surfaces: FxHashMap::default(),
                count: 0,
                titled: 0,
                place_hint: 0,
                modifier: 0,
                confirmed: false,
            });
            *group.surfaces.entry(mention.surface.clone()).or_default() += 1;
            group.count += 1;
            group.titled += u32::from(mention.titled);
            group.place_hint += u32::from(mention.after_place_preposition);
            group.modifier += u32::from(mention.modifier);
            // A lone capitalised word at a sentence start may be an ordinary word ("Police say ...").
            group.confirmed |= !mention.sentence_initial_single;
        }
        // Short keys join the longest confirmed key that ends (or else begins) with them; ties go to the more
        // frequent, then the smaller key, so the choice is deterministic.
        let mut keys: Vec<String> = groups.keys().cloned().collect();
        keys.sort_unstable();
        let multi: Vec<&String> = keys
            .iter()
            .filter(|k| k.contains(' ') && groups[*k].confirmed)
            .collect();
        let mut alias_of: FxHashMap<String, String> = FxHashMap::default();
        for key in keys.iter().filter(|k| !k.contains(' ')) {
            let pick = |by_last: bool| {
                multi
                    .iter()
                    .filter(|long| {
                        let parts = without_generation(long);
                        let part = if by_last { parts.last() } else { parts.first() };
                        part == Some(&key.as_str())
                    })
                    .max_by(|a, b| {
                        groups[**a]
                            .count
                            .cmp(&groups[**b].count)
                            .then_with(|| b.cmp(a))
                    })
                    .map(|long| (*long).clone())
            };
            if let Some(long) = pick(true).or_else(|| pick(false)) {
                // A well-known place keeps its own entity: "Athens" is not a short form of "Zone Athens".
                if self.country_code(key).is_none() {
                    alias_of.insert(key.clone(), long);
                }
            }
        }
        for (short, long) in &alias_of {
            let Some(short_group) = groups.remove(short) else {
                continue;
            };
            let Some(long_group) = groups.get_mut(long) else {
                continue;
            };
            for (surface, n) in short_group.surfaces {
                *long_group.surfaces.entry(surface).or_default() += n;
            }
            long_group.count += short_group.count;
            long_group.titled += short_group.titled;
        }
        let mut named_countries: Vec<&str> = groups
            .keys()
            .filter_map(|key| self.country_code(key))
            .collect();
        named_countries.sort_unstable();
        named_countries.dedup();
        let mut entities: Vec<DocEntity> = groups
            .into_iter()
            .filter(|(key, group)| group.confirmed || self.country_code(key).is_some())
            .map(|(key, group)| {
                let mut surfaces: Vec<(String, u32)> = group.surfaces.into_iter().collect();
                rank_spellings(&mut surfaces);
                let name = surfaces[0].0.clone();
                let mut aliases: Vec<String> =
                    surfaces[1..].iter().map(|(s, _)| s.clone()).collect();
                aliases.sort();
                let country_code = self.country_code(&key);
                let mut kind = if group.modifier == group.count && country_code.is_none() {
                    EntityKind::Other
                } else {
                    self.kind(
                        &key,
                        &name,
                        group.count,
                        group.titled,
                        group.place_hint,
                        country_code.is_some(),
                    )
                };
                // A titled name is a person and an organisation's name is not a place, whatever towns share it.
                let may_be_place = group.titled == 0
                    && group.modifier < group.count
                    && kind != EntityKind::Organization;
                let location = match country_code {
                    Some(code) => self.gazetteer.country(code).cloned(),
                    None if may_be_place => {
                        let evidence = Evidence {
                            countries: &named_countries,
                            place_hint: group.place_hint > 0 && group.place_hint * 2 >= group.count,
                        };
                        self.gazetteer.locate(&key, &evidence).cloned()
                    }
                    None => None,
                };
                if location.is_some() {
                    kind = EntityKind::Place;
                }
                let country = country_code
                    .map(str::to_string)
                    .or_else(|| location.as_ref().map(|l| l.country.clone()));
                DocEntity {
                    key,
                    name,
                    kind,
                    country,
                    location,
                    count: group.count,
                    located: group.place_hint,
                    in_title: false,
                    aliases,
                }
            })
            .collect();
        entities.sort_unstable_by(|a, b| a.key.cmp(&b.key));
        entities
    }

    fn kind(
        &self,
        key: &str,
        name: &str,
        count: u32,
        titled: u32,
        place_hint: u32,
        is_country: bool,
    ) -> EntityKind {
        let lists = &self.lists;
        let parts: Vec<&str> = key.split(' ').collect();
        let first = parts[0];
        // "The Communist Party of Greece" is a party and "the Gulf of Aden" a gulf: the word before "of" is
        // the head of the name.
        let last = match parts.iter().position(|p| *p == "of") {
            Some(of) if of > 0 => parts[of - 1],
            _ => parts[parts.len() - 1],
        };
        if is_country {
            return EntityKind::Place;
        }
        // "Jr." and "Sr." close only people's names ("World War II" is no person).
        if parts.len() > 2 && matches!(parts[parts.len() - 1], "jr" | "sr") {
            return EntityKind::Person;
        }
        if lists.org_suffixes.contains(last)
            || name.chars().filter(|c| c.is_uppercase()).count() >= 2 && !name.contains(' ')
        {
            return EntityKind::Organization;
        }
        if lists.place_prefixes.contains(first) || lists.place_suffixes.contains(last) {
            return EntityKind::Place;
        }
        // A city's name followed by a plural is a team or a company ("New Orleans Saints", "Boston Red Sox").
        if parts.len() >= 2 && last.ends_with('s') && titled == 0 {
            let named_after_place = (1..parts.len())
                .any(|split| self.gazetteer.is_well_known(&parts[..split].join(" ")));
            if named_after_place {
                return EntityKind::Organization;
            }
        }
        if titled > 0 {
            return EntityKind::Person;
        }
        // "in Paris" says place; "in Week 15" once among many other uses does not.
        if place_hint > 0 && place_hint * 2 >= count {
            return EntityKind::Place;
        }
        if (2..=3).contains(&parts.len()) {
            return EntityKind::Person;
        }
        EntityKind::Other
    }
}

/// The words of a name's key without a closing generation suffix: "Arcade Comeaux Jr." is Comeaux to his readers.
fn without_generation(key: &str) -> Vec<&str> {
    let mut parts: Vec<&str> = key.split(' ').collect();
    if parts.len() > 2 && GENERATIONS.contains(&parts[parts.len() - 1]) {
        parts.pop();
    }
    parts
}

/// Suffixes that tell a father and son of one name apart (lower case, as in keys).
const GENERATIONS: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

/// Whether two keys name one thing as a full name and its short form (or are equal): "lake orrin" and "orrin",
/// "lindsay lohan" and "lindsay".
fn short_or_full_form(a: &str, b: &str) -> bool {
    let (short, full) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short == full
        || full
            .strip_suffix(short)
            .is_some_and(|rest| rest.ends_with(' '))
        || full
            .strip_prefix(short)
            .is_some_and(|rest| rest.starts_with(' '))
}

/// "5th", "117th", "21st", "2nd", "3rd".
fn is_ordinal(word: &str) -> bool {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && matches!(&word[digits..], "st" | "nd" | "rd" | "th")
}

fn is_name_word(word: &Word<'_>) -> bool {
    word.is_capitalised() && word.text.chars().next().is_some_and(char::is_alphabetic)
}

/// The articles, conjunctions and short prepositions that title case leaves in lower case.
const TITLE_CASE_LOWER_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "off",
    "on", "onto", "or", "over", "per", "than", "the", "to", "up", "upon", "via", "vs", "with",
];

/// Where capitals say nothing. In a line written in title case ("Pierre Thomas Placed on Injured Reserve": a
/// headline or a subheading), a capitalised word is a name word only when the text writes it as a name in an
/// ordinary line too. In a web address, no word is.
struct TitleCaseLines {
    /// Word index ranges of the title-case lines, in order.
    lines: Vec<std::ops::Range<usize>>,
    /// Word index ranges of the lines that start with a web address, in order.
    addresses: Vec<std::ops::Range<usize>>,
    /// Lower-cased words written capitalised inside a sentence of an ordinary line, or at its start before another
    /// capitalised word.
    names: FxHashSet<String>,
}

impl TitleCaseLines {
    /// At least this many capitalised words, and no lower-case word but the short ones title case keeps, make a
    /// line title case.
    const MIN_CAPITALISED: usize = 3;
    /// Title case is only read as such beside at least this many words of ordinary text (about two sentences).
    const MIN_ORDINARY_WORDS: usize = 30;

    /// `title_words`: how many of the words are the article's title, given apart and put before the text.
    fn find(text: &str, words: &[Word<'_>], title_words: usize) -> Self {
        let mut lines = Vec::new();
        let mut addresses = Vec::new();
        let mut line_start = 0;
        for index in 0..=words.len() {
            let line_ends = index == words.len()
                || index > 0 && text[words[index - 1].end..words[index].start].contains('\n');
            if !line_ends {
                continue;
            }
            let line = line_start..index;
            line_start = index;
            if !line.is_empty() && starts_web_address(text, words, line.start) {
                addresses.push(line);
                continue;
            }
            let (mut capitalised, mut lower) = (0, 0);
            for word in &words[line.clone()] {
                if !word.text.chars().next().is_some_and(char::is_alphabetic) {
                    continue;
                }
                if word.is_capitalised() {
                    capitalised += 1;
                } else if !TITLE_CASE_LOWER_WORDS.contains(&word.text)
                    // The "s" of "Teenager ’ s" where a tokeniser split it off.
                    && word.text.chars().nth(1).is_some()
                {
                    // An ordinary line: most show this within a few words.
                    lower += 1;
                    break;
                }
            }
            if lower == 0 && capitalised >= Self::MIN_CAPITALISED {
                lines.push(line);
            }
        }
        let title_case_words: usize = lines.iter().map(|line| line.len()).sum();
        if words.len() - title_case_words < Self::MIN_ORDINARY_WORDS {
            // Too little ordinary text to show how it writes names: capitals are read as names everywhere but
            // in the article's title, which is a title whatever the text.
            lines.retain(|line| line.end <= title_words);
        }
        let mut names = FxHashSet::default();
        if !lines.is_empty() {
            for (index, word) in words.iter().enumerate() {
                let in_title_line = holds(&lines, index) || holds(&addresses, index);
                // A sentence's first word is a name's when a name word follows it ("Wladimir Klitschko won").
                let inside_a_name = || {
                    !sentence_start(text, words, index)
                        || words.get(index + 1).is_some_and(|next| {
                            is_name_word(next) && only_space_between(text, word, next)
                        })
                };
                if !in_title_line
                    && is_name_word(word)
                    && !in_web_address(text, words, index)
                    && inside_a_name()
                {
                    names.insert(word.text.to_lowercase());
                }
            }
        }
        TitleCaseLines {
            lines,
            addresses,
            names,
        }
    }

    fn is_name_word(&self, text: &str, words: &[Word<'_>], index: usize) -> bool {
        let word = &words[index];
        is_name_word(word)
            && !holds(&self.addresses, index)
            && !in_web_address(text, words, index)
            && (!holds(&self.lines, index) || self.names.contains(&word.text.to_lowercase()))
    }
}

/// Whether a web address starts at the word: "http:", "https:" or "www.".
fn starts_web_address(text: &str, words: &[Word<'_>], index: usize) -> bool {
    let word = &words[index];
    let next = words.get(index + 1).map_or(text.len(), |next| next.start);
    let gap = text[word.end..next].trim_start();
    let is = |name: &str| word.text.eq_ignore_ascii_case(name);
    (is("http") || is("https")) && gap.starts_with(':') || is("www") && gap.starts_with('.')
}

/// Whether the word lies in a web address written inside a line ("see https://example.com/Putin-Visits-Kazan").
fn in_web_address(text: &str, words: &[Word<'_>], index: usize) -> bool {
    let word = &words[index];
    let chunk_start = text[..word.start]
        .rfind(char::is_whitespace)
        .map_or(0, |i| i + 1);
    let chunk = &text.as_bytes()[chunk_start..];
    let starts = |prefix: &[u8]| {
        chunk.len() >= prefix.len() && chunk[..prefix.len()].eq_ignore_ascii_case(prefix)
    };
    starts(b"http://") || starts(b"https://") || starts(b"www.")
}

/// Whether one of the ordered, disjoint ranges holds the index.
fn holds(ranges: &[std::ops::Range<usize>], index: usize) -> bool {
    let at = ranges.partition_point(|range| range.end <= index);
    ranges.get(at).is_some_and(|range| range.contains(&index))
}

/// True when only spaces (or an initial's period) separate two words, so they can belong to one name.
fn only_space_between(text: &str, left: &Word<'_>, right: &Word<'_>) -> bool {
    let gap = &text[left.end..right.start];
    if gap.contains('\n') {
        return false;
    }
    let initial = left.text.chars().count() == 1;
    gap.chars()
        .all(|c| c == ' ' || c == '\u{a0}' || (initial && c == '.') || is_joiner(c) && c != '\'')
        && !gap.is_empty()
        && gap.chars().any(|c| c == ' ' || c == '\u{a0}')
}

/// Whether the word at `index` begins a sentence (or a line, or a quotation).
fn sentence_start(text: &str, words: &[Word<'_>], index: usize) -> bool {
    if index == 0 {
        return true;
    }
    let gap = &text[words[index - 1].end..words[index].start];
    gap.contains([
        '.', '!', '?', '\n', ':', '"', '\u{201c}', ';', '(', '-', '\u{2014}',
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_shortcut_keys_names_as_the_unicode_path_does() {
        for name in [
            "Kim Jong-un",
            "U.S. Navy",
            "O'Neill",
            "  St.  Petersburg ",
            "AT&T_Corp 2019",
            "--",
        ] {
            assert_eq!(canonical_key(name), canonical_unicode_key(name), "{name:?}");
        }
        assert_eq!(canonical_key("Kim Jong–un"), canonical_key("Kim Jong-Un"));
        assert_eq!(canonical_key("Zürich"), "zurich");
    }

    pub(super) fn recognise(title: &str, text: &str) -> Vec<DocEntity> {
        let stop: FxHashSet<&'static str> =
            stop_words::lookup("en").unwrap().iter().copied().collect();
        Recogniser::new().recognise(title, text, &crate::tokens::words(text), &stop)
    }

    fn keys(entities: &[DocEntity]) -> Vec<&str> {
        entities.iter().map(|e| e.key.as_str()).collect()
    }

    #[test]
    fn spellings_of_one_name_share_a_key_and_relatives_do_not() {
        assert_eq!(canonical_key("Kim Jong-un"), "kim jong un");
        assert_eq!(canonical_key("Kim Jong Un"), "kim jong un");
        assert_eq!(canonical_key("Kim Jong–un"), "kim jong un");
        assert_eq!(canonical_key("KIM JONG UN"), "kim jong un");
        assert_ne!(canonical_key("Kim Jong Il"), canonical_key("Kim Jong Un"));
        assert_eq!(canonical_key("Zürich"), "zurich");
        assert_eq!(canonical_key("U.S."), "us");
    }

    #[test]
    fn titles_are_stripped_and_short_forms_join_the_full_name() {
        let entities = recognise(
            "",
            "Russian President Vladimir Putin welcomed Kim Jong-un on Wednesday. Later, President Putin said \
             the talks went well. Kim Jong Un thanked Putin. His father Kim Jong Il had visited in 2002.",
        );
        assert_eq!(
            keys(&entities),
            ["kim jong il", "kim jong un", "vladimir putin"]
        );
        let putin = &entities[2];
        assert_eq!(putin.name, "Vladimir Putin");
        assert_eq!(putin.kind, EntityKind::Person);
        assert_eq!(putin.count, 3);
        assert_eq!(putin.aliases, ["Putin"]);
        let kim = &entities[1];
        assert_eq!(kim.count, 2);
        assert_eq!(kim.aliases.len(), 1);
    }

    #[test]
    fn title_case_lines_hold_only_the_names_the_text_writes_as_names_and_addresses_none() {
        let text = "http : / / www . example . com / Harbour - Crane - Collapse - Marseille\n\
             Harbour Crane Collapse Leaves Two Injured in Downtown Marseille\n\
             A crane collapsed on Tuesday at the port of Marseille, injuring two workers, the operator \
             Nadia Ferrand said. Firefighters kept the quay closed while inspectors examined the collapse \
             and the two injured workers were taken to hospital. Photos: https://example.com/Crane-Collapse.";
        let entities = recognise("", text);
        let found = keys(&entities);
        assert!(found.contains(&"marseille"), "{found:?}");
        assert!(found.contains(&"nadia ferrand"), "{found:?}");
        // Without these rules the headline gave "Harbour Crane Collapse Leaves Two Injured", and the addresses
        // (one spaced out by a tokeniser) more.
        assert!(
            found
                .iter()
                .all(|k| !k.contains("crane") && !k.contains("injured") && !k.contains("harbour")),
            "{found:?}"
        );
        // A short text cannot show how it writes names: its capitals count everywhere.
        let headline_only = recognise("", "Harbour Crane Collapse Leaves Two Injured in Marseille");
        let short = keys(&headline_only);
        assert!(short.iter().any(|k| k.contains("crane")), "{short:?}");
    }

    #[test]
    fn a_street_keeps_its_ordinal_and_a_street_word_alone_is_no_place() {
        let entities = recognise(
            "",
            "The crash happened at 97th Avenue and 117th Street. Officers from the Precinct closed the Avenue.",
        );
        let found = keys(&entities);
        assert!(found.contains(&"97th avenue"), "{found:?}");
        assert!(found.contains(&"117th street"), "{found:?}");
        assert!(
            !found.contains(&"avenue") && !found.contains(&"precinct"),
            "{found:?}"
        );
        let street = entities.iter().find(|e| e.key == "117th street").unwrap();
        assert_eq!(street.kind, EntityKind::Place);
    }

    #[test]
    fn a_generation_suffix_makes_a_person_whose_surname_alone_is_the_same_one() {
        let entities = recognise(
            "",
            "Police caught Arcade Joseph Comeaux Jr. near the river. Comeaux, 49, had escaped in March.",
        );
        let comeaux = entities
            .iter()
            .find(|e| e.key == "arcade joseph comeaux jr")
            .unwrap();
        assert_eq!(comeaux.kind, EntityKind::Person);
        assert!(
            comeaux.aliases.contains(&"Comeaux".to_string()),
            "{comeaux:?}"
        );
        assert!(entities.iter().all(|e| e.key != "comeaux"));
    }

    #[test]
    fn head_words_of_facilities_and_organisations_and_parts_of_known_places() {
        let entities = recognise(
            "",
            "Smoke rose over the Fulton Courthouse and the Kraft Plant as the Somerset Fire crews and Gordon \
             Advisors staff left. It was seen in Southern California and northeast Philadelphia.",
        );
        let kind = |key: &str| entities.iter().find(|e| e.key == key).map(|e| e.kind);
        assert_eq!(kind("fulton courthouse"), Some(EntityKind::Place));
        assert_eq!(kind("kraft plant"), Some(EntityKind::Place));
        assert_eq!(kind("somerset fire"), Some(EntityKind::Organization));
        assert_eq!(kind("gordon advisors"), Some(EntityKind::Organization));
        let california = entities
            .iter()
            .find(|e| e.key == "southern california")
            .unwrap();
        assert_eq!(
            (california.kind, california.country.as_deref()),
            (EntityKind::Place, Some("US"))
        );
        assert_eq!(kind("philadelphia"), Some(EntityKind::Place));
    }

    #[test]
    fn places_come_from_the_country_list_prepositions_and_name_shapes() {
        let entities = recognise(
            "",
            "The leaders met at the Vostochny Cosmodrome in the Amur Region of Russia. Reporters gathered in \
             Vladivostok. North Korea sent a delegation.",
        );
        let kind = |key: &str| entities.iter().find(|e| e.key == key).map(|e| e.kind);
        assert_eq!(kind("vostochny cosmodrome"), Some(EntityKind::Place));
        assert_eq!(kind("amur region"), Some(EntityKind::Place));
        assert_eq!(kind("vladivostok"), Some(EntityKind::Place));
        let russia = entities.iter().find(|e| e.key == "russia").unwrap();
        assert_eq!(
            (russia.kind, russia.country.as_deref()),
            (EntityKind::Place, Some("RU"))
        );
        assert_eq!(
            entities
                .iter()
                .find(|e| e.key == "north korea")
                .unwrap()
                .country
                .as_deref(),
            Some("KP")
        );
    }

    #[test]
    fn a_place_word_alone_takes_its_of_phrase_and_a_weekday_ends_a_name() {
        let entities = recognise(
            "",
            "Sailors seized the ship in the Gulf of Aden Thursday. The Bay of Tarsa was calm. Police in \
             Port Elmas Monday closed the Amur Region of Russia road. Shops opened on Good Friday.",
        );
        let found = keys(&entities);
        for key in [
            "gulf of aden",
            "bay of tarsa",
            "port elmas",
            "amur region",
            "russia",
        ] {
            assert!(found.contains(&key), "{key} in {found:?}");
        }
        assert!(
            found
                .iter()
                .all(|k| !k.contains("thursday") && !k.contains("monday")),
            "{found:?}"
        );
        assert!(!found.contains(&"amur region of russia"), "{found:?}");
    }

    #[test]
    fn a_full_name_of_a_place_is_a_person_and_a_place_and_a_party_of_a_country_one_name() {
        let entities = recognise(
            "",
            "Anthony Phillip Marsden of Edina was charged. The Communist Party of Greece marched. Jon Marks \
             of Georgia Tech spoke. \
             He flew to the United States of America. The Bank of England waited.",
        );
        let kind = |key: &str| entities.iter().find(|e| e.key == key).map(|e| e.kind);
        assert_eq!(
            kind("anthony phillip marsden"),
            Some(EntityKind::Person),
            "{entities:?}"
        );
        assert_eq!(kind("edina"), Some(EntityKind::Place));
        assert_eq!(
            kind("communist party of greece"),
            Some(EntityKind::Organization)
        );
        assert_eq!(kind("bank of england"), Some(EntityKind::Organization));
        assert!(kind("united states of america").is_some(), "{entities:?}");
        assert!(kind("anthony phillip marsden of edina").is_none());
        assert!(kind("jon marks of georgia tech").is_some(), "{entities:?}");
    }

    #[test]
    fn a_leading_conjunction_and_time_words_are_not_part_of_names() {
        let entities = recognise(
            "",
            "Though Ellen Marsh declined, the deal closed at 9:30 AM EST. Fans gathered on Yawkey Way.",
        );
        let found = keys(&entities);
        assert!(found.contains(&"ellen marsh"), "{found:?}");
        assert!(
            found
                .iter()
                .all(|k| !k.contains("though") && !k.contains("est")),
            "{found:?}"
        );
        let way = entities.iter().find(|e| e.key == "yawkey way").unwrap();
        assert_eq!(way.kind, EntityKind::Place);
    }

    #[test]
    fn ordinary_capitalised_words_at_sentence_start_are_not_entities() {
        let entities = recognise(
            "Police Say Climber Fell",
            "Police say the climber fell. Rescuers found him. The United Nations said nothing. In March, \
             rescuers returned.",
        );
        assert_eq!(keys(&entities), ["united nations"]);
        assert_eq!(entities[0].kind, EntityKind::Organization);
        assert!(!entities[0].in_title);
    }

    #[test]
    fn a_title_in_sentence_case_gives_names_and_one_in_title_case_only_those_the_text_writes() {
        let entities = recognise(
            "Klitschko stops Rahman in Mannheim",
            "The champion won in the seventh round on Saturday, and Rahman did not get up.",
        );
        let found = keys(&entities);
        assert!(found.contains(&"mannheim"), "{found:?}");
        let mannheim = entities.iter().find(|e| e.key == "mannheim").unwrap();
        assert!(mannheim.in_title);
        let entities = recognise(
            "Crane Collapse Leaves Two Injured in Marseille",
            "Two workers were hurt in Marseille on Tuesday.",
        );
        assert_eq!(keys(&entities), ["marseille"]);
        // A name the text has keeps the text's form (and key), which other articles' texts share.
        let entities = recognise(
            "Dam breach at Lake Orrin forces evacuation",
            "Engineers reported a breach in the Orrin dam.",
        );
        assert_eq!(keys(&entities), ["orrin"]);
        assert!(entities[0].in_title);
    }

    #[test]
    fn a_name_in_the_title_is_marked_when_the_text_has_it() {
        let entities = recognise(
            "Lindsay Lohan Enters Rehab",
            "Actress Lindsay Lohan checked into a clinic.",
        );
        let lohan = entities.iter().find(|e| e.key == "lindsay lohan").unwrap();
        assert!(lohan.in_title);
        assert_eq!(lohan.kind, EntityKind::Person);
        assert!(entities
            .iter()
            .all(|e| e.key != "rehab" && e.key != "enters"));
    }
}
