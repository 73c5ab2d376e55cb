//! TimeML documents (TimeBank, AQUAINT) and the TempEval-3 scores of a time tagger against them.
//!
//! A document is read with `roxmltree`; the text to tag is the content of `<TEXT>` with the markup removed, and
//! gold spans are counted in Unicode code points of that text, the same unit the tagger reports.

use crate::Prf;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// One gold TIMEX3 of a document's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldTimex {
    /// Code-point offsets into `TimemlDocument::text`.
    pub start: usize,
    pub end: usize,
    pub kind: String,
    pub value: String,
}

/// The part of a TimeML document that time tagging is scored on.
#[derive(Clone, Debug)]
pub struct TimemlDocument {
    pub name: String,
    /// The document creation time (the TIMEX3 whose `functionInDocument` is `CREATION_TIME`), as written.
    pub dct: String,
    pub text: String,
    pub timexes: Vec<GoldTimex>,
}

/// Parses one TimeML document; `name` is used in errors.
pub fn parse_timeml(name: &str, xml: &str) -> Result<TimemlDocument, String> {
    let tree = roxmltree::Document::parse(xml).map_err(|e| format!("{name}: not XML: {e}"))?;
    let dct = tree
        .descendants()
        .find(|n| {
            n.has_tag_name("TIMEX3") && n.attribute("functionInDocument") == Some("CREATION_TIME")
        })
        .and_then(|n| n.attribute("value"))
        .ok_or_else(|| format!("{name}: no TIMEX3 with functionInDocument=\"CREATION_TIME\""))?
        .to_string();
    let body = tree
        .descendants()
        .find(|n| n.has_tag_name("TEXT"))
        .ok_or_else(|| format!("{name}: no <TEXT> element"))?;
    let mut text = String::new();
    let mut chars = 0;
    let mut timexes = Vec::new();
    collect(body, &mut text, &mut chars, &mut timexes, name)?;
    Ok(TimemlDocument {
        name: name.to_string(),
        dct,
        text,
        timexes,
    })
}

fn collect(
    node: roxmltree::Node<'_, '_>,
    text: &mut String,
    chars: &mut usize,
    timexes: &mut Vec<GoldTimex>,
    name: &str,
) -> Result<(), String> {
    for child in node.children() {
        if let Some(piece) = child.text().filter(|_| child.is_text()) {
            text.push_str(piece);
            *chars += piece.chars().count();
        } else if child.is_element() {
            let start = *chars;
            collect(child, text, chars, timexes, name)?;
            if child.has_tag_name("TIMEX3") {
                let attribute = |key: &str| {
                    child.attribute(key).map(str::to_string).ok_or_else(|| {
                        format!("{name}: a TIMEX3 at code point {start} has no {key}")
                    })
                };
                timexes.push(GoldTimex {
                    start,
                    end: *chars,
                    kind: attribute("type")?,
                    value: attribute("value")?,
                });
            }
        }
    }
    Ok(())
}

/// Every `.tml` file under `dir` (recursively), parsed, in path order.
pub fn load_timeml_dir(dir: &Path) -> Result<Vec<(PathBuf, TimemlDocument)>, String> {
    let paths = crate::files_with_extension(dir, "tml")?;
    paths
        .into_iter()
        .map(|path| {
            let xml =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let document = parse_timeml(&path.display().to_string(), &xml)?;
            Ok((path, document))
        })
        .collect()
}

/// A predicted time expression, in the same units as the gold ones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PredictedTimex {
    pub start: usize,
    pub end: usize,
    pub value: String,
}

/// Counts behind the TempEval-3 scores; they add up over documents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TimexCounts {
    pub gold: usize,
    pub predicted: usize,
    /// Pairs with identical spans.
    pub strict: usize,
    /// Pairs with overlapping spans (one-to-one).
    pub relaxed: usize,
    /// Relaxed pairs whose values are equal.
    pub value: usize,
}

impl std::ops::AddAssign for TimexCounts {
    fn add_assign(&mut self, other: Self) {
        self.gold += other.gold;
        self.predicted += other.predicted;
        self.strict += other.strict;
        self.relaxed += other.relaxed;
        self.value += other.value;
    }
}

/// Strict span, relaxed span and value scores, as defined for TempEval-3 task A.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TimexScores {
    pub counts: TimexCounts,
    pub strict: Prf,
    pub relaxed: Prf,
    pub value: Prf,
}

impl TimexCounts {
    pub fn scores(self) -> TimexScores {
        TimexScores {
            counts: self,
            strict: Prf::new(self.strict, self.predicted, self.gold),
            relaxed: Prf::new(self.relaxed, self.predicted, self.gold),
            value: Prf::new(self.value, self.predicted, self.gold),
        }
    }
}

/// Matches the predictions of one document to its gold expressions. Each gold expression pairs with at most one
/// prediction: the first overlapping one in text order that is still free, an identical span first.
pub fn match_timexes(gold: &[GoldTimex], predicted: &[PredictedTimex]) -> TimexCounts {
    let overlaps = |g: &GoldTimex, p: &PredictedTimex| g.start < p.end && p.start < g.end;
    let mut taken = vec![false; predicted.len()];
    let mut counts = TimexCounts {
        gold: gold.len(),
        predicted: predicted.len(),
        ..TimexCounts::default()
    };
    for g in gold {
        let exact = predicted
            .iter()
            .enumerate()
            .position(|(i, p)| !taken[i] && p.start == g.start && p.end == g.end);
        let chosen = exact.or_else(|| {
            predicted
                .iter()
                .enumerate()
                .position(|(i, p)| !taken[i] && overlaps(g, p))
        });
        if let Some(i) = chosen {
            taken[i] = true;
            counts.relaxed += 1;
            counts.strict += usize::from(exact.is_some());
            counts.value += usize::from(predicted[i].value == g.value);
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<?xml version="1.0" ?>
<TimeML><DOCID>x</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2021-03-05" functionInDocument="CREATION_TIME">March 5</TIMEX3></DCT>
<TEXT>Zoë &amp; Jürg met <TIMEX3 tid="t1" type="DATE" value="2021-03-03">on <SIGNAL>Wednesday</SIGNAL></TIMEX3> for <TIMEX3 tid="t2" type="DURATION" value="PT2H">two hours</TIMEX3>.</TEXT>
</TimeML>"#;

    #[test]
    fn offsets_are_code_points_of_the_text_without_markup() {
        let document = parse_timeml("doc", DOC).unwrap();
        assert_eq!(document.dct, "2021-03-05");
        assert_eq!(document.text, "Zoë & Jürg met on Wednesday for two hours.");
        let spans: Vec<String> = document
            .timexes
            .iter()
            .map(|t| {
                document
                    .text
                    .chars()
                    .skip(t.start)
                    .take(t.end - t.start)
                    .collect()
            })
            .collect();
        assert_eq!(spans, ["on Wednesday", "two hours"]);
        assert_eq!(document.timexes[1].value, "PT2H");
    }

    #[test]
    fn a_document_without_creation_time_is_an_error_naming_it() {
        let error = parse_timeml("nodct.tml", "<TimeML><TEXT>x</TEXT></TimeML>").unwrap_err();
        assert!(
            error.contains("nodct.tml") && error.contains("CREATION_TIME"),
            "{error}"
        );
    }

    #[test]
    fn strict_relaxed_and_value_matches_are_counted_one_to_one() {
        let gold = |start, end, value: &str| GoldTimex {
            start,
            end,
            kind: "DATE".into(),
            value: value.into(),
        };
        let predicted = |start, end, value: &str| PredictedTimex {
            start,
            end,
            value: value.into(),
        };
        let counts = match_timexes(
            &[gold(0, 5, "A"), gold(10, 20, "B"), gold(30, 35, "C")],
            &[
                predicted(0, 5, "A"),
                predicted(12, 20, "X"),
                predicted(15, 25, "B"),
                predicted(50, 60, "D"),
            ],
        );
        assert_eq!(
            counts,
            TimexCounts {
                gold: 3,
                predicted: 4,
                strict: 1,
                relaxed: 2,
                value: 1,
            }
        );
        let scores = counts.scores();
        assert!((scores.relaxed.precision - 0.5).abs() < 1e-12);
        assert!((scores.relaxed.recall - 2.0 / 3.0).abs() < 1e-12);
    }
}
