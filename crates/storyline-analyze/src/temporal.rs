//! Years and explicit calendar dates mentioned in a text. (Relative expressions such as "Wednesday" need the
//! publication date and belong to the time tagger.)

use crate::tokens::{words, Word};

/// An explicit date in the text, as precise as the text is: a year, a month of a year, or a day.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct DateMention {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

/// Plausible years of news: a four-digit number from 1900 to 2099.
fn year_of(word: &str) -> Option<i32> {
    if word.len() != 4 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = word.parse().ok()?;
    (1900..=2099).contains(&year).then_some(year)
}

/// Years mentioned in title and text, with counts, sorted by year.
pub(crate) fn years(title: &[Word<'_>], body: &[Word<'_>]) -> Vec<(i32, u32)> {
    let mut counts: Vec<(i32, u32)> = Vec::new();
    let mut count = |year: i32| match counts.iter_mut().find(|(y, _)| *y == year) {
        Some((_, n)) => *n += 1,
        None => counts.push((year, 1)),
    };
    for word in title.iter().chain(body) {
        if !word.text.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        if let Some(year) = year_of(word.text) {
            count(year);
        } else if let Some((first, second)) = season(word.text) {
            // "2008-09" and "2008-2009" name a season spanning two years.
            count(first);
            count(second);
        }
    }
    counts.sort_unstable();
    counts
}

/// A season written as a year range: "2008-09" or "2008–2009".
fn season(word: &str) -> Option<(i32, i32)> {
    let (first, second) = word.split_once(crate::tokens::is_joiner)?;
    let first = year_of(first)?;
    let second = match second.len() {
        2 => first - first % 100 + second.parse::<i32>().ok()?,
        4 => year_of(second)?,
        _ => return None,
    };
    (second == first + 1).then_some((first, second))
}

/// Month names in the languages most of the input comes in (English, German, French, Spanish, Italian,
/// Dutch), and their common abbreviations.
fn month_of(word: &str) -> Option<u32> {
    // Every name below is 3 to 10 bytes long, 11 with a full stop: most words are rejected before lower-casing.
    if !(3..=11).contains(&word.len()) || !word.starts_with(char::is_alphabetic) {
        return None;
    }
    let lower = word.to_lowercase();
    let month = match lower.trim_end_matches('.') {
        "january" | "jan" | "januar" | "janvier" | "enero" | "gennaio" | "januari" => 1,
        "february" | "feb" | "februar" | "février" | "fevrier" | "febrero" | "febbraio"
        | "februari" => 2,
        "march" | "mar" | "märz" | "maerz" | "mars" | "marzo" | "maart" => 3,
        "april" | "apr" | "avril" | "abril" | "aprile" => 4,
        "may" | "mai" | "mayo" | "maggio" | "mei" => 5,
        "june" | "jun" | "juni" | "juin" | "junio" | "giugno" => 6,
        "july" | "jul" | "juli" | "juillet" | "julio" | "luglio" => 7,
        "august" | "aug" | "août" | "aout" | "agosto" | "augustus" => 8,
        "september" | "sep" | "sept" | "septembre" | "septiembre" | "settembre" => 9,
        "october" | "oct" | "oktober" | "octobre" | "octubre" | "ottobre" => 10,
        "november" | "nov" | "novembre" | "noviembre" => 11,
        "december" | "dec" | "dezember" | "décembre" | "decembre" | "diciembre" | "dicembre" => 12,
        _ => return None,
    };
    // "may" and "mar" are ordinary words in lower case; only capitalised forms count as months.
    if matches!(lower.as_str(), "may" | "mar" | "jan" | "mai" | "mei")
        && !word.starts_with(char::is_uppercase)
    {
        return None;
    }
    Some(month)
}

fn day_of(word: &str) -> Option<u32> {
    let digits = word
        .trim_end_matches(|c: char| c.is_alphabetic())
        .trim_end_matches('.');
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let suffix = &word[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th" | ".") {
        return None;
    }
    let day: u32 = digits.parse().ok()?;
    (1..=31).contains(&day).then_some(day)
}

fn iso_date(word: &str) -> Option<DateMention> {
    let mut parts = word.split('-');
    let year = year_of(parts.next()?)?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    chrono::NaiveDate::from_ymd_opt(year, month, day)?;
    Some(DateMention {
        year,
        month: Some(month),
        day: Some(day),
    })
}

/// Explicit dates in a title and a text: "25 April 2019", "April 25, 2019", "April 2019", "2019-04-25". Sorted,
/// without repeats.
#[cfg(test)]
fn dates(title: &str, text: &str) -> Vec<DateMention> {
    dates_in(&[&words(title), &words(text)])
}

/// Explicit dates in already tokenised parts of a text (a date never spans two parts). Sorted, without repeats.
pub(crate) fn dates_in(parts: &[&[Word<'_>]]) -> Vec<DateMention> {
    let mut found = Vec::new();
    for words in parts {
        for (index, word) in words.iter().enumerate() {
            if let Some(date) = iso_date(word.text) {
                found.push(date);
                continue;
            }
            let Some(month) = month_of(word.text) else {
                continue;
            };
            let next = words.get(index + 1).map(|w| w.text);
            let after_next = words.get(index + 2).map(|w| w.text);
            let previous = index.checked_sub(1).map(|i| words[i].text);
            // "April 25, 2019" / "April 25 2019"
            if let (Some(day), Some(year)) = (next.and_then(day_of), after_next.and_then(year_of)) {
                found.push(DateMention {
                    year,
                    month: Some(month),
                    day: Some(day),
                });
                continue;
            }
            if let Some(year) = next.and_then(year_of) {
                // "25 April 2019" or "April 2019"
                let day = previous.and_then(day_of);
                found.push(DateMention {
                    year,
                    month: Some(month),
                    day,
                });
            }
        }
    }
    found.retain(|d| match (d.month, d.day) {
        (Some(m), Some(day)) => chrono::NaiveDate::from_ymd_opt(d.year, m, day).is_some(),
        _ => true,
    });
    found.sort_unstable();
    found.dedup();
    found
}

/// The publication day an article states in its header: a date in its URL (`/2013/09/16/`, `/20130916/`) or
/// a short date line among its first lines ("Monday 16 September 2013 03:31 BST", "Sep 15, 2013").
pub fn dateline(title: &str, text: &str) -> Option<chrono::NaiveDate> {
    let lines = std::iter::once(title).chain(text.lines().filter(|l| !l.trim().is_empty()).take(4));
    for line in lines {
        if line.contains("http") || line.contains("www") {
            if let Some(date) = url_date(line) {
                return Some(date);
            }
            continue;
        }
        let line_words = words(line);
        if line_words.len() > 15 {
            continue;
        }
        let day = dates_in(&[&line_words])
            .into_iter()
            .find_map(|d| chrono::NaiveDate::from_ymd_opt(d.year, d.month?, d.day?))
            .or_else(|| numeric_date(line));
        if day.is_some() {
            return day;
        }
    }
    None
}

/// `/2013/09/16/`, `/2013/sep/16/` or `/20130916/` in a URL (spaces around the slashes are tolerated).
fn url_date(line: &str) -> Option<chrono::NaiveDate> {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let parts: Vec<&str> = compact.split(['/', '-', '_', '.', '?', '=']).collect();
    for (i, part) in parts.iter().enumerate() {
        if let Some(year) = year_of(part) {
            let month = parts
                .get(i + 1)
                .and_then(|m| m.parse::<u32>().ok().or_else(|| month_of(&capitalise(m))));
            let day = parts.get(i + 2).and_then(|d| d.parse::<u32>().ok());
            if let (Some(month), Some(day)) = (month, day) {
                if let Some(date) = chrono::NaiveDate::from_ymd_opt(year, month, day) {
                    return Some(date);
                }
            }
        }
        if part.len() == 8 && part.bytes().all(|b| b.is_ascii_digit()) {
            let (year, rest) = part.split_at(4);
            let (month, day) = rest.split_at(2);
            if let (Some(year), Ok(month), Ok(day)) = (year_of(year), month.parse(), day.parse()) {
                if let Some(date) = chrono::NaiveDate::from_ymd_opt(year, month, day) {
                    return Some(date);
                }
            }
        }
    }
    None
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A numeric day-first or month-first date ("14/09/2013"), only when the order is unambiguous.
fn numeric_date(line: &str) -> Option<chrono::NaiveDate> {
    // "14 / 09 / 2013" is "14/09/2013"; other spaces still separate candidates.
    let compact = line.split('/').map(str::trim).collect::<Vec<_>>().join("/");
    for candidate in compact.split(|c: char| !(c.is_ascii_digit() || c == '/' || c == '.')) {
        let fields: Vec<&str> = candidate.split(['/', '.']).collect();
        let [a, b, y] = fields.as_slice() else {
            continue;
        };
        let (Ok(a), Ok(b), Some(year)) = (a.parse::<u32>(), b.parse::<u32>(), year_of(y)) else {
            continue;
        };
        let (month, day) = match (a > 12, b > 12) {
            (true, false) => (b, a),
            (false, true) => (a, b),
            _ => continue,
        };
        if let Some(date) = chrono::NaiveDate::from_ymd_opt(year, month, day) {
            return Some(date);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_are_counted_and_other_numbers_ignored() {
        let title = words("Summit 2019");
        let body = words("In 2019 and again in 2023, 2019 talks; 1500 troops, 3000 people, 12345.");
        assert_eq!(years(&title, &body), [(2019, 3), (2023, 1)]);
        let seasons =
            words("the 2008-09 season after the 2007–2008 run; not 2019-04-25 nor 2008-12");
        assert_eq!(years(&[], &seasons), [(2007, 1), (2008, 2), (2009, 1)]);
    }

    #[test]
    fn explicit_dates_in_several_shapes_and_languages() {
        let found = dates(
            "",
            "Monday 16 September 2013 03:31 BST. On April 25, 2019 they met; in March 2008 too. \
             Published 2023-09-13. Am 5. Mai 2021 in Berlin. Le 3 avril 2022. It may rain in May.",
        );
        let d = |year, month, day| DateMention {
            year,
            month: Some(month),
            day,
        };
        assert_eq!(
            found,
            [
                d(2008, 3, None),
                d(2013, 9, Some(16)),
                d(2019, 4, Some(25)),
                d(2021, 5, Some(5)),
                d(2022, 4, Some(3)),
                d(2023, 9, Some(13)),
            ]
        );
    }

    #[test]
    fn datelines_come_from_urls_and_short_date_lines() {
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(
            dateline(
                "http: / / www. example. com / world / 2013 / sep / 16 / climber",
                ""
            ),
            day(2013, 9, 16)
        );
        assert_eq!(
            dateline("Title", "https://example.fr/20130909/ram-raid\nBody"),
            day(2013, 9, 9)
        );
        assert_eq!(
            dateline(
                "Climber dies",
                "Monday 16 September 2013 03. 31 BST\nA British climber has died."
            ),
            day(2013, 9, 16)
        );
        assert_eq!(
            dateline("Title", "Last updated 13: 26 14 / 09 / 2013\nBody"),
            day(2013, 9, 14)
        );
        // A date deep inside a long sentence is what happened, not when it was published.
        assert_eq!(
            dateline("Title", "The two leaders, who first met in Vladivostok on April 25, 2019, met again today in the Amur region."),
            None
        );
        assert_eq!(
            dateline("Title", "Posted 01/05/2011"),
            None,
            "ambiguous day and month"
        );
    }

    #[test]
    fn impossible_dates_are_dropped() {
        assert!(dates("", "February 30, 2019 and 2019-13-45").is_empty());
    }
}
