//! `cargo run --release -- DIR`: scores several HTML main-text extractors on an extraction data set (the layout of
//! `storyline eval extraction`) and prints one Markdown table row per extractor.

use std::io::Read;
use std::path::PathBuf;
use storyline_eval::{eval_extraction, load_extraction_set, Subset};


fn page_text(bytes: &[u8]) -> Result<String, String> {
    let mut html = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut html)
        .map_err(|e| e.to_string())?;
    // Every page of the Scrapinghub set is UTF-8.
    Ok(String::from_utf8_lossy(&html).into_owned())
}

fn trafilatura(options: rs_trafilatura::Options) -> impl Fn(&str) -> Result<String, String> {
    move |html| {
        rs_trafilatura::extract_with_options(html, &options)
            .map(|r| r.content_text)
            .map_err(|e| e.to_string())
    }
}

fn smoothie(mode: dom_smoothie::CandidateSelectMode, html: &str) -> Result<String, String> {
    let config = dom_smoothie::Config {
        candidate_select_mode: mode,
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let mut reader = dom_smoothie::Readability::new(html, None, Some(config)).map_err(|e| e.to_string())?;
    reader.parse().map(|a| a.text_content.to_string()).map_err(|e| e.to_string())
}

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).expect("usage: compare-extractors DIR"));
    let pages = load_extraction_set(&dir, Subset::All).expect("readable data set");
    let default = trafilatura(rs_trafilatura::Options::default());
    let precision = trafilatura(rs_trafilatura::Options { favor_precision: true, ..Default::default() });
    let recall = trafilatura(rs_trafilatura::Options { favor_recall: true, ..Default::default() });
    let extractors: Vec<(&str, Box<dyn Fn(&str) -> Result<String, String> + Sync>)> = vec![
        ("rs-trafilatura 0.2.2 (defaults)", Box::new(default)),
        ("rs-trafilatura 0.2.2 (favor_precision)", Box::new(precision)),
        ("rs-trafilatura 0.2.2 (favor_recall)", Box::new(recall)),
        ("dom_smoothie 0.19 (Readability.js candidate selection)", Box::new(|h: &str| smoothie(dom_smoothie::CandidateSelectMode::Readability, h))),
        ("dom_smoothie 0.19 (its own candidate selection)", Box::new(|h: &str| smoothie(dom_smoothie::CandidateSelectMode::DomSmoothie, h))),
    ];
    println!("| extractor | precision | recall | F1 | pages/s |");
    println!("| --- | --- | --- | --- | --- |");
    for (name, extractor) in &extractors {
        let report = eval_extraction(&pages, Subset::All, |_, bytes| extractor(&page_text(bytes)?));
        println!(
            "| {name} | {:.4} | {:.4} | {:.4} | {:.0} |",
            report.precision, report.recall, report.f1, report.pages_per_second
        );
    }
    let report = eval_extraction(&pages, Subset::All, |name, bytes| {
        let (format, gzip) = storyline_extract::Format::of_name(name).ok_or("unknown type")?;
        let mut out = storyline_extract::extract(name, bytes, format, gzip, Default::default());
        match out.errors.pop() {
            Some(error) => Err(error.reason),
            None => Ok(out.articles.pop().map(|a| a.text).unwrap_or_default()),
        }
    });
    println!(
        "| storyline (this build) | {:.4} | {:.4} | {:.4} | {:.0} |",
        report.precision, report.recall, report.f1, report.pages_per_second
    );
}
