//! `storyline`: turns piles and streams of news articles into events.
//!
//! The binary is an edge of the system: it reads inputs, runs the pure pipeline stages, talks to the store and
//! prints. Every command has `--json` for machines and a readable report for people.

mod bench;
mod ingest;
mod input;
mod report;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use storyline_cluster::Config;
use storyline_extract::Limits;
use storyline_store::{SqliteStore, Store};

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
    /// List the stored events.
    Events {
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
}

#[derive(Args)]
struct InputArgs {
    /// Files, directories (read recursively) or `-` for standard input.
    #[arg(required = true)]
    paths: Vec<String>,
    /// The largest article accepted, in bytes.
    #[arg(long, default_value_t = Limits::default().max_item_bytes)]
    max_bytes: usize,
}

#[derive(Args)]
struct DbArgs {
    /// The store: a SQLite file.
    #[arg(long, default_value = "storyline.db")]
    db: PathBuf,
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
        Command::Ingest {
            input,
            db,
            batch,
            json,
        } => {
            let inputs = read(&input);
            let mut store = open_store(&db)?;
            let summary = ingest::ingest(&mut store, inputs.articles, batch.max(1))?;
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
        Command::Show { event_id, db, json } => {
            let store = open_store(&db)?;
            let Some(document) = ingest::event_document(&store, &event_id)? else {
                bail!("no event with id {event_id:?} in {}", db.db.display());
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
    let mut inputs = read(input);
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

fn read(input: &InputArgs) -> input::Inputs {
    input::read_inputs(
        &input.paths,
        Limits {
            max_item_bytes: input.max_bytes,
        },
    )
}

fn open_store(db: &DbArgs) -> Result<SqliteStore> {
    SqliteStore::open(&db.db).with_context(|| format!("cannot open the store {}", db.db.display()))
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
