//! Copies, quotes and summary of one invented event: a ferry disaster told by a wire service, two outlets that
//! ran its story (one trimmed, one edited) and two outlets that wrote their own.

use crate::near::{containment, token_set, tokens, StopWords};
use crate::{build_event, original_id, EntityIndex, Member, Reader};
use storyline_analyze::{Analysis, Analyzer};
use storyline_model::{Article, Event, EventArticle, QuoteKind};

const WIRE: &str = "LAKE VARDEN, Norland (NW) — A passenger ferry capsized on Lake Varden on Tuesday evening, \
killing at least 12 people and leaving 30 missing, regional officials said. The ferry, the Aurora Star, was \
carrying about 140 passengers from Port Elsby to the island town of Hollin when strong winds struck the lake \
shortly after 6 p.m. Rescue teams pulled 98 survivors from the cold water overnight, and divers resumed the \
search at dawn.\n\n\"We are doing everything we can to find the missing,\" said Governor Marta Ellison, who \
visited the harbour on Wednesday morning. \"The weather gave us no warning.\"\n\nThe ferry operator, Varden \
Lines, said the vessel had passed a safety inspection in January. Police have opened an investigation into \
whether the ferry was overloaded.\n\nRelatives gathered at the Port Elsby terminal through the night, waiting \
for news of the missing. The regional government declared three days of mourning.";

/// The wire story under a byline, without its dateline and last paragraph.
fn trimmed_copy() -> String {
    let body = WIRE.split_once(" — ").map(|(_, rest)| rest).unwrap_or(WIRE);
    let kept = body
        .rsplit_once("\n\nRelatives")
        .map_or(body, |(kept, _)| kept);
    format!("By Courier Staff\n\n{kept}")
}

/// The wire story with a few words changed by a copy desk and the last paragraph cut.
fn edited_copy() -> String {
    trimmed_copy()
        .replace("By Courier Staff\n\n", "")
        .replace(
            "killing at least 12 people",
            "leaving at least 12 people dead",
        )
        .replace("Rescue teams pulled", "Rescuers pulled")
        .replace(
            "resumed the search at dawn",
            "restarted the search at first light",
        )
        .replace("about 140 passengers", "some 140 passengers")
}

const HARBOUR: &str = "Families of the missing waited through a cold night at the Port Elsby terminal as divers \
searched Lake Varden for survivors of the Aurora Star. Governor Marta Ellison told reporters: \"We are doing \
everything we can to find the missing.\" Survivors described a sudden lurch as waves broke over the lower deck, \
and several said the ferry had been crowded well beyond its usual load. Varden Lines chief executive Tomas Brek \
promised a full account of the crossing. The company has run the Hollin route for more than forty years without \
a serious accident, according to the regional transport office.";

const RADIO: &str = "A passenger ferry capsized on Lake Varden on Tuesday evening, killing at least 12 people, \
officials said. Ellison, who leads the regional government, spoke at the harbour on Wednesday. \"We are doing \
everything we can to find those missing,\" Ellison said. Later in the day the company's chief executive, Mr \
Brek, met relatives of the passengers at the terminal. \"We will cooperate fully with the police and \
the inspectors,\" he said. Weather forecasters had issued a wind warning for the northern lakes on Tuesday \
afternoon.";

fn article(id: &str, outlet: &str, published: &str, title: &str, text: &str) -> Article {
    Article {
        published: Some(published.parse().expect("a valid date")),
        outlet: Some(outlet.into()),
        language: Some("en".into()),
        ..Article::new(id, title, text)
    }
}

fn ferry_articles() -> Vec<Article> {
    vec![
        // The trimmed copy joined the event first, but the wire published first.
        article(
            "courier",
            "Daily Courier",
            "2024-03-05T11:00:00Z",
            "Ferry tragedy on Lake Varden",
            &trimmed_copy(),
        ),
        article(
            "wire",
            "Northern Wire",
            "2024-03-05T08:00:00Z",
            "Ferry capsizes on Lake Varden, at least 12 dead",
            WIRE,
        ),
        article(
            "post",
            "Evening Post",
            "2024-03-05T16:00:00Z",
            "At least 12 dead as ferry sinks",
            &edited_copy(),
        ),
        article(
            "harbour",
            "Harbour Times",
            "2024-03-06T07:00:00Z",
            "A night of waiting at Port Elsby",
            HARBOUR,
        ),
        article(
            "radio",
            "Radio Norland",
            "2024-03-06T09:00:00Z",
            "Ferry company head meets relatives",
            RADIO,
        ),
    ]
}

fn event_of(articles: &[Article]) -> Event {
    let analyzer = Analyzer::new();
    let analyses: Vec<Analysis> = articles.iter().map(|a| analyzer.analyze(a)).collect();
    let index = EntityIndex::new(&analyses);
    let members: Vec<Member<'_>> = articles
        .iter()
        .zip(&analyses)
        .map(|(article, analysis)| Member {
            reading: None,
            article,
            analysis,
            membership: EventArticle {
                id: article.id.clone(),
                score: 1.0,
                why: Vec::new(),
                // A stale value from an earlier build is recomputed.
                copy_of: Some("stale".into()),
                framing: Default::default(),
            },
        })
        .collect();
    build_event("ferry", &members, &index, &Reader::new())
}

fn copy_of<'e>(event: &'e Event, id: &str) -> Option<&'e str> {
    event
        .articles
        .iter()
        .find(|a| a.id == id)
        .and_then(|a| a.copy_of.as_deref())
}

#[test]
fn wire_copies_trimmed_or_edited_point_to_the_first_published_article() {
    let event = event_of(&ferry_articles());
    assert_eq!(copy_of(&event, "courier"), Some("wire"));
    assert_eq!(copy_of(&event, "post"), Some("wire"), "the edited copy");
    assert_eq!(copy_of(&event, "wire"), None);
    assert_eq!(original_id(&event, "post"), "wire");
    assert_eq!(original_id(&event, "harbour"), "harbour");
    assert_eq!(event.copies.len(), 1);
    let group = &event.copies[0];
    assert_eq!(group.original, "wire");
    assert_eq!(group.copies, ["courier", "post"]);
    assert_eq!(
        group.outlets,
        ["Daily Courier", "Evening Post", "Northern Wire"]
    );
}

#[test]
fn different_stories_on_the_same_disaster_are_not_copies() {
    let event = event_of(&ferry_articles());
    assert_eq!(copy_of(&event, "harbour"), None);
    assert_eq!(copy_of(&event, "radio"), None);
    // Radio Norland's lead is nearly the wire's, but the rest of its story is its own.
    let only_similar = [ferry_articles()[1].clone(), ferry_articles()[4].clone()];
    assert!(event_of(&only_similar).copies.is_empty());
}

#[test]
fn one_quote_carried_by_three_outlets_is_one_entry_and_copies_add_no_source() {
    let event = event_of(&ferry_articles());
    let carried: Vec<_> = event
        .quotes
        .iter()
        .filter(|q| q.text.contains("doing everything we can"))
        .collect();
    assert_eq!(carried.len(), 1, "{:#?}", event.quotes);
    let quote = carried[0];
    assert_eq!(quote.speaker.as_deref(), Some("Marta Ellison"));
    assert_eq!(quote.articles, ["wire", "harbour", "radio"]);
    assert_eq!(
        quote.outlets,
        ["Harbour Times", "Northern Wire", "Radio Norland"]
    );
    assert_eq!(quote.article, "wire");
    assert_eq!(quote.outlet.as_deref(), Some("Northern Wire"));
    assert_eq!(quote.kind, Some(QuoteKind::Direct));
    assert_eq!(
        event.quotes[0], *quote,
        "the most widely carried direct quote ranks first"
    );
    assert!(event
        .quotes
        .iter()
        .all(|q| !q.articles.contains(&"courier".to_string())
            && !q.articles.contains(&"post".to_string())));
}

#[test]
fn a_pronoun_speaker_gets_the_events_canonical_name() {
    let event = event_of(&ferry_articles());
    let cooperate = event
        .quotes
        .iter()
        .find(|q| q.text.contains("cooperate fully"))
        .expect("the quote is listed");
    // Radio Norland says only "Mr Brek" and "he"; Harbour Times gives the full name.
    let attributed_to_he = storyline_quotes::find_quotes(RADIO).into_iter().any(|q| {
        RADIO[q.content.start..q.content.end].contains("cooperate fully")
            && q.speaker
                .is_some_and(|s| s.kind == storyline_quotes::SpeakerKind::Pronoun)
    });
    assert!(attributed_to_he);
    assert_eq!(cooperate.speaker.as_deref(), Some("Tomas Brek"));
}

#[test]
fn the_summary_covers_the_event_without_repeating_itself() {
    let articles = ferry_articles();
    let event = event_of(&articles);
    assert!(
        (3..=4).contains(&event.summary.len()),
        "{:#?}",
        event.summary
    );
    let stop = StopWords::new();
    let words = |text: &str| {
        token_set(
            tokens(text, stop.of(Some("en")))
                .iter()
                .filter(|t| t.content),
        )
    };
    for (i, a) in event.summary.iter().enumerate() {
        assert!(
            a.article != "courier" && a.article != "post",
            "copies are skipped"
        );
        let source = articles.iter().find(|x| x.id == a.article).unwrap();
        assert_eq!(
            &source.text[a.start.unwrap()..a.end.unwrap()],
            a.text,
            "spans point into the article"
        );
        assert!(!a.text.starts_with("LAKE VARDEN"), "the dateline is cut");
        for b in &event.summary[i + 1..] {
            assert!(
                containment(&words(&a.text), &words(&b.text)) < 0.5,
                "{:?} repeats {:?}",
                b.text,
                a.text
            );
        }
    }
    // The wire's and Radio Norland's near-identical leads: one of them at most.
    let leads = event
        .summary
        .iter()
        .filter(|s| s.text.starts_with("A passenger ferry capsized"))
        .count();
    assert_eq!(leads, 1, "{:#?}", event.summary);
    assert_eq!(event_of(&articles), event, "deterministic");
}

#[test]
fn hundreds_of_copies_form_one_group_under_the_earliest() {
    let articles: Vec<Article> = (0..300)
        .map(|i| {
            article(
                &format!("c{i:03}"),
                &format!("Outlet {i:03}"),
                &format!("2024-03-05T{:02}:{:02}:00Z", 8 + i / 60, i % 60),
                "Ferry capsizes",
                WIRE,
            )
        })
        .rev()
        .collect();
    let event = event_of(&articles);
    assert_eq!(event.copies.len(), 1);
    assert_eq!(event.copies[0].original, "c000");
    assert_eq!(event.copies[0].copies.len(), 299);
    assert_eq!(event.copies[0].outlets.len(), 300);
    let quote = event
        .quotes
        .iter()
        .find(|q| q.text.contains("doing everything"))
        .unwrap();
    assert_eq!(quote.outlets, ["Outlet 000"], "copies count once");
}

#[test]
fn wire_copies_count_once_in_the_claims() {
    let event = event_of(&ferry_articles());
    let dead = event
        .facts
        .iter()
        .find(|f| f.slot == "dead")
        .unwrap_or_else(|| panic!("a toll of the dead in {:?}", event.facts));
    let sources: Vec<&str> = dead.claims.iter().map(|c| c.article.as_str()).collect();
    assert!(sources.contains(&"wire"), "{sources:?}");
    assert!(
        !sources.contains(&"courier") && !sources.contains(&"post"),
        "copies of the wire story add no claim: {sources:?}"
    );
    assert!(!dead.disagreement);
}
