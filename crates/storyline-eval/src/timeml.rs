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

/// Another tagger's output for one document: its text with the markup removed and the TIMEX3 spans in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaggedText {
    pub text: String,
    /// Code-point offsets into `text`, in text order.
    pub timexes: Vec<PredictedTimex>,
}

/// Reads a tagger's TimeML output: the content of `<TEXT>` if there is one, else of `<TimeML>`, else the whole
/// file, with TIMEX3 tags inline. Taggers do not all write well-formed XML (HeidelTime leaves `&` and `<` in the
/// text as they are), so this is a lenient scan rather than an XML parser: a `<` that does not start a tag and
/// an `&` that starts no entity are text. Every other tag is removed. `name` is used in errors.
pub fn parse_tagged_text(name: &str, content: &str) -> Result<TaggedText, String> {
    let body = element_content(content, "TEXT")
        .or_else(|| element_content(content, "TimeML"))
        .unwrap_or(content);
    let mut text = String::new();
    let mut chars = 0;
    let mut open: Vec<(usize, String)> = Vec::new();
    let mut timexes = Vec::new();
    let mut rest = body;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            if let Some(tag) = tag_at(rest) {
                let inner = &tag[1..tag.len() - 1];
                if let Some(closing) = inner.strip_prefix('/') {
                    if closing.trim() == "TIMEX3" {
                        let (start, value) = open.pop().ok_or_else(|| {
                            format!("{name}: a </TIMEX3> at code point {chars} closes no TIMEX3")
                        })?;
                        timexes.push(PredictedTimex {
                            start,
                            end: chars,
                            value,
                        });
                    }
                } else if tag_name(inner) == "TIMEX3" {
                    let value = attribute(inner, "value").ok_or_else(|| {
                        format!("{name}: the TIMEX3 at code point {chars} has no value")
                    })?;
                    if inner.ends_with('/') {
                        timexes.push(PredictedTimex {
                            start: chars,
                            end: chars,
                            value,
                        });
                    } else {
                        open.push((chars, value));
                    }
                }
                rest = &rest[tag.len()..];
                continue;
            }
        }
        let (decoded, length) = if c == '&' {
            entity_at(rest).unwrap_or((c, 1))
        } else {
            (c, c.len_utf8())
        };
        text.push(decoded);
        chars += 1;
        rest = &rest[length..];
    }
    if let Some((start, _)) = open.last() {
        return Err(format!(
            "{name}: the TIMEX3 at code point {start} is never closed"
        ));
    }
    timexes.sort_by_key(|t| (t.start, t.end));
    Ok(TaggedText { text, timexes })
}

/// The content of the first `<name …>…</name>` in `content`, if it has one.
fn element_content<'a>(content: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(found) = content[from..].find(&format!("<{name}")) {
        let at = from + found;
        let tag = tag_at(&content[at..])?;
        if tag_name(&tag[1..tag.len() - 1]) == name {
            let start = at + tag.len();
            let end = start + content[start..].find(&format!("</{name}>"))?;
            return Some(&content[start..end]);
        }
        from = at + 1;
    }
    None
}

/// The tag that starts `rest` (which starts with `<`): `<` and a letter, `/` or `!`, up to the next `>`.
fn tag_at(rest: &str) -> Option<&str> {
    let next = rest[1..].chars().next()?;
    if !(next.is_ascii_alphabetic() || next == '/' || next == '!' || next == '?') {
        return None;
    }
    let end = rest.find('>')?;
    Some(&rest[..=end])
}

fn tag_name(inner: &str) -> &str {
    inner
        .split(|c: char| c.is_whitespace() || c == '/')
        .next()
        .unwrap_or("")
}

/// The value of attribute `key` in a tag's inside (`TIMEX3 tid="t1" value="2021-03"`), entities decoded.
fn attribute(inner: &str, key: &str) -> Option<String> {
    let mut rest = inner;
    while let Some(at) = rest.find(key) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + key.len()..].trim_start();
        rest = &rest[at + key.len()..];
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let Some(after) = after.strip_prefix('=') else {
            continue;
        };
        let after = after.trim_start();
        let quote = after.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let end = after[1..].find(quote)?;
        return Some(decode_entities(&after[1..=end]));
    }
    None
}

fn decode_entities(raw: &str) -> String {
    let mut decoded = String::new();
    let mut rest = raw;
    while let Some(c) = rest.chars().next() {
        let (d, length) = if c == '&' {
            entity_at(rest).unwrap_or((c, 1))
        } else {
            (c, c.len_utf8())
        };
        decoded.push(d);
        rest = &rest[length..];
    }
    decoded
}

/// The character an XML entity at the start of `rest` stands for, and the entity's length in bytes.
fn entity_at(rest: &str) -> Option<(char, usize)> {
    let end = rest.get(..12.min(rest.len())).unwrap_or(rest).find(';')?;
    let character = match &rest[1..end] {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        numeric => {
            let code = numeric.strip_prefix('#')?;
            let number = match code.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => code.parse().ok()?,
            };
            char::from_u32(number)?
        }
    };
    Some((character, end + 1))
}

/// How a tagger's text differs from the gold text of the same document (only kept when it does).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TextDifference {
    pub document: String,
    /// Code points in the tagger's text only, or in the gold text only, split into whitespace and the rest.
    pub whitespace_added: usize,
    pub whitespace_removed: usize,
    pub other_added: usize,
    pub other_removed: usize,
    /// The first difference in other characters than whitespace: its code point in the gold text, and a few
    /// code points of each text around it.
    pub first_other: Option<(usize, String, String)>,
    /// The tagger's expressions whose words differ from the gold words they were mapped onto.
    pub spans_across_changes: usize,
}

/// Carries a tagger's spans over to the gold text of the same document. When the texts differ (a tagger may
/// drop, add or rewrite characters), the two are aligned character by character (Myers' diff) and each span is
/// mapped through the alignment; the difference is returned so that it is reported, never silently absorbed.
pub fn map_to_gold(
    name: &str,
    tagged: &TaggedText,
    gold_text: &str,
) -> (Vec<PredictedTimex>, Option<TextDifference>) {
    if tagged.text == gold_text {
        return (tagged.timexes.clone(), None);
    }
    let gold: Vec<char> = gold_text.chars().collect();
    let system: Vec<char> = tagged.text.chars().collect();
    // Where each of the tagger's characters starts and ends in the gold text.
    let mut starts = vec![0; system.len()];
    let mut ends = vec![0; system.len()];
    let mut difference = TextDifference {
        document: name.to_string(),
        whitespace_added: 0,
        whitespace_removed: 0,
        other_added: 0,
        other_removed: 0,
        first_other: None,
        spans_across_changes: 0,
    };
    let mut note = |gold_at: usize, system_at: usize, added: &[char], removed: &[char]| {
        let (white_added, other_added) = split_whitespace(added);
        let (white_removed, other_removed) = split_whitespace(removed);
        difference.whitespace_added += white_added;
        difference.whitespace_removed += white_removed;
        difference.other_added += other_added;
        difference.other_removed += other_removed;
        if other_added + other_removed > 0 && difference.first_other.is_none() {
            let around = |chars: &[char], at: usize| -> String {
                chars[at.saturating_sub(20)..(at + 20).min(chars.len())]
                    .iter()
                    .collect()
            };
            difference.first_other =
                Some((gold_at, around(&gold, gold_at), around(&system, system_at)));
        }
    };
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &gold, &system) {
        match op {
            similar::DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for k in 0..len {
                    starts[new_index + k] = old_index + k;
                    ends[new_index + k] = old_index + k + 1;
                }
            }
            similar::DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => note(
                old_index,
                new_index,
                &[],
                &gold[old_index..old_index + old_len],
            ),
            similar::DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => {
                for k in 0..new_len {
                    starts[new_index + k] = old_index;
                    ends[new_index + k] = old_index;
                }
                note(
                    old_index,
                    new_index,
                    &system[new_index..new_index + new_len],
                    &[],
                );
            }
            similar::DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                for k in 0..new_len {
                    starts[new_index + k] = old_index;
                    ends[new_index + k] = old_index + old_len;
                }
                note(
                    old_index,
                    new_index,
                    &system[new_index..new_index + new_len],
                    &gold[old_index..old_index + old_len],
                );
            }
        }
    }
    let mapped: Vec<PredictedTimex> = tagged
        .timexes
        .iter()
        .map(|t| {
            let (start, end) = if t.start < t.end {
                (starts[t.start], ends[t.end - 1])
            } else {
                let at = starts.get(t.start).copied().unwrap_or(gold.len());
                (at, at)
            };
            if gold[start..end] != system[t.start..t.end] {
                difference.spans_across_changes += 1;
            }
            PredictedTimex {
                start,
                end,
                value: t.value.clone(),
            }
        })
        .collect();
    (mapped, Some(difference))
}

fn split_whitespace(chars: &[char]) -> (usize, usize) {
    let white = chars.iter().filter(|c| c.is_whitespace()).count();
    (white, chars.len() - white)
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

    /// The gold text's words under each mapped span (offsets in code points).
    fn gold_words(gold: &str, mapped: &[PredictedTimex]) -> Vec<String> {
        mapped
            .iter()
            .map(|t| gold.chars().skip(t.start).take(t.end - t.start).collect())
            .collect()
    }

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

    fn spans(tagged: &TaggedText) -> Vec<(String, String)> {
        tagged
            .timexes
            .iter()
            .map(|t| {
                let words = tagged.text.chars().skip(t.start).take(t.end - t.start);
                (words.collect(), t.value.clone())
            })
            .collect()
    }

    #[test]
    fn tagger_output_that_is_not_xml_keeps_its_ampersands_and_angle_brackets_as_text() {
        // HeidelTime's shape: a TimeML wrapper, the text unescaped, TIMEX3 tags inline.
        let output = "<?xml version=\"1.0\"?>\n<!DOCTYPE TimeML SYSTEM \"TimeML.dtd\">\n<TimeML>\nMüller & Söhne sold 5 < 6 crates <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2021-03-03\">on Wednesday</TIMEX3>.\n\n</TimeML>\n";
        let tagged = parse_tagged_text("out.tml", output).unwrap();
        assert_eq!(
            tagged.text,
            "\nMüller & Söhne sold 5 < 6 crates on Wednesday.\n\n"
        );
        assert_eq!(
            spans(&tagged),
            [("on Wednesday".into(), "2021-03-03".into())]
        );
    }

    #[test]
    fn well_formed_output_has_its_entities_decoded_and_other_tags_removed() {
        let output = r#"<TimeML><DCT>ignored</DCT><TEXT>Tom &amp; Ann <EVENT eid="e1">left</EVENT> <TIMEX3 tid="t1" type="DURATION" value="P2D" mod="APPROX">about two days</TIMEX3> after <TIMEX3 value='PAST_REF' type="DATE">the fire &#x2014;</TIMEX3> it</TEXT></TimeML>"#;
        let tagged = parse_tagged_text("out.tml", output).unwrap();
        assert_eq!(
            tagged.text,
            "Tom & Ann left about two days after the fire \u{2014} it"
        );
        assert_eq!(
            spans(&tagged),
            [
                ("about two days".into(), "P2D".into()),
                ("the fire \u{2014}".into(), "PAST_REF".into())
            ]
        );
    }

    #[test]
    fn broken_timex_tags_are_errors_naming_the_file() {
        for (output, problem) in [
            (
                "<TimeML>on <TIMEX3 value=\"2020\">Monday</TimeML>",
                "never closed",
            ),
            ("<TimeML>on Monday</TIMEX3></TimeML>", "closes no TIMEX3"),
            (
                "<TimeML><TIMEX3 type=\"DATE\">Monday</TIMEX3></TimeML>",
                "has no value",
            ),
        ] {
            let error = parse_tagged_text("broken.tml", output).unwrap_err();
            assert!(
                error.contains("broken.tml") && error.contains(problem),
                "{error}"
            );
        }
    }

    #[test]
    fn identical_text_keeps_the_spans_and_reports_no_difference() {
        let tagged = parse_tagged_text(
            "same.tml",
            "<TimeML>Rain <TIMEX3 value=\"P1D\">all day</TIMEX3>.</TimeML>",
        )
        .unwrap();
        let (mapped, difference) = map_to_gold("same.tml", &tagged, "Rain all day.");
        assert_eq!(mapped, tagged.timexes);
        assert_eq!(difference, None);
    }

    #[test]
    fn spans_are_carried_over_added_whitespace_onto_the_gold_text() {
        let gold = "Rain fell on Monday and Tuesday.";
        let tagged = parse_tagged_text(
            "out.tml",
            "<TimeML>\nRain fell on <TIMEX3 value=\"2021-03-01\">Monday</TIMEX3> and <TIMEX3 value=\"2021-03-02\">Tuesday</TIMEX3>.\n</TimeML>",
        )
        .unwrap();
        let (mapped, difference) = map_to_gold("out.tml", &tagged, gold);
        let words = gold_words(gold, &mapped);
        assert_eq!(words, ["Monday", "Tuesday"]);
        let difference = difference.unwrap();
        assert_eq!(
            (
                difference.whitespace_added,
                difference.other_added,
                difference.other_removed
            ),
            (2, 0, 0)
        );
        assert_eq!(difference.first_other, None);
        assert_eq!(difference.spans_across_changes, 0);
    }

    #[test]
    fn rewritten_characters_are_reported_and_the_spans_still_land_on_the_gold_words() {
        // The tagger wrote "Cafe" for "Café" and dropped the "(!)": the span after the change must still match.
        let gold = "Café (!) opened in May 2020, closed in June.";
        let tagged = parse_tagged_text(
            "out.tml",
            "Cafe opened in <TIMEX3 value=\"2020-05\">May 2020</TIMEX3>, closed <TIMEX3 value=\"2020-06\">in June</TIMEX3>.",
        )
        .unwrap();
        let (mapped, difference) = map_to_gold("out.tml", &tagged, gold);
        let words = gold_words(gold, &mapped);
        assert_eq!(words, ["May 2020", "in June"]);
        let difference = difference.unwrap();
        assert_eq!((difference.other_added, difference.other_removed), (1, 4));
        assert_eq!(difference.whitespace_removed, 1);
        let (at, around_gold, _) = difference.first_other.unwrap();
        assert_eq!(at, 3);
        assert!(around_gold.starts_with("Café"), "{around_gold}");
        assert_eq!(difference.spans_across_changes, 0);
    }

    #[test]
    fn a_span_over_changed_text_is_counted() {
        let gold = "It ended on 1 March.";
        let tagged = parse_tagged_text(
            "out.tml",
            "It ended <TIMEX3 value=\"XXXX-03-01\">on 1 Mar.</TIMEX3>",
        )
        .unwrap();
        let (mapped, difference) = map_to_gold("out.tml", &tagged, gold);
        assert_eq!(gold_words(gold, &mapped), ["on 1 March."]);
        assert_eq!(difference.unwrap().spans_across_changes, 1);
    }
}
