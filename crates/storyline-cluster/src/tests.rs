use super::*;
use storyline_analyze::Analyzer;
use storyline_model::Article;

fn article(id: &str, published: &str, title: &str, text: &str) -> Article {
    Article {
        published: Some(published.parse().unwrap()),
        language: Some("en".into()),
        ..Article::new(id, title, text)
    }
}

fn run(clusterer: &mut Clusterer, articles: &[Article]) -> Vec<Assignment> {
    let analyzer = Analyzer::new();
    articles
        .iter()
        .map(|a| clusterer.add(&a.id, a.published, &analyzer.analyze(a)))
        .collect()
}

/// Two summits of the same leaders, years apart, and an unrelated story.
fn corpus() -> Vec<Article> {
    vec![
        article("s19-a", "2019-04-25", "Putin and Kim Jong-un hold first summit in Vladivostok",
            "Russian President Vladimir Putin and North Korean leader Kim Jong-un held their first summit in \
             Vladivostok on Thursday, April 25, 2019. The talks on Russky Island focused on the nuclear standoff."),
        article("s19-b", "2019-04-25", "Kim Jong Un meets Putin in Vladivostok",
            "Kim Jong Un met Vladimir Putin in Vladivostok in April 2019 for talks about the nuclear programme. \
             The summit on Russky Island lasted about three and a half hours."),
        article("quake", "2019-04-26", "Earthquake shakes coastal Chile",
            "A strong earthquake struck the coast of Chile on Friday, damaging buildings in Valparaiso. \
             Rescue teams searched collapsed homes; no tsunami warning was issued."),
        article("s23-a", "2023-09-13", "Putin hosts Kim Jong-un at the Vostochny cosmodrome",
            "Vladimir Putin welcomed Kim Jong-un at the Vostochny cosmodrome in September 2023. The 2023 summit \
             focused on weapons, satellites and the war in Ukraine."),
        article("s23-b", "2023-09-13", "Kim and Putin meet at Russian spaceport",
            "Kim Jong Un and Vladimir Putin met at the Vostochny cosmodrome on September 13, 2023 for talks on \
             satellites and weapons during the war in Ukraine."),
    ]
}

#[test]
fn same_event_articles_join_and_recurring_events_stay_apart() {
    let mut clusterer = Clusterer::new(Config::default());
    let got = run(&mut clusterer, &corpus());
    let ids: Vec<&str> = got.iter().map(|a| a.event_id.as_str()).collect();
    assert_eq!(
        ids[0], ids[1],
        "the two 2019 reports are one event: {got:#?}"
    );
    assert_eq!(
        ids[3], ids[4],
        "the two 2023 reports are one event: {got:#?}"
    );
    assert_ne!(
        ids[0], ids[3],
        "2019 and 2023 summits are different events: {got:#?}"
    );
    assert_ne!(ids[2], ids[0]);
    assert!(got[0].opened && !got[1].opened && got[2].opened && got[3].opened && !got[4].opened);
    assert!(
        got[1].why.iter().any(|w| w == "Vladivostok"),
        "{:?}",
        got[1].why
    );
    assert!(got[1].score >= clusterer.config().threshold);
}

#[test]
fn the_time_window_closes_old_events() {
    let mut clusterer = Clusterer::new(Config {
        window_days: 7,
        ..Config::default()
    });
    let articles = corpus();
    run(&mut clusterer, &articles[..3]);
    assert_eq!(clusterer.open_events(), 2);
    // Four years later the 2019 events are closed before the 2023 article is compared.
    run(&mut clusterer, &articles[3..4]);
    assert_eq!(clusterer.open_events(), 1);
}

#[test]
fn the_open_event_cap_bounds_memory() {
    let mut clusterer = Clusterer::new(Config {
        max_open_events: 2,
        ..Config::default()
    });
    run(&mut clusterer, &corpus());
    assert!(clusterer.open_events() <= 2);
}

#[test]
fn a_restored_state_continues_exactly_like_an_uninterrupted_run() {
    let articles = corpus();
    let mut straight = Clusterer::new(Config::default());
    let expected = run(&mut straight, &articles);

    let mut first = Clusterer::new(Config::default());
    let mut got = run(&mut first, &articles[..2]);
    let mut resumed = Clusterer::from_bytes(&first.to_bytes()).unwrap();
    got.extend(run(&mut resumed, &articles[2..]));
    assert_eq!(got, expected);
    assert!(Clusterer::from_bytes(b"{not json").is_err());
}

#[test]
fn config_parameters_can_be_set_by_name() {
    let mut config = Config::default();
    config.set("threshold", "0.5").unwrap();
    config.set("window_days", "3").unwrap();
    assert_eq!((config.threshold, config.window_days), (0.5, 3));
    assert!(config.set("threshold", "high").is_err());
    assert!(config.set("nonsense", "1").is_err());
}

#[test]
fn a_different_protagonist_makes_a_different_event() {
    let stories = [
        article("reid-1", "2008-12-09", "Tara Reid enters rehab at Promises clinic",
            "Actress Tara Reid checked into the Promises rehab clinic in Malibu on Tuesday, her publicist said. \
             Reid has struggled with partying, the publicist added."),
        article("reid-2", "2008-12-09", "Tara Reid checks into rehab",
            "Tara Reid has checked into rehab at the Promises clinic in Malibu. Reid's publicist confirmed the stay."),
        article("lohan-1", "2008-12-10", "Lindsay Lohan checks into rehab",
            "Actress Lindsay Lohan checked into a rehab clinic in Malibu on Wednesday, her publicist said. \
             Lohan will stay at the clinic for treatment, the publicist added."),
    ];
    let with = run(&mut Clusterer::new(Config::default()), &stories);
    assert_eq!(with[0].event_id, with[1].event_id, "{with:#?}");
    assert_ne!(with[0].event_id, with[2].event_id, "{with:#?}");
}

/// Three long reports of a flood in an invented town, each with its own details, then a one-sentence report
/// of it that names nothing and whose words are spread over the three.
fn flood_reports() -> Vec<Article> {
    let long = |id: &str, title: &str, text: &str| article(id, "2021-03-02", title, text);
    vec![
        long("f1", "Floods swamp Kellmoor after the dike broke",
            "The river Varn rose four metres overnight in Kellmoor and the old dike broke before dawn. \
             Firefighters pumped water from basements while volunteers gathered at the town hall. The mayor \
             closed schools until Friday and asked drivers to avoid the ring road near the brewery. Engineers \
             inspected pylons, culverts and the pumping station, whose generators failed at midnight."),
        long("f2", "Kellmoor evacuates homes as cellars filled",
            "Hundreds left their homes in Kellmoor as cellars filled with muddy water. Farmers downstream \
             moved cattle to higher pastures as forecasters warned of heavier rain. Railway services \
             between the coast and the capital were suspended after landslides. Shelters in gymnasiums \
             offered blankets, soup and cots to pensioners rescued by boat."),
        long("f3", "Kellmoor waits as sandbags ran out",
            "Sandbags ran out in Kellmoor on the second night of the flood. Insurers sent assessors into the \
             streets, and the regional council promised emergency grants for shopkeepers whose stock was \
             ruined. Soldiers cleared debris from the harbour bridge, and bakers donated bread to exhausted \
             rescuers working through the weekend."),
        article("f4", "2021-03-02", "Dike broke, cellars filled",
            "The dike broke, cellars filled and sandbags ran out."),
    ]
}

#[test]
fn a_one_sentence_report_is_judged_by_its_own_words() {
    let mut clusterer = Clusterer::new(Config::default());
    let got = run(&mut clusterer, &flood_reports());
    assert!(
        got[1..].iter().all(|a| a.event_id == got[0].event_id),
        "{got:#?}"
    );
    assert!(
        got[3].why.iter().any(|w| w.starts_with("short report")),
        "{:?}",
        got[3].why
    );
    // Against the whole centroid its words are a small part of what the event says; through its own words
    // the event weighs them much as the report does.
    let mut centroid_only = Clusterer::new(Config {
        short_article_terms: 0,
        ..Config::default()
    });
    let alone = run(&mut centroid_only, &flood_reports());
    assert!(got[3].score > alone[3].score + 0.2, "{got:#?} {alone:#?}");
    assert!(!alone[3].why.iter().any(|w| w.starts_with("short report")));
}

/// Two reports on one coach, the first with a publication day and the second without.
fn dated_and_undated_reports() -> (Article, Article) {
    let dated = article("hired", "2005-05-24", "Sixers hire Maurice Cheeks as head coach",
        "The Philadelphia Sixers hired Maurice Cheeks as their new head coach on Tuesday, May 24, 2005.");
    let undated = Article {
        published: None,
        ..article("fired", "2008-12-13", "Sixers fire coach Maurice Cheeks",
            "The Philadelphia Sixers fired coach Maurice Cheeks on Saturday after a poor start to the season.")
    };
    (dated, undated)
}

/// The event `opener` opens, and `report`'s similarity to it as an undated and as a dated report.
fn scored_both_ways(opener: &Article, report: &Article) -> (Option<i64>, Similarity, Similarity) {
    let analyzer = Analyzer::new();
    let mut clusterer = Clusterer::new(Config::default());
    clusterer.add(&opener.id, opener.published, &analyzer.analyze(opener));
    let vectors = clusterer.vectors(&analyzer.analyze(report));
    let event = clusterer
        .open
        .values()
        .next()
        .expect("the opener opened an event");
    (
        event.last_day,
        clusterer.similarity(event, &vectors, false),
        clusterer.similarity(event, &vectors, true),
    )
}

#[test]
fn a_dated_report_needs_more_to_join_an_event_of_unknown_time() {
    let (dated, undated) = dated_and_undated_reports();
    let (last_day, as_undated, as_dated) = scored_both_ways(&undated, &dated);
    assert_eq!(last_day, None);
    let penalty = Config::default().undated_event_penalty;
    assert!(penalty > 0.0);
    assert!((as_undated.total() - as_dated.total() - penalty).abs() < 1e-6);
    assert!(
        as_dated
            .decided_by()
            .contains("event of unknown time -0.10"),
        "{}",
        as_dated.decided_by()
    );
    assert!(!as_undated.decided_by().contains("unknown time"));
}

#[test]
fn an_undated_report_needs_more_to_join_an_event_with_days() {
    let (dated, undated) = dated_and_undated_reports();
    let (last_day, as_undated, as_dated) = scored_both_ways(&dated, &undated);
    assert!(last_day.is_some());
    let config = Config::default();
    let penalty = config.undated_report_penalty;
    assert!(penalty > 0.0 && penalty < config.undated_event_penalty);
    assert!((as_dated.total() - as_undated.total() - penalty).abs() < 1e-6);
    assert!(
        as_undated
            .decided_by()
            .contains("report of unknown time -0.05"),
        "{}",
        as_undated.decided_by()
    );
    assert!(!as_dated.decided_by().contains("unknown time"));
}

#[test]
fn an_article_that_opens_an_event_names_the_nearest_one_and_its_score_by_signal() {
    let analyzer = Analyzer::new();
    let first = article("summit", "2023-09-13", "Putin and Kim meet at the Vostochny Cosmodrome",
        "Vladimir Putin and Kim Jong Un met at the Vostochny Cosmodrome in the Amur region on Wednesday.");
    let second = article("harvest", "2023-09-14", "Soybean farmers expect a record harvest",
        "Soybean farmers across the Amur region expect a record harvest this autumn after a warm and wet \
         summer. Growers said new storage barns, cheaper fertiliser and rising prices in China made the \
         season the best in a decade, and several cooperatives plan to buy more combines next spring.");
    let mut clusterer = Clusterer::new(Config::default());
    let opened = clusterer.add(&first.id, first.published, &analyzer.analyze(&first));
    let got = clusterer.add(&second.id, second.published, &analyzer.analyze(&second));
    assert!(got.opened, "{got:?}");
    assert!(
        got.why[0].starts_with("no open event was similar enough"),
        "{:?}",
        got.why
    );
    let nearest = &got.why[1];
    assert!(
        nearest.starts_with(&format!("the nearest, {}, score ", opened.event_id)),
        "{nearest}"
    );
    assert!(nearest.contains("terms +"), "{nearest}");
}

#[test]
fn a_join_says_which_signals_made_its_score() {
    let mut clusterer = Clusterer::new(Config::default());
    let got = run(&mut clusterer, &corpus()[..2]);
    let decided = got[1].why.last().expect("a join has reasons");
    assert!(
        decided.starts_with(&format!("score {:.2}: ", got[1].score)),
        "{decided}"
    );
    // Both reports name 2019: the shared year is one of the signals, and the larger cosines come first.
    assert!(decided.contains("shared year +0.05"), "{decided}");
    let terms = decided.find("terms").unwrap();
    let year = decided.find("shared year").unwrap();
    assert!(terms < year, "{decided}");
}

fn analyses_of(articles: &[Article]) -> Vec<Analysis> {
    let analyzer = Analyzer::new();
    articles.iter().map(|a| analyzer.analyze(a)).collect()
}

fn batch_of<'a>(articles: &'a [Article], analyses: &'a [Analysis]) -> Vec<Incoming<'a>> {
    articles
        .iter()
        .zip(analyses)
        .map(|(a, analysis)| Incoming {
            id: &a.id,
            published: a.published,
            analysis,
        })
        .collect()
}

/// A museum theft reported twice, then a second theft at the same museum, reported twice: the first report of
/// the second theft leans towards the first event, its follow-up (long enough to count) does not.
fn two_thefts() -> Vec<Article> {
    vec![
        article("t1-a", "2021-03-02", "Thieves steal Monet painting from Lyon museum",
            "Thieves stole a Monet painting from the Lyon Fine Arts Museum overnight, police said. The masked \
             burglars cut through a skylight and escaped with the canvas before guards arrived."),
        article("t1-b", "2021-03-03", "Monet canvas stolen through Lyon museum skylight",
            "Police in Lyon are hunting masked burglars who cut through a skylight of the Fine Arts Museum and \
             escaped with a Monet canvas. Guards arrived minutes too late."),
        article("t2-a", "2021-03-20", "Second theft at Lyon museum: bronze statue taken",
            "Weeks after the Monet theft, the Lyon Fine Arts Museum lost a Rodin bronze statue. A forklift \
             driver loaded the statue onto a van in broad daylight, using forged delivery papers."),
        article("t2-b", "2021-03-21", "Forged papers let van driver take Rodin bronze",
            "A driver with forged delivery papers loaded a Rodin bronze onto a van with a forklift in broad \
             daylight. Investigators are checking the delivery company named on the papers. Officers found the van \
             abandoned near a river port on Sunday morning, empty, its licence plates removed and its tyres slashed. A \
             witness described the driver as a tall man wearing a grey cap and orange gloves who chatted calmly."),
    ]
}

#[test]
fn look_ahead_revises_a_join_that_a_coming_article_contradicts_and_says_so() {
    let articles = two_thefts();
    let analyses = analyses_of(&articles);
    let batch = batch_of(&articles, &analyses);
    let config = Config {
        threshold: 0.1,
        lookahead: 0,
        ..Config::default()
    };
    let online = Clusterer::new(config.clone()).add_batch(&batch);
    assert_eq!(online[2].event_id, online[0].event_id, "{online:#?}");
    let looking = Clusterer::new(Config {
        lookahead: 2,
        ..config.clone()
    })
    .add_batch(&batch);
    assert_eq!(looking[0].event_id, looking[1].event_id, "{looking:#?}");
    assert_ne!(looking[2].event_id, looking[0].event_id, "{looking:#?}");
    assert_eq!(looking[3].event_id, looking[2].event_id, "{looking:#?}");
    assert!(
        looking[2].opened && looking[2].why[0].contains("revised by look-ahead"),
        "{:?}",
        looking[2].why
    );
    // A one-sentence follow-up is no evidence: the event may have missed it only because it is short.
    let mut short = articles.clone();
    short[3] = article(
        "t2-b",
        "2021-03-21",
        "Forged papers let van driver take Rodin bronze",
        "A driver with forged delivery papers loaded a Rodin bronze onto a van with a forklift.",
    );
    let analyses = analyses_of(&short);
    let got = Clusterer::new(Config {
        lookahead: 2,
        ..config
    })
    .add_batch(&batch_of(&short, &analyses));
    assert_eq!(got[2].event_id, got[0].event_id, "{got:#?}");
}

#[test]
fn a_batch_decides_every_article_and_without_look_ahead_equals_one_by_one() {
    let articles = corpus();
    let analyses = analyses_of(&articles);
    let batch = batch_of(&articles, &analyses);
    let online = Config {
        lookahead: 0,
        fold_recent: 0,
        ..Config::default()
    };
    let one_by_one = run(&mut Clusterer::new(online.clone()), &articles);
    assert_eq!(Clusterer::new(online).add_batch(&batch), one_by_one);
    // With a look-ahead longer than the batch, the batch's end still decides the last articles, and the saved
    // state holds them all: the next batch joins their events.
    let config = Config {
        lookahead: 8,
        ..Config::default()
    };
    let mut first = Clusterer::new(config.clone());
    let got = first.add_batch(&batch[..4]);
    assert_eq!(got.len(), 4);
    let mut resumed = Clusterer::from_bytes(&first.to_bytes()).unwrap();
    let last = resumed.add_batch(&batch[4..]);
    assert_eq!(last[0].event_id, got[3].event_id, "{got:#?} {last:#?}");
    assert_eq!(resumed.config(), &config);
}

/// A flood reported at length, a one-sentence report of the dam breach behind it that shares none of the flood
/// report's words, an unrelated report, and a later report that ties the breach to the flood.
fn flood_and_breach() -> Vec<Article> {
    vec![
        article("f-a", "2022-06-10", "River floods the old town of Marlow",
            "The river Thane burst its banks overnight and flooded the old town of Marlow. Firefighters pumped \
             water from cellars while residents carried furniture upstairs. The mayor opened the school gym as a \
             shelter."),
        article("f-b", "2022-06-10", "Dam breach at Lake Orrin forces evacuation",
            "Engineers reported a breach in the Orrin dam as its reservoir spilled."),
        article("quake-cl", "2022-06-10", "Earthquake shakes coastal Chile",
            "A strong earthquake struck the coast of Chile on Friday, damaging buildings in Valparaiso."),
        article("f-c", "2022-06-11", "Orrin dam breach caused the Marlow flood",
            "The breach in the Orrin dam sent its reservoir into the river Thane, which flooded the old town of \
             Marlow. Engineers said the spilled reservoir water reached the cellars within hours; firefighters \
             pumped water while the mayor kept the school gym open as a shelter."),
    ]
}

#[test]
fn a_later_report_folds_a_young_event_into_the_event_it_joins_and_says_so() {
    let articles = flood_and_breach();
    let analyses = analyses_of(&articles);
    let batch = batch_of(&articles, &analyses);
    let config = Config {
        lookahead: 0,
        fold_recent: 0,
        ..Config::default()
    };
    let apart = Clusterer::new(config.clone()).add_batch(&batch);
    assert_ne!(apart[1].event_id, apart[0].event_id, "{apart:#?}");
    assert_eq!(apart[3].event_id, apart[0].event_id, "{apart:#?}");
    let mut folding = Clusterer::new(Config {
        fold_recent: 2,
        ..config.clone()
    });
    let got = folding.add_batch(&batch);
    assert_eq!(got[1].event_id, got[0].event_id, "{got:#?}");
    assert!(
        !got[1].opened && got[1].why[0].contains("folded"),
        "{:?}",
        got[1].why
    );
    assert_eq!(folding.open_events(), 2);
    // Only young events are reconsidered: with the breach report further back than the bound, it stays apart.
    let bounded = Clusterer::new(Config {
        fold_recent: 1,
        ..config
    })
    .add_batch(&batch);
    assert_eq!(bounded, apart);
}

/// A warehouse fire told from two sides, firefighting and the owner's losses, in reports that share too little
/// to join, then three reports that tell both.
fn fire_from_two_sides() -> Vec<Article> {
    vec![
        article("w-fire", "2024-02-05", "Firefighters battle blaze at Dunmore warehouse",
            "Forty firefighters battled a blaze at a warehouse in Dunmore through the night. Thick smoke forced \
             the closure of the ring road, and crews pumped water from the canal until the flames died down at \
             dawn."),
        article("w-owner", "2024-02-05", "Kestrel Textiles counts its losses",
            "Kestrel Textiles said its entire spring stock of linen and wool was destroyed. The company's chief \
             executive, Maria Okafor, said insurers had been told and that ninety staff would keep their wages."),
        article("w-both-1", "2024-02-06", "Dunmore warehouse fire destroys Kestrel Textiles stock",
            "The blaze that forty firefighters fought through the night at a Dunmore warehouse destroyed the spring \
             stock of linen and wool of Kestrel Textiles. Maria Okafor, its chief executive, said insurers had been \
             told. Smoke closed the ring road until dawn."),
        article("w-both-2", "2024-02-06", "Kestrel Textiles loses stock as Dunmore warehouse burns",
            "Kestrel Textiles lost its linen and wool stock when its Dunmore warehouse burned. Firefighters pumped \
             water from the canal all night; chief executive Maria Okafor promised ninety staff their wages."),
        article("w-both-3", "2024-02-07", "After the Dunmore warehouse blaze, Kestrel Textiles rebuilds",
            "A day after firefighters put out the blaze at its Dunmore warehouse, Kestrel Textiles, whose linen and \
             wool stock burned, told insurers of its losses. Maria Okafor said the ninety staff keep their wages \
             while the smoke-blackened walls are cleared."),
    ]
}

#[test]
fn articles_that_match_two_events_of_their_batch_merge_them_and_say_so() {
    let articles = fire_from_two_sides();
    let analyses = analyses_of(&articles);
    let batch = batch_of(&articles, &analyses);
    let config = Config {
        lookahead: 0,
        fold_recent: 0,
        ..Config::default()
    };
    let apart = Clusterer::new(Config {
        merge_link_margin: -1.0,
        ..config.clone()
    })
    .add_batch(&batch);
    assert_ne!(apart[0].event_id, apart[1].event_id, "{apart:#?}");
    assert!(
        apart[1..].iter().all(|a| a.event_id == apart[1].event_id),
        "{apart:#?}"
    );
    let mut merging = Clusterer::new(config.clone());
    let got = merging.add_batch(&batch);
    assert!(
        got.iter().all(|a| a.event_id == got[1].event_id),
        "{got:#?}"
    );
    assert!(
        !got[0].opened && got[0].why[0].contains("merged") && got[0].why[0].contains("w-both-3"),
        "{:?}",
        got[0].why
    );
    assert_eq!(merging.open_events(), 1);
    // One or two articles that tell both are not enough.
    let unconvinced = Clusterer::new(Config {
        merge_votes: 4,
        ..config.clone()
    })
    .add_batch(&batch);
    assert_eq!(unconvinced, apart);
    // An event whose articles were decided in an earlier batch stays as it was.
    let mut later = Clusterer::new(config);
    let mut split = later.add_batch(&batch[..2]);
    split.extend(later.add_batch(&batch[2..]));
    assert_eq!(split, apart);
}

/// The fire's two sides merge first; then reports of an arson inquiry opened before them merge that event into
/// the inquiry's: every article of both merges ends in the one event. (The inquiry's title names no place its text
/// lacks: a title's own names count, and "Dunmore" there would let the fire's first report join it directly.)
#[test]
fn a_merged_event_takes_the_members_of_events_merged_into_it_before() {
    let mut articles = vec![article("a-police", "2024-02-05", "Police question night guard over warehouse arson",
        "Detectives questioned a night guard after finding petrol cans behind the gate. Forensic officers \
         searched the yard and the guard's van; a neighbour's camera filmed a hooded figure climbing the fence.")];
    articles.extend(fire_from_two_sides());
    for (i, text) in [
        "Detectives who found petrol cans behind the gate questioned a night guard; forensic officers searched the yard and the guard's van of the Kestrel Textiles warehouse, where the linen and wool stock burned.",
        "Forensic officers searched the yard and the night guard's van after detectives found petrol cans behind the gate; a camera filmed a hooded figure climbing the fence at Kestrel Textiles, whose stock was destroyed.",
        "A hooded figure filmed by a neighbour's camera climbing the fence, and petrol cans behind the gate, led detectives to question a night guard; Kestrel Textiles told insurers its linen and wool stock was lost.",
    ].iter().enumerate() {
        articles.push(article(&format!("w-z{i}"), "2024-02-09", "Dunmore arson inquiry", text));
    }
    let analyses = analyses_of(&articles);
    let batch = batch_of(&articles, &analyses);
    let config = Config {
        lookahead: 0,
        fold_recent: 0,
        ..Config::default()
    };
    let got = Clusterer::new(config).add_batch(&batch);
    assert!(
        got.iter().all(|a| a.event_id == got[0].event_id),
        "{got:#?}"
    );
    let fire = &got[1].why;
    assert!(
        fire.len() == 2 && fire[0].contains("w-both-3") && fire[1].contains("w-z2"),
        "{fire:?}"
    );
}
