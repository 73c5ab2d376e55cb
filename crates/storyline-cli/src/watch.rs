//! `storyline watch`: polls RSS/Atom feeds and queues their new items for the workers. Each poll is a
//! conditional GET (`If-None-Match` / `If-Modified-Since` with what the feed last sent, kept in the database), so
//! an unchanged feed costs a 304; an item is queued once, keyed by its page's URL.

use anyhow::{bail, Context, Result};
use serde::Serialize;
use std::time::{Duration, Instant};
use storyline_fetch::{
    classify, parse_content_type, parse_feed, xml_for_feed_parser, Conditional, FetchConfig,
    Fetcher, Kind, Validators,
};
use storyline_store::{PostgresStore, QueueItem};

#[derive(clap::Args)]
pub struct WatchArgs {
    /// RSS or Atom feed URLs.
    #[arg(required = true)]
    pub feeds: Vec<String>,
    /// The PostgreSQL store whose queue receives the items: `postgres://…`.
    #[arg(long)]
    pub db: String,
    /// How often to poll every feed: a number with s, m or h (`90s`, `5m`, `1h`).
    #[arg(long, default_value = "5m", value_parser = parse_interval)]
    pub every: Duration,
    /// Poll every feed once and exit.
    #[arg(long)]
    pub once: bool,
}

/// One poll of one feed.
#[derive(Debug, Serialize)]
pub struct Poll {
    pub feed: String,
    /// False when the server answered 304 (nothing fetched, nothing parsed).
    pub modified: bool,
    pub items: usize,
    /// Items not queued before.
    pub queued: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// `5m`, `90s`, `1h`, or a plain number of seconds.
pub fn parse_interval(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit() && c != '.') {
        Some(at) => text.split_at(at),
        None => (text, "s"),
    };
    let seconds = match unit {
        "s" => 1.0,
        "m" => 60.0,
        "h" => 3600.0,
        _ => return Err(format!("{text:?}: the unit must be s, m or h (e.g. 5m)")),
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a number with s, m or h (e.g. 5m)"))?;
    Duration::try_from_secs_f64(value * seconds)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| format!("{text:?}: the interval must be positive"))
}

/// Polls the feeds every `--every` (or once), printing one JSON line per poll.
pub fn run(args: &WatchArgs, mut report: impl FnMut(&Poll) -> Result<()>) -> Result<()> {
    for feed in &args.feeds {
        if !storyline_fetch::is_http_url(feed) {
            bail!("{feed:?} is not an http(s) feed URL");
        }
    }
    let store = PostgresStore::connect(&args.db)
        .with_context(|| "cannot open the queue (storyline watch needs a postgres:// store)")?;
    let fetcher = Fetcher::new(&FetchConfig::default());
    loop {
        let started = Instant::now();
        for feed in &args.feeds {
            let poll = poll(&store, &fetcher, feed).unwrap_or_else(|err| Poll {
                feed: feed.clone(),
                modified: false,
                items: 0,
                queued: 0,
                error: Some(format!("{err:#}")),
            });
            report(&poll)?;
        }
        if args.once {
            return Ok(());
        }
        std::thread::sleep(args.every.saturating_sub(started.elapsed()));
    }
}

fn poll(store: &PostgresStore, fetcher: &Fetcher, feed: &str) -> Result<Poll> {
    let (etag, last_modified) = store.feed_validators(feed)?;
    let known = Validators {
        etag,
        last_modified,
    };
    let (response, validators) = match fetcher
        .get_if_changed(feed, &known)
        .map_err(anyhow::Error::msg)?
    {
        Conditional::NotModified => {
            return Ok(Poll {
                feed: feed.to_string(),
                modified: false,
                items: 0,
                queued: 0,
                error: None,
            })
        }
        Conditional::Modified(response, validators) => (response, validators),
    };
    let (media_type, charset) = response
        .content_type
        .as_deref()
        .map_or((None, None), parse_content_type);
    if classify(media_type.as_deref(), &response.body) != Kind::Feed {
        bail!("not an RSS or Atom feed");
    }
    let xml = xml_for_feed_parser(&response.body, charset.as_deref());
    let parsed = parse_feed(&xml, &response.final_url).map_err(anyhow::Error::msg)?;
    let items: Vec<(String, QueueItem)> = parsed
        .items
        .iter()
        .map(|item| {
            let queued = QueueItem::Page {
                url: item.link.clone(),
                title: item.title.clone(),
                published: item.published.map(|t| t.to_rfc3339()),
            };
            (queued.key(storyline_pipeline::content_hash), queued)
        })
        .collect();
    let queued = store.enqueue_feed(
        feed,
        validators.etag.as_deref(),
        validators.last_modified.as_deref(),
        &items,
    )?;
    Ok(Poll {
        feed: feed.to_string(),
        modified: true,
        items: items.len(),
        queued,
        error: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_take_a_unit_and_refuse_nonsense() {
        assert_eq!(parse_interval("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_interval("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_interval("1.5h"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_interval("42"), Ok(Duration::from_secs(42)));
        assert!(parse_interval("0m").is_err());
        assert!(parse_interval("5 parsecs").is_err());
        assert!(parse_interval("m").is_err());
    }
}
