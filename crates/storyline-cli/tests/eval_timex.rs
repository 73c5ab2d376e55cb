//! `storyline eval timex GOLD --system DIR`: another tagger's output scored as storyline's own tagger is, and
//! a missing or broken output file named while the rest is still scored.

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

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temporary path")
}

fn write(root: &Path, relative: &str, content: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

fn gold_document(text: &str) -> String {
    format!(
        r#"<?xml version="1.0" ?>
<TimeML><DOCID>x</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2021-03-05" functionInDocument="CREATION_TIME">March 5, 2021</TIMEX3></DCT>
<TEXT>{text}</TEXT>
</TimeML>"#
    )
}

/// Gold: three invented documents in a folder `Wire`. Output: one in HeidelTime's shape (unescaped `&`,
/// newlines around the text) with one right and one wrong value, one whose TIMEX3 is never closed, one missing.
fn fixture() -> (TempDir, TempDir) {
    let gold = TempDir::new().unwrap();
    write(
        gold.path(),
        "Wire/ferry.tml",
        &gold_document(
            r#"Ferries &amp; buses stop <TIMEX3 tid="t1" type="DATE" value="2021-03-08">on Monday</TIMEX3> for <TIMEX3 tid="t2" type="DURATION" value="P2D">two days</TIMEX3>."#,
        ),
    );
    write(
        gold.path(),
        "Wire/bridge.tml",
        &gold_document(
            r#"The bridge opens <TIMEX3 tid="t1" type="DATE" value="2021-04">in April</TIMEX3>."#,
        ),
    );
    write(
        gold.path(),
        "Wire/harbour.tml",
        &gold_document(
            r#"The harbour closed <TIMEX3 tid="t1" type="DATE" value="2021-03-04">yesterday</TIMEX3>."#,
        ),
    );
    let output = TempDir::new().unwrap();
    write(
        output.path(),
        "Wire/ferry.tml",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE TimeML SYSTEM \"TimeML.dtd\">\n<TimeML>\nFerries & buses stop on <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2021-03-08\">Monday</TIMEX3> for <TIMEX3 tid=\"t2\" type=\"DURATION\" value=\"P3D\">two days</TIMEX3>.\n</TimeML>\n",
    );
    write(
        output.path(),
        "Wire/bridge.tml",
        "<TimeML>The bridge opens <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2021-04\">in April.</TimeML>",
    );
    (gold, output)
}

#[test]
fn the_output_is_scored_and_the_missing_and_broken_files_are_named() {
    let (gold, output) = fixture();
    let out = run(&[
        "eval",
        "timex",
        path_arg(gold.path()),
        "--system",
        path_arg(output.path()),
        "--json",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "a missing output file must fail the command"
    );
    assert!(
        stderr.contains("bridge.tml") && stderr.contains("never closed"),
        "{stderr}"
    );
    assert!(stderr.contains("harbour.tml"), "{stderr}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["documents"], 1);
    assert_eq!(report["unscored"].as_array().unwrap().len(), 2);
    let counts = &report["total"]["counts"];
    assert_eq!(
        (
            &counts["gold"],
            &counts["predicted"],
            &counts["strict"],
            &counts["relaxed"],
            &counts["value"]
        ),
        (&2.into(), &2.into(), &1.into(), &2.into(), &1.into())
    );
    let differences = report["text_differences"].as_array().unwrap();
    assert_eq!(differences.len(), 1);
    assert_eq!(differences[0]["whitespace_added"], 2);
    assert_eq!(differences[0]["other_added"], 0);
    assert!(report.get("megabytes_per_second").is_none());
}

#[test]
fn output_equal_to_the_gold_scores_one_and_the_report_names_the_tagger() {
    let (gold, _) = fixture();
    let out = run(&[
        "eval",
        "timex",
        path_arg(gold.path()),
        "--system",
        path_arg(gold.path()),
        "--min-value-f1",
        "1",
    ]);
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(report.contains("tagger: output under"), "{report}");
    let total = report
        .lines()
        .find(|l| l.trim_start().starts_with("total"))
        .unwrap();
    assert!(
        total.trim_end().ends_with("1.0000 1.0000 1.0000"),
        "{total}"
    );
    assert!(
        report.contains("3 of 3 documents identical to the gold text"),
        "{report}"
    );
}
