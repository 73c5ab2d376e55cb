//! Publication time: a day, optionally with a time of day, always in UTC.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// When an article was published. Sorting is chronological; a bare day sorts before any time on that day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Published {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedError(pub String);

impl fmt::Display for PublishedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not an RFC 3339 time or YYYY-MM-DD date: {:?}", self.0)
    }
}

impl std::error::Error for PublishedError {}

impl Published {
    pub fn from_date(date: NaiveDate) -> Self {
        Published { date, time: None }
    }

    pub fn from_datetime(at: DateTime<Utc>) -> Self {
        Published {
            date: at.date_naive(),
            time: Some(at.time()),
        }
    }

    /// Days since the common era: a cheap number for time windows.
    pub fn day_number(&self) -> i64 {
        i64::from(chrono::Datelike::num_days_from_ce(&self.date))
    }
}

impl FromStr for Published {
    type Err = PublishedError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let s = raw.trim();
        if let Ok(date) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Ok(Published::from_date(date));
        }
        if let Ok(at) = DateTime::parse_from_rfc3339(s) {
            return Ok(Published::from_datetime(at.with_timezone(&Utc)));
        }
        // RFC 3339 without an offset is common in feeds and JSON exports; it is read as UTC.
        for format in [
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%d %H:%M:%S%.f",
            "%Y-%m-%dT%H:%M",
        ] {
            if let Ok(at) = NaiveDateTime::parse_from_str(s, format) {
                return Ok(Published::from_datetime(at.and_utc()));
            }
        }
        Err(PublishedError(raw.to_string()))
    }
}

impl fmt::Display for Published {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.time {
            None => write!(f, "{}", self.date.format("%Y-%m-%d")),
            Some(time) => write!(
                f,
                "{}T{}Z",
                self.date.format("%Y-%m-%d"),
                time.format("%H:%M:%S")
            ),
        }
    }
}

impl Serialize for Published {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Published {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        raw.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_days_and_rfc3339_into_utc() {
        assert_eq!(
            "2019-04-25".parse::<Published>().unwrap().to_string(),
            "2019-04-25"
        );
        assert_eq!(
            "2019-04-25T23:30:00-02:00"
                .parse::<Published>()
                .unwrap()
                .to_string(),
            "2019-04-26T01:30:00Z"
        );
        assert_eq!(
            "2019-04-25T10:00:00"
                .parse::<Published>()
                .unwrap()
                .to_string(),
            "2019-04-25T10:00:00Z"
        );
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        assert!("yesterday".parse::<Published>().is_err());
        assert!("2019-13-01".parse::<Published>().is_err());
        assert!("".parse::<Published>().is_err());
    }

    #[test]
    fn a_bare_day_sorts_before_times_that_day() {
        let day: Published = "2023-09-13".parse().unwrap();
        let morning: Published = "2023-09-13T06:00:00Z".parse().unwrap();
        let before: Published = "2023-09-12T23:00:00Z".parse().unwrap();
        assert!(before < day && day < morning);
    }
}
