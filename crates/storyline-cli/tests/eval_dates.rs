//! `storyline eval dates`: the report a user reads, the JSON a script reads, and the floor CI relies on.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use tempfile::TempDir;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the storyline binary runs")
}

/// A collection of three invented pages: one dated in its metadata, one in its URL, one with no date at all.
fn collection() -> TempDir {
    let dir = TempDir::new().expect("temporary directory");
    let html = dir.path().join("html");
    std::fs::create_dir(&html).unwrap();
    let write = |name: &str, text: &str| std::fs::write(html.join(name), text).unwrap();
    write(
        "meta.html",
        r#"<html><head><meta property="article:published_time" content="2021-06-01T09:00:00+02:00"></head>
        <body><h1>Ferry timetable changes</h1><p>The summer timetable starts next week.</p></body></html>"#,
    );
    write(
        "url.html",
        "<html><body><h1>Library extends its hours</h1><p>Open until nine on weekdays.</p></body></html>",
    );
    write(
        "none.html",
        "<html><body><h1>About us</h1><p>We are a small team of volunteers.</p></body></html>",
    );
    std::fs::write(
        dir.path().join("gold.json"),
        r#"{
          "meta-page": {"file": "meta.html", "url": "https://paper.example/ferry", "date": "2021-06-01"},
          "url-page": {"file": "url.html", "url": "https://paper.example/2020/02/03/library", "date": "2020-02-03"},
          "undated-page": {"file": "none.html", "url": "https://paper.example/about", "date": "2019-05-05"}
        }"#,
    )
    .unwrap();
    dir
}

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temporary path")
}

#[test]
fn the_report_counts_right_wrong_and_missing_pages() {
    let dir = collection();
    let out = run(&["eval", "dates", path_arg(dir.path())]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(
        report.contains("3 pages: 2 right, 0 wrong, 1 missing"),
        "{report}"
    );
    assert!(report.contains("accuracy 0.6667"), "{report}");
    assert!(report.contains("pages/s"), "{report}");
}

#[test]
fn json_gives_each_page_its_outcome_and_source() {
    let dir = collection();
    let out = run(&["eval", "dates", path_arg(dir.path()), "--json"]);
    assert!(out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["pages"], 3);
    assert_eq!(report["missing"], 1);
    let outcomes = report["outcomes"].as_array().unwrap();
    let source_of = |name: &str| {
        outcomes
            .iter()
            .find(|o| o["name"] == name)
            .map(|o| o["source"].clone())
            .unwrap()
    };
    assert_eq!(source_of("meta-page"), "meta");
    assert_eq!(source_of("url-page"), "url");
    assert_eq!(source_of("undated-page"), Value::Null);
    let halves =
        report["tuning"]["pages"].as_u64().unwrap() + report["held_out"]["pages"].as_u64().unwrap();
    assert_eq!(halves, 3);
    let quarters = report["study_quarter"]["pages"].as_u64().unwrap()
        + report["held_out_quarter"]["pages"].as_u64().unwrap();
    assert_eq!(quarters, report["held_out"]["pages"].as_u64().unwrap());
    let parts = ["tuning", "study", "held-out"];
    assert!(outcomes
        .iter()
        .all(|o| parts.contains(&o["part"].as_str().unwrap())));
}

#[test]
fn the_floor_fails_the_command_below_it() {
    let dir = collection();
    let out = run(&[
        "eval",
        "dates",
        path_arg(dir.path()),
        "--min-accuracy",
        "0.9",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("below the floor"));
    let out = run(&[
        "eval",
        "dates",
        path_arg(dir.path()),
        "--min-accuracy",
        "0.6",
    ]);
    assert!(out.status.success());
}

#[test]
fn a_missing_collection_is_a_clear_error() {
    let dir = TempDir::new().unwrap();
    let out = run(&["eval", "dates", path_arg(dir.path())]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("gold.json"));
}
