//! Reading dates: machine formats (ISO 8601, RFC 3339, RFC 2822, compact digits) and written dates in the main
//! European languages ("12. März 2019", "12 mars 2019", "March 12, 2019", "12/03/2019").

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};

/// The earliest and latest years believed: the web before 1995 had no dated news pages, and years far ahead
/// are typos, expiry dates or placeholders.
pub(crate) const FIRST_YEAR: i32 = 1995;
pub(crate) const LAST_YEAR: i32 = 2099;

/// A date read from a string: the calendar day as written, and the instant when a time with an offset was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParsedDate {
    pub day: NaiveDate,
    pub at: Option<DateTime<FixedOffset>>,
}

impl ParsedDate {
    fn day(day: NaiveDate) -> Option<Self> {
        plausible(day).then_some(ParsedDate { day, at: None })
    }
}

fn plausible(day: NaiveDate) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&day.year())
}

/// How to read an all-digit date with slashes, where pages disagree: 03/12/2019 is 3 December in most of
/// Europe and March 12 in the United States.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayOrder {
    DayFirst,
    MonthFirst,
}

impl DayOrder {
    /// The order used by a page in this language (`lang` attribute, e.g. `en-US`, `de`, `fr-CA`).
    pub fn of_language(lang: &str) -> DayOrder {
        let lang = lang.trim().to_ascii_lowercase();
        let us_like = ["en-us", "en_us", "en-ph", "en"];
        if us_like.contains(&lang.as_str()) {
            DayOrder::MonthFirst
        } else {
            DayOrder::DayFirst
        }
    }
}

/// Reads a machine-written date: an attribute or JSON value such as `2019-03-12`, `2019-03-12T08:30:00+01:00`,
/// `20190312`, `2019/03/12`, or `Tue, 12 Mar 2019 08:30:00 GMT`; falls back to a written date that makes up the
/// value. `None` for anything else and for implausible years.
pub fn parse_machine_date(value: &str) -> Option<ParsedDate> {
    let value = value.trim();
    if value.is_empty() || value.len() > 80 {
        return None;
    }
    if let Some(parsed) = parse_iso(value) {
        return Some(parsed);
    }
    if let Ok(at) = DateTime::parse_from_rfc2822(value) {
        let day = at.date_naive();
        return plausible(day).then_some(ParsedDate { day, at: Some(at) });
    }
    if let Some(parsed) = parse_unix_style(value) {
        return Some(parsed);
    }
    let found = find_dates(value, DayOrder::DayFirst);
    match found.as_slice() {
        [only] => Some(only.date),
        _ => None,
    }
}

/// The shape of C's `asctime` and Java's `Date.toString`: `Tue Jul 30 09:35:14 CEST 2019` (the zone, when
/// present, is a name, so only the day is kept).
fn parse_unix_style(value: &str) -> Option<ParsedDate> {
    let parts: Vec<&str> = value.split_ascii_whitespace().collect();
    let (month, day, year) = match parts.as_slice() {
        [_, month, day, clock, _, year] | [_, month, day, clock, year] if clock.contains(':') => {
            (month, day, year)
        }
        _ => return None,
    };
    let month = month_named(&month.to_lowercase())?;
    let day = NaiveDate::from_ymd_opt(year.parse().ok()?, month, day.parse().ok()?)?;
    ParsedDate::day(day)
}

/// ISO 8601 / RFC 3339 shapes, with `-`, `/` or `.` between the numbers, or eight digits in a row.
fn parse_iso(value: &str) -> Option<ParsedDate> {
    let bytes = value.as_bytes();
    let digits = |from: usize, len: usize| -> Option<u32> {
        let part = bytes.get(from..from + len)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0u32, |n, b| n * 10 + u32::from(b - b'0')))
    };
    let (year, month, day, rest) =
        if bytes.len() >= 10 && matches!(bytes[4], b'-' | b'/' | b'.') && bytes[7] == bytes[4] {
            (digits(0, 4)?, digits(5, 2)?, digits(8, 2)?, &value[10..])
        } else if bytes.len() >= 8 && (bytes.len() == 8 || !bytes[8].is_ascii_digit()) {
            (digits(0, 4)?, digits(4, 2)?, digits(6, 2)?, value.get(8..)?)
        } else {
            return None;
        };
    let day = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    if !plausible(day) {
        return None;
    }
    let rest = rest.trim();
    if rest.is_empty() {
        return ParsedDate::day(day);
    }
    let rest = rest.strip_prefix(['T', 't']).unwrap_or(rest).trim_start();
    Some(ParsedDate {
        day,
        at: parse_time_with_offset(day, rest),
    })
}

/// `08:30`, `08:30:15.123`, with an offset `Z`, `+01:00`, `+0100` or `+01`; `None` without an offset, since an
/// instant needs one (the day stands on its own).
fn parse_time_with_offset(day: NaiveDate, rest: &str) -> Option<DateTime<FixedOffset>> {
    let split = rest.find(['Z', 'z', '+', '-', ' ']).unwrap_or(rest.len());
    let (clock, zone) = rest.split_at(split);
    let time = ["%H:%M:%S%.f", "%H:%M:%S", "%H:%M"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(clock, f).ok())?;
    let zone = zone.trim();
    let seconds = match zone {
        "Z" | "z" | "GMT" | "UTC" | "+00:00" => 0,
        _ => {
            let sign = match zone.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let numbers: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
            let (hours, minutes) = match numbers.len() {
                2 => (numbers.parse::<i32>().ok()?, 0),
                4 => (
                    numbers[..2].parse::<i32>().ok()?,
                    numbers[2..].parse::<i32>().ok()?,
                ),
                _ => return None,
            };
            sign * (hours * 3600 + minutes * 60)
        }
    };
    let offset = FixedOffset::east_opt(seconds)?;
    NaiveDateTime::new(day, time)
        .and_local_timezone(offset)
        .single()
}

/// A written date found in text, with its byte span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextDate {
    pub date: ParsedDate,
    pub start: usize,
    pub end: usize,
}

/// A month by its name or abbreviation in English, German, French, Spanish, Italian, Dutch, Portuguese or
/// Russian (lowercase, accents as written or dropped; Russian in the genitive of dates and the nominative), then
/// in the languages of [`other_month_named`].
fn month_named(word: &str) -> Option<u32> {
    let word = word.strip_suffix('.').unwrap_or(word);
    let month = match word {
        "january" | "jan" | "januar" | "jänner" | "jän" | "janvier" | "janv" | "enero" | "ene"
        | "gennaio" | "januari" | "janeiro" => 1,
        "february" | "feb" | "febr" | "februar" | "feber" | "février" | "fevrier" | "févr"
        | "fevr" | "fév" | "febrero" | "febbraio" | "februari" | "fevereiro" | "fev" => 2,
        "march" | "mar" | "märz" | "maerz" | "mär" | "mrz" | "mars" | "marzo" | "maart"
        | "março" | "marco" => 3,
        "april" | "apr" | "avril" | "avr" | "abril" | "abr" | "aprile" => 4,
        "may" | "mai" | "mayo" | "maggio" | "mei" | "maio" => 5,
        "june" | "jun" | "juni" | "juin" | "junio" | "giugno" | "junho" => 6,
        "july" | "jul" | "juli" | "juillet" | "juil" | "julio" | "luglio" | "julho" => 7,
        "august" | "aug" | "août" | "aout" | "agosto" | "ago" | "augustus" => 8,
        "september" | "sep" | "sept" | "septembre" | "septiembre" | "setiembre" | "settembre"
        | "setembro" | "set" => 9,
        "october" | "oct" | "oktober" | "okt" | "octobre" | "octubre" | "ottobre" | "outubro"
        | "out" => 10,
        "november" | "nov" | "novembre" | "noviembre" | "novembro" => 11,
        "december" | "dec" | "dezember" | "dez" | "décembre" | "decembre" | "déc" | "diciembre"
        | "dic" | "dicembre" | "dezembro" => 12,
        "января" | "январь" | "янв" => 1,
        "февраля" | "февраль" | "фев" | "февр" => 2,
        "марта" | "март" | "мар" => 3,
        "апреля" | "апрель" | "апр" => 4,
        "мая" | "май" => 5,
        "июня" | "июнь" | "июн" => 6,
        "июля" | "июль" | "июл" => 7,
        "августа" | "август" | "авг" => 8,
        "сентября" | "сентябрь" | "сен" | "сент" => 9,
        "октября" | "октябрь" | "окт" => 10,
        "ноября" | "ноябрь" | "ноя" | "нояб" => 11,
        "декабря" | "декабрь" | "дек" => 12,
        _ => return other_month_named(word),
    };
    Some(month)
}

/// Months in the genitive of Polish, Czech and Ukrainian dates, and in Swedish, Danish, Norwegian and Turkish,
/// with the Italian and Dutch abbreviations the first table lacks.
fn other_month_named(word: &str) -> Option<u32> {
    let month = match word {
        "stycznia" | "ledna" | "січня" | "ocak" | "gen" => 1,
        "lutego" | "února" | "лютого" | "şubat" => 2,
        "marca" | "března" | "березня" | "marts" | "mart" | "mrt" => 3,
        "kwietnia" | "dubna" | "квітня" | "nisan" => 4,
        "maja" | "května" | "травня" | "maj" | "mayıs" | "mag" => 5,
        "czerwca" | "června" | "червня" | "haziran" | "giu" => 6,
        "lipca" | "července" | "липня" | "temmuz" | "lug" => 7,
        "sierpnia" | "srpna" | "серпня" | "augusti" | "ağustos" => 8,
        "września" | "září" | "вересня" | "eylül" => 9,
        "października" | "října" | "жовтня" | "ekim" | "ott" => 10,
        "listopada" | "listopadu" | "листопада" | "kasım" => 11,
        "grudnia" | "prosince" | "грудня" | "desember" | "aralık" => 12,
        _ => return None,
    };
    Some(month)
}

/// Characters in a word piece; 0 for other pieces.
fn word_len(piece: Option<Piece<'_>>) -> usize {
    match piece {
        Some(Piece::Word(w)) => w.chars().count(),
        _ => 0,
    }
}

/// Words allowed between the parts of a written date: "12 de marzo de 2019", "the 12th of March, 2019".
fn is_filler(word: &str) -> bool {
    matches!(word, "de" | "del" | "of" | "di" | "van")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Piece<'a> {
    /// Digits with their value and count, and the character right after them (0 when none or a space).
    Number {
        value: u32,
        digits: usize,
        then: u8,
    },
    Word(&'a str),
    /// Anything else that separates: punctuation other than what belongs to a date.
    Break,
}

#[derive(Clone, Copy, Debug)]
struct Span<'a> {
    piece: Piece<'a>,
    start: usize,
    end: usize,
}

/// Splits text into numbers, words and breaks; `.`, `,`, `/`, `-` directly after a number are kept in `then`.
fn pieces(text: &str) -> Vec<Span<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit() {
            let start = i;
            let mut value = 0u32;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                value = value
                    .saturating_mul(10)
                    .saturating_add(u32::from(bytes[i] - b'0'));
                i += 1;
            }
            let then = match bytes.get(i) {
                Some(&c @ (b'.' | b',' | b'/' | b'-')) => {
                    i += 1;
                    c
                }
                _ => 0,
            };
            out.push(Span {
                piece: Piece::Number {
                    value,
                    digits: (i - start) - usize::from(then != 0),
                    then,
                },
                start,
                end: i,
            });
        } else if b.is_ascii_alphabetic() || b >= 0x80 {
            let start = i;
            let mut end = i;
            for (offset, c) in text[start..].char_indices() {
                if c.is_alphabetic() {
                    end = start + offset + c.len_utf8();
                } else {
                    break;
                }
            }
            if end == start {
                // A non-letter, non-ASCII character (a dash, a non-breaking space, a symbol).
                let c = text[start..].chars().next().map_or(1, char::len_utf8);
                let is_space = text[start..].starts_with(['\u{a0}', '\u{2009}', '\u{202f}']);
                if !is_space {
                    out.push(Span {
                        piece: Piece::Break,
                        start,
                        end: start + c,
                    });
                }
                i = start + c;
                continue;
            }
            // An abbreviation may end with a dot: "Jan.", "févr."
            if bytes.get(end) == Some(&b'.') {
                end += 1;
            }
            out.push(Span {
                piece: Piece::Word(&text[start..end]),
                start,
                end,
            });
            i = end;
        } else if b.is_ascii_whitespace() {
            i += 1;
        } else {
            if b != b',' {
                out.push(Span {
                    piece: Piece::Break,
                    start: i,
                    end: i + 1,
                });
            }
            i += 1;
        }
    }
    out
}

fn year_of(value: u32, digits: usize) -> Option<i32> {
    (digits == 4).then(|| i32::try_from(value).ok()).flatten()
}

fn day_of(value: u32, digits: usize) -> Option<u32> {
    (digits <= 2 && (1..=31).contains(&value)).then_some(value)
}

/// Finds the written dates in a text, in order. Day-month order for all-digit dates with slashes follows `order`;
/// dotted dates (12.03.2019) are always day first, ISO dates (2019-03-12) always year first.
pub fn find_dates(text: &str, order: DayOrder) -> Vec<TextDate> {
    let spans = pieces(text);
    let mut found = Vec::new();
    let mut i = 0;
    while i < spans.len() {
        match date_at(&spans, i, order) {
            Some((date, used)) => {
                found.push(TextDate {
                    date,
                    start: spans[i].start,
                    end: spans[i + used - 1].end,
                });
                i += used;
            }
            None => i += 1,
        }
    }
    found
}

/// The date starting at piece `i` and how many pieces it takes.
fn date_at(spans: &[Span<'_>], i: usize, order: DayOrder) -> Option<(ParsedDate, usize)> {
    let piece = |k: usize| spans.get(i + k).map(|s| s.piece);
    let word_month = |k: usize| match piece(k) {
        Some(Piece::Word(w)) => month_named(&w.to_lowercase()),
        _ => None,
    };
    let make = |year: i32, month: u32, day: u32| -> Option<ParsedDate> {
        NaiveDate::from_ymd_opt(year, month, day).and_then(ParsedDate::day)
    };
    let Some(Piece::Number {
        value,
        digits,
        then,
    }) = piece(0)
    else {
        // "March 12, 2019", "March 12th 2019"
        let month = word_month(0)?;
        let mut k = 1;
        let Some(Piece::Number {
            value: day,
            digits: d,
            ..
        }) = piece(k)
        else {
            return None;
        };
        let day = day_of(day, d)?;
        k += 1;
        if let Some(Piece::Word(w)) = piece(k) {
            if matches!(w, "st" | "nd" | "rd" | "th") {
                k += 1;
            }
        }
        let Some(Piece::Number {
            value: year,
            digits: yd,
            ..
        }) = piece(k)
        else {
            return None;
        };
        return Some((make(year_of(year, yd)?, month, day)?, k + 1));
    };
    // Chinese and Japanese 2019年3月12日, Korean 2019년 3월 12일: each number followed by its unit.
    if digits == 4 && then == 0 {
        let unit = |k: usize, units: [char; 2]| matches!(piece(k), Some(Piece::Word(w)) if w.starts_with(units));
        if let (
            true,
            Some(Piece::Number {
                value: month,
                digits: 1..=2,
                then: 0,
            }),
            true,
            Some(Piece::Number {
                value: day,
                digits: 1..=2,
                then: 0,
            }),
            true,
        ) = (
            unit(1, ['年', '년']) && word_len(piece(1)) == 1,
            piece(2),
            unit(3, ['月', '월']) && word_len(piece(3)) == 1,
            piece(4),
            unit(5, ['日', '일']),
        ) {
            return Some((make(year_of(value, 4)?, month, day)?, 6));
        }
    }
    // Numbers: ISO with dashes or slashes, dotted or slashed day-month-year, or a day before a month name.
    if digits == 4 && matches!(then, b'-' | b'/' | b'.') {
        if let (
            Some(Piece::Number {
                value: month,
                digits: 1..=2,
                then: t2,
            }),
            Some(Piece::Number {
                value: day,
                digits: 1..=2,
                ..
            }),
        ) = (piece(1), piece(2))
        {
            if t2 == then {
                return Some((make(year_of(value, 4)?, month, day)?, 3));
            }
        }
        return None;
    }
    if digits <= 2 && matches!(then, b'.' | b'/' | b'-') {
        if let (
            Some(Piece::Number {
                value: second,
                digits: 1..=2,
                then: t2,
            }),
            Some(Piece::Number {
                value: year,
                digits: year_digits,
                ..
            }),
        ) = (piece(1), piece(2))
        {
            if t2 == then {
                let year = match year_digits {
                    4 => year_of(year, 4)?,
                    // Two-digit years only in the dotted form common in German bylines ("12.03.19").
                    2 if then == b'.' => 2000 + i32::try_from(year).ok()?,
                    _ => return None,
                };
                let (day, month) = if then == b'/' && order == DayOrder::MonthFirst {
                    (second, value)
                } else {
                    (value, second)
                };
                return Some((make(year, month, day)?, 3));
            }
        }
    }
    // "12. März 2019", "12 mars 2019", "1er mai 2019", "12th of March 2019", "12 de marzo de 2019"
    let day = day_of(value, digits)?;
    let mut k = 1;
    if let Some(Piece::Word(w)) = piece(k) {
        if matches!(w, "st" | "nd" | "rd" | "th" | "er" | "e" | "º") {
            k += 1;
        }
    }
    if let Some(Piece::Word(w)) = piece(k) {
        if is_filler(&w.to_lowercase()) {
            k += 1;
        }
    }
    let month = word_month(k)?;
    k += 1;
    if let Some(Piece::Word(w)) = piece(k) {
        if is_filler(&w.to_lowercase()) {
            k += 1;
        }
    }
    let Some(Piece::Number {
        value: year,
        digits: yd,
        ..
    }) = piece(k)
    else {
        return None;
    };
    Some((make(year_of(year, yd)?, month, day)?, k + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn days(text: &str, order: DayOrder) -> Vec<NaiveDate> {
        find_dates(text, order).iter().map(|d| d.date.day).collect()
    }

    #[test]
    fn machine_dates_with_and_without_times() {
        let parsed = parse_machine_date("2019-03-12T23:30:00+01:00").unwrap();
        assert_eq!(parsed.day, day(2019, 3, 12));
        assert_eq!(parsed.at.unwrap().to_rfc3339(), "2019-03-12T23:30:00+01:00");
        assert_eq!(
            parse_machine_date("2019-03-12T08:30:00.000Z")
                .unwrap()
                .at
                .unwrap()
                .to_rfc3339(),
            "2019-03-12T08:30:00+00:00"
        );
        assert_eq!(
            parse_machine_date("2019-03-12T08:30+0530")
                .unwrap()
                .at
                .unwrap()
                .offset()
                .local_minus_utc(),
            19800
        );
        let local = parse_machine_date("2019-03-12 08:30:00").unwrap();
        assert_eq!((local.day, local.at), (day(2019, 3, 12), None));
        assert_eq!(
            parse_machine_date("20190312").unwrap().day,
            day(2019, 3, 12)
        );
        assert_eq!(
            parse_machine_date("2019/03/12").unwrap().day,
            day(2019, 3, 12)
        );
        assert_eq!(
            parse_machine_date("Tue, 12 Mar 2019 08:30:00 +0100")
                .unwrap()
                .day,
            day(2019, 3, 12)
        );
        assert_eq!(
            parse_machine_date("12. März 2019").unwrap().day,
            day(2019, 3, 12)
        );
        assert_eq!(
            parse_machine_date("Tue Jul 30 09:35:14 CEST 2019")
                .unwrap()
                .day,
            day(2019, 7, 30)
        );
    }

    #[test]
    fn implausible_machine_dates_are_refused() {
        for bad in [
            "",
            "2019-13-01",
            "2019-02-30",
            "1970-01-01",
            "2150-01-01",
            "yesterday",
            "201903",
            "123456789",
        ] {
            assert_eq!(parse_machine_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn written_dates_in_several_languages() {
        let order = DayOrder::DayFirst;
        assert_eq!(
            days("Veröffentlicht am 12. März 2019 um 10:00", order),
            [day(2019, 3, 12)]
        );
        assert_eq!(days("publié le 1er mai 2019", order), [day(2019, 5, 1)]);
        assert_eq!(
            days("mis à jour le 3 février 2020", order),
            [day(2020, 2, 3)]
        );
        assert_eq!(
            days("Posted on March 12th, 2019", order),
            [day(2019, 3, 12)]
        );
        assert_eq!(days("the 4th of July 2018", order), [day(2018, 7, 4)]);
        assert_eq!(days("12 de marzo de 2019", order), [day(2019, 3, 12)]);
        assert_eq!(
            days("Stand: 12.03.2019, 10:15 Uhr", order),
            [day(2019, 3, 12)]
        );
        assert_eq!(days("12.03.19", order), [day(2019, 3, 12)]);
        assert_eq!(
            days("2019-03-12 and 2019/04/01", order),
            [day(2019, 3, 12), day(2019, 4, 1)]
        );
        assert_eq!(days("Sept. 5, 2017", order), [day(2017, 9, 5)]);
    }

    #[test]
    fn polish_czech_ukrainian_nordic_turkish_and_dutch_months() {
        let order = DayOrder::DayFirst;
        assert_eq!(days("12 marca 2019", order), [day(2019, 3, 12)]);
        assert_eq!(days("5. července 2020", order), [day(2020, 7, 5)]);
        assert_eq!(days("3 жовтня 2018", order), [day(2018, 10, 3)]);
        assert_eq!(days("den 4 augusti 2017", order), [day(2017, 8, 4)]);
        assert_eq!(days("9 mrt 2016", order), [day(2016, 3, 9)]);
        assert_eq!(days("21 Ağustos 2015", order), [day(2015, 8, 21)]);
        assert!(days("gen 2019", order).is_empty(), "a month is not a day");
    }

    #[test]
    fn russian_chinese_and_korean_dates() {
        let order = DayOrder::DayFirst;
        assert_eq!(
            days("Опубликовано 12 марта 2019 г., 10:15", order),
            [day(2019, 3, 12)]
        );
        assert_eq!(days("1 Сентября 2021", order), [day(2021, 9, 1)]);
        assert_eq!(
            days("发布时间：2019年3月12日 08:30", order),
            [day(2019, 3, 12)]
        );
        assert_eq!(days("2020年11月5日发布", order), [day(2020, 11, 5)]);
        assert_eq!(days("2019년 3월 12일", order), [day(2019, 3, 12)]);
        assert!(days("2019年3月", order).is_empty(), "a month is not a day");
        assert!(days("2019年13月1日", order).is_empty());
    }

    #[test]
    fn slashed_dates_follow_the_page_locale() {
        assert_eq!(days("03/12/2019", DayOrder::DayFirst), [day(2019, 12, 3)]);
        assert_eq!(days("03/12/2019", DayOrder::MonthFirst), [day(2019, 3, 12)]);
        assert_eq!(
            days("25/12/2019", DayOrder::MonthFirst),
            [],
            "no 25th month"
        );
        assert_eq!(DayOrder::of_language("en-US"), DayOrder::MonthFirst);
        assert_eq!(DayOrder::of_language("en-GB"), DayOrder::DayFirst);
        assert_eq!(DayOrder::of_language("fr"), DayOrder::DayFirst);
    }

    #[test]
    fn numbers_that_are_not_dates() {
        assert!(days(
            "Call 0800 12 34 or see page 12, 2019 results",
            DayOrder::DayFirst
        )
        .is_empty());
        assert!(days("32 March 2019, 3.14.2019, May 2019", DayOrder::DayFirst).is_empty());
    }
}
