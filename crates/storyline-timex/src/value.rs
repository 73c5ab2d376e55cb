//! The typed value of a time expression, its TimeML string and the calendar interval it covers.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Serialize;
use std::fmt;

/// The four TIMEX3 types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Kind {
    Date,
    Time,
    Duration,
    Set,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Date => "DATE",
            Kind::Time => "TIME",
            Kind::Duration => "DURATION",
            Kind::Set => "SET",
        }
    }
}

/// A calendar unit, for durations and repetitions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

impl Unit {
    /// The TimeML duration letter(s) and whether the unit belongs after the `T`.
    fn letters(self) -> (&'static str, bool) {
        match self {
            Unit::Second => ("S", true),
            Unit::Minute => ("M", true),
            Unit::Hour => ("H", true),
            Unit::Day => ("D", false),
            Unit::Week => ("W", false),
            Unit::Month => ("M", false),
            Unit::Quarter => ("Q", false),
            Unit::Year => ("Y", false),
            Unit::Decade => ("DE", false),
            Unit::Century => ("CE", false),
        }
    }
}

/// A part of the day, as TimeML writes it after the date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DayPart {
    Morning,
    Midday,
    Afternoon,
    Evening,
    Night,
}

impl DayPart {
    fn code(self) -> &'static str {
        match self {
            DayPart::Morning => "MO",
            DayPart::Midday => "MI",
            DayPart::Afternoon => "AF",
            DayPart::Evening => "EV",
            DayPart::Night => "NI",
        }
    }
}

/// A season of the year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Season {
    Spring,
    Summer,
    Fall,
    Winter,
}

impl Season {
    fn code(self) -> &'static str {
        match self {
            Season::Spring => "SP",
            Season::Summer => "SU",
            Season::Fall => "FA",
            Season::Winter => "WI",
        }
    }

    /// The months it spans (meteorological seasons, northern hemisphere; winter starts in December).
    fn first_month(self) -> u32 {
        match self {
            Season::Spring => 3,
            Season::Summer => 6,
            Season::Fall => 9,
            Season::Winter => 12,
        }
    }
}

/// A reference to a time relative to now without a fixed extent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reference {
    Present,
    Past,
    Future,
}

/// What repeats in a SET expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Recurrence {
    /// Once every so many units ("daily", "every month").
    Every(u32, Unit),
    /// A day of the week ("every Monday", "Tuesday nights").
    Weekday(Weekday, Option<DayPart>),
    /// A month of the year ("each July").
    Month(u32),
}

/// The normalised meaning of a time expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Value {
    Day(NaiveDate),
    /// An ISO week: ISO year and week number.
    Week(i32, u32),
    /// The weekend of an ISO week.
    Weekend(i32, u32),
    Month(i32, u32),
    Quarter(i32, u32),
    /// A half year: 1 or 2.
    Half(i32, u32),
    Season(i32, Season),
    Year(i32),
    /// The decade starting at `10 * n` ("the 1990s" is `Decade(199)`).
    Decade(i32),
    /// The century whose years start with `n` ("the 1900s" as a century is `Century(19)`).
    Century(i32),
    DayPart(NaiveDate, DayPart),
    /// A clock time on a day: hour (0–24) and minute.
    Clock(NaiveDate, u32, u32),
    /// An amount of a unit; `None` is an unspecified amount ("years", "several days").
    Duration(Option<u32>, Unit),
    /// An amount of a unit and a half ("2 1/2 years" is `P2Y6M`, "a minute and a half" `PT1M30S`).
    DurationAndHalf(u32, Unit),
    Set(Recurrence),
    Reference(Reference),
}

impl Value {
    /// The TIMEX3 type this value is written under.
    pub fn kind(&self) -> Kind {
        match self {
            Value::DayPart(..) | Value::Clock(..) => Kind::Time,
            Value::Duration(..) | Value::DurationAndHalf(..) => Kind::Duration,
            Value::Set(_) => Kind::Set,
            _ => Kind::Date,
        }
    }

    /// The calendar days this value covers, first and last inclusive, when it names a stretch of the calendar.
    /// Durations, repetitions and vague references have none.
    pub fn interval(&self) -> Option<(NaiveDate, NaiveDate)> {
        let day = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d);
        let months = |y: i32, first: u32, count: u32| {
            let start = day(y, first, 1)?;
            let end = start.checked_add_months(chrono::Months::new(count))? - Duration::days(1);
            Some((start, end))
        };
        match *self {
            Value::Day(d) | Value::DayPart(d, _) | Value::Clock(d, _, _) => Some((d, d)),
            Value::Week(y, w) => {
                let monday = NaiveDate::from_isoywd_opt(y, w, Weekday::Mon)?;
                Some((monday, monday + Duration::days(6)))
            }
            Value::Weekend(y, w) => {
                let saturday = NaiveDate::from_isoywd_opt(y, w, Weekday::Sat)?;
                Some((saturday, saturday + Duration::days(1)))
            }
            Value::Month(y, m) => months(y, m, 1),
            Value::Quarter(y, q) => months(y, 3 * q - 2, 3),
            Value::Half(y, h) => months(y, 6 * h - 5, 6),
            Value::Season(y, s) => months(y, s.first_month(), 3),
            Value::Year(y) => months(y, 1, 12),
            Value::Decade(n) => Some((day(n * 10, 1, 1)?, day(n * 10 + 9, 12, 31)?)),
            Value::Century(n) => Some((day(n * 100, 1, 1)?, day(n * 100 + 99, 12, 31)?)),
            Value::Duration(..)
            | Value::DurationAndHalf(..)
            | Value::Set(_)
            | Value::Reference(_) => None,
        }
    }
}

fn duration(f: &mut fmt::Formatter<'_>, amount: Option<u32>, unit: Unit) -> fmt::Result {
    // TimeBank writes decades and centuries in years ("two decades" is P20Y).
    let (amount, unit) = match (amount, unit) {
        (Some(n), Unit::Decade) => (Some(n * 10), Unit::Year),
        (Some(n), Unit::Century) => (Some(n * 100), Unit::Year),
        other => other,
    };
    let (letters, in_time) = unit.letters();
    f.write_str(if in_time { "PT" } else { "P" })?;
    match amount {
        Some(n) => write!(f, "{n}{letters}"),
        None => write!(f, "X{letters}"),
    }
}

/// The TimeML `value` attribute.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Value::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Value::Week(y, w) => write!(f, "{y:04}-W{w:02}"),
            Value::Weekend(y, w) => write!(f, "{y:04}-W{w:02}-WE"),
            Value::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            Value::Quarter(y, q) => write!(f, "{y:04}-Q{q}"),
            Value::Half(y, h) => write!(f, "{y:04}-H{h}"),
            Value::Season(y, s) => write!(f, "{y:04}-{}", s.code()),
            Value::Year(y) => write!(f, "{y:04}"),
            Value::Decade(n) => write!(f, "{n:03}"),
            Value::Century(n) => write!(f, "{n:02}"),
            Value::DayPart(d, p) => write!(f, "{}T{}", d.format("%Y-%m-%d"), p.code()),
            Value::Clock(d, h, m) => write!(f, "{}T{h:02}:{m:02}", d.format("%Y-%m-%d")),
            Value::Duration(amount, unit) => duration(f, amount, unit),
            Value::DurationAndHalf(n, unit) => match unit {
                // The half in the next smaller unit, as TimeBank writes it.
                Unit::Second => write!(f, "PT{n}.5S"),
                Unit::Minute => write!(f, "PT{n}M30S"),
                Unit::Hour => write!(f, "PT{n}H30M"),
                Unit::Day => write!(f, "P{n}DT12H"),
                Unit::Week => write!(f, "P{}DT12H", 7 * n + 3),
                Unit::Month => write!(f, "P{n}M15D"),
                Unit::Quarter => write!(f, "P{}M15D", 3 * n + 1),
                Unit::Year => write!(f, "P{n}Y6M"),
                Unit::Decade => write!(f, "P{}Y", 10 * n + 5),
                Unit::Century => write!(f, "P{}Y", 100 * n + 50),
            },
            Value::Set(Recurrence::Every(n, unit)) => duration(f, Some(n), unit),
            Value::Set(Recurrence::Weekday(w, part)) => {
                write!(f, "XXXX-WXX-{}", w.number_from_monday())?;
                match part {
                    Some(p) => write!(f, "T{}", p.code()),
                    None => Ok(()),
                }
            }
            Value::Set(Recurrence::Month(m)) => write!(f, "XXXX-{m:02}"),
            Value::Reference(Reference::Present) => f.write_str("PRESENT_REF"),
            Value::Reference(Reference::Past) => f.write_str("PAST_REF"),
            Value::Reference(Reference::Future) => f.write_str("FUTURE_REF"),
        }
    }
}

/// Helpers for calendar arithmetic at the grain of a unit.
pub(crate) fn shift(dct: NaiveDate, unit: Unit, by: i32) -> Option<Value> {
    let months = |count: i32| {
        if count >= 0 {
            dct.checked_add_months(chrono::Months::new(count as u32))
        } else {
            dct.checked_sub_months(chrono::Months::new(count.unsigned_abs()))
        }
    };
    Some(match unit {
        Unit::Day => Value::Day(dct + Duration::days(by.into())),
        Unit::Week => {
            let week = (dct + Duration::weeks(by.into())).iso_week();
            Value::Week(week.year(), week.week())
        }
        Unit::Month => {
            let d = months(by)?;
            Value::Month(d.year(), d.month())
        }
        Unit::Quarter => {
            let d = months(3 * by)?;
            Value::Quarter(d.year(), (d.month() - 1) / 3 + 1)
        }
        Unit::Year => Value::Year(dct.year() + by),
        Unit::Decade => Value::Decade(dct.year().div_euclid(10) + by),
        Unit::Century => Value::Century(dct.year().div_euclid(100) + by),
        Unit::Hour | Unit::Minute | Unit::Second => return None,
    })
}
