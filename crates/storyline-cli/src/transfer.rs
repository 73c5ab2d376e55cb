//! `storyline export` and `storyline import`: a whole store as JSON lines, to move it between backends (SQLite ↔
//! PostgreSQL) or keep it; and its articles as CSV for spreadsheets.
//!
//! The JSON lines are, in order: a header, every article with its content hash (in the order they were stored),
//! every event (timeline order), every entity (by id), and the clusterer's state (hex). Importing them into an
//! empty store writes the same rows, so exporting again gives the same bytes, and ingest carries on where the
//! exported store stopped.

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::{BufRead, Write};
use storyline_model::{Article, Entity, Event};
use storyline_store::{Batch, Store, StoredArticle};

/// The first line of an export.
const FORMAT: &str = "storyline-export";
const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum Line {
    Header {
        format: String,
        version: u32,
    },
    Article {
        article: Article,
        content_hash: String,
    },
    Event(Event),
    Entity(Entity),
    /// Hex, because the state is opaque bytes.
    ClusterState(String),
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum ExportFormat {
    /// The whole store, one JSON value a line; `storyline import` reads it back.
    Jsonl,
    /// The articles only, one row each with its event (for spreadsheets; not importable).
    Csv,
}

pub fn export(store: &dyn Store, format: ExportFormat, out: &mut impl Write) -> Result<()> {
    let dump = store.dump()?;
    match format {
        ExportFormat::Jsonl => {
            let mut line = |value: &Line| -> Result<()> {
                serde_json::to_writer(&mut *out, value)?;
                out.write_all(b"\n")?;
                Ok(())
            };
            line(&Line::Header {
                format: FORMAT.into(),
                version: VERSION,
            })?;
            for stored in dump.articles {
                line(&Line::Article {
                    article: stored.article,
                    content_hash: stored.content_hash,
                })?;
            }
            for event in dump.events {
                line(&Line::Event(event))?;
            }
            for entity in dump.entities {
                line(&Line::Entity(entity))?;
            }
            if !dump.cluster_state.is_empty() {
                line(&Line::ClusterState(hex(&dump.cluster_state)))?;
            }
        }
        ExportFormat::Csv => {
            let event_of: HashMap<&str, &str> = dump
                .events
                .iter()
                .flat_map(|e| e.articles.iter().map(|a| (a.id.as_str(), e.id.as_str())))
                .collect();
            let mut writer = csv::Writer::from_writer(&mut *out);
            writer.write_record([
                "id",
                "event_id",
                "published",
                "outlet",
                "url",
                "language",
                "title",
                "text",
                "content_hash",
            ])?;
            for stored in &dump.articles {
                let a = &stored.article;
                writer.write_record([
                    a.id.as_str(),
                    event_of.get(a.id.as_str()).copied().unwrap_or(""),
                    &a.published.map(|p| p.to_string()).unwrap_or_default(),
                    a.outlet.as_deref().unwrap_or(""),
                    a.url.as_deref().unwrap_or(""),
                    a.language.as_deref().unwrap_or(""),
                    &a.title,
                    &a.text,
                    &stored.content_hash,
                ])?;
            }
            writer.flush()?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Reads an export into an empty store, in one transaction. Returns the number of articles.
pub fn import(store: &mut dyn Store, input: impl BufRead, name: &str) -> Result<usize> {
    if store.article_count()? > 0 {
        bail!("the target store is not empty: import into a new database");
    }
    let mut batch = Batch::default();
    let mut header = false;
    for (index, line) in input.lines().enumerate() {
        let line = line.with_context(|| format!("cannot read {name}"))?;
        if line.trim().is_empty() {
            continue;
        }
        let parsed: Line = serde_json::from_str(&line)
            .with_context(|| format!("{name}, line {}: not a storyline export line", index + 1))?;
        match parsed {
            Line::Header { format, version } => {
                if format != FORMAT || version != VERSION {
                    bail!("{name}: a {format} file, version {version}; this storyline reads {FORMAT} version {VERSION}");
                }
                header = true;
            }
            _ if !header => bail!("{name}: the first line is not a storyline export header"),
            Line::Article {
                article,
                content_hash,
            } => batch.articles.push(StoredArticle {
                article,
                content_hash,
            }),
            Line::Event(event) => batch.events.push(event),
            Line::Entity(entity) => batch.entities.push(entity),
            Line::ClusterState(text) => {
                batch.cluster_state = unhex(&text)
                    .with_context(|| format!("{name}, line {}: the cluster state", index + 1))?;
            }
        }
    }
    if !header {
        bail!("{name} is empty: no storyline export header");
    }
    store
        .commit(&batch)
        .with_context(|| format!("importing {name}"))?;
    Ok(batch.articles.len())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Result<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        bail!("not hexadecimal");
    }
    (0..text.len())
        .step_by(2)
        .map(|i| Ok(u8::from_str_radix(&text[i..i + 2], 16)?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_bytes_survive_hex() {
        let bytes: Vec<u8> = (0..=255).collect();
        assert_eq!(unhex(&hex(&bytes)).unwrap(), bytes);
        assert!(unhex("abc").is_err());
        assert!(unhex("zz").is_err());
    }
}
