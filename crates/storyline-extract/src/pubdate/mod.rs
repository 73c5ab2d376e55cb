//! The publication date of a web page, and where it came from.
//!
//! Sources are weighed by how reliable they are in practice: structured data the publisher writes for machines
//! (JSON-LD `datePublished`, `article:published_time` and the other well-known meta names), then dates marked
//! up in the article (`<time datetime>`, `itemprop="datePublished"`), then the URL path, then written dates near
//! the title or in the byline. Dates labelled as modified, updated or expiring, copyright years and dates in
//! navigation, comments or footers are never taken.

mod evidence;
mod markup;
mod parse;

use chrono::{DateTime, FixedOffset, NaiveDate, Timelike, Utc};
use serde::Serialize;
use storyline_model::Published;

use evidence::{Evidence, Role};
pub use parse::{find_dates, parse_machine_date, DayOrder, ParsedDate, TextDate};

/// Where a publication date was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum DateSource {
    /// A JSON-LD `datePublished` (or `dateCreated`, `uploadDate`).
    #[serde(rename = "json-ld")]
    JsonLd,
    /// A `<meta>` tag such as `article:published_time`, `pubdate` or `dc.date.issued`.
    #[serde(rename = "meta")]
    Meta,
    /// A `<time datetime>` element or an `itemprop="datePublished"` attribute in the page.
    #[serde(rename = "time element")]
    TimeElement,
    /// The page's URL path (`/2019/03/12/`).
    #[serde(rename = "url")]
    Url,
    /// A date written in the page's text, near the title or in the byline.
    #[serde(rename = "text")]
    Text,
}

impl DateSource {
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::JsonLd => "json-ld",
            DateSource::Meta => "meta",
            DateSource::TimeElement => "time element",
            DateSource::Url => "url",
            DateSource::Text => "text",
        }
    }
}

impl std::fmt::Display for DateSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A page's publication date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct FoundDate {
    /// The calendar day as the page states it (in the publisher's time zone).
    pub day: NaiveDate,
    /// The instant, when the page gives a time with its UTC offset.
    pub at: Option<DateTime<FixedOffset>>,
    pub source: DateSource,
}

impl From<DateSource> for storyline_model::PublishedSource {
    fn from(source: DateSource) -> Self {
        match source {
            DateSource::JsonLd => Self::JsonLd,
            DateSource::Meta => Self::Meta,
            DateSource::TimeElement => Self::TimeElement,
            DateSource::Url => Self::Url,
            DateSource::Text => Self::Text,
        }
    }
}

impl FoundDate {
    /// As the model stores it: the UTC instant when there is one, else the day. Near midnight the UTC day can
    /// differ from [`FoundDate::day`].
    pub fn published(&self) -> Published {
        match self.at {
            Some(at) => Published::from_datetime(at.with_timezone(&Utc)),
            None => Published::from_date(self.day),
        }
    }

    fn from(date: ParsedDate, source: DateSource) -> Self {
        FoundDate {
            day: date.day,
            at: date.at,
            source,
        }
    }
}

/// Decodes a page's bytes (BOM, then `<meta charset>`, as the HTML extractor does) and finds its date.
pub fn find_publication_date_in_bytes(bytes: &[u8], url: Option<&str>) -> Option<FoundDate> {
    let html = crate::html::decode(bytes);
    find_publication_date(&html, url)
}

/// The publication date of an HTML page. `url` is the page's address when known; the page's own canonical or
/// `og:url` is used otherwise.
pub fn find_publication_date(html: &str, url: Option<&str>) -> Option<FoundDate> {
    let evidence = evidence::gather(html);
    let url_date = url
        .or(evidence.canonical_url.as_deref())
        .and_then(date_in_url);
    let found = choose(&evidence, url_date)?;
    Some(in_local_day(found, &evidence, url_date))
}

/// Publishers often write a UTC instant for machines and show the local day to readers; near midnight the two
/// differ by one. When the chosen date is such an instant and the page says the day before or after where it
/// speaks in local time (the URL, the byline, an instant with its real offset), that day is the publication day.
fn in_local_day(found: FoundDate, evidence: &Evidence, url_date: Option<NaiveDate>) -> FoundDate {
    let Some(at) = found.at else { return found };
    if at.offset().local_minus_utc() != 0 {
        return found;
    }
    let with_offset =
        |date: &ParsedDate| date.at.is_some_and(|a| a.offset().local_minus_utc() != 0);
    let structured = evidence
        .json_ld
        .iter()
        .map(|(date, _)| date)
        .chain(evidence.meta.iter().map(|(date, _)| date))
        .chain(
            evidence
                .markup
                .iter()
                .filter(|m| m.role != Role::Other)
                .map(|m| &m.date),
        )
        .filter(|date| with_offset(date))
        .map(|date| (date.day, found.source));
    let url = url_date.map(|day| (day, DateSource::Url));
    let byline = evidence
        .text
        .iter()
        .filter(|t| t.role == Role::Published || (t.role == Role::Unlabelled && t.in_date_element))
        .take(3)
        .map(|t| (t.date.day, DateSource::Text));
    let mut witnesses = structured.chain(url).chain(byline);
    match witnesses.find(|(day, _)| local_day_possible(at, *day)) {
        Some((day, source)) if day != found.day => FoundDate {
            day,
            at: found.at,
            source,
        },
        _ => found,
    }
}

/// Whether a UTC instant can fall on `day` somewhere: UTC offsets run from −12 to +14 hours, so the local day
/// is the day before only for instants before noon UTC, and the day after only from 10:00 UTC.
fn local_day_possible(at: DateTime<FixedOffset>, day: NaiveDate) -> bool {
    let utc = at.naive_utc();
    match (day - utc.date()).num_days() {
        0 => true,
        -1 => utc.hour() < 12,
        1 => utc.hour() >= 10,
        _ => false,
    }
}

/// Text within this many bytes of the title is what a reader sees as the article's dateline.
const BYLINE_RANGE: usize = 3000;

fn choose(evidence: &Evidence, url_date: Option<NaiveDate>) -> Option<FoundDate> {
    // A text date after the page's last modification is not its publication date.
    let latest = evidence
        .json_ld_modified
        .iter()
        .chain(&evidence.meta_modified)
        .map(|d| d.day)
        .max();
    let possible = |date: &ParsedDate| latest.is_none_or(|latest| date.day <= latest);

    // The dates a reader sees at the top of the article, and the URL's.
    let near_title = |t: &&evidence::TextEvidence| {
        evidence.distance_to_title(t.position) <= BYLINE_RANGE
            && (t.role == Role::Published || (t.role == Role::Unlabelled && t.in_date_element))
    };
    let visible: Vec<(NaiveDate, DateSource)> = evidence
        .text
        .iter()
        .filter(near_title)
        .map(|t| (t.date.day, DateSource::Text))
        .chain(
            evidence
                .markup
                .iter()
                .filter(|m| m.role != Role::Other && !m.boilerplate && !m.hidden)
                .map(|m| (m.date.day, DateSource::TimeElement)),
        )
        .chain(url_date.map(|day| (day, DateSource::Url)))
        .collect();
    let confirmed = |found: &FoundDate| {
        visible.iter().any(|(day, _)| {
            *day == found.day
                || (found
                    .at
                    .is_some_and(|at| at.offset().local_minus_utc() == 0)
                    && (*day - found.day).num_days().abs() == 1)
        })
    };

    // Structured dates, most trusted first: the article's JSON-LD, other JSON-LD objects (a video, the web
    // page), specific meta names, `<time>` and `itemprop` marked as the publication date. When they disagree,
    // the one the reader also sees wins, and a generic meta date (`dc.date`) the reader sees beats them all.
    let article_json_ld = evidence.json_ld.iter().filter(|(_, article)| *article);
    let other_json_ld = evidence.json_ld.iter().filter(|(_, article)| !article);
    let mut meta: Vec<&(ParsedDate, u8)> = evidence.meta.iter().collect();
    meta.sort_by_key(|(_, rank)| *rank);
    let structured: Vec<FoundDate> = article_json_ld
        .chain(other_json_ld)
        .map(|(date, _)| FoundDate::from(*date, DateSource::JsonLd))
        .chain(
            meta.iter()
                .map(|(date, _)| FoundDate::from(*date, DateSource::Meta)),
        )
        .chain(
            evidence
                .markup
                .iter()
                .filter(|m| m.role == Role::Published && !m.boilerplate)
                .map(|m| FoundDate::from(m.date, DateSource::TimeElement)),
        )
        .collect();
    if let Some(first) = structured.first() {
        let generic_meta = evidence
            .generic_meta
            .iter()
            .map(|date| FoundDate::from(*date, DateSource::Meta));
        // A publication claim later than the most trusted one and on the day the page says it was modified is
        // the update stamped as a publication (a republished page): what the reader sees then confirms the
        // update, not the original publication. A generic date (`dc.date`) the reader sees is still taken.
        let update_day = |found: &FoundDate| {
            found.day > first.day
                && evidence
                    .json_ld_modified
                    .iter()
                    .chain(&evidence.meta_modified)
                    .any(|modified| modified.day == found.day)
        };
        if let Some(seen) = structured
            .iter()
            .copied()
            .filter(|found| !update_day(found))
            .chain(generic_meta)
            .find(confirmed)
        {
            return Some(seen);
        }
        // No structured date is one the reader sees. A day the article shows that the page's own state also
        // gives as its publication date is two witnesses against one unconfirmed claim.
        let shown_and_stated = visible
            .iter()
            .find(|(day, _)| evidence.script.iter().any(|date| date.day == *day));
        return Some(match shown_and_stated {
            Some(&(day, source)) => FoundDate {
                day,
                at: None,
                source,
            },
            None => *first,
        });
    }
    let generic_meta = evidence
        .generic_meta
        .iter()
        .map(|date| FoundDate::from(*date, DateSource::Meta))
        .find(confirmed);
    if generic_meta.is_some() {
        return generic_meta;
    }
    if let Some(day) = url_date {
        return Some(FoundDate {
            day,
            at: None,
            source: DateSource::Url,
        });
    }
    let markup = |role: Role, boilerplate: bool| {
        evidence
            .markup
            .iter()
            .find(|m| m.role == role && m.boilerplate == boilerplate)
            .map(|m| FoundDate::from(m.date, DateSource::TimeElement))
    };
    let text = |wanted: &dyn Fn(&evidence::TextEvidence) -> bool| {
        evidence
            .text
            .iter()
            .filter(|t| wanted(t))
            .min_by_key(|t| evidence.distance_to_title(t.position))
            .map(|t| FoundDate::from(t.date, DateSource::Text))
    };
    text(&|t| t.role == Role::Published)
        .or_else(|| markup(Role::Unlabelled, false))
        .or_else(|| {
            text(&|t| {
                t.role == Role::Unlabelled
                    && t.in_date_element
                    && possible(&t.date)
                    && near_title(&t)
            })
        })
        .or_else(|| {
            evidence
                .generic_meta
                .first()
                .map(|date| FoundDate::from(*date, DateSource::Meta))
        })
        .or_else(|| markup(Role::Published, true))
        .or_else(|| text(&|t| t.role == Role::Unlabelled && t.in_date_element && possible(&t.date)))
        .or_else(|| markup(Role::Unlabelled, true))
        .or_else(|| text(&|t| t.role == Role::Unlabelled && possible(&t.date)))
        .or_else(|| {
            evidence
                .script
                .first()
                .map(|date| FoundDate::from(*date, DateSource::Meta))
        })
}

/// A full date in a URL path: `/2019/03/12/`, `/2019-03-12-title`, `/20190312/`.
fn date_in_url(url: &str) -> Option<NaiveDate> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let bytes = path.as_bytes();
    let number = |from: usize, len: usize| -> Option<u32> {
        let part = bytes.get(from..from + len)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0, |n, b| n * 10 + u32::from(b - b'0')))
    };
    let boundary = |at: usize| bytes.get(at).is_none_or(|b| !b.is_ascii_digit());
    for (start, _) in path.match_indices(['/', '-', '_']) {
        let at = start + 1;
        if !(number(at, 4).is_some_and(|y| (1995..=2099).contains(&y))) {
            continue;
        }
        let year = i32::try_from(number(at, 4)?).ok()?;
        let sep = bytes.get(at + 4).copied();
        let found = match sep {
            Some(s @ (b'/' | b'-' | b'_')) => {
                // Month and day: one or two digits each, the same separator.
                let month_len = if boundary(at + 6) { 1 } else { 2 };
                let month = number(at + 5, month_len);
                let day_at = at + 5 + month_len + 1;
                let day_len = if boundary(day_at + 1) { 1 } else { 2 };
                match (
                    month,
                    bytes.get(at + 5 + month_len),
                    number(day_at, day_len),
                ) {
                    (Some(m), Some(&s2), Some(d)) if s2 == s && boundary(day_at + day_len) => {
                        NaiveDate::from_ymd_opt(year, m, d)
                    }
                    _ => None,
                }
            }
            Some(b) if b.is_ascii_digit() && boundary(at + 8) => {
                NaiveDate::from_ymd_opt(year, number(at + 4, 2)?, number(at + 6, 2)?)
            }
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

#[cfg(test)]
mod tests;
