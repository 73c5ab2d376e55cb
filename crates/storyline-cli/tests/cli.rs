//! End-to-end tests of the `storyline` binary: what a user running the commands relies on.
//!
//! Every test runs the real executable on files in a temporary directory or on the example corpus in
//! `examples/news`, and checks exit codes, standard error and the `--json` output.

use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use tempfile::TempDir;

/// The example corpus shipped with the repository.
fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/news")
}

/// The articles of the 2019 Vladivostok summit in the example corpus (file stems are the article ids).
const SUMMIT_2019: [&str; 3] = [
    "harbour-gazette-putin-kim-vladivostok",
    "northern-ledger-russky-island-talks",
    "pacific-dispatch-first-summit",
];

/// The articles of the 2023 Vostochny Cosmodrome summit in the example corpus.
const SUMMIT_2023: [&str; 3] = [
    "meridian-times-vostochny-summit",
    "eastbound-20230913-kim-putin-cosmodrome",
    "riverbank-observer-cosmodrome-talks",
];

/// Every article of the example corpus.
const EXAMPLE_ARTICLES: [&str; 13] = [
    "harbour-gazette-putin-kim-vladivostok",
    "northern-ledger-russky-island-talks",
    "pacific-dispatch-first-summit",
    "meridian-times-vostochny-summit",
    "eastbound-20230913-kim-putin-cosmodrome",
    "riverbank-observer-cosmodrome-talks",
    "coastline-courier-quake-northern-chile",
    "morning-lantern-quake-la-serena",
    "harbour-gazette-quake-aftershocks",
    "touchline-20230901-mendonca",
    "northern-ledger-mendonca-transfer",
    "cbr-20230914-valmora-rates",
    "harbour-gazette-valmora-rates",
];

fn storyline() -> Command {
    Command::new(env!("CARGO_BIN_EXE_storyline"))
}

/// Runs `storyline` with these arguments and no standard input.
fn run<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    storyline()
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the storyline binary runs")
}

/// Runs `storyline` with `input` on standard input.
fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = storyline()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the storyline binary starts");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input)
        .expect("stdin takes the input");
    child
        .wait_with_output()
        .expect("the storyline binary finishes")
}

fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts a zero exit and parses standard output as JSON.
fn json_of(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "storyline failed with {}; stderr:\n{}",
        output.status,
        stderr_of(output)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("fixture is written");
    path
}

fn str_field<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key:?} is not a string in {value}"))
}

fn array<'a>(value: &'a Value, key: &str) -> &'a Vec<Value> {
    value[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key:?} is not an array in {value}"))
}

fn count(value: &Value, key: &str) -> u64 {
    value[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key:?} is not a count in {value}"))
}

/// Article id to the event ids it appears in, from a document or an `events --json` listing.
fn memberships(events: &[Value]) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for event in events {
        let event_id = str_field(event, "id");
        for member in array(event, "articles") {
            map.entry(str_field(member, "id").to_string())
                .or_default()
                .push(event_id.to_string());
        }
    }
    map
}

/// The single event each article is in.
fn event_of(events: &[Value]) -> BTreeMap<String, String> {
    memberships(events)
        .into_iter()
        .map(|(article, events)| {
            assert_eq!(events.len(), 1, "{article} is in {events:?}");
            (article, events[0].clone())
        })
        .collect()
}

fn analyze_examples() -> Value {
    json_of(&run(["analyze", path_arg(&examples()), "--json"]))
}

/// The event of each article, asserting that all the given articles share one.
fn shared_event(events: &BTreeMap<String, String>, articles: &[&str]) -> String {
    let found: BTreeSet<&str> = articles
        .iter()
        .map(|id| {
            events
                .get(*id)
                .unwrap_or_else(|| panic!("{id} is in no event"))
                .as_str()
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{articles:?} should share one event, they are in {found:?}"
    );
    found.into_iter().next().unwrap_or_default().to_string()
}

fn ingest(paths: &[&Path], db: &Path) -> Value {
    let mut args = vec!["ingest".to_string()];
    args.extend(paths.iter().map(|p| path_arg(p).to_string()));
    args.extend(["--db".into(), path_arg(db).into(), "--json".into()]);
    json_of(&run(&args))
}

/// A temporary directory with the example corpus ingested into `store.db` inside it.
fn store_with_examples() -> (TempDir, PathBuf) {
    let dir = TempDir::new().expect("temporary directory");
    let db = dir.path().join("store.db");
    let summary = ingest(&[&examples()], &db);
    assert!(count(&summary, "stored") > 0, "{summary}");
    (dir, db)
}

fn stored_events(db: &Path) -> Vec<Value> {
    let listing = json_of(&run(["events", "--db", path_arg(db), "--json"]));
    array(&listing, "events").clone()
}

// ----------------------------------------------------------------------------------------------------------------
// analyze

#[test]
fn analyze_json_has_the_document_keys_and_puts_every_article_in_exactly_one_event() {
    let document = analyze_examples();
    for key in ["articles", "entities", "events", "stories"] {
        assert!(document[key].is_array(), "{key:?} is missing or not a list");
    }
    let articles: BTreeSet<&str> = array(&document, "articles")
        .iter()
        .map(|a| str_field(a, "id"))
        .collect();
    assert_eq!(
        articles,
        BTreeSet::from(EXAMPLE_ARTICLES),
        "exactly the corpus is read"
    );
    let members = memberships(array(&document, "events"));
    for id in &articles {
        let events = members.get(*id).map_or(0, Vec::len);
        assert_eq!(events, 1, "article {id} is in {events} events");
    }
    let unknown: Vec<&String> = members
        .keys()
        .filter(|id| !articles.contains(id.as_str()))
        .collect();
    assert!(
        unknown.is_empty(),
        "events name unknown articles {unknown:?}"
    );
}

#[test]
fn analyze_keeps_the_articles_of_each_summit_together() {
    let document = analyze_examples();
    let events = event_of(array(&document, "events"));
    shared_event(&events, &SUMMIT_2019);
    shared_event(&events, &SUMMIT_2023);
}

#[test]
fn analyze_puts_the_2019_and_2023_summits_in_different_events() {
    let document = analyze_examples();
    let events = event_of(array(&document, "events"));
    let vladivostok = shared_event(&events, &SUMMIT_2019);
    let vostochny = shared_event(&events, &SUMMIT_2023);
    assert_ne!(
        vladivostok, vostochny,
        "the 2019 Vladivostok and 2023 Vostochny summits are one event"
    );
}

#[test]
fn analyze_splits_recurring_summits_when_every_report_is_dated() {
    let dir = TempDir::new().expect("temporary directory");
    let feed = concat!(
        r#"{"id": "v1", "outlet": "Harbour Gazette", "published": "2019-04-25", "title": "Putin and Kim Jong-un meet on Russky Island", "text": "Vladimir Putin and Kim Jong-un held their first summit on Thursday on Russky Island in Vladivostok. The one-on-one talks were followed by wider talks with both delegations."}"#,
        "\n",
        r#"{"id": "v2", "outlet": "Northern Ledger", "published": "2019-04-25T18:00:00+10:00", "title": "Kim Jong Un and Putin talk for hours in Vladivostok", "text": "Kim Jong Un and Vladimir Putin talked for more than four hours in Vladivostok on Thursday, first alone and then with their ministers, at their first summit."}"#,
        "\n",
        r#"{"id": "c1", "outlet": "Eastbound Wire", "published": "2023-09-13", "title": "Putin shows Kim Jong Un the Vostochny Cosmodrome", "text": "Vladimir Putin and Kim Jong Un met at the Vostochny Cosmodrome in the Amur Region on Wednesday and toured the rocket launch site before their talks."}"#,
        "\n",
        r#"{"id": "c2", "outlet": "Meridian Times", "published": "2023-09-13T12:00:00Z", "title": "Kim Jong-un and Putin hold talks at Amur Region spaceport", "text": "Kim Jong-un arrived by armoured train for talks with Vladimir Putin at the Vostochny Cosmodrome in the Amur Region on Wednesday, their second summit."}"#,
        "\n"
    );
    let path = write(dir.path(), "summits.jsonl", feed.as_bytes());
    let document = json_of(&run(["analyze", path_arg(&path), "--json"]));
    let events = event_of(array(&document, "events"));
    let first = shared_event(&events, &["v1", "v2"]);
    let second = shared_event(&events, &["c1", "c2"]);
    assert_ne!(first, second, "the 2019 and 2023 summits are one event");
}

#[test]
fn analyze_twice_gives_byte_identical_output() {
    let first = run(["analyze", path_arg(&examples()), "--json"]);
    let second = run(["analyze", path_arg(&examples()), "--json"]);
    assert!(first.status.success(), "{}", stderr_of(&first));
    assert!(!first.stdout.is_empty());
    assert!(
        first.stdout == second.stdout,
        "two runs over the same input printed different documents"
    );
}

#[test]
fn analyze_reads_jsonl_from_standard_input() {
    let feed = concat!(
        r#"{"id": "s1", "outlet": "Test Wire", "published": "2024-03-04", "title": "Harbour crane collapses in Kelby", "text": "A harbour crane collapsed onto a cargo ship in the port of Kelby on Monday. Nobody was hurt, the port authority said."}"#,
        "\n",
        r#"{"id": "s2", "outlet": "Valley Post", "published": "2024-03-04T15:30:00Z", "title": "Kelby port closed after crane falls on ship", "text": "The port of Kelby was closed on Monday after a harbour crane fell onto a cargo ship. The port authority said nobody was hurt."}"#,
        "\n"
    );
    let output = run_with_stdin(&["analyze", "-", "--json"], feed.as_bytes());
    let document = json_of(&output);
    let ids: BTreeSet<&str> = array(&document, "articles")
        .iter()
        .map(|a| str_field(a, "id"))
        .collect();
    assert_eq!(ids, BTreeSet::from(["s1", "s2"]));
    let events = event_of(array(&document, "events"));
    assert!(
        events.contains_key("s1") && events.contains_key("s2"),
        "{document}"
    );
}

// ----------------------------------------------------------------------------------------------------------------
// bad input

/// A directory with one good text file, a non-UTF-8 file, an empty file and a JSONL file whose second line is
/// malformed.
fn mixed_input() -> TempDir {
    let dir = TempDir::new().expect("temporary directory");
    write(
        dir.path(),
        "good.txt",
        b"Finance minister presents the budget\nThe finance minister presented the annual budget to parliament on Tuesday.\n",
    );
    write(
        dir.path(),
        "latin1.txt",
        b"Caf\xe9 owners protest\nThe caf\xe9 owners of the old town protested on Monday.\n",
    );
    write(dir.path(), "empty.txt", b"");
    write(
        dir.path(),
        "feed.jsonl",
        concat!(
            r#"{"id": "ferry", "published": "2024-01-02", "title": "Island ferry resumes service", "text": "The island ferry resumed service on Tuesday after the storm."}"#,
            "\n",
            r#"{"id": "broken", "title": "this line is cut off"#,
            "\n",
            r#"{"id": "bridge", "published": "2024-01-03T08:00:00Z", "title": "Old bridge reopens", "text": "The old bridge reopened to traffic on Wednesday after repairs."}"#,
            "\n"
        )
        .as_bytes(),
    );
    dir
}

#[test]
fn analyze_skips_bad_items_with_one_stderr_line_each_and_keeps_the_good_ones() {
    let dir = mixed_input();
    let output = run(["analyze", path_arg(dir.path()), "--json"]);
    let document = json_of(&output);

    let ids: BTreeSet<&str> = array(&document, "articles")
        .iter()
        .map(|a| str_field(a, "id"))
        .collect();
    assert_eq!(ids, BTreeSet::from(["good", "ferry", "bridge"]));

    let stderr = stderr_of(&output);
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 3, "one line per bad item, got:\n{stderr}");
    for item in ["latin1.txt", "empty.txt", "feed.jsonl:2"] {
        let naming: Vec<&&str> = lines.iter().filter(|l| l.contains(item)).collect();
        assert_eq!(
            naming.len(),
            1,
            "{item} should be named on one line of:\n{stderr}"
        );
    }
}

#[test]
fn analyze_with_only_bad_input_fails() {
    let dir = TempDir::new().expect("temporary directory");
    write(dir.path(), "latin1.txt", b"Caf\xe9 \xff\xfe\n");
    write(dir.path(), "empty.txt", b"");
    write(dir.path(), "feed.jsonl", b"{\"id\": \"broken\", \n");
    let output = run(["analyze", path_arg(dir.path()), "--json"]);
    assert!(!output.status.success(), "only bad input should fail");
    let stderr = stderr_of(&output);
    for item in ["latin1.txt", "empty.txt", "feed.jsonl:1"] {
        assert!(stderr.contains(item), "{item} is not named in:\n{stderr}");
    }
}

// ----------------------------------------------------------------------------------------------------------------
// ingest

#[test]
fn ingest_twice_stores_once_and_reports_the_rest_as_already_stored() {
    let dir = TempDir::new().expect("temporary directory");
    let db = dir.path().join("store.db");

    let first = ingest(&[&examples()], &db);
    let stored = count(&first, "stored");
    assert_eq!(stored, EXAMPLE_ARTICLES.len() as u64, "{first}");
    assert_eq!(count(&first, "read"), stored, "{first}");
    assert_eq!(count(&first, "already_stored"), 0, "{first}");
    assert!(count(&first, "events_changed") > 0, "{first}");
    assert_eq!(count(&first, "total_articles"), stored, "{first}");

    let second = ingest(&[&examples()], &db);
    assert_eq!(count(&second, "read"), stored, "{second}");
    assert_eq!(count(&second, "stored"), 0, "{second}");
    assert_eq!(count(&second, "already_stored"), stored, "{second}");
    assert_eq!(count(&second, "events_changed"), 0, "{second}");
    assert_eq!(count(&second, "total_articles"), stored, "{second}");
}

#[test]
fn ingest_adds_a_later_article_to_the_stored_event() {
    let dir = TempDir::new().expect("temporary directory");
    let db = dir.path().join("store.db");
    let first_batch = write(
        dir.path(),
        "monday.jsonl",
        concat!(
            r#"{"id": "flood-1", "outlet": "Test Wire", "published": "2024-02-05", "title": "River Adler bursts its banks in Kelby", "text": "The River Adler burst its banks in the market town of Kelby on Monday after three days of heavy rain, flooding about 200 homes. Firefighters used boats to rescue residents of the lower town, the Kelby fire service said."}"#,
            "\n",
            r#"{"id": "flood-2", "outlet": "Valley Post", "published": "2024-02-05T17:00:00Z", "title": "Kelby residents rescued by boat as the River Adler floods", "text": "Firefighters in boats rescued residents of Kelby on Monday as the River Adler flooded the streets of the lower town after days of rain. About 200 homes were under water, the fire service said."}"#,
            "\n",
            r#"{"id": "budget-1", "outlet": "Test Wire", "published": "2024-02-06", "title": "Finance minister cuts fuel duty in budget", "text": "The finance minister presented the annual budget to parliament on Tuesday, cutting fuel duty and raising spending on schools and hospitals."}"#,
            "\n"
        )
        .as_bytes(),
    );
    let later_batch = write(
        dir.path(),
        "wednesday.jsonl",
        concat!(
            r#"{"id": "flood-3", "outlet": "Kelby Chronicle", "published": "2024-02-07", "title": "Kelby starts clean-up as the River Adler falls", "text": "Residents of Kelby began clearing mud from their homes on Wednesday as the River Adler fell back below its banks, two days after the flood swamped about 200 homes in the lower town. The fire service said the boats were no longer needed."}"#,
            "\n"
        )
        .as_bytes(),
    );

    let first = ingest(&[&first_batch], &db);
    assert_eq!(count(&first, "stored"), 3, "{first}");
    let before = event_of(&stored_events(&db));
    let flood = shared_event(&before, &["flood-1", "flood-2"]);
    assert_ne!(before["budget-1"], flood, "the budget is not the flood");

    let later = ingest(&[&later_batch], &db);
    assert_eq!(count(&later, "stored"), 1, "{later}");
    assert_eq!(count(&later, "events_changed"), 1, "{later}");
    assert_eq!(count(&later, "total_articles"), 4, "{later}");

    let events = stored_events(&db);
    let after = event_of(&events);
    assert_eq!(
        after["flood-3"], flood,
        "the later flood report opened a new event instead of joining the stored one"
    );
    assert_eq!(after["flood-1"], flood, "stored memberships survive");
    assert_eq!(
        events.len(),
        2,
        "no event was added: {:?}",
        after.values().collect::<BTreeSet<_>>()
    );
}

// ----------------------------------------------------------------------------------------------------------------
// stories

/// The example corpus's stories as `[[event ids]]`, with the summits' two events.
fn summit_story(document: &Value) -> (Vec<Vec<String>>, String, String) {
    let events = event_of(array(document, "events"));
    let vladivostok = shared_event(&events, &SUMMIT_2019);
    let vostochny = shared_event(&events, &SUMMIT_2023);
    let stories = array(document, "stories")
        .iter()
        .map(|story| {
            array(story, "events")
                .iter()
                .map(|e| e.as_str().unwrap_or_default().to_string())
                .collect()
        })
        .collect();
    (stories, vladivostok, vostochny)
}

#[test]
fn analyze_links_the_two_summits_into_one_story_and_nothing_else() {
    let document = analyze_examples();
    let (stories, vladivostok, vostochny) = summit_story(&document);
    assert_eq!(
        stories,
        [[vladivostok, vostochny]],
        "one story: the 2019 summit, then the 2023 one"
    );
}

#[test]
fn stories_lists_the_stored_storylines_like_analyze() {
    let (_dir, db) = store_with_examples();
    let listed = json_of(&run(["stories", "--db", path_arg(&db), "--json"]));
    let stored = json!({ "events": stored_events(&db), "stories": listed["stories"] });
    let (stories, vladivostok, vostochny) = summit_story(&stored);
    assert_eq!(stories, [[vladivostok, vostochny]]);
    assert_eq!(listed["stories"], analyze_examples()["stories"]);

    let report = run(["stories", "--db", path_arg(&db)]);
    let text = String::from_utf8_lossy(&report.stdout);
    assert!(text.contains("(2 events)"), "{text}");
    assert!(
        text.contains("2019-04-25") && text.contains("2023-09-13"),
        "{text}"
    );
}

// ----------------------------------------------------------------------------------------------------------------
// events and show

#[test]
fn events_json_lists_every_stored_article_in_one_event() {
    let (_dir, db) = store_with_examples();
    let listing = json_of(&run(["events", "--db", path_arg(&db), "--json"]));
    let events = array(&listing, "events");
    assert!(!events.is_empty(), "{listing}");
    for event in events {
        assert!(!str_field(event, "id").is_empty());
        assert!(!array(event, "articles").is_empty(), "empty event {event}");
    }
    let members = event_of(events);
    for id in EXAMPLE_ARTICLES {
        assert!(members.contains_key(id), "{id} is in no stored event");
    }
}

#[test]
fn show_returns_the_event_with_its_member_articles() {
    let (_dir, db) = store_with_examples();
    let events = stored_events(&db);
    let event = events
        .iter()
        .max_by_key(|e| array(e, "articles").len())
        .expect("there are events");
    let event_id = str_field(event, "id");
    let members: BTreeSet<&str> = array(event, "articles")
        .iter()
        .map(|a| str_field(a, "id"))
        .collect();

    let document = json_of(&run(["show", event_id, "--db", path_arg(&db), "--json"]));
    let shown = array(&document, "events");
    assert_eq!(shown.len(), 1, "{document}");
    assert_eq!(str_field(&shown[0], "id"), event_id);
    let articles: BTreeSet<&str> = array(&document, "articles")
        .iter()
        .map(|a| str_field(a, "id"))
        .collect();
    assert_eq!(articles, members);
    for article in array(&document, "articles") {
        assert!(!str_field(article, "text").is_empty(), "{article}");
    }
}

#[test]
fn show_of_an_unknown_event_fails_with_a_message() {
    let (_dir, db) = store_with_examples();
    let output = run(["show", "nope", "--db", path_arg(&db), "--json"]);
    assert!(
        !output.status.success(),
        "showing an unknown event succeeded"
    );
    assert!(output.stdout.is_empty(), "nothing is printed on stdout");
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("nope"),
        "the message does not name the id: {stderr}"
    );
}

// ----------------------------------------------------------------------------------------------------------------
// search

#[test]
fn search_returns_hits_best_first_with_their_event() {
    let (_dir, db) = store_with_examples();
    let events = event_of(&stored_events(&db));
    let query = "Mendonça Riverside transfer";
    let result = json_of(&run(["search", query, "--db", path_arg(&db), "--json"]));
    assert_eq!(str_field(&result, "query"), query);
    let hits = array(&result, "hits");
    assert!(!hits.is_empty(), "{result}");

    let top: BTreeSet<&str> = hits
        .iter()
        .take(2)
        .map(|h| str_field(h, "article"))
        .collect();
    assert_eq!(
        top,
        BTreeSet::from([
            "touchline-20230901-mendonca",
            "northern-ledger-mendonca-transfer"
        ]),
        "{result}"
    );
    let scores: Vec<f64> = hits
        .iter()
        .map(|h| h["score"].as_f64().expect("a numeric score"))
        .collect();
    assert!(
        scores.windows(2).all(|pair| pair[0] >= pair[1]),
        "hits are not best first: {scores:?}"
    );
    for hit in hits {
        let article = str_field(hit, "article");
        assert!(!str_field(hit, "title").is_empty(), "{hit}");
        assert!(!str_field(hit, "snippet").is_empty(), "{hit}");
        assert_eq!(str_field(hit, "event"), events[article], "{hit}");
    }
}

#[test]
fn search_with_a_hostile_query_does_not_fail() {
    let (_dir, db) = store_with_examples();
    for query in [
        "\"unterminated AND (",
        "AND OR NOT",
        "title:Putin*",
        "NEAR(kim putin",
        "-",
        "'; DROP TABLE articles; --",
    ] {
        let result = json_of(&run(["search", query, "--db", path_arg(&db), "--json"]));
        assert_eq!(str_field(&result, "query"), query);
        assert!(result["hits"].is_array(), "{query:?} gave {result}");
    }
}

#[test]
fn timex_json_lists_expressions_with_code_point_offsets_and_the_readable_list_too() {
    let dir = TempDir::new().unwrap();
    // Non-ASCII text before the expressions: byte and code-point offsets differ.
    let text = "Łódź — Señora Müller’s café closed on Wednesday after two months.\n";
    let file = write(dir.path(), "note.txt", text.as_bytes());
    let output = run(["timex", path_arg(&file), "--dct", "2019-04-26", "--json"]);
    let found = json_of(&output);
    let found = found.as_array().expect("a JSON array");
    let shapes: Vec<(String, String, String)> = found
        .iter()
        .map(|t| {
            let keys: BTreeSet<&str> = t.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(
                keys,
                BTreeSet::from(["start", "end", "text", "type", "value"])
            );
            let (start, end) = (t["start"].as_u64().unwrap(), t["end"].as_u64().unwrap());
            let span: String = text
                .chars()
                .skip(start as usize)
                .take((end - start) as usize)
                .collect();
            assert_eq!(span, str_field(t, "text"), "offsets are code points");
            (
                span,
                str_field(t, "type").to_string(),
                str_field(t, "value").to_string(),
            )
        })
        .collect();
    let expected = [
        ("Wednesday", "DATE", "2019-04-24"),
        ("two months", "DURATION", "P2M"),
    ]
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()));
    assert_eq!(shapes, expected);
    assert_eq!(found[0]["start"], 38);

    let readable = run(["timex", path_arg(&file), "--dct", "2019-04-26"]);
    assert!(readable.status.success(), "{}", stderr_of(&readable));
    let report = String::from_utf8(readable.stdout).unwrap();
    assert!(
        report.contains("2019-04-24") && report.contains("P2M"),
        "{report}"
    );
}

#[test]
fn timex_rejects_a_bad_dct_and_a_missing_file_by_name() {
    let dir = TempDir::new().unwrap();
    let file = write(dir.path(), "note.txt", b"on Monday");
    let output = run(["timex", path_arg(&file), "--dct", "26/04/2019"]);
    assert!(!output.status.success());
    assert!(
        stderr_of(&output).contains("--dct takes YYYY-MM-DD"),
        "{}",
        stderr_of(&output)
    );
    let missing = dir.path().join("absent.txt");
    let output = run(["timex", path_arg(&missing), "--dct", "2019-04-26"]);
    assert!(!output.status.success());
    assert!(
        stderr_of(&output).contains("absent.txt"),
        "{}",
        stderr_of(&output)
    );
}

#[test]
fn eval_timex_scores_a_timeml_folder_and_enforces_the_value_floor() {
    let dir = TempDir::new().unwrap();
    let doc = r#"<?xml version="1.0" ?>
<TimeML><DOCID>d1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2019-04-26" functionInDocument="CREATION_TIME">2019-04-26</TIMEX3></DCT>
<TEXT>The mayor resigned <TIMEX3 tid="t1" type="DATE" value="2019-04-24">Wednesday</TIMEX3> after <TIMEX3 tid="t2" type="DURATION" value="P2M">two months</TIMEX3> in office.</TEXT>
</TimeML>"#;
    std::fs::create_dir(dir.path().join("part")).unwrap();
    write(&dir.path().join("part"), "d1.tml", doc.as_bytes());
    // The FNV-1a hash of "d2.tml" is even (tuning half), that of "d1.tml" odd (held out). The tagger misses
    // the gold expression of d2, so only the tuning half loses.
    let missed = doc
        .replace("<DOCID>d1", "<DOCID>d2")
        .replace("after <TIMEX3", "after a <TIMEX3")
        .replace(">two months<", ">long spell<");
    write(&dir.path().join("part"), "d2.tml", missed.as_bytes());
    let report = json_of(&run(["eval", "timex", path_arg(dir.path()), "--json"]));
    assert_eq!(report["total"]["counts"]["gold"], 4);
    assert_eq!(report["parts"][0]["name"], "part");
    let part = &report["parts"][0];
    assert_eq!(part["held_out"]["documents"], 1);
    assert_eq!(part["held_out"]["scores"]["value"]["f1"], 1.0);
    assert_eq!(part["tuning"]["documents"], 1);
    assert_eq!(part["tuning"]["scores"]["counts"]["value"], 1);
    let listed = run(["eval", "timex", path_arg(dir.path()), "--misses"]);
    let text = String::from_utf8_lossy(&listed.stdout);
    assert!(text.contains("held-out half"), "{text}");
    // Only the tuning half's disagreements are listed.
    assert!(
        text.contains("d2.tml") && !text.contains("d1.tml"),
        "{text}"
    );
    let held_out_floor = run([
        "eval",
        "timex",
        path_arg(dir.path()),
        "--min-held-out-value-f1",
        "0.99",
    ]);
    assert!(
        held_out_floor.status.success(),
        "{}",
        stderr_of(&held_out_floor)
    );
    let below = run([
        "eval",
        "timex",
        path_arg(dir.path()),
        "--min-value-f1",
        "1.01",
    ]);
    assert!(!below.status.success());
    assert!(
        stderr_of(&below).contains("below the floor"),
        "{}",
        stderr_of(&below)
    );
}

#[test]
fn quotes_json_gives_code_point_offsets_speakers_and_entities() {
    let dir = TempDir::new().unwrap();
    // Non-ASCII text before the quote: byte and code-point offsets differ.
    let text = "Zürich — President Élise Durand visited the harbour on Tuesday.\n\n\
                “The harbour stays open,” Durand said.\n\n\
                “Nobody will lose a job,” she added.\n";
    let path = write(dir.path(), "article.txt", text.as_bytes());
    let quotes = json_of(&run(["quotes", path_arg(&path), "--json"]));
    let quotes = quotes.as_array().expect("an array of quotes");
    assert_eq!(quotes.len(), 2, "{quotes:?}");
    let chars: Vec<char> = text.chars().collect();
    let slice = |span: &Value| -> String {
        let start = span["start"].as_u64().unwrap() as usize;
        let end = span["end"].as_u64().unwrap() as usize;
        chars[start..end].iter().collect()
    };
    for quote in quotes {
        for key in ["content", "cue", "speaker"] {
            assert_eq!(
                slice(&quote[key]),
                str_field(&quote[key], "text"),
                "{key} of {quote}"
            );
        }
    }
    assert_eq!(
        str_field(&quotes[0]["content"], "text"),
        "“The harbour stays open,”"
    );
    assert_eq!(
        quotes[0]["content"]["start"].as_u64(),
        Some(text[..text.find('“').unwrap()].chars().count() as u64)
    );
    assert_eq!(str_field(&quotes[0]["cue"], "text"), "said");
    assert_eq!(str_field(&quotes[0]["speaker"], "text"), "Durand");
    assert_eq!(str_field(&quotes[0]["speaker"], "entity"), "Élise Durand");
    assert_eq!(str_field(&quotes[1]["speaker"], "text"), "she");
    assert_eq!(str_field(&quotes[1]["speaker"], "entity"), "Élise Durand");

    let readable = run(["quotes", path_arg(&path)]);
    assert!(readable.status.success());
    let readable = String::from_utf8_lossy(&readable.stdout);
    assert!(
        readable.contains("Durand (Élise Durand), said"),
        "{readable}"
    );
}

#[test]
fn quotes_names_a_file_that_is_not_utf8() {
    let dir = TempDir::new().unwrap();
    let path = write(dir.path(), "latin1.txt", b"caf\xe9 \"ok\"");
    let output = run(["quotes", path_arg(&path)]);
    assert!(!output.status.success());
    assert!(
        stderr_of(&output).contains("latin1.txt is not UTF-8"),
        "{}",
        stderr_of(&output)
    );
}

#[test]
fn eval_quotes_reports_an_invented_brat_folder_and_enforces_floors() {
    let dir = TempDir::new().unwrap();
    std::fs::create_dir_all(dir.path().join("text")).unwrap();
    std::fs::create_dir_all(dir.path().join("attributions")).unwrap();
    let text = "Mayor Ines Falk said, “The plan is final.”";
    write(&dir.path().join("text"), "a.txt", text.as_bytes());
    write(
        &dir.path().join("attributions"),
        "a_x1.ann",
        "T1\tSource 0 15\tMayor Ines Falk\nT2\tCue 16 20\tsaid\nT3\tContent 22 42\t“The plan is final.”\n\
         E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n"
            .as_bytes(),
    );
    let report = json_of(&run(["eval", "quotes", path_arg(dir.path()), "--json"]));
    assert_eq!(count(&report, "gold_direct"), 1);
    assert_eq!(count(&report, "direct_found"), 1);
    assert_eq!(count(&report, "speaker_right"), 1);
    let failed = run([
        "eval",
        "quotes",
        path_arg(dir.path()),
        "--min-precision",
        "1.01",
    ]);
    assert!(!failed.status.success());
    assert!(
        stderr_of(&failed).contains("precision"),
        "{}",
        stderr_of(&failed)
    );
}

/// The fixture pages of the extractor's own tests.
fn extract_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../storyline-extract/tests/fixtures")
        .join(name)
}

#[test]
fn extract_json_prints_one_object_a_line_with_every_field() {
    let dir = TempDir::new().unwrap();
    let page = std::fs::read(extract_fixture("boilerplate.html")).unwrap();
    let mut gz = Vec::new();
    {
        let mut encoder = flate2::write::GzEncoder::new(&mut gz, flate2::Compression::fast());
        encoder.write_all(&page).unwrap();
        encoder.finish().unwrap();
    }
    write(dir.path(), "ferry-story.html.gz", &gz);
    write(
        dir.path(),
        "weser.htm",
        &std::fs::read(extract_fixture("german-latin1.html")).unwrap(),
    );
    let output = run(["extract", "--json", path_arg(dir.path())]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let lines: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    let ferry = &lines[0];
    assert_eq!(str_field(ferry, "id"), "ferry-story");
    assert_eq!(
        str_field(ferry, "url"),
        "https://gazette.example/news/ferry-resumes"
    );
    assert_eq!(
        str_field(ferry, "title"),
        "Ferry service resumes after storm"
    );
    assert!(str_field(ferry, "text").starts_with("The island ferry sailed again"));
    assert!(str_field(ferry, "text").contains(".\n\nHarbour master"));
    assert_eq!(str_field(ferry, "published"), "2024-02-07T08:15:00Z");
    assert_eq!(str_field(ferry, "published_source"), "meta");
    assert_eq!(str_field(ferry, "author"), "Ines Marlow");
    assert_eq!(str_field(ferry, "outlet"), "Harbour Gazette");
    assert_eq!(str_field(ferry, "language"), "en");
    assert_eq!(array(ferry, "removed_lines").len(), 1);
    let weser = &lines[1];
    assert_eq!(str_field(weser, "id"), "weser");
    assert!(str_field(weser, "text").contains("Fußgängerbrücke"));
    assert!(weser["published"].is_null() && weser["author"].is_null());
    // The page declares no language: the one its text is written in.
    assert_eq!(str_field(weser, "language"), "de");
    // The same files give the same bytes.
    let again = run(["extract", "--json", path_arg(dir.path())]);
    let first = run(["extract", "--json", path_arg(dir.path())]);
    assert_eq!(again.stdout, first.stdout);
}

#[test]
fn promotional_lines_leave_the_text_and_are_listed_but_news_about_them_stays() {
    let input = br#"{"id": "p1", "title": "Paper cuts jobs", "text": "The Daily Courier will cut 40 jobs after losing 12,000 subscribers this year, its owner said.\n\nWe pay for your stories! Send us your videos and call us on 0800 555 0100\n\nThe newspaper's newsletter for farmers will continue.\n\nSupport us with crypto to keep our newspaper alive\n\nFolgen Sie uns auf Facebook"}
"#;
    let document = json_of(&run_with_stdin(&["analyze", "--json", "-"], input));
    let article = &array(&document, "articles")[0];
    let text = str_field(article, "text");
    assert!(text.contains("losing 12,000 subscribers"));
    assert!(text.contains("newsletter for farmers will continue"));
    assert!(!text.contains("We pay for your stories"));
    assert!(!text.contains("crypto"));
    assert!(!text.contains("Folgen Sie uns"));
    let removed: Vec<&str> = array(article, "removed_lines")
        .iter()
        .map(|line| line.as_str().unwrap())
        .collect();
    assert_eq!(
        removed,
        [
            "We pay for your stories! Send us your videos and call us on 0800 555 0100",
            "Support us with crypto to keep our newspaper alive",
            "Folgen Sie uns auf Facebook",
        ]
    );
}
