//! What sort of happening an event is, from cue words in its members' titles and leads.
//!
//! The cue lexicon lists a few dozen words per type; they are stemmed with the same Snowball stemmers the
//! analyze stage uses for its terms, so "meeting", "meets" and "meet" are one cue, and matched against each
//! member's title and lead terms (a title hit counts double). English is covered fully; German, French and
//! Spanish have the commonest cues. The type with the highest score wins when it reaches a title's worth of
//! evidence; else the event is `other`.

use crate::Member;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use std::sync::OnceLock;
use storyline_model::EventKind;

/// Languages with cue words, by ISO 639-1 code.
const LANGUAGES: &[(&str, Algorithm)] = &[
    ("en", Algorithm::English),
    ("de", Algorithm::German),
    ("fr", Algorithm::French),
    ("es", Algorithm::Spanish),
];

/// Cue words per type and language. Ordered from the most to the least specific: on a tie the earlier wins.
const CUES: &[(EventKind, &str, &[&str])] = &[
    (
        EventKind::Attack,
        "en",
        &[
            "attack",
            "attacker",
            "bombing",
            "bomb",
            "shooting",
            "shooter",
            "gunman",
            "gunmen",
            "stabbing",
            "killed",
            "killing",
            "massacre",
            "airstrike",
            "explosion",
            "blast",
            "hostage",
            "terror",
            "terrorist",
            "murder",
            "murdered",
            "assault",
            "ambush",
        ],
    ),
    (
        EventKind::Attack,
        "de",
        &[
            "anschlag", "angriff", "attentat", "schüsse", "bombe", "getötet",
        ],
    ),
    (
        EventKind::Attack,
        "fr",
        &["attentat", "attaque", "fusillade", "explosion", "tués"],
    ),
    (
        EventKind::Attack,
        "es",
        &["atentado", "ataque", "tiroteo", "explosión", "muertos"],
    ),
    (
        EventKind::Disaster,
        "en",
        &[
            "earthquake",
            "quake",
            "tsunami",
            "flood",
            "flooding",
            "hurricane",
            "typhoon",
            "cyclone",
            "storm",
            "tornado",
            "wildfire",
            "eruption",
            "volcano",
            "landslide",
            "avalanche",
            "drought",
            "aftershock",
            "magnitude",
            "blaze",
            "wildfires",
        ],
    ),
    (
        EventKind::Disaster,
        "de",
        &[
            "erdbeben",
            "hochwasser",
            "überschwemmung",
            "sturm",
            "waldbrand",
            "brand",
        ],
    ),
    (
        EventKind::Disaster,
        "fr",
        &[
            "séisme",
            "tremblement",
            "inondation",
            "tempête",
            "incendie",
            "ouragan",
        ],
    ),
    (
        EventKind::Disaster,
        "es",
        &[
            "terremoto",
            "sismo",
            "inundación",
            "huracán",
            "incendio",
            "tormenta",
        ],
    ),
    (
        EventKind::Accident,
        "en",
        &[
            "crash",
            "crashed",
            "collision",
            "collided",
            "derailed",
            "derailment",
            "capsized",
            "accident",
            "wreck",
        ],
    ),
    (
        EventKind::Accident,
        "de",
        &["unfall", "absturz", "zusammenstoß", "entgleist"],
    ),
    (
        EventKind::Accident,
        "fr",
        &["accident", "crash", "collision", "déraillement"],
    ),
    (
        EventKind::Accident,
        "es",
        &["accidente", "choque", "colisión", "descarrilamiento"],
    ),
    (
        EventKind::Election,
        "en",
        &[
            "election",
            "elected",
            "vote",
            "voters",
            "ballot",
            "poll",
            "polls",
            "referendum",
            "runoff",
            "primary",
            "reelected",
            "candidate",
            "inaugurated",
        ],
    ),
    (
        EventKind::Election,
        "de",
        &["wahl", "gewählt", "abstimmung", "stichwahl", "referendum"],
    ),
    (
        EventKind::Election,
        "fr",
        &["élection", "élu", "scrutin", "vote", "référendum"],
    ),
    (
        EventKind::Election,
        "es",
        &[
            "elección",
            "elecciones",
            "elegido",
            "votación",
            "referéndum",
        ],
    ),
    (
        EventKind::Trial,
        "en",
        &[
            "trial",
            "court",
            "sentenced",
            "sentence",
            "convicted",
            "acquitted",
            "verdict",
            "judge",
            "jury",
            "guilty",
            "lawsuit",
            "sued",
            "appeal",
            "prosecutor",
            "testified",
        ],
    ),
    (
        EventKind::Trial,
        "de",
        &["prozess", "gericht", "urteil", "verurteilt", "angeklagt"],
    ),
    (
        EventKind::Trial,
        "fr",
        &["procès", "tribunal", "condamné", "verdict", "jugement"],
    ),
    (
        EventKind::Trial,
        "es",
        &["juicio", "tribunal", "condenado", "sentencia", "veredicto"],
    ),
    (
        EventKind::Arrest,
        "en",
        &[
            "arrested",
            "arrest",
            "detained",
            "custody",
            "charged",
            "apprehended",
        ],
    ),
    (
        EventKind::Arrest,
        "de",
        &["festgenommen", "verhaftet", "festnahme"],
    ),
    (
        EventKind::Arrest,
        "fr",
        &["arrêté", "interpellé", "arrestation"],
    ),
    (
        EventKind::Arrest,
        "es",
        &["detenido", "arrestado", "arresto"],
    ),
    (
        EventKind::Protest,
        "en",
        &[
            "protest",
            "protesters",
            "demonstration",
            "demonstrators",
            "rally",
            "march",
            "strike",
            "riot",
            "unrest",
            "clashes",
        ],
    ),
    (
        EventKind::Protest,
        "de",
        &["protest", "demonstration", "kundgebung", "streik"],
    ),
    (
        EventKind::Protest,
        "fr",
        &["manifestation", "manifestants", "grève", "protestation"],
    ),
    (
        EventKind::Protest,
        "es",
        &["protesta", "manifestación", "huelga", "manifestantes"],
    ),
    (
        EventKind::SportsResult,
        "en",
        &[
            "beat",
            "beats",
            "defeated",
            "defeat",
            "win",
            "wins",
            "victory",
            "final",
            "championship",
            "cup",
            "match",
            "league",
            "goal",
            "scored",
            "title",
            "tournament",
            "medal",
        ],
    ),
    (
        EventKind::SportsResult,
        "de",
        &["sieg", "niederlage", "finale", "meisterschaft", "tor"],
    ),
    (
        EventKind::SportsResult,
        "fr",
        &["victoire", "défaite", "finale", "championnat", "but"],
    ),
    (
        EventKind::SportsResult,
        "es",
        &["victoria", "derrota", "final", "campeonato", "gol"],
    ),
    (
        EventKind::BusinessDeal,
        "en",
        &[
            "acquire",
            "acquires",
            "acquisition",
            "merger",
            "merge",
            "buys",
            "takeover",
            "stake",
            "bid",
            "investment",
            "deal",
            "purchase",
        ],
    ),
    (
        EventKind::BusinessDeal,
        "de",
        &["übernahme", "fusion", "kauft", "übernimmt"],
    ),
    (
        EventKind::BusinessDeal,
        "fr",
        &["rachat", "fusion", "acquisition", "rachète"],
    ),
    (
        EventKind::BusinessDeal,
        "es",
        &["adquisición", "fusión", "compra"],
    ),
    (
        EventKind::Agreement,
        "en",
        &[
            "agreement",
            "agree",
            "agreed",
            "treaty",
            "accord",
            "signed",
            "ceasefire",
            "truce",
            "pact",
        ],
    ),
    (
        EventKind::Agreement,
        "de",
        &[
            "abkommen",
            "vertrag",
            "vereinbarung",
            "einigung",
            "waffenruhe",
        ],
    ),
    (
        EventKind::Agreement,
        "fr",
        &["accord", "traité", "signé", "cessez-le-feu"],
    ),
    (
        EventKind::Agreement,
        "es",
        &["acuerdo", "tratado", "firmado", "alto"],
    ),
    (
        EventKind::Meeting,
        "en",
        &[
            "summit",
            "meeting",
            "meet",
            "meets",
            "met",
            "talks",
            "negotiations",
            "conference",
            "session",
        ],
    ),
    (
        EventKind::Meeting,
        "de",
        &[
            "gipfel",
            "treffen",
            "gespräche",
            "verhandlungen",
            "konferenz",
        ],
    ),
    (
        EventKind::Meeting,
        "fr",
        &["sommet", "rencontre", "réunion", "entretien", "pourparlers"],
    ),
    (
        EventKind::Meeting,
        "es",
        &["cumbre", "reunión", "encuentro", "conversaciones"],
    ),
    (
        EventKind::Visit,
        "en",
        &[
            "visit", "visits", "visited", "trip", "tour", "arrives", "arrived",
        ],
    ),
    (EventKind::Visit, "de", &["besuch", "besucht", "reise"]),
    (EventKind::Visit, "fr", &["visite", "voyage"]),
    (EventKind::Visit, "es", &["visita", "viaje"]),
    (
        EventKind::Death,
        "en",
        &["dies", "died", "death", "dead", "obituary", "funeral"],
    ),
    (EventKind::Death, "de", &["gestorben", "tod", "stirbt"]),
    (EventKind::Death, "fr", &["mort", "décès", "meurt"]),
    (EventKind::Death, "es", &["muere", "muerte", "fallece"]),
    (
        EventKind::Statement,
        "en",
        &[
            "statement",
            "announced",
            "announces",
            "warns",
            "warned",
            "urges",
            "urged",
            "condemns",
            "denies",
            "denied",
            "speech",
            "interview",
            "declared",
        ],
    ),
    (
        EventKind::Statement,
        "de",
        &["erklärung", "warnt", "fordert", "rede"],
    ),
    (
        EventKind::Statement,
        "fr",
        &["déclaration", "annonce", "discours", "appelle"],
    ),
    (
        EventKind::Statement,
        "es",
        &["declaración", "anuncia", "discurso", "advierte"],
    ),
];

/// Evidence a type needs to win: one title hit, or two lead hits.
const MIN_SCORE: u32 = 2;

/// Per language, stem → (type, its rank in `CUES` for tie-breaking).
type Lexicon = FxHashMap<&'static str, FxHashMap<String, (EventKind, usize)>>;

/// Built once on first use (stemming the cue words); immutable afterwards.
fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut table: Lexicon = FxHashMap::default();
        for (rank, (kind, language, words)) in CUES.iter().enumerate() {
            let Some((code, algorithm)) = LANGUAGES.iter().find(|(code, _)| code == language)
            else {
                continue;
            };
            let stemmer = Stemmer::create(*algorithm);
            for word in *words {
                let stem = stemmer.stem(&word.to_lowercase()).into_owned();
                table
                    .entry(*code)
                    .or_default()
                    .entry(stem)
                    .or_insert((*kind, rank));
            }
        }
        table
    })
}

/// The event's type from its members' title (weight 2) and lead (weight 1) terms; each member counts a cue
/// word once.
pub(crate) fn classify(members: &[Member<'_>]) -> EventKind {
    let lexicon = lexicon();
    let mut scores: FxHashMap<EventKind, (u32, usize)> = FxHashMap::default();
    for member in members {
        let language = member
            .article
            .language
            .as_deref()
            .or(member.analysis.language.as_deref())
            .unwrap_or("en");
        let Some(cues) = lexicon.get(language) else {
            continue;
        };
        for term in &member.analysis.terms {
            let weight = if term.title > 0 {
                2
            } else if term.lead > 0 {
                1
            } else {
                continue;
            };
            if let Some(&(kind, rank)) = cues.get(term.term.as_str()) {
                let entry = scores.entry(kind).or_insert((0, rank));
                entry.0 += weight;
                entry.1 = entry.1.min(rank);
            }
        }
    }
    scores
        .into_iter()
        .filter(|(_, (score, _))| *score >= MIN_SCORE)
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then_with(|| b.1 .1.cmp(&a.1 .1)))
        .map_or(EventKind::Other, |(kind, _)| kind)
}
