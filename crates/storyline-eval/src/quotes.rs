//! Quote attribution against PolNeAR (brat standoff: Source, Cue and Content spans joined by relations).
//!
//! What is measured, in Unicode code points of each article's text:
//!
//! - A gold attribution is a relation with at least one Content span; its content is the union of its
//!   Content spans (they may be discontinuous: `"A," X said. "B."` is one attribution) and its source the
//!   union of its Source spans (empty for PolNeAR's attributions without a source).
//! - A gold **direct quote** is a gold attribution whose content opens with a quotation mark.
//! - A predicted quote **lands in** the gold attribution its content overlaps most, when at least half of its
//!   content lies inside that attribution's content. **Precision** is the share of predicted quotes (direct
//!   and indirect) that land in some gold attribution.
//! - A gold direct quote is **found** when the predicted quotes landing in it cover at least half of its
//!   content. **Direct recall** is the share of gold direct quotes found.
//! - The **speaker is right** for a found direct quote when the predicted quote that covers most of it names
//!   a speaker whose span overlaps the gold Source span, or names none when the gold has no source. The
//!   span is scored, not the entity it resolves to: PolNeAR does not link sources to names, so for a
//!   pronoun source ("he said") the predicted span must be that pronoun. **Speaker accuracy** is over found
//!   direct quotes.
//!
//! When an article was annotated by several annotators (`NAME_ANNOTATOR.ann`), the first file in name order
//! is the gold.

use crate::ItemError;
use serde::Serialize;
use std::path::Path;
use std::time::Instant;
use storyline_quotes::{char_offsets, find_quotes};

/// A half-open range of code points.
pub type Range = (usize, usize);

#[derive(Clone, Debug, Default)]
pub struct GoldAttribution {
    pub content: Vec<Range>,
    pub source: Vec<Range>,
}

/// One article and its gold attributions.
pub struct QuoteDocument {
    pub name: String,
    pub text: String,
    pub gold: Vec<GoldAttribution>,
}

/// Reads `DIR/attributions/*.ann` and the article texts in `DIR/text/`.
pub fn load_quote_documents(dir: &Path) -> Result<(Vec<QuoteDocument>, Vec<ItemError>), String> {
    let annotations = dir.join("attributions");
    let texts = dir.join("text");
    let entries =
        std::fs::read_dir(&annotations).map_err(|e| format!("{}: {e}", annotations.display()))?;
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ann"))
        .collect();
    files.sort();
    let mut documents: Vec<QuoteDocument> = Vec::new();
    let mut errors = Vec::new();
    for file in files {
        let stem = file
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        // The annotator's id follows the last underscore.
        let name = stem
            .rsplit_once('_')
            .map_or(stem.as_str(), |(base, _)| base)
            .to_string();
        if documents.last().is_some_and(|d| d.name == name) {
            continue;
        }
        let item = file.display().to_string();
        let text_path = texts.join(format!("{name}.txt"));
        let text = match std::fs::read(&text_path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(_) => {
                    errors.push(ItemError {
                        item: text_path.display().to_string(),
                        reason: "not UTF-8".into(),
                    });
                    continue;
                }
            },
            Err(e) => {
                errors.push(ItemError {
                    item,
                    reason: format!("its text {}: {e}", text_path.display()),
                });
                continue;
            }
        };
        let annotation = match std::fs::read_to_string(&file) {
            Ok(annotation) => annotation,
            Err(e) => {
                errors.push(ItemError {
                    item,
                    reason: e.to_string(),
                });
                continue;
            }
        };
        match parse_brat(&annotation, text.chars().count()) {
            Ok(gold) => documents.push(QuoteDocument { name, text, gold }),
            Err(reason) => errors.push(ItemError { item, reason }),
        }
    }
    Ok((documents, errors))
}

/// Parses brat standoff: `T` lines are spans ("T3\tContent 120 211;215 230\ttext"), `E` lines join them
/// ("E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1"). Offsets must lie within the text.
pub fn parse_brat(annotation: &str, text_chars: usize) -> Result<Vec<GoldAttribution>, String> {
    let mut spans: Vec<(&str, Vec<Range>)> = Vec::new();
    let mut span_ids: Vec<&str> = Vec::new();
    for (number, line) in annotation.lines().enumerate() {
        let mut fields = line.split('\t');
        let id = fields.next().unwrap_or_default();
        if !is_id(id, 'T') {
            continue;
        }
        let body = fields
            .next()
            .ok_or_else(|| format!("line {}: no span", number + 1))?;
        let (kind, offsets) = body
            .split_once(' ')
            .ok_or_else(|| format!("line {}: no offsets", number + 1))?;
        let mut ranges = Vec::new();
        for part in offsets.split(';') {
            let (start, end) = part
                .split_once(' ')
                .and_then(|(s, e)| Some((s.parse::<usize>().ok()?, e.parse::<usize>().ok()?)))
                .ok_or_else(|| format!("line {}: bad offsets {part:?}", number + 1))?;
            if start > end || end > text_chars {
                return Err(format!(
                    "line {}: span {start}-{end} outside the text",
                    number + 1
                ));
            }
            ranges.push((start, end));
        }
        span_ids.push(id);
        spans.push((kind, ranges));
    }
    let mut out = Vec::new();
    let relations = annotation
        .lines()
        .filter(|l| l.split('\t').next().is_some_and(|id| is_id(id, 'E')));
    for line in relations {
        let mut gold = GoldAttribution::default();
        for argument in line
            .split('\t')
            .nth(1)
            .unwrap_or_default()
            .split_whitespace()
        {
            let Some((role, id)) = argument.split_once(':') else {
                continue;
            };
            let Some(position) = span_ids.iter().position(|s| *s == id) else {
                return Err(format!("relation {line:?} names the unknown span {id}"));
            };
            let ranges = &spans[position].1;
            match role.trim_end_matches(|c: char| c.is_ascii_digit()) {
                "Content" => gold.content.extend(ranges),
                "Source" => gold.source.extend(ranges),
                _ => {}
            }
        }
        if !gold.content.is_empty() {
            gold.content.sort_unstable();
            out.push(gold);
        }
    }
    Ok(out)
}

/// Whether `field` is a brat id such as "T12": span texts may hold line breaks, so a line is only an
/// annotation when it starts with one.
fn is_id(field: &str, kind: char) -> bool {
    field.len() > 1 && field.starts_with(kind) && field[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Whether a gold attribution's content opens with a quotation mark.
pub fn is_direct(text_chars: &[char], gold: &GoldAttribution) -> bool {
    let start = gold.content.iter().map(|r| r.0).min().unwrap_or(0);
    text_chars[start..]
        .iter()
        .find(|c| !c.is_whitespace())
        .is_some_and(|&c| {
            matches!(
                c,
                '"' | '\''
                    | '`'
                    | '\u{201C}'
                    | '\u{201D}'
                    | '\u{2018}'
                    | '\u{2019}'
                    | '\u{00AB}'
                    | '\u{201E}'
            )
        })
}

/// How well quotes and speakers are found.
#[derive(Clone, Debug, Serialize)]
pub struct QuotesReport {
    pub documents: usize,
    pub gold_attributions: usize,
    pub gold_direct: usize,
    pub predicted: usize,
    /// Predicted quotes that land in a gold attribution.
    pub predicted_correct: usize,
    pub direct_found: usize,
    pub speaker_right: usize,
    pub precision: f64,
    pub direct_recall: f64,
    pub speaker_accuracy: f64,
    /// Time spent finding quotes (loading excluded).
    pub seconds: f64,
    pub megabytes_per_second: f64,
}

fn overlap(a: Range, ranges: &[Range]) -> usize {
    ranges
        .iter()
        .map(|&(s, e)| e.min(a.1).saturating_sub(s.max(a.0)))
        .sum()
}

/// Finds the quotes of every document and scores them against the gold attributions.
pub fn eval_quotes(documents: &[QuoteDocument]) -> QuotesReport {
    let started = Instant::now();
    let predictions: Vec<_> = documents.iter().map(|d| find_quotes(&d.text)).collect();
    let seconds = started.elapsed().as_secs_f64();
    let bytes: usize = documents.iter().map(|d| d.text.len()).sum();
    let mut report = QuotesReport {
        documents: documents.len(),
        gold_attributions: 0,
        gold_direct: 0,
        predicted: 0,
        predicted_correct: 0,
        direct_found: 0,
        speaker_right: 0,
        precision: 0.0,
        direct_recall: 0.0,
        speaker_accuracy: 0.0,
        seconds,
        megabytes_per_second: bytes as f64 / 1e6 / seconds.max(1e-9),
    };
    for (document, quotes) in documents.iter().zip(&predictions) {
        let chars: Vec<char> = document.text.chars().collect();
        let mut offsets = Vec::with_capacity(quotes.len() * 4);
        for quote in quotes {
            let speaker = quote.speaker.as_ref().map_or(quote.content, |s| s.span);
            offsets.extend([
                quote.content.start,
                quote.content.end,
                speaker.start,
                speaker.end,
            ]);
        }
        let offsets = char_offsets(&document.text, &offsets);
        // Per gold attribution: (covered code points, best overlap, whether that prediction's speaker is right).
        let mut landed: Vec<(usize, usize, bool)> = vec![(0, 0, false); document.gold.len()];
        for (index, quote) in quotes.iter().enumerate() {
            let content = (offsets[4 * index], offsets[4 * index + 1]);
            let speaker = quote
                .speaker
                .as_ref()
                .map(|_| (offsets[4 * index + 2], offsets[4 * index + 3]));
            let best = document
                .gold
                .iter()
                .enumerate()
                .map(|(g, gold)| (overlap(content, &gold.content), g))
                .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
            report.predicted += 1;
            let Some((shared, g)) = best else { continue };
            if shared == 0 || 2 * shared < content.1 - content.0 {
                continue;
            }
            report.predicted_correct += 1;
            let gold = &document.gold[g];
            let right = match speaker {
                Some(span) => overlap(span, &gold.source) > 0,
                None => gold.source.is_empty(),
            };
            let entry = &mut landed[g];
            entry.0 += shared;
            if shared > entry.1 {
                entry.1 = shared;
                entry.2 = right;
            }
        }
        for (gold, (covered, _, right)) in document.gold.iter().zip(&landed) {
            report.gold_attributions += 1;
            if !is_direct(&chars, gold) {
                continue;
            }
            report.gold_direct += 1;
            let length: usize = gold.content.iter().map(|(s, e)| e - s).sum();
            if 2 * covered >= length && *covered > 0 {
                report.direct_found += 1;
                report.speaker_right += usize::from(*right);
            }
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    report.precision = ratio(report.predicted_correct, report.predicted);
    report.direct_recall = ratio(report.direct_found, report.gold_direct);
    report.speaker_accuracy = ratio(report.speaker_right, report.direct_found);
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brat_relations_join_discontinuous_content_and_sources() {
        let ann = "T1\tSource 0 3\tAnn\nT2\tCue 4 8\tsaid\nT3\tContent 9 14;20 25\txxxxx yyyyy\n\
                   T4\tAttribution 4 8\tsaid\nThe rest of a span text with a line break\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n#1\tAnnotatorNotes T1\tnote\n";
        let gold = parse_brat(ann, 30).unwrap();
        assert_eq!(gold.len(), 1);
        assert_eq!(gold[0].content, vec![(9, 14), (20, 25)]);
        assert_eq!(gold[0].source, vec![(0, 3)]);
        assert!(parse_brat(ann, 20)
            .unwrap_err()
            .contains("outside the text"));
    }

    #[test]
    fn a_quote_split_by_its_attribution_is_found_with_the_right_speaker() {
        let text =
            "\u{201C}We will win,\u{201D} said Mara Quist. \u{201C}Nobody doubts it.\u{201D}"
                .to_string();
        let chars: Vec<char> = text.chars().collect();
        let find = |needle: &str| {
            let byte = text.find(needle).unwrap();
            let start = text[..byte].chars().count();
            (start, start + needle.chars().count())
        };
        let first = find("\u{201C}We will win,\u{201D}");
        let second = find("\u{201C}Nobody doubts it.\u{201D}");
        let gold = GoldAttribution {
            content: vec![first, second],
            source: vec![find("Mara Quist")],
        };
        assert!(is_direct(&chars, &gold));
        let report = eval_quotes(&[QuoteDocument {
            name: "invented".into(),
            text,
            gold: vec![gold],
        }]);
        assert_eq!(
            (
                report.gold_direct,
                report.direct_found,
                report.speaker_right
            ),
            (1, 1, 1)
        );
        assert_eq!(report.predicted, report.predicted_correct);
    }
}
