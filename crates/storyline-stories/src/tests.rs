use super::*;

fn event(
    id: &str,
    date: &str,
    title: &str,
    participants: &[&str],
    places: &[&str],
    terms: &[&str],
    article_count: usize,
) -> EventOutline {
    let owned = |names: &[&str]| names.iter().map(|name| (*name).into()).collect();
    EventOutline {
        id: id.into(),
        title: title.into(),
        date: Some(date.into()),
        participants: owned(participants),
        places: owned(places),
        terms: owned(terms),
        article_count,
    }
}

/// Two summits of the same leaders four years apart, a Putin event on another subject, a Kim event on
/// another subject and an earthquake.
fn fixture() -> Vec<EventOutline> {
    vec![
        event(
            "summit-2023",
            "2023-09-13",
            "Kim and Putin meet at Vostochny cosmodrome",
            &["Vladimir Putin", "Kim Jong Un", "Sergei Shoigu"],
            &["Vostochny", "Amur"],
            &["putin", "kim", "summit", "talk", "cosmodrom"],
            6,
        ),
        event(
            "putin-law",
            "2023-07-24",
            "Putin signs law raising conscription age",
            &["Vladimir Putin", "State Duma"],
            &["Moscow"],
            &["putin", "sign", "law", "conscript", "age"],
            3,
        ),
        event(
            "summit-2019",
            "2019-04-25",
            "Putin and Kim hold first summit in Vladivostok",
            &["Kim Jong-un", "Vladimir Putin"],
            &["Vladivostok", "Russky Island"],
            &["putin", "kim", "summit", "first", "vladivostok"],
            9,
        ),
        event(
            "kim-missile",
            "2023-08-31",
            "North Korea fires missiles, Kim oversees drill",
            &["Kim Jong Un"],
            &["Pyongyang"],
            &["kim", "missil", "fire", "drill"],
            4,
        ),
        event(
            "quake",
            "2023-09-08",
            "Earthquake strikes Morocco",
            &["Red Crescent"],
            &["Morocco"],
            &["earthquak", "strike", "morocco"],
            12,
        ),
    ]
}

fn story_of<'a>(stories: &'a [Story], event_id: &str) -> Option<&'a Story> {
    stories
        .iter()
        .find(|s| s.events.iter().any(|e| e == event_id))
}

#[test]
fn the_two_summits_of_the_same_leaders_are_one_story_in_date_order() {
    let stories = link_stories(&fixture());
    let story = story_of(&stories, "summit-2019").expect("the 2019 summit is in a story");
    assert_eq!(story.events, ["summit-2019", "summit-2023"]);
    assert_eq!(
        story.title,
        "Putin and Kim hold first summit in Vladivostok"
    );
}

#[test]
fn an_event_sharing_one_participant_but_no_theme_is_not_joined() {
    let stories = link_stories(&fixture());
    for unrelated in ["putin-law", "kim-missile", "quake"] {
        assert!(
            story_of(&stories, unrelated).is_none(),
            "{unrelated} is not part of a story: {stories:?}"
        );
    }
    assert_eq!(stories.len(), 1, "stories of one event are not listed");
}

#[test]
fn one_shared_participant_with_a_shared_theme_links_only_when_near_in_time() {
    let first = event(
        "strike-1",
        "2024-03-01",
        "Boeing machinists strike over pay",
        &["Boeing"],
        &["Seattle"],
        &["machinist", "strike", "pay"],
        2,
    );
    let mut second = event(
        "strike-2",
        "2024-03-20",
        "Boeing machinists end strike after pay deal",
        &["Boeing", "IAM"],
        &["Seattle"],
        &["machinist", "strike", "end", "pay", "deal"],
        3,
    );
    let stories = link_stories(&[first.clone(), second.clone()]);
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0].events, ["strike-1", "strike-2"]);

    second.date = Some("2026-03-20".into());
    assert!(
        link_stories(&[first, second]).is_empty(),
        "one shared name two years apart is not enough"
    );
}

#[test]
fn ids_and_order_do_not_depend_on_input_order_or_run() {
    let mut events = fixture();
    let stories = link_stories(&events);
    events.reverse();
    assert_eq!(link_stories(&events), stories);
    events.rotate_left(2);
    assert_eq!(link_stories(&events), stories);
    assert_eq!(stories[0].id, stable_id("s", "summit-2019"));
}

#[test]
fn a_chain_of_events_is_one_story_and_stories_are_sorted_by_first_event() {
    let mut events = fixture();
    // A third meeting links to the 2023 one; a separate two-event story starts earlier.
    events.push(event(
        "summit-2024",
        "2024-06-19",
        "Putin visits Pyongyang for summit with Kim",
        &["Vladimir Putin", "Kim Jong Un"],
        &["Pyongyang"],
        &["putin", "kim", "summit", "pyongyang", "visit"],
        7,
    ));
    events.push(event(
        "strike-1",
        "2018-01-05",
        "Dockers strike at Rotterdam port",
        &["FNV"],
        &["Rotterdam"],
        &["docker", "strike", "port"],
        2,
    ));
    events.push(event(
        "strike-2",
        "2018-01-09",
        "Rotterdam dockers' strike spreads to second port",
        &["FNV", "Port of Rotterdam"],
        &["Rotterdam"],
        &["docker", "strike", "port", "spread"],
        2,
    ));
    let stories = link_stories(&events);
    assert_eq!(stories.len(), 2, "{stories:?}");
    assert_eq!(stories[0].events, ["strike-1", "strike-2"]);
    assert_eq!(
        stories[1].events,
        ["summit-2019", "summit-2023", "summit-2024"]
    );
}

#[test]
fn undated_events_and_terms_common_to_many_events_are_left_out() {
    let mut undated = event(
        "summit-undated",
        "2019-04-25",
        "Putin and Kim summit",
        &["Vladimir Putin", "Kim Jong Un"],
        &[],
        &["summit"],
        1,
    );
    undated.date = None;
    let mut events = fixture();
    events.push(undated);
    let stories = link_stories(&events);
    assert!(story_of(&stories, "summit-undated").is_none());

    // With every term held by two events counted as too common, the two summits share no theme.
    let config = Config {
        common_term_floor: 1,
        common_term_share: 0.0,
        ..Config::default()
    };
    let events = fixture();
    assert!(link_stories_with(&events, &config).is_empty());
}

#[test]
fn a_busy_participant_does_not_hide_the_earlier_event_of_a_rarer_one() {
    // 2,000 unrelated events of one leader between the two summits: only the most recent of them are compared,
    // and the other leader's key still finds the first summit.
    let mut events = vec![fixture()[2].clone()];
    for i in 0..2000 {
        events.push(event(
            &format!("busy-{i:04}"),
            &format!("2020-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
            "Putin speaks",
            &["Vladimir Putin", &format!("Official {i}")],
            &["Moscow"],
            &[&format!("topic{i}")],
            1,
        ));
    }
    events.push(fixture()[0].clone());
    let stories = link_stories(&events);
    assert_eq!(stories.len(), 1, "{:?}", &stories[..stories.len().min(3)]);
    assert_eq!(stories[0].events, ["summit-2019", "summit-2023"]);
}
