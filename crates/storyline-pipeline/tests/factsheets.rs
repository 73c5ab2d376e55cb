//! The fact sheets of the hand-written corpus in examples/factsheets (see its README for what each article
//! exercises).

use storyline_cluster::Config;
use storyline_model::{Article, DateBasis, Document, Event, EventKind};

fn document() -> Document {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/factsheets/corpus.jsonl"
    );
    let corpus = std::fs::read_to_string(path).expect("examples/factsheets/corpus.jsonl");
    let articles: Vec<Article> = corpus
        .lines()
        .map(|line| serde_json::from_str(line).expect("an article"))
        .collect();
    storyline_pipeline::run(articles, Config::default())
}

/// The event that holds the article.
fn event_of<'d>(document: &'d Document, article: &str) -> &'d Event {
    document
        .events
        .iter()
        .find(|e| e.articles.iter().any(|a| a.id == article))
        .unwrap_or_else(|| panic!("no event holds {article}"))
}

fn fact<'e>(event: &'e Event, slot: &str, subject: Option<&str>) -> &'e storyline_model::Fact {
    event
        .facts
        .iter()
        .find(|f| f.slot == slot && f.subject.as_deref() == subject)
        .unwrap_or_else(|| panic!("no {slot}/{subject:?} fact in {:#?}", event.facts))
}

#[test]
fn events_are_grouped_as_written() {
    let document = document();
    let summit = event_of(&document, "gazette-2023-port-elmas");
    let mut ids: Vec<&str> = summit.articles.iter().map(|a| a.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        [
            "eastbound-2023-port-elmas",
            "gazette-2023-port-elmas",
            "lantern-2023-port-elmas",
            "ledger-2023-port-elmas"
        ]
    );
    assert_ne!(
        event_of(&document, "gazette-2019-lindau").id,
        summit.id,
        "the 2019 meeting is another event"
    );
}

#[test]
fn relative_dates_resolve_to_the_event_day_with_evidence() {
    let document = document();
    let summit = event_of(&document, "gazette-2023-port-elmas");
    assert_eq!(
        summit.date.as_deref(),
        Some("2023-09-13"),
        "\"Wednesday\", \"yesterday\""
    );
    assert_eq!(summit.date_basis, Some(DateBasis::Text));
    assert!(
        summit.date_evidence.len() >= 3,
        "{:#?}",
        summit.date_evidence
    );
    let yesterday = summit
        .date_evidence
        .iter()
        .find(|e| e.article == "ledger-2023-port-elmas")
        .expect("the Ledger's \"yesterday\"");
    assert_eq!(yesterday.expression, "yesterday");
    assert!(yesterday.text.contains("lasted almost an hour"));

    let lindau = event_of(&document, "gazette-2019-lindau");
    assert_eq!(
        lindau.date.as_deref(),
        Some("2019-06-18"),
        "\"Tuesday\", \"today\""
    );
    let quake = event_of(&document, "courier-sorvik-quake");
    assert_eq!(quake.date.as_deref(), Some("2024-02-05"), "\"Monday\"");
    let deal = event_of(&document, "ledger-telvane-brightwater");
    assert_eq!(
        deal.date.as_deref(),
        Some("2024-03-07"),
        "\"Thursday\", \"today\""
    );
}

#[test]
fn events_get_their_type() {
    let document = document();
    let kind = |article: &str| event_of(&document, article).kind;
    assert_eq!(kind("gazette-2023-port-elmas"), EventKind::Meeting);
    assert_eq!(kind("gazette-2019-lindau"), EventKind::Meeting);
    assert_eq!(kind("courier-sorvik-quake"), EventKind::Disaster);
    assert_eq!(kind("ledger-telvane-brightwater"), EventKind::BusinessDeal);
    let json = serde_json::to_value(event_of(&document, "courier-sorvik-quake")).unwrap();
    assert_eq!(json["type"], "disaster");
}

#[test]
fn durations_disagree_only_when_they_measure_the_same_thing() {
    let document = document();
    let summit = event_of(&document, "gazette-2023-port-elmas");
    let one_on_one = fact(summit, "duration", Some("one-on-one"));
    assert_eq!(one_on_one.claims.len(), 1);
    assert_eq!(one_on_one.claims[0].value, "almost an hour");
    assert!(!one_on_one.disagreement);

    let talks = fact(summit, "duration", Some("talks"));
    let values: Vec<(&str, &str)> = talks
        .claims
        .iter()
        .map(|c| (c.article.as_str(), c.value.as_str()))
        .collect();
    assert!(
        values.contains(&("gazette-2023-port-elmas", "more than five hours")),
        "{values:?}"
    );
    assert!(
        values.contains(&("eastbound-2023-port-elmas", "several hours")),
        "{values:?}"
    );
    assert!(
        values.contains(&("ledger-2023-port-elmas", "almost an hour")),
        "{values:?}"
    );
    assert!(
        talks.disagreement,
        "the Ledger's \"almost an hour\" for the whole summit cannot be \"more than five hours\""
    );
    assert!(
        !values.iter().any(|(_, v)| v.contains("three and a half")),
        "the 2019 meeting's length is not the 2023 summit's: {values:?}"
    );
    for claim in &talks.claims {
        let article = document
            .articles
            .iter()
            .find(|a| a.id == claim.article)
            .unwrap();
        assert_eq!(
            article.text[claim.start..claim.end].trim(),
            claim.text,
            "the claim links to its sentence"
        );
    }
}

#[test]
fn counts_that_cannot_both_be_true_disagree() {
    let document = document();
    let quake = event_of(&document, "courier-sorvik-quake");
    let dead = fact(quake, "dead", None);
    let values: Vec<&str> = dead.claims.iter().map(|c| c.value.as_str()).collect();
    assert_eq!(values.len(), 2, "{values:?}");
    assert!(dead.disagreement, "8 and 11 dead: {values:?}");
    assert!(
        !quake
            .facts
            .iter()
            .any(|f| f.claims.iter().any(|c| c.value.contains("6.1"))),
        "a magnitude is not a count: {:#?}",
        quake.facts
    );
    let deal = event_of(&document, "ledger-telvane-brightwater");
    let price = fact(deal, "price", None);
    assert_eq!(price.claims.len(), 2, "{:#?}", price.claims);
    assert!(!price.disagreement, "$2.1 billion is about $2 billion");
}

#[test]
fn a_claim_about_an_earlier_meeting_goes_to_that_meeting() {
    let document = document();
    let summit = event_of(&document, "gazette-2023-port-elmas");
    let lindau = event_of(&document, "gazette-2019-lindau");
    let routed = summit
        .other_events
        .iter()
        .find(|o| {
            o.fact
                .claims
                .iter()
                .any(|c| c.value == "three and a half hours")
        })
        .expect("the 2019 claim is kept apart");
    assert_eq!(
        (routed.from.as_str(), routed.to.as_str()),
        ("2019-01-01", "2019-12-31")
    );
    assert_eq!(routed.routed_to.as_deref(), Some(lindau.id.as_str()));
    let talks = fact(lindau, "duration", Some("talks"));
    let values: Vec<&str> = talks.claims.iter().map(|c| c.value.as_str()).collect();
    assert!(values.contains(&"three and a half hours"), "{values:?}");
    assert!(values.contains(&"more than three hours"), "{values:?}");
    assert!(!talks.disagreement, "{values:?}");
}
