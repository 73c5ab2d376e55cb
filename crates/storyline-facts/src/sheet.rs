//! An event's facts: durations, counts of people, amounts of money, each a slot with what every source claims
//! and whether the claims can all be true.
//!
//! Strict on purpose (a wrong fact misleads more than a missing one): a quantity becomes a claim only when the
//! words next to it say what it measures in the event's terms ("the talks lasted", "killed", "a deal worth").
//! Sentences about plans ("will", "plans to") give no claims. A sentence whose time expression lies far from the
//! event's day speaks of another event: its claims are kept apart (`other_events`) and may be routed to that
//! event later ([`route_other_event_facts`](crate::route_other_event_facts)).

use crate::date::MAX_REPORTING_DELAY_DAYS;
use crate::{Member, Reading};
use chrono::NaiveDate;
use storyline_model::{Claim, EventKind, Fact, OtherEventFact};
use storyline_numbers::{Interval, Qualifier, Quantity, QuantityKind};

/// How far two sources' values may be apart and still agree, as a fraction of each bound: rounding ("five
/// hours" for 4 h 50 min) is not a disagreement.
const AGREEMENT_TOLERANCE: f64 = 0.1;

/// Words that name the event a duration measures, with the subject they stand for. Several words name the
/// whole talks; a one-on-one is its own subject so that its length is not compared with the whole talks'.
const DURATION_SUBJECTS: &[(&str, &str)] = &[
    ("one-on-one", "one-on-one"),
    ("one-to-one", "one-on-one"),
    ("tete-a-tete", "one-on-one"),
    ("tête-à-tête", "one-on-one"),
    ("face-to-face", "one-on-one"),
    ("private meeting", "one-on-one"),
    ("private talks", "one-on-one"),
    ("in private", "one-on-one"),
    ("restricted format", "one-on-one"),
    ("narrow format", "one-on-one"),
    ("talks", "talks"),
    ("meeting", "talks"),
    ("summit", "talks"),
    ("negotiations", "talks"),
    ("discussions", "talks"),
    ("session", "talks"),
    ("conversation", "talks"),
    ("visit", "visit"),
    ("trip", "visit"),
    ("trial", "trial"),
    ("deliberations", "deliberations"),
    ("siege", "siege"),
    ("standoff", "siege"),
    ("protest", "protest"),
    ("rally", "protest"),
    ("march", "protest"),
    ("strike", "strike"),
    ("blackout", "outage"),
    ("outage", "outage"),
    ("search", "search"),
    ("rescue", "search"),
    ("speech", "speech"),
    ("match", "match"),
];

/// How far (bytes) before a duration its event word may stand without a "lasted" between them.
const DURATION_WORD_WINDOW: usize = 60;

/// Verbs that make a duration the event's length even when no noun names it ("it lasted two hours").
const DURATION_VERBS: &[&str] = &[
    "lasted",
    "lasting",
    "went on for",
    "ran for",
    "continued for",
];

/// Count slots and the words right after (or, for tolls, before) a number that put it in the slot.
const COUNT_SLOTS: &[(&str, &[&str])] = &[
    (
        "dead",
        &[
            "killed",
            "dead",
            "died",
            "deaths",
            "fatalities",
            "lives",
            "bodies",
            "death toll",
            "killing",
        ],
    ),
    (
        "injured",
        &[
            "injured",
            "wounded",
            "hurt",
            "injuries",
            "hospitalised",
            "hospitalized",
        ],
    ),
    (
        "arrested",
        &[
            "arrested",
            "detained",
            "arrests",
            "detentions",
            "in custody",
        ],
    ),
    ("missing", &["missing", "unaccounted"]),
    ("evacuated", &["evacuated", "displaced", "homeless", "fled"]),
    (
        "attendees",
        &[
            "protesters",
            "demonstrators",
            "attended",
            "attendees",
            "participants",
            "marched",
            "rallied",
            "gathered",
            "delegates",
            "spectators",
        ],
    ),
];

/// How far from the number (bytes) a count's slot word may stand: after it, and before it.
const COUNT_WINDOW_AFTER: usize = 40;
const COUNT_WINDOW_BEFORE: usize = 60;

/// Money slots: a word near the amount that says what it is.
const MONEY_SLOTS: &[(&str, &[&str])] = &[
    (
        "price",
        &[
            "acquire",
            "acquired",
            "acquisition",
            "buy",
            "bought",
            "deal",
            "worth",
            "valued",
            "takeover",
            "purchase",
            "sold",
        ],
    ),
    (
        "fine",
        &["fine", "fined", "penalty", "damages", "settlement"],
    ),
    ("aid", &["aid", "loan", "package", "pledged", "assistance"]),
    ("damage", &["damage", "losses", "cost"]),
];
const MONEY_WINDOW: usize = 60;

/// Words that make a sentence a plan or a conditional, not a report.
const PLAN_CUES: &[&str] = &[
    "will",
    "would",
    "could",
    "plans",
    "planned",
    "expected",
    "scheduled",
    "may",
    "might",
];

/// Facts of an event, and the claims its members make about other events.
pub(crate) struct Sheet {
    pub facts: Vec<Fact>,
    pub other_events: Vec<OtherEventFact>,
}

/// A claim before it is grouped into its fact.
struct Found {
    slot: &'static str,
    subject: Option<String>,
    claim: Claim,
    /// The other event's days, when the sentence speaks of one.
    elsewhere: Option<(NaiveDate, NaiveDate)>,
}

fn has_word(haystack: &str, word: &str) -> bool {
    haystack.match_indices(word).any(|(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The subject of a duration: the event word nearest before it in its sentence, else the noun the quantity
/// reader tied to it ("a five-hour meeting") when that names an event; a one-on-one word on or right before
/// the chosen word ("one-on-one talks", "private talks") makes it the one-on-one. A word further on is not
/// enough ("closed for ten years, … after the meeting"), nor one when the reader tied the duration to another
/// noun.
fn duration_subject(
    sentence: &str,
    at: usize,
    noun: Option<&str>,
    hyphenated: bool,
) -> Option<&'static str> {
    // A hyphenated duration measures the noun it qualifies ("a four-week penalty phase").
    if hyphenated && noun.is_some_and(|n| !DURATION_SUBJECTS.iter().any(|(w, _)| *w == n)) {
        return None;
    }
    let from_noun = || {
        noun.and_then(|n| DURATION_SUBJECTS.iter().find(|(w, _)| *w == n))
            .map(|&(_, subject)| subject)
    };
    let mut matches: Vec<(usize, usize, &'static str)> = Vec::new();
    for (word, subject) in DURATION_SUBJECTS {
        for (i, _) in sentence.match_indices(word) {
            let bounded = !sentence[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
                && !sentence[i + word.len()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
            if bounded {
                matches.push((i, i + word.len(), subject));
            }
        }
    }
    let Some(chosen) = matches
        .iter()
        .filter(|m| m.0 < at)
        .max_by_key(|m| (m.0, m.1))
    else {
        return from_noun();
    };
    // A word far back stands for the duration only when a "lasted" ties them.
    let gap = &sentence[chosen.1.min(at)..at];
    if gap.len() > DURATION_WORD_WINDOW && !DURATION_VERBS.iter().any(|v| gap.contains(v)) {
        return from_noun();
    }
    let qualified = matches
        .iter()
        .any(|m| m.2 == "one-on-one" && m.0 <= chosen.0 && chosen.0 <= m.1 + 3);
    Some(if qualified { "one-on-one" } else { chosen.2 })
}

/// The first `limit` bytes of `text` (fewer on a character boundary).
fn clip(text: &str, limit: usize) -> &str {
    let mut to = limit.min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    &text[..to]
}

/// The last `limit` bytes of `text` (fewer on a character boundary).
fn clip_end(text: &str, limit: usize) -> &str {
    let mut from = text.len().saturating_sub(limit);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    &text[from..]
}

/// What a quantity measures in the event, if the words around it say so: (slot, subject).
fn classify(
    quantity: &Quantity,
    lower_text: &str,
    sentence: (usize, usize),
    kind: EventKind,
) -> Option<(&'static str, Option<String>)> {
    let sentence_text = &lower_text[sentence.0..sentence.1];
    let at = quantity.start - sentence.0;
    match quantity.kind {
        QuantityKind::Duration => {
            let subject = duration_subject(
                sentence_text,
                at,
                quantity.noun.as_deref(),
                quantity.text.contains('-'),
            );
            let lasted = DURATION_VERBS.iter().any(|v| sentence_text.contains(v));
            match subject {
                Some(subject) => Some(("duration", Some(subject.to_string()))),
                None if lasted => Some(("duration", None)),
                None => None,
            }
        }
        QuantityKind::Count | QuantityKind::Number => {
            // A bare number counts people only after a toll word ("the death toll rose to 11"); page
            // addresses ("2013 / 06 / 06 / … - dead") are not text.
            let bare = quantity.kind == QuantityKind::Number;
            if sentence_text.contains("http") || sentence_text.contains("www") {
                return None;
            }
            let after = clip(&lower_text[quantity.end..sentence.1], COUNT_WINDOW_AFTER);
            let before = clip_end(&lower_text[sentence.0..quantity.start], COUNT_WINDOW_BEFORE);
            COUNT_SLOTS.iter().find_map(|(slot, cues)| {
                let after_hit = !bare && cues.iter().any(|cue| has_word(after, cue));
                let toll_before = (*slot == "dead"
                    && (before.contains("death toll") || before.contains("killing")))
                    || (*slot == "injured" && before.contains("injuring"))
                    || (*slot == "arrested" && before.contains("arrested"));
                (after_hit || toll_before).then_some((*slot, None))
            })
        }
        QuantityKind::Money => {
            if !matches!(
                kind,
                EventKind::BusinessDeal
                    | EventKind::Agreement
                    | EventKind::Trial
                    | EventKind::Disaster
                    | EventKind::Other
            ) {
                return None;
            }
            let before = clip_end(&lower_text[sentence.0..quantity.start], MONEY_WINDOW);
            let after = clip(&lower_text[quantity.end..sentence.1], MONEY_WINDOW);
            let near = |cue: &str| has_word(before, cue) || has_word(after, cue);
            MONEY_SLOTS
                .iter()
                .find(|(_, cues)| cues.iter().any(|c| near(c)))
                .map(|(slot, _)| (*slot, None))
        }
        _ => None,
    }
}

fn qualifier_name(qualifier: Qualifier) -> &'static str {
    match qualifier {
        Qualifier::Exact => "exact",
        Qualifier::About => "about",
        Qualifier::MoreThan => "more_than",
        Qualifier::AtLeast => "at_least",
        Qualifier::Almost => "almost",
        Qualifier::LessThan => "less_than",
        Qualifier::AtMost => "at_most",
        Qualifier::Range => "range",
        Qualifier::Vague => "vague",
    }
}

fn base_unit(quantity: &Quantity) -> Option<String> {
    match quantity.kind {
        QuantityKind::Duration => Some("second".into()),
        QuantityKind::Count | QuantityKind::Number => Some("person".into()),
        QuantityKind::Money => quantity.unit.clone(),
        QuantityKind::Percent => Some("percent".into()),
        _ => quantity.unit.clone(),
    }
}

/// The days of the sentence's time expression that lies far from the event's day, if any.
fn other_event_days(
    reading: &Reading,
    sentence: (usize, usize),
    event_day: Option<NaiveDate>,
) -> Option<(NaiveDate, NaiveDate)> {
    let event_day = event_day?;
    reading
        .times
        .iter()
        .filter(|t| t.start >= sentence.0 && t.end <= sentence.1)
        .filter_map(|t| t.interval())
        .find(|(from, to)| {
            (*from - event_day).num_days() > MAX_REPORTING_DELAY_DAYS
                || (event_day - *to).num_days() > MAX_REPORTING_DELAY_DAYS
        })
}

/// The facts of an event from its members' quantities.
pub(crate) fn build_sheet(
    members: &[Member<'_>],
    readings: &[Reading],
    kind: EventKind,
    event_day: Option<NaiveDate>,
) -> Sheet {
    let mut found: Vec<Found> = Vec::new();
    for (member, reading) in members.iter().zip(readings) {
        let text = member.article.text.as_str();
        let lower = text.to_lowercase();
        // Lower-casing can change byte lengths (rare letters); then the offsets would not line up.
        if lower.len() != text.len() {
            continue;
        }
        for quantity in &reading.quantities {
            let Some(index) = reading.sentence_at(quantity.start) else {
                continue;
            };
            let span = &reading.sentences[index];
            let sentence = (span.start, span.end.min(text.len()));
            if quantity.end > sentence.1 {
                continue;
            }
            let sentence_lower = &lower[sentence.0..sentence.1];
            if PLAN_CUES.iter().any(|cue| has_word(sentence_lower, cue)) {
                continue;
            }
            let Some((slot, subject)) = classify(quantity, &lower, sentence, kind) else {
                continue;
            };
            let claim = Claim {
                value: quantity.text.clone(),
                qualifier: Some(qualifier_name(quantity.qualifier).to_string()),
                text: text[sentence.0..sentence.1].trim().to_string(),
                article: member.article.id.clone(),
                outlet: member.article.outlet.clone(),
                start: sentence.0,
                end: sentence.1,
                min: quantity.interval.min,
                max: quantity.interval.max,
                unit: base_unit(quantity),
            };
            found.push(Found {
                slot,
                subject,
                claim,
                elsewhere: other_event_days(reading, sentence, event_day),
            });
        }
    }
    let mut facts: Vec<Fact> = Vec::new();
    let mut other_events: Vec<OtherEventFact> = Vec::new();
    for Found {
        slot,
        subject,
        claim,
        elsewhere,
    } in found
    {
        match elsewhere {
            None => add_claim(&mut facts, slot, subject, claim),
            Some((from, to)) => {
                let (from, to) = (iso(from), iso(to));
                match other_events.iter_mut().find(|o| {
                    o.from == from && o.to == to && o.fact.slot == slot && o.fact.subject == subject
                }) {
                    Some(other) => push_claim(&mut other.fact, claim),
                    None => other_events.push(OtherEventFact {
                        from,
                        to,
                        fact: Fact {
                            slot: slot.to_string(),
                            subject,
                            claims: vec![claim],
                            disagreement: false,
                        },
                        routed_to: None,
                    }),
                }
            }
        }
    }
    for fact in &mut facts {
        fact.disagreement = disagree(&fact.claims);
    }
    sort_facts(&mut facts);
    for other in &mut other_events {
        other.fact.disagreement = disagree(&other.fact.claims);
    }
    other_events.sort_by(|a, b| {
        (&a.from, &a.to, &a.fact.slot, &a.fact.subject).cmp(&(
            &b.from,
            &b.to,
            &b.fact.slot,
            &b.fact.subject,
        ))
    });
    Sheet {
        facts,
        other_events,
    }
}

fn iso(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// Adds a claim to the fact of its slot and subject (making one if needed).
pub(crate) fn add_claim(facts: &mut Vec<Fact>, slot: &str, subject: Option<String>, claim: Claim) {
    match facts
        .iter_mut()
        .find(|f| f.slot == slot && f.subject == subject)
    {
        Some(fact) => push_claim(fact, claim),
        None => facts.push(Fact {
            slot: slot.to_string(),
            subject,
            claims: vec![claim],
            disagreement: false,
        }),
    }
}

/// One article's repeated statement of the same value counts once.
fn push_claim(fact: &mut Fact, claim: Claim) {
    let repeated = fact
        .claims
        .iter()
        .any(|c| c.article == claim.article && c.min == claim.min && c.max == claim.max);
    if !repeated {
        fact.claims.push(claim);
    }
}

/// Whether two of the claims cannot both be true.
pub(crate) fn disagree(claims: &[Claim]) -> bool {
    let interval = |c: &Claim| Interval {
        min: c.min,
        max: c.max,
    };
    claims.iter().enumerate().any(|(i, a)| {
        claims[i + 1..]
            .iter()
            .any(|b| !interval(a).overlaps(&interval(b), AGREEMENT_TOLERANCE))
    })
}

/// Facts in a fixed order: by slot, then subject (none first).
pub(crate) fn sort_facts(facts: &mut [Fact]) {
    facts.sort_by(|a, b| (&a.slot, &a.subject).cmp(&(&b.slot, &b.subject)));
}
