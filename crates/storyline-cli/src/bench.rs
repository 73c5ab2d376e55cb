//! `bench`: end-to-end `analyze` throughput on a large corpus made by repeating a source corpus with fresh ids
//! and spread-out publication dates, with peak memory. Several sizes show how the cost grows. `--analysis`
//! instead measures each part of the analysis layer on one thread, in megabytes of text per second.

use anyhow::{Context, Result};
use clap::Args;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use storyline_cluster::Config;
use storyline_extract::{extract, Format, Limits};
use storyline_model::{Article, Published};

#[derive(Args)]
pub struct BenchArgs {
    /// A JSONL (or .jsonl.gz) corpus to repeat, e.g. ../shared/data/ecbplus/train.jsonl.
    #[arg(long)]
    source: PathBuf,
    /// Corpus sizes to measure, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "25000,50000,100000")]
    articles: Vec<usize>,
    /// Measure `storyline ingest` into a new SQLite store instead of `analyze`.
    #[arg(long)]
    ingest: bool,
    /// Measure the analysis layer's parts on one thread (MB of text per second) instead of `analyze`.
    #[arg(long, conflicts_with = "ingest")]
    analysis: bool,
    /// Measure the fact sheet's coverage parts on one thread instead of `analyze`: reading each member
    /// (sentences, times, quantities, quotes) and copies + quotes + summary, over the events the pipeline
    /// finds in each corpus size.
    #[arg(long, conflicts_with_all = ["ingest", "analysis"])]
    sheet: bool,
    /// Megabytes of text for `--analysis` (the source's texts repeated).
    #[arg(long, default_value_t = 20.0)]
    megabytes: f64,
    /// Days between two copies of the source corpus.
    #[arg(long, default_value_t = 45)]
    days_apart: i64,
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Run {
    articles: usize,
    megabytes: f64,
    read_seconds: f64,
    pipeline_seconds: f64,
    write_seconds: f64,
    total_seconds: f64,
    articles_per_second: f64,
    events: usize,
    /// Stories among the events (`analyze` only) and the time the stories step takes alone, timed again after
    /// the pipeline on its events.
    stories: usize,
    stories_seconds: f64,
    peak_rss_mb: Option<f64>,
}

pub fn run(args: &BenchArgs) -> Result<ExitCode> {
    let bytes = std::fs::read(&args.source)
        .with_context(|| format!("reading {}", args.source.display()))?;
    let name = args.source.display().to_string();
    let source = extract(
        &name,
        &bytes,
        Format::Jsonl,
        name.ends_with(".gz"),
        Limits::default(),
    )
    .articles;
    anyhow::ensure!(!source.is_empty(), "{name} holds no articles");
    if args.analysis {
        return measure_analysis(&source, args.megabytes, args.json);
    }
    if args.sheet {
        return measure_sheet(&source, &args.articles, args.days_apart, args.json);
    }
    let mut runs = Vec::new();
    for &size in &args.articles {
        let corpus = generate(&source, size, args.days_apart);
        let file = tempfile_path(size);
        write_jsonl(&file, &corpus)?;
        drop(corpus);
        let megabytes = std::fs::metadata(&file)?.len() as f64 / 1e6;

        let run = if args.ingest {
            measure_ingest(&file, megabytes)?
        } else {
            measure_analyze(&file, megabytes)?
        };
        let _ = std::fs::remove_file(&file);
        if !args.json {
            writeln!(
                crate::stdout(),
                "{:>7} articles ({:.0} MB): {:.2} s = read {:.2} + pipeline {:.2} + JSON {:.2}; {:.0} articles/s; \
                 {} events; {} stories (stories step {:.3} s); peak RSS {}",
                run.articles,
                run.megabytes,
                run.total_seconds,
                run.read_seconds,
                run.pipeline_seconds,
                run.write_seconds,
                run.articles_per_second,
                run.events,
                run.stories,
                run.stories_seconds,
                run.peak_rss_mb.map_or("unknown".into(), |m| format!("{m:.0} MB")),
            )?;
        }
        runs.push(run);
    }
    if args.json {
        let threads = rayon::current_num_threads();
        crate::print_json(&serde_json::json!({ "threads": threads, "runs": runs }))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads a generated JSONL corpus as `analyze` and `ingest` read their input.
fn read_corpus(file: &Path) -> Result<Vec<Article>> {
    let input = std::fs::read(file)?;
    let name = file.display().to_string();
    Ok(extract(&name, &input, Format::Jsonl, false, Limits::default()).articles)
}

/// The path `storyline analyze FILE --json` takes: read and extract, run the pipeline, write JSON.
fn measure_analyze(file: &Path, megabytes: f64) -> Result<Run> {
    let started = Instant::now();
    let articles = read_corpus(file)?;
    let read_seconds = started.elapsed().as_secs_f64();
    let count = articles.len();
    let document = storyline_pipeline::run(articles, Config::default());
    let pipeline_seconds = started.elapsed().as_secs_f64() - read_seconds;
    let mut sink = std::io::BufWriter::new(std::io::sink());
    serde_json::to_writer_pretty(&mut sink, &document)?;
    sink.flush()?;
    let total_seconds = started.elapsed().as_secs_f64();
    let stories_started = Instant::now();
    let outlines: Vec<storyline_model::EventOutline> =
        document.events.iter().map(Into::into).collect();
    let stories = storyline_stories::link_stories(&outlines);
    let stories_seconds = stories_started.elapsed().as_secs_f64();
    Ok(Run {
        articles: count,
        megabytes,
        read_seconds,
        pipeline_seconds,
        write_seconds: total_seconds - read_seconds - pipeline_seconds,
        total_seconds,
        articles_per_second: count as f64 / total_seconds,
        events: document.events.len(),
        stories: stories.len(),
        stories_seconds,
        peak_rss_mb: peak_rss_mb(),
    })
}

/// The path `storyline ingest FILE` takes into a new SQLite store (removed afterwards); "pipeline" is the ingest
/// itself (analysis, clustering, event records, SQLite transactions) and "JSON" nothing.
fn measure_ingest(file: &Path, megabytes: f64) -> Result<Run> {
    let db = file.with_extension("db");
    let started = Instant::now();
    let articles = read_corpus(file)?;
    let read_seconds = started.elapsed().as_secs_f64();
    let count = articles.len();
    let mut store = storyline_store::SqliteStore::open(&db)?;
    let summary = storyline_ingest::ingest(&mut store, articles, 5000, true)?;
    let total_seconds = started.elapsed().as_secs_f64();
    drop(store);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    Ok(Run {
        articles: count,
        megabytes,
        read_seconds,
        pipeline_seconds: total_seconds - read_seconds,
        write_seconds: 0.0,
        total_seconds,
        articles_per_second: count as f64 / total_seconds,
        events: summary.events_changed,
        stories: 0,
        stories_seconds: 0.0,
        peak_rss_mb: peak_rss_mb(),
    })
}

#[derive(Serialize)]
struct PartRun {
    part: &'static str,
    megabytes: f64,
    seconds: f64,
    megabytes_per_second: f64,
}

/// Each part of the analysis layer over the same texts, one thread, one after the other; then the layer as a whole.
fn measure_analysis(source: &[Article], megabytes: f64, json: bool) -> Result<ExitCode> {
    let mut articles = Vec::new();
    let mut bytes = 0usize;
    while (bytes as f64) < megabytes * 1e6 {
        for article in source {
            bytes += article.title.len() + article.text.len();
            articles.push(article);
        }
    }
    let size = bytes as f64 / 1e6;
    let analyzer = storyline_analyze::Analyzer::new();
    let time = |work: &dyn Fn(&Article) -> usize| {
        let started = Instant::now();
        let mut found = 0usize;
        for article in &articles {
            found = found.wrapping_add(work(article));
        }
        std::hint::black_box(found);
        started.elapsed().as_secs_f64()
    };
    let tagger = storyline_timex::Tagger::new(storyline_timex::Language::English);
    let dct = chrono::NaiveDate::from_ymd_opt(2020, 6, 15).expect("a valid date");
    let parts: [(&'static str, f64); 4] = [
        (
            "analyze (language, terms, entities, places, dates)",
            time(&|a| analyzer.analyze(a).entities.len()),
        ),
        (
            "numbers",
            time(&|a| storyline_numbers::find_quantities(&a.text).len()),
        ),
        ("timex", time(&|a| tagger.tag(&a.text, dct).len())),
        (
            "quotes",
            time(&|a| storyline_quotes::find_quotes(&a.text).len()),
        ),
    ];
    let total: f64 = parts.iter().map(|(_, seconds)| seconds).sum();
    let runs: Vec<PartRun> = parts
        .iter()
        .copied()
        .chain(std::iter::once(("whole analysis layer", total)))
        .map(|(part, seconds)| PartRun {
            part,
            megabytes: size,
            seconds,
            megabytes_per_second: size / seconds.max(1e-9),
        })
        .collect();
    if json {
        crate::print_json(&serde_json::json!({ "threads": 1, "runs": runs }))?;
    } else {
        let mut out = crate::stdout();
        for run in &runs {
            writeln!(
                out,
                "{:<52} {:.1} MB in {:.2} s: {:.1} MB/s on one core",
                run.part, run.megabytes, run.seconds, run.megabytes_per_second
            )?;
        }
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct SheetRun {
    articles: usize,
    events: usize,
    largest_event: usize,
    reading_seconds: f64,
    coverage_seconds: f64,
    reading_microseconds_per_article: f64,
    coverage_microseconds_per_article: f64,
    copy_groups: usize,
    quotes: usize,
    summary_sentences: usize,
}

/// For each size: the pipeline's events (not timed), then on one thread the members' readings and the coverage
/// (copies, quotes, summary) of every event, timed apart.
fn measure_sheet(
    source: &[Article],
    sizes: &[usize],
    days_apart: i64,
    json: bool,
) -> Result<ExitCode> {
    let analyzer = storyline_analyze::Analyzer::new();
    let reader = storyline_facts::Reader::new();
    let mut runs = Vec::new();
    for &size in sizes {
        let document =
            storyline_pipeline::run(generate(source, size, days_apart), Config::default());
        let mut articles = document.articles;
        let analyses = storyline_pipeline::analyze_all(&analyzer, &mut articles);
        let memberships: Vec<(String, storyline_model::EventArticle)> = document
            .events
            .iter()
            .flat_map(|e| e.articles.iter().map(|a| (e.id.clone(), a.clone())))
            .collect();
        let events = storyline_pipeline::members_by_event(&articles, &analyses, &memberships);
        let index = storyline_facts::EntityIndex::new(&analyses);

        let started = Instant::now();
        let readings: Vec<Vec<storyline_facts::Reading>> = events
            .iter()
            .map(|(_, members)| {
                members
                    .iter()
                    .map(|m| reader.read(m.article, m.analysis.dateline))
                    .collect()
            })
            .collect();
        let reading_seconds = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let (mut copy_groups, mut quotes, mut summary_sentences) = (0, 0, 0);
        for ((_, members), readings) in events.iter().zip(&readings) {
            let coverage = storyline_facts::coverage(members, readings, &index, &reader);
            copy_groups += coverage.copy_groups.len();
            quotes += coverage.quotes.len();
            summary_sentences += coverage.summary.len();
        }
        let coverage_seconds = started.elapsed().as_secs_f64();
        let count = articles.len() as f64;
        let run = SheetRun {
            articles: articles.len(),
            events: events.len(),
            largest_event: events.iter().map(|(_, m)| m.len()).max().unwrap_or(0),
            reading_seconds,
            coverage_seconds,
            reading_microseconds_per_article: reading_seconds * 1e6 / count,
            coverage_microseconds_per_article: coverage_seconds * 1e6 / count,
            copy_groups,
            quotes,
            summary_sentences,
        };
        if !json {
            writeln!(
                crate::stdout(),
                "{:>7} articles, {} events (largest {}), one thread: reading {:.2} s ({:.0} µs/article), \
                 copies + quotes + summary {:.2} s ({:.0} µs/article); {} copy groups, {} quotes, {} summary sentences",
                run.articles,
                run.events,
                run.largest_event,
                run.reading_seconds,
                run.reading_microseconds_per_article,
                run.coverage_seconds,
                run.coverage_microseconds_per_article,
                run.copy_groups,
                run.quotes,
                run.summary_sentences,
            )?;
        }
        runs.push(run);
    }
    if json {
        crate::print_json(&serde_json::json!({ "threads": 1, "runs": runs }))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Copies of the source with fresh ids; copy k is published `k * days_apart` days after the first.
fn generate(source: &[Article], size: usize, days_apart: i64) -> Vec<Article> {
    let start = chrono::NaiveDate::from_ymd_opt(2000, 1, 3).expect("a valid date");
    (0..size)
        .map(|i| {
            let copy = i / source.len();
            let original = &source[i % source.len()];
            let mut article = original.clone();
            article.id = format!("{}-copy{copy}", original.id);
            let offset = copy as i64 * days_apart + (i % 3) as i64;
            let day = start + chrono::Duration::days(offset);
            article.published = Some(Published::from_date(day));
            // Each copy says which it is, so that its content (and content hash) is its own.
            article.text.push_str(&format!("\n\nCopy {copy}."));
            article
        })
        .collect()
}

fn tempfile_path(size: usize) -> PathBuf {
    std::env::temp_dir().join(format!(
        "storyline-bench-{}-{size}.jsonl",
        std::process::id()
    ))
}

fn write_jsonl(path: &PathBuf, articles: &[Article]) -> Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for article in articles {
        serde_json::to_writer(&mut out, article)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

/// The process's peak resident memory, from /proc (Linux only).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
