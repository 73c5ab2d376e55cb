//! `storyline`: turns piles and streams of news articles into events.
//!
//! The binary is an edge of the system: it reads inputs, runs the pure pipeline stages, talks to the store and
//! prints. Every command has `--json` for machines and a readable report for people.

mod bench;
mod input;
mod report;
mod transfer;
mod watch;
mod worker;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use storyline_analyze::Analyzer;
use storyline_cluster::Config;
use storyline_extract::Limits;
use storyline_fetch::FetchConfig;
use storyline_store::{PostgresStore, QueueItem, Store};

// The pipeline allocates many small strings and vectors on every core; glibc's allocator took about a fifth
// of `analyze`'s time in profiles, mimalloc's thread-local heaps a small part of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "storyline",
    version,
    about = "News articles in, events out: grouped, explained, stored."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read articles and print their events (in memory; nothing is stored).
    Analyze {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        tuning: TuningArgs,
        /// Print the JSON document instead of the report.
        #[arg(long)]
        json: bool,
    },
    /// Extract articles (main text and metadata) from HTML pages and other inputs and print them.
    Extract {
        #[command(flatten)]
        input: InputArgs,
        /// One JSON object a line instead of the readable report.
        #[arg(long)]
        json: bool,
    },
    /// Add articles to the store; events are updated incrementally.
    Ingest {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        db: DbArgs,
        /// Articles per transaction.
        #[arg(long, default_value_t = 5000)]
        batch: usize,
        #[arg(long)]
        json: bool,
    },
    /// Queue articles for `storyline worker` processes (PostgreSQL stores): read, put in stream order, and
    /// queued once each (the same content queued again is skipped).
    Enqueue {
        #[command(flatten)]
        input: InputArgs,
        /// The PostgreSQL store: `postgres://user@host:port/database`.
        #[arg(long)]
        db: String,
        #[arg(long)]
        json: bool,
    },
    /// Drain the queue of a PostgreSQL store: analyse items in parallel with other workers; one worker at a time
    /// clusters them into events.
    Worker(worker::WorkerArgs),
    /// Poll RSS/Atom feeds (conditional GETs) and queue their new items for the workers.
    Watch(watch::WatchArgs),
    /// Write the whole store as JSON lines (importable), or its articles as CSV, to standard output.
    Export {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long, value_enum, default_value = "jsonl")]
        format: transfer::ExportFormat,
    },
    /// Read an export (JSON lines, a file or `-`) into an empty store of either backend.
    Import {
        file: String,
        #[command(flatten)]
        db: DbArgs,
    },
    /// List the stored events.
    Events {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        json: bool,
    },
    /// List the stored storylines: events linked over time by shared core participants and a theme, each
    /// story's events in date order (stories of one event are not listed).
    Stories {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        json: bool,
    },
    /// Show one stored event with its articles.
    Show {
        event_id: String,
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        json: bool,
    },
    /// Full-text search over stored titles and texts, best match first.
    Search {
        query: String,
        #[command(flatten)]
        db: DbArgs,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Serve the JSON API over the store on HTTP (`GET /api/openapi.json` describes it).
    Serve {
        #[command(flatten)]
        db: DbArgs,
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// The bearer token `POST /api/articles` requires [default: the environment variable STORYLINE_TOKEN].
        /// Without a token, adding articles over HTTP is refused.
        #[arg(long)]
        token: Option<String>,
    },
    /// List the quantities in a text file: durations, ages, counts, money, percentages, with their intervals.
    Numbers {
        /// A UTF-8 text file, or `-` for standard input.
        file: String,
        #[arg(long)]
        json: bool,
    },
    /// Tag and normalise the time expressions of a text file (TimeML types and values).
    Timex {
        /// A UTF-8 text file, or `-` for standard input.
        file: String,
        /// The document's creation day, `YYYY-MM-DD`: relative expressions are resolved against it.
        #[arg(long)]
        dct: String,
        /// The text's language: en, de, fr, es, it or nl.
        #[arg(long, default_value = "en")]
        lang: String,
        /// Print `[{start, end, text, type, value}]`, offsets in Unicode code points.
        #[arg(long)]
        json: bool,
    },
    /// Print the quotes of a text file with their cue verbs and speakers (offsets in code points).
    Quotes {
        /// A UTF-8 text file, or `-` for standard input.
        file: String,
        #[arg(long)]
        json: bool,
    },
    /// Measure quality against public data sets.
    Eval {
        #[command(subcommand)]
        what: EvalCommand,
    },
    /// Measure end-to-end `analyze` throughput and peak memory on a large generated corpus.
    Bench(bench::BenchArgs),
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Accuracy of the publication day found in web pages (a missing date counts as wrong), on a tuning and a
    /// held-out half of the pages.
    Dates {
        /// A folder with `gold.json` (page name → `file`, `url`, `date`) and the pages in `html/`.
        dir: PathBuf,
        /// Exit with an error when the accuracy over all pages is below this floor.
        #[arg(long)]
        min_accuracy: Option<f64>,
        /// Print the report, with every page's outcome, as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Main-text extraction: word 4-gram precision, recall and F1 against gold texts, and pages per second.
    Extraction {
        /// A folder with `ground-truth.json` (`{id: {"articleBody", ...}}`) and `html/<id>.html.gz`.
        dir: PathBuf,
        /// Score all pages, or one half of a fixed split of the ids (tune on one, check on the other).
        #[arg(long, value_enum, default_value = "all")]
        subset: SubsetArg,
        /// Exit with an error when F1 is below this floor.
        #[arg(long)]
        min_f1: Option<f64>,
        /// Print the report as JSON, with every page's scores.
        #[arg(long)]
        json: bool,
    },
    /// Direct-quote recall, speaker accuracy and precision against brat attributions (PolNeAR).
    Quotes {
        /// A folder with `attributions/*.ann` and the texts in `text/`.
        dir: PathBuf,
        /// Exit with an error when direct-quote recall is below this floor.
        #[arg(long)]
        min_recall: Option<f64>,
        /// Exit with an error when the share of found direct quotes with the right speaker is below this floor.
        #[arg(long)]
        min_speaker: Option<f64>,
        /// Exit with an error when precision is below this floor.
        #[arg(long)]
        min_precision: Option<f64>,
        #[arg(long)]
        json: bool,
    },
    /// Named entities against ECB+'s participant and location annotations (CROMER XML files under DIR).
    Entities {
        dir: PathBuf,
        /// Exit with an error when typed F1 is below this floor.
        #[arg(long)]
        min_f1: Option<f64>,
        /// Also list every gold name missed or found with another kind in the train topics (1-22); the dev
        /// topics' are never listed, so that they stay unstudied.
        #[arg(long)]
        misses: bool,
        #[arg(long)]
        json: bool,
    },
    /// Event-date and place accuracy against ECB+'s time and location annotations (CROMER XML files under
    /// DIR), per document and per gold event; see crates/storyline-eval/src/events.rs for the metric.
    Events {
        dir: PathBuf,
        /// Which topics: train (1-22), dev (23-25) or all.
        #[arg(long, value_enum, default_value = "all")]
        topics: TopicsArg,
        /// Exit with an error when the per-document date accuracy is below this floor.
        #[arg(long)]
        min_date: Option<f64>,
        /// Exit with an error when the per-document place accuracy is below this floor.
        #[arg(long)]
        min_place: Option<f64>,
        /// Also list the documents of the train topics (1-22) whose first place is wrong, with their gold
        /// locations; the dev topics' are never listed, so that they stay unstudied.
        #[arg(long)]
        misses: bool,
        #[arg(long)]
        json: bool,
    },
    /// BCubed precision, recall and F1 of the events against each line's gold `event`.
    Clustering {
        /// A JSONL file with `id`, `title`, `text` and the gold `event` on every line.
        file: PathBuf,
        #[command(flatten)]
        tuning: TuningArgs,
        /// Exit with an error when F1 is below this floor.
        #[arg(long)]
        min_f1: Option<f64>,
        #[arg(long)]
        json: bool,
    },
    /// TempEval-3 strict and relaxed span F1 and value F1 of the time tagger on TimeML files, per top-level
    /// folder, per half of each folder (a fixed hash of the file name) and in total.
    Timex {
        /// A folder of `.tml` files (searched recursively), e.g. ../shared/data/timeml/tbaq.
        dir: PathBuf,
        /// Score another tagger's output instead of storyline's tagger: a folder holding, for each gold file,
        /// a file of the same relative path with the tagger's TimeML (TIMEX3 tags inline in the text, e.g.
        /// HeidelTime's). Documents whose output is missing or unreadable are named and left out, and the
        /// command then exits with an error after the report.
        #[arg(long, value_name = "DIR")]
        system: Option<PathBuf>,
        /// Exit with an error when the total value F1 is below this floor.
        #[arg(long)]
        min_value_f1: Option<f64>,
        /// Exit with an error when the held-out half of any folder (that has one) has a value F1 below this floor.
        #[arg(long)]
        min_held_out_value_f1: Option<f64>,
        /// Also list every disagreement with the gold annotation in the tuning half's files (the held-out
        /// half's are never listed, so that its score stays unstudied).
        #[arg(long)]
        misses: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum TopicsArg {
    All,
    Train,
    Dev,
}

impl From<TopicsArg> for storyline_eval::Topics {
    fn from(topics: TopicsArg) -> Self {
        match topics {
            TopicsArg::All => storyline_eval::Topics::All,
            TopicsArg::Train => storyline_eval::Topics::Train,
            TopicsArg::Dev => storyline_eval::Topics::Dev,
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SubsetArg {
    All,
    Even,
    Odd,
}

impl From<SubsetArg> for storyline_eval::Subset {
    fn from(subset: SubsetArg) -> Self {
        match subset {
            SubsetArg::All => storyline_eval::Subset::All,
            SubsetArg::Even => storyline_eval::Subset::Even,
            SubsetArg::Odd => storyline_eval::Subset::Odd,
        }
    }
}

#[derive(Args)]
struct InputArgs {
    /// Files, directories (read recursively), `-` for standard input, or http(s) URLs of pages and RSS/Atom
    /// feeds (a feed brings in its items' pages).
    #[arg(required = true)]
    paths: Vec<String>,
    /// The largest article (or fetched response) accepted, in bytes.
    #[arg(long, default_value_t = Limits::default().max_item_bytes)]
    max_bytes: usize,
    /// The longest one URL may take to fetch, redirects included, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = FetchConfig::default().timeout.as_secs_f64())]
    timeout: f64,
}

#[derive(Args)]
struct DbArgs {
    /// The store: a SQLite file, or a PostgreSQL server as `postgres://user@host:port/database`.
    #[arg(long, default_value = "storyline.db")]
    db: String,
}

#[derive(Args)]
struct TuningArgs {
    /// Override a clustering parameter, e.g. `--set threshold=0.3` (repeatable).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    settings: Vec<String>,
}

impl TuningArgs {
    fn config(&self) -> Result<Config> {
        let mut config = Config::default();
        for setting in &self.settings {
            let (name, value) = setting
                .split_once('=')
                .with_context(|| format!("--set takes NAME=VALUE, got {setting:?}"))?;
            config
                .set(name.trim(), value.trim())
                .map_err(anyhow::Error::msg)?;
        }
        Ok(config)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // A reader that stops early (`storyline events | head`) is not an error.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("storyline: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// Standard output, buffered; reports are written through it so that errors (a closed pipe) are returned.
pub(crate) fn stdout() -> std::io::BufWriter<std::io::StdoutLock<'static>> {
    std::io::BufWriter::new(std::io::stdout().lock())
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Analyze {
            input,
            tuning,
            json,
        } => analyze(&input, tuning.config()?, json),
        Command::Extract { input, json } => {
            let mut inputs = read(&input)?;
            report_errors(&inputs.errors, &[]);
            // A page that does not declare its language gets the one its text is written in, as `analyze` does.
            for article in inputs.articles.iter_mut().filter(|a| a.language.is_none()) {
                article.language =
                    storyline_analyze::identify_language(&article.text).map(str::to_string);
            }
            let mut out = stdout();
            for article in &inputs.articles {
                if json {
                    serde_json::to_writer(&mut out, &report::ExtractedArticle::from(article))?;
                    writeln!(out)?;
                } else {
                    report::extracted(&mut out, article)?;
                }
            }
            out.flush()?;
            Ok(if inputs.articles.is_empty() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Ingest {
            input,
            db,
            batch,
            json,
        } => {
            let inputs = read(&input)?;
            let mut store = open_store(&db)?;
            let summary =
                storyline_ingest::ingest(store.as_mut(), inputs.articles, batch.max(1), true)?;
            report_errors(&inputs.errors, &summary.errors);
            if json {
                print_json(&summary)?;
            } else {
                report::ingest(&mut stdout(), &summary)?;
            }
            let processed = summary.stored + summary.already_stored;
            Ok(if processed > 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Enqueue { input, db, json } => {
            let mut inputs = read(&input)?;
            report_errors(&inputs.errors, &[]);
            storyline_pipeline::sort_for_stream(&mut inputs.articles);
            let items: Vec<(String, QueueItem)> = inputs
                .articles
                .into_iter()
                .map(|article| {
                    let item = QueueItem::Article { article };
                    (item.key(storyline_pipeline::content_hash), item)
                })
                .collect();
            if !storyline_store::is_postgres_url(&db) {
                bail!("the queue lives in PostgreSQL: give --db postgres://…; a SQLite store takes `storyline ingest`");
            }
            let store = PostgresStore::connect(&db).context("cannot open the queue")?;
            let queued = store.enqueue(&items)?;
            let summary = serde_json::json!({
                "read": items.len(), "queued": queued, "already_queued": items.len() - queued,
            });
            if json {
                print_json(&summary)?;
            } else {
                writeln!(
                    stdout(),
                    "{queued} of {} articles queued ({} were queued before)",
                    items.len(),
                    items.len() - queued
                )?;
            }
            Ok(if items.is_empty() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Worker(args) => {
            if !storyline_store::is_postgres_url(&args.db) {
                bail!("workers share a PostgreSQL store: give --db postgres://…");
            }
            let summary = worker::run(&args)?;
            let mut out = stdout();
            serde_json::to_writer(&mut out, &summary)?;
            writeln!(out)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Watch(args) => {
            if !storyline_store::is_postgres_url(&args.db) {
                bail!("watch queues items for workers in PostgreSQL: give --db postgres://…");
            }
            watch::run(&args, |poll| {
                let mut out = stdout();
                serde_json::to_writer(&mut out, poll)?;
                writeln!(out)?;
                out.flush()?;
                Ok(())
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { db, format } => {
            let store = open_store(&db)?;
            transfer::export(store.as_ref(), format, &mut stdout())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Import { file, db } => {
            let mut store = open_store(&db)?;
            let count = if file == "-" {
                transfer::import(store.as_mut(), std::io::stdin().lock(), "standard input")?
            } else {
                let reader =
                    std::fs::File::open(&file).with_context(|| format!("cannot read {file}"))?;
                transfer::import(store.as_mut(), std::io::BufReader::new(reader), &file)?
            };
            eprintln!("storyline: imported {count} articles into {}", db.db);
            Ok(ExitCode::SUCCESS)
        }
        Command::Events { db, json } => {
            let store = open_store(&db)?;
            let events = store.events()?;
            if json {
                print_json(&serde_json::json!({ "events": events }))?;
            } else {
                report::events(&mut stdout(), &events)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Stories { db, json } => {
            let store = open_store(&db)?;
            let stories = store.stories()?;
            if json {
                print_json(&serde_json::json!({ "stories": stories }))?;
            } else {
                let mut events = Vec::new();
                for event_id in stories.iter().flat_map(|s| &s.events) {
                    events.extend(store.event(event_id)?);
                }
                report::stories(&mut stdout(), &stories, &events)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { event_id, db, json } => {
            let store = open_store(&db)?;
            let Some(document) =
                storyline_ingest::event_document(store.as_ref(), &Analyzer::new(), &event_id)?
            else {
                bail!("no event with id {event_id:?} in {}", db.db);
            };
            if json {
                print_json(&document)?;
            } else {
                report::document(&mut stdout(), &document)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Search {
            query,
            db,
            limit,
            json,
        } => {
            let store = open_store(&db)?;
            let hits = store.search(&query, limit)?;
            if json {
                let hits: Vec<_> = hits
                    .iter()
                    .map(|h| {
                        serde_json::json!({
                            "article": h.article_id, "title": h.title, "event": h.event_id,
                            "score": h.score, "snippet": h.snippet,
                        })
                    })
                    .collect();
                print_json(&serde_json::json!({ "query": query, "hits": hits }))?;
            } else {
                report::search(&mut stdout(), &hits)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            what:
                EvalCommand::Clustering {
                    file,
                    tuning,
                    min_f1,
                    json,
                },
        } => {
            let labelled = storyline_eval::load_labelled(&file).map_err(anyhow::Error::msg)?;
            report_errors(&labelled.errors, &[]);
            let result = storyline_eval::eval_clustering(&labelled, tuning.config()?);
            if json {
                print_json(&result)?;
            } else {
                report::clustering(&mut stdout(), &file, &result)?;
            }
            if let Some(floor) = min_f1 {
                if result.f1 < floor {
                    bail!("BCubed F1 {:.4} is below the floor {floor:.4}", result.f1);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Numbers { file, json } => {
            let text = read_text(&file)?;
            let quantities = storyline_numbers::find_quantities(&text);
            if json {
                print_json(&quantities)?;
            } else {
                report::quantities(&mut stdout(), &quantities)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            what:
                EvalCommand::Events {
                    dir,
                    topics,
                    min_date,
                    min_place,
                    misses,
                    json,
                },
        } => {
            let documents = storyline_eval::load_ecbplus_events(&dir, topics.into())
                .map_err(anyhow::Error::msg)?;
            let result = storyline_eval::eval_events(&documents);
            if json {
                print_json(&result)?;
            } else {
                report::event_accuracy(&mut stdout(), &dir, &result, misses)?;
            }
            if let Some(floor) = min_date {
                if result.document_date.accuracy < floor {
                    bail!(
                        "event-date accuracy {:.4} is below the floor {floor:.4}",
                        result.document_date.accuracy
                    );
                }
            }
            if let Some(floor) = min_place {
                if result.document_place.accuracy < floor {
                    bail!(
                        "event-place accuracy {:.4} is below the floor {floor:.4}",
                        result.document_place.accuracy
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            what:
                EvalCommand::Entities {
                    dir,
                    min_f1,
                    misses,
                    json,
                },
        } => {
            let documents = storyline_eval::load_ecbplus_names(&dir).map_err(anyhow::Error::msg)?;
            let result = storyline_eval::eval_entities(&documents);
            if json {
                print_json(&result)?;
            } else {
                report::entities(&mut stdout(), &dir, &result, misses)?;
            }
            if let Some(floor) = min_f1 {
                if result.typed.f1 < floor {
                    bail!(
                        "typed entity F1 {:.4} is below the floor {floor:.4}",
                        result.typed.f1
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            what:
                EvalCommand::Timex {
                    dir,
                    system,
                    min_value_f1,
                    min_held_out_value_f1,
                    misses,
                    json,
                },
        } => {
            let report = match &system {
                Some(system) => storyline_eval::eval_timex_output(&dir, system),
                None => storyline_eval::eval_timex(&dir),
            }
            .map_err(anyhow::Error::msg)?;
            if json {
                print_json(&report)?;
            } else {
                report::timex_eval(&mut stdout(), &dir, &report, misses)?;
            }
            if !report.unscored.is_empty() {
                for error in &report.unscored {
                    eprintln!("error: {error}");
                }
                bail!(
                    "{} gold document(s) had no readable tagger output and were left out of the scores",
                    report.unscored.len()
                );
            }
            if let Some(floor) = min_value_f1 {
                let value_f1 = report.total.value.f1;
                if value_f1 < floor {
                    bail!("time expression value F1 {value_f1:.4} is below the floor {floor:.4}");
                }
            }
            if let Some(floor) = min_held_out_value_f1 {
                for part in report.parts.iter().filter(|p| p.held_out.documents > 0) {
                    let value_f1 = part.held_out.scores.value.f1;
                    if value_f1 < floor {
                        bail!(
                            "time expression value F1 {value_f1:.4} on the held-out half of {} is below the floor {floor:.4}",
                            part.name
                        );
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Timex {
            file,
            dct,
            lang,
            json,
        } => {
            let dct = chrono::NaiveDate::parse_from_str(&dct, "%Y-%m-%d")
                .with_context(|| format!("--dct takes YYYY-MM-DD, got {dct:?}"))?;
            let Some(language) = storyline_timex::Language::from_code(&lang) else {
                bail!("--lang takes en, de, fr, es, it or nl, got {lang:?}");
            };
            let text = read_text(&file)?;
            let timexes = storyline_timex::Tagger::new(language).tag(&text, dct);
            if json {
                print_json(&timexes)?;
            } else {
                report::timexes(&mut stdout(), &timexes)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            what:
                EvalCommand::Quotes {
                    dir,
                    min_recall,
                    min_speaker,
                    min_precision,
                    json,
                },
        } => {
            let (documents, errors) =
                storyline_eval::load_quote_documents(&dir).map_err(anyhow::Error::msg)?;
            report_errors(&errors, &[]);
            if documents.is_empty() {
                bail!("no annotated articles in {}", dir.display());
            }
            let result = storyline_eval::eval_quotes(&documents);
            if json {
                print_json(&result)?;
            } else {
                report::quotes_eval(&mut stdout(), &dir, &result)?;
            }
            let floors = [
                ("direct-quote recall", result.direct_recall, min_recall),
                ("speaker accuracy", result.speaker_accuracy, min_speaker),
                ("precision", result.precision, min_precision),
            ];
            for (name, value, floor) in floors {
                if let Some(floor) = floor.filter(|floor| value < *floor) {
                    bail!("{name} {value:.4} is below the floor {floor:.4}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Quotes { file, json } => {
            let text = read_text(&file)?;
            let quotes = storyline_quotes::find_quotes(&text);
            let listed = report::quote_list(&text, &quotes);
            if json {
                print_json(&listed)?;
            } else {
                report::quotes(&mut stdout(), &listed)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            what:
                EvalCommand::Extraction {
                    dir,
                    subset,
                    min_f1,
                    json,
                },
        } => {
            let subset = subset.into();
            let pages =
                storyline_eval::load_extraction_set(&dir, subset).map_err(anyhow::Error::msg)?;
            let result = storyline_eval::eval_extraction(&pages, subset, extract_main_text);
            if json {
                print_json(&result)?;
            } else {
                report::extraction(&mut stdout(), &dir, &result)?;
            }
            if let Some(floor) = min_f1 {
                if result.f1 < floor {
                    bail!(
                        "extraction F1 {:.4} is below the floor {floor:.4}",
                        result.f1
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { db, addr, token } => {
            let token = token.or_else(|| std::env::var("STORYLINE_TOKEN").ok());
            storyline_server::run(&addr, storyline_server::Config { db: db.db, token })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            what:
                EvalCommand::Dates {
                    dir,
                    min_accuracy,
                    json,
                },
        } => {
            let (pages, errors) =
                storyline_eval::load_dated_pages(&dir).map_err(anyhow::Error::msg)?;
            report_errors(&errors, &[]);
            if pages.is_empty() {
                bail!("no pages were read from {}", dir.display());
            }
            let result = storyline_eval::eval_dates(&pages);
            if json {
                print_json(&result)?;
            } else {
                report::dates(&mut stdout(), &dir, &result)?;
            }
            if let Some(floor) = min_accuracy {
                if result.accuracy < floor {
                    bail!(
                        "date accuracy {:.4} is below the floor {floor:.4}",
                        result.accuracy
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench(args) => bench::run(&args),
    }
}

fn analyze(input: &InputArgs, config: Config, json: bool) -> Result<ExitCode> {
    let mut inputs = read(input)?;
    input::drop_duplicate_ids(&mut inputs.articles, &mut inputs.errors);
    report_errors(&inputs.errors, &[]);
    if inputs.articles.is_empty() {
        eprintln!("storyline: no articles were read");
        return Ok(ExitCode::FAILURE);
    }
    let document = storyline_pipeline::run(inputs.articles, config);
    if json {
        print_json(&document)?;
    } else {
        report::document(&mut stdout(), &document)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn read(input: &InputArgs) -> Result<input::Inputs> {
    let timeout = Duration::try_from_secs_f64(input.timeout)
        .ok()
        .filter(|t| !t.is_zero())
        .with_context(|| {
            format!(
                "--timeout takes a positive number of seconds, got {}",
                input.timeout
            )
        })?;
    let defaults = FetchConfig::default();
    let fetch = FetchConfig {
        timeout,
        connect_timeout: defaults.connect_timeout.min(timeout),
        read_timeout: defaults.read_timeout.min(timeout),
        max_body_bytes: input.max_bytes as u64,
        ..defaults
    };
    let limits = Limits {
        max_item_bytes: input.max_bytes,
    };
    Ok(input::read_inputs(&input.paths, limits, &fetch))
}

/// The main text of one page file, as `extract` and `analyze` would read it.
fn extract_main_text(name: &str, bytes: &[u8]) -> Result<String, String> {
    let (format, gzip) = storyline_extract::Format::of_name(name)
        .ok_or_else(|| format!("{name}: not a file type storyline reads"))?;
    let mut extracted = storyline_extract::extract(name, bytes, format, gzip, Limits::default());
    match extracted.errors.pop() {
        Some(error) => Err(error.reason),
        None => Ok(extracted
            .articles
            .pop()
            .map(|article| article.text)
            .unwrap_or_default()),
    }
}

/// The whole text of a file (or of standard input for `-`), which must be UTF-8.
fn read_text(file: &str) -> Result<String> {
    let bytes = if file == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
            .context("cannot read standard input")?;
        bytes
    } else {
        std::fs::read(file).with_context(|| format!("cannot read {file}"))?
    };
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{file} is not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        )
    })
}

fn open_store(db: &DbArgs) -> Result<Box<dyn Store + Send>> {
    storyline_store::open(&db.db).with_context(|| format!("cannot open the store {}", db.db))
}

/// One line per bad item on stderr: the item, then the reason.
fn report_errors(
    read: &[storyline_extract::ItemError],
    processing: &[storyline_extract::ItemError],
) {
    let mut stderr = std::io::stderr().lock();
    for error in read.iter().chain(processing) {
        let _ = writeln!(stderr, "storyline: skipped {error}");
    }
}

pub(crate) fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let mut out = stdout();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}
