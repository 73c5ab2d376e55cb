//! `storyline worker`: drains the PostgreSQL queue. Any number of workers analyse items in parallel (leases with
//! expiry, `FOR UPDATE SKIP LOCKED`); one of them, the leader (a session-level advisory lock), clusters the
//! analysed items in queue order, because clustering is sequential. A worker that loses its connection drops its
//! leadership with it, reconnects and carries on; the next leader reloads the clusterer's state from the store.

use anyhow::{Context, Result};
use serde::Serialize;
use std::collections::HashMap;
use std::time::{Duration, Instant};
use storyline_analyze::{Analysis, Analyzer};
use storyline_cluster::Clusterer;
use storyline_extract::Limits;
use storyline_facts::Reader;
use storyline_fetch::{complete_article, fetch_articles, FeedItem, FetchConfig};
use storyline_ingest::{
    cluster_batch, load_clusterer, verdicts, NewArticles, OpenMembers, Verdict,
};
use storyline_model::Article;
use storyline_pipeline::analyze_all;
use storyline_store::{Analyzed, Claimed, PostgresStore, QueueItem};

/// A page that does not fetch is tried this many times (by any workers) before it is marked failed.
const MAX_ATTEMPTS: i32 = 3;

#[derive(clap::Args)]
pub struct WorkerArgs {
    /// The PostgreSQL store: `postgres://user@host:port/database`.
    #[arg(long)]
    pub db: String,
    /// Items a worker leases and analyses at a time.
    #[arg(long, default_value_t = 64)]
    pub claim: usize,
    /// Analysed items the leader clusters in one transaction.
    #[arg(long, default_value_t = 500)]
    pub cluster_batch: usize,
    /// How long a lease lasts, in seconds: a worker that dies holding items frees them after this long.
    #[arg(long, default_value_t = 60.0)]
    pub lease: f64,
    /// How long to wait when there is nothing to do, in seconds.
    #[arg(long, default_value_t = 1.0)]
    pub poll: f64,
    /// Exit once the queue has nothing pending or waiting for clustering (for batch runs and tests).
    #[arg(long)]
    pub drain: bool,
    /// Give up after failing to reach the database for this many seconds in a row.
    #[arg(long, default_value_t = 300.0)]
    pub reconnect_for: f64,
}

/// What a worker did, printed as JSON when it exits.
#[derive(Debug, Default, Serialize)]
pub struct WorkerSummary {
    pub worker: String,
    /// Items this worker analysed (and whose result was kept: its lease still held).
    pub analyzed: usize,
    /// Items this worker clustered and stored as leader.
    pub clustered: usize,
    /// Items it clustered that were not stored: the same content is stored, or the id is taken.
    pub skipped: usize,
    pub failed: usize,
    /// Times it became the leader.
    pub led: usize,
    pub reconnects: usize,
    pub seconds: f64,
    /// Seconds spent analysing (fetching included) and clustering (storing included).
    pub analyze_seconds: f64,
    pub cluster_seconds: f64,
}

pub fn run(args: &WorkerArgs) -> Result<WorkerSummary> {
    let started = Instant::now();
    let mut summary = WorkerSummary {
        worker: format!("worker-{}-{}", std::process::id(), started_nanos()),
        ..WorkerSummary::default()
    };
    let analyzer = Analyzer::new();
    let reader = Reader::new();
    let lease = args.lease.max(0.1);
    let mut unreachable_since: Option<Instant> = None;
    loop {
        let store = match PostgresStore::connect(&args.db) {
            Ok(store) => {
                unreachable_since = None;
                store
            }
            Err(err) => {
                let since = *unreachable_since.get_or_insert_with(Instant::now);
                if since.elapsed().as_secs_f64() > args.reconnect_for {
                    return Err(err).context("cannot reach the database");
                }
                std::thread::sleep(Duration::from_millis(250));
                continue;
            }
        };
        match session(&store, args, lease, (&analyzer, &reader), &mut summary) {
            Ok(()) => break,
            Err(err) => {
                eprintln!("storyline worker {}: {err:#}; reconnecting", summary.worker);
                summary.reconnects += 1;
                drop(store);
                std::thread::sleep(Duration::from_millis(250));
            }
        }
    }
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

fn started_nanos() -> u32 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos())
}

/// Works on one connection until the queue is drained (with `--drain`) or the connection fails.
fn session(
    store: &PostgresStore,
    args: &WorkerArgs,
    lease: f64,
    (analyzer, reader): (&Analyzer, &Reader),
    summary: &mut WorkerSummary,
) -> Result<()> {
    // The clusterer and the open events' members exist only while this session leads: they are loaded from the
    // store on taking over, and dropped with the session (a failed commit ends it).
    let mut leading: Option<(Clusterer, OpenMembers)> = None;
    let fetch = FetchConfig::default();
    loop {
        let mut progressed = false;
        if leading.is_none() && store.try_lead()? {
            leading = Some((load_clusterer(store)?, OpenMembers::default()));
            summary.led += 1;
            eprintln!("storyline worker {}: leading", summary.worker);
        }
        let started = Instant::now();
        let claimed = store.claim(&summary.worker, args.claim.max(1), lease)?;
        let idle = claimed.is_empty();
        if !idle {
            analyze_claimed(store, analyzer, &fetch, claimed, summary)?;
            progressed = true;
        }
        summary.analyze_seconds += started.elapsed().as_secs_f64();
        if let Some((clusterer, open)) = leading.as_mut() {
            // A batch rebuilds every event it touches from all its members, so the leader clusters full batches
            // while there is analysis to do, and whatever is ready once there is none.
            let started = Instant::now();
            let batch = args.cluster_batch.max(1);
            // Counted before it is read: most rounds of a busy queue find less than a batch ready.
            let ready = store.analyzed_ready(batch)?;
            if ready == batch || (idle && ready > 0) {
                let items = store.analyzed_prefix(batch)?;
                // Storylines span every event: relinked once the analysed work is drained.
                let relink_stories = items.len() < batch;
                let leader = Leader {
                    clusterer,
                    open,
                    analyzer,
                    reader,
                };
                lead_batch(store, leader, items, relink_stories, summary)?;
                progressed = true;
            }
            summary.cluster_seconds += started.elapsed().as_secs_f64();
        }
        if !progressed {
            if args.drain {
                let counts = store.queue_counts()?;
                if counts.pending == 0 && counts.analyzed == 0 {
                    return Ok(());
                }
            }
            std::thread::sleep(Duration::from_secs_f64(args.poll.max(0.01)));
        }
    }
}

/// Analyses leased items (fetching pages first) and records the results, all articles of the lease at once on
/// all cores.
fn analyze_claimed(
    store: &PostgresStore,
    analyzer: &Analyzer,
    fetch: &FetchConfig,
    claimed: Vec<Claimed>,
    summary: &mut WorkerSummary,
) -> Result<()> {
    let mut seqs = Vec::new();
    let mut articles = Vec::new();
    for item in claimed {
        match item.item {
            QueueItem::Article { article } => {
                seqs.push(item.seq);
                articles.push(article);
            }
            QueueItem::Page {
                url,
                title,
                published,
            } => match fetch_page(&url, title, published.as_deref(), fetch) {
                Ok(article) => {
                    seqs.push(item.seq);
                    articles.push(article);
                }
                Err(reason) if item.attempts >= MAX_ATTEMPTS => {
                    if store.fail(&summary.worker, item.seq, &reason)? {
                        summary.failed += 1;
                    }
                }
                Err(reason) => store.release(&summary.worker, item.seq, &reason)?,
            },
        }
    }
    let analyses = analyze_all(analyzer, &mut articles);
    let results = seqs
        .into_iter()
        .zip(&articles)
        .zip(&analyses)
        .map(|((seq, article), analysis)| Ok((seq, article, serde_json::to_string(analysis)?)))
        .collect::<Result<Vec<_>>>()?;
    summary.analyzed += store.finish_analyses(&summary.worker, &results)?.len();
    Ok(())
}

/// A feed item's page as an article, completed with what the feed said of it.
fn fetch_page(
    url: &str,
    title: Option<String>,
    published: Option<&str>,
    fetch: &FetchConfig,
) -> Result<Article, String> {
    let mut extracted = fetch_articles(&[url.to_string()], fetch, Limits::default());
    if let Some(error) = extracted.errors.pop() {
        return Err(error.reason);
    }
    let article = extracted
        .articles
        .pop()
        .ok_or_else(|| "no article in the page".to_string())?;
    let published = published
        .map(|p| chrono::DateTime::parse_from_rfc3339(p).map(|t| t.to_utc()))
        .transpose()
        .map_err(|err| format!("the queued publication time is unreadable: {err}"))?;
    Ok(complete_article(
        article,
        &FeedItem {
            link: url.to_string(),
            title,
            published,
        },
    ))
}

/// What the leading session clusters with.
struct Leader<'a> {
    clusterer: &'a mut Clusterer,
    open: &'a mut OpenMembers,
    analyzer: &'a Analyzer,
    reader: &'a Reader,
}

/// The leader's step: the next analysed items in queue order are deduplicated against the store, clustered, and
/// committed together with their items' completion.
fn lead_batch(
    store: &PostgresStore,
    leader: Leader<'_>,
    items: Vec<Analyzed>,
    relink_stories: bool,
    summary: &mut WorkerSummary,
) -> Result<()> {
    let Leader {
        clusterer,
        open,
        analyzer,
        reader,
    } = leader;
    let articles: Vec<Article> = items.iter().map(|item| item.article.clone()).collect();
    let verdicts = verdicts(store, &articles)?;
    let mut done = Vec::new();
    let mut skipped = Vec::new();
    let mut fresh = Vec::new();
    let mut hashes = Vec::new();
    let mut analyses = Vec::new();
    for ((item, article), verdict) in items.iter().zip(articles).zip(verdicts) {
        match verdict {
            Verdict::New(hash) => {
                let analysis: Analysis = serde_json::from_str(&item.analysis)
                    .with_context(|| format!("queue item {}: stored analysis", item.seq))?;
                done.push(item.seq);
                fresh.push(article);
                hashes.push(hash);
                analyses.push(analysis);
            }
            Verdict::AlreadyStored => {
                skipped.push((item.seq, "the same content is stored already".to_string()))
            }
            Verdict::IdTaken => skipped.push((item.seq, Verdict::ID_TAKEN.to_string())),
        }
    }
    // The clusterer is changed in place: if the commit fails, the session ends and the next leader (this one
    // after reconnecting, or another) reloads the state the store holds.
    let new = NewArticles {
        articles: fresh,
        hashes,
        analyses,
    };
    let (batch, _) = cluster_batch(
        store,
        clusterer,
        open,
        reader,
        new,
        relink_stories,
        &mut |earlier| earlier_analyses(store, analyzer, earlier),
    )?;
    store
        .commit_from_queue(&batch, &done, &skipped)
        .context("storing the clustered batch")?;
    summary.clustered += done.len();
    summary.skipped += skipped.len();
    Ok(())
}

/// The analyses of earlier event members: what the workers stored in the queue, else analysed again (articles
/// stored by `storyline ingest` or `import` never went through the queue).
fn earlier_analyses(
    store: &PostgresStore,
    analyzer: &Analyzer,
    earlier: &mut [Article],
) -> Result<Vec<Analysis>> {
    let ids: Vec<String> = earlier.iter().map(|a| a.id.clone()).collect();
    let stored: HashMap<String, String> = store.stored_analyses(&ids)?;
    let mut analyses = Vec::with_capacity(earlier.len());
    let mut missing = Vec::new();
    for (index, article) in earlier.iter().enumerate() {
        match stored.get(&article.id) {
            Some(json) => analyses
                .push(Some(serde_json::from_str::<Analysis>(json).with_context(
                    || format!("article {}: stored analysis", article.id),
                )?)),
            None => {
                analyses.push(None);
                missing.push(index);
            }
        }
    }
    let mut to_analyze: Vec<Article> = missing.iter().map(|&i| earlier[i].clone()).collect();
    let fresh = analyze_all(analyzer, &mut to_analyze);
    for ((index, analysis), article) in missing.into_iter().zip(fresh).zip(to_analyze) {
        analyses[index] = Some(analysis);
        earlier[index] = article;
    }
    Ok(analyses.into_iter().flatten().collect())
}
