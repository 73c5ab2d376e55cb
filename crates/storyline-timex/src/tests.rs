//! Normalisation rules on invented sentences.

use super::*;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// (text, type, value) of every expression.
fn tagged(text: &str, dct: &str) -> Vec<(String, &'static str, String)> {
    tag(text, day(dct))
        .into_iter()
        .map(|t| (t.text.clone(), t.kind().as_str(), t.timeml_value()))
        .collect()
}

fn only(text: &str, dct: &str) -> (String, &'static str, String) {
    let all = tagged(text, dct);
    assert_eq!(all.len(), 1, "{text:?}: {all:?}");
    all.into_iter().next().unwrap()
}

fn triple(text: &str, kind: &'static str, value: &str) -> (String, &'static str, String) {
    (text.to_string(), kind, value.to_string())
}

#[test]
fn a_weekday_is_the_latest_such_day_unless_the_sentence_looks_ahead() {
    // 2019-04-26 is a Friday.
    assert_eq!(
        only("The minister resigned on Wednesday.", "2019-04-26"),
        triple("Wednesday", "DATE", "2019-04-24")
    );
    assert_eq!(
        only("Talks ended Friday without a deal.", "2019-04-26"),
        triple("Friday", "DATE", "2019-04-26")
    );
    assert_eq!(
        only("The council will vote on Wednesday.", "2019-04-26"),
        triple("Wednesday", "DATE", "2019-05-01")
    );
    assert_eq!(
        only("They met last Friday.", "2019-04-26"),
        triple("last Friday", "DATE", "2019-04-19")
    );
    // A plan looks ahead even when its verb is in the past.
    assert_eq!(
        only("Unions were planning to march on Monday.", "2019-04-26"),
        triple("Monday", "DATE", "2019-04-29")
    );
    assert_eq!(
        only(
            "Officials did not plan to close the bridge Tuesday.",
            "2019-04-26"
        ),
        triple("Tuesday", "DATE", "2019-04-30")
    );
    assert_eq!(
        only("Protesters gathered again Saturday night.", "2019-04-29"),
        triple("Saturday night", "TIME", "2019-04-27TNI")
    );
}

#[test]
fn an_amount_and_a_half_keeps_the_half_in_the_next_smaller_unit() {
    assert_eq!(
        tagged(
            "They waited 2 1/2 years, then two and a half days, and left a minute and a half later.",
            "2019-05-06"
        ),
        [
            triple("2 1/2 years", "DURATION", "P2Y6M"),
            triple("two and a half days", "DURATION", "P2DT12H"),
            triple("a minute and a half", "DURATION", "PT1M30S"),
        ]
    );
    // A share price in fractions is no time.
    assert!(tagged("The stock rose 2 1/2 to 37 3/4.", "2019-05-06").is_empty());
}

#[test]
fn a_second_before_a_noun_is_an_ordinal() {
    assert!(tagged(
        "It would be a second betrayal, and a second group agreed.",
        "2019-05-06"
    )
    .is_empty());
    assert_eq!(
        only("The lights went out for a second or two.", "2019-05-06"),
        triple("a second", "DURATION", "PT1S")
    );
}

#[test]
fn a_month_without_year_reads_the_verb_after_it_when_none_comes_before() {
    // March 2020 is 4.5 months ahead, March 2019 7.5 months back: the past verb after it halves the latter.
    assert_eq!(
        only("In March, the firm bought a rival.", "2019-10-30"),
        triple("March", "DATE", "2019-03")
    );
    assert_eq!(
        only("In March, the firm buys a rival.", "2019-10-30"),
        triple("March", "DATE", "2020-03")
    );
}

#[test]
fn a_month_followed_by_last_or_this_year_is_in_that_year() {
    assert_eq!(
        tagged(
            "In June last year the party split; in January this year it merged.",
            "2019-05-06"
        ),
        [
            triple("June last year", "DATE", "2018-06"),
            triple("January this year", "DATE", "2019-01"),
        ]
    );
}

#[test]
fn the_near_future_and_the_short_term_are_the_future() {
    assert_eq!(
        tagged(
            "Prices may fall in the near future but not in the short term, nor in the long run.",
            "2019-05-06"
        ),
        [
            triple("the near future", "DATE", "FUTURE_REF"),
            triple("the short term", "DATE", "FUTURE_REF"),
        ]
    );
}

#[test]
fn todays_in_the_sense_of_nowadays_is_no_day() {
    assert!(tagged("It is a lesson for today's youth.", "2019-05-06").is_empty());
    assert_eq!(
        only("It ran in today's editions.", "2019-05-06"),
        triple("today", "DATE", "2019-05-06")
    );
}

#[test]
fn a_capitalised_unit_inside_an_expression_is_a_title() {
    assert!(tagged(
        "He spoke on ``60 Minutes'' and on \"This Week With Jane Doe\".",
        "2019-05-06"
    )
    .is_empty());
    assert_eq!(
        only(
            "Two years after the flood, the town is rebuilt.",
            "2019-05-06"
        ),
        triple("Two years", "DURATION", "P2Y")
    );
}

#[test]
fn the_week_of_a_day_is_its_iso_week() {
    assert_eq!(
        only("A hearing is set for the week of March 6.", "2000-02-24"),
        triple("the week of March 6", "DATE", "2000-W10")
    );
}

#[test]
fn midday_alone_is_noon() {
    assert_eq!(
        tagged(
            "He appears at midday; the vote is Friday midday.",
            "2019-04-26"
        ),
        [
            triple("midday", "TIME", "2019-04-26T12:00"),
            triple("Friday midday", "TIME", "2019-04-26TMI"),
        ]
    );
}

#[test]
fn since_looks_back_for_a_month_day_without_year() {
    // Oct. 23 is 195 days back and 170 ahead: nearest would be ahead; "since" looks back.
    assert_eq!(
        only(
            "Police keep looking for him since the Oct. 23 attack.",
            "2019-05-06"
        ),
        triple("Oct. 23", "DATE", "2018-10-23")
    );
}

#[test]
fn last_or_next_with_a_month_and_day_is_that_day_before_or_after_the_dct() {
    assert_eq!(
        only("The mill burned down last Oct. 23 at night.", "2019-05-06"),
        triple("last Oct. 23", "DATE", "2018-10-23")
    );
    assert_eq!(
        only("The mill burned down last May 2.", "2019-05-06"),
        triple("last May 2", "DATE", "2019-05-02")
    );
    assert_eq!(
        only("The vote is due next May 2.", "2019-05-06"),
        triple("next May 2", "DATE", "2020-05-02")
    );
    assert_eq!(
        only("The mill burned down last May.", "2019-05-06"),
        triple("last May", "DATE", "2018-05")
    );
}

#[test]
fn last_week_is_an_iso_week_and_relative_units_move_from_the_dct() {
    assert_eq!(
        only("Prices rose last week.", "2019-01-03"),
        triple("last week", "DATE", "2018-W52")
    );
    assert_eq!(
        tagged(
            "Sales fell last year and will recover next month.",
            "2019-04-26"
        ),
        [
            triple("last year", "DATE", "2018"),
            triple("next month", "DATE", "2019-05")
        ]
    );
    assert_eq!(
        only("The plant opened earlier this year.", "2019-04-26"),
        triple("earlier this year", "DATE", "2019")
    );
}

#[test]
fn amounts_of_time_are_durations_and_ago_moves_back() {
    assert_eq!(
        only("The strike lasted two months.", "2019-04-26"),
        triple("two months", "DURATION", "P2M")
    );
    assert_eq!(
        only("Output grew over the past twenty-four hours.", "2019-04-26"),
        triple("the past twenty-four hours", "DURATION", "PT24H")
    );
    assert_eq!(
        only("It was a five-year low.", "2019-04-26"),
        triple("five-year", "DURATION", "P5Y")
    );
    assert_eq!(
        only("The mine closed three years ago.", "2019-04-26"),
        triple("three years ago", "DATE", "2016")
    );
    assert_eq!(
        only("They feuded for decades.", "2019-04-26"),
        triple("decades", "DURATION", "PXDE")
    );
}

#[test]
fn a_month_and_day_take_the_year_that_puts_them_nearest_the_dct() {
    assert_eq!(
        only("The ceasefire began April 23.", "2019-05-02"),
        triple("April 23", "DATE", "2019-04-23")
    );
    assert_eq!(
        only("The ceasefire began Dec. 28.", "2019-01-04"),
        triple("Dec. 28", "DATE", "2018-12-28")
    );
    assert_eq!(
        only("Elections are set for Jan. 10.", "2018-12-20"),
        triple("Jan. 10", "DATE", "2019-01-10")
    );
    assert_eq!(
        only("It was signed on 23 April 1998 in Belfast.", "2019-05-02"),
        triple("23 April 1998", "DATE", "1998-04-23")
    );
}

#[test]
fn years_decades_quarters_and_seasons() {
    assert_eq!(
        only("Growth was strong in the 1990s.", "2019-05-02"),
        triple("the 1990s", "DATE", "199")
    );
    assert_eq!(
        only("Profit rose in the third quarter.", "1989-11-02"),
        triple("the third quarter", "DATE", "1989-Q3")
    );
    assert_eq!(
        tagged(
            "Third-quarter profit fell 5% from a year earlier.",
            "1989-11-02"
        ),
        [
            triple("Third-quarter", "DATE", "1989-Q3"),
            triple("a year earlier", "DATE", "1988-Q3")
        ]
    );
    assert_eq!(
        only("The dam was finished last fall.", "1999-04-10"),
        triple("last fall", "DATE", "1998-FA")
    );
    assert_eq!(
        only("Fiscal 1989 results were weak.", "1989-11-02"),
        triple("Fiscal 1989", "DATE", "1989")
    );
}

#[test]
fn repetitions_are_sets() {
    assert_eq!(
        only("The market is open every Monday.", "2019-05-02"),
        triple("every Monday", "SET", "XXXX-WXX-1")
    );
    assert_eq!(
        only("The paper is published daily.", "2019-05-02"),
        triple("daily", "SET", "P1D")
    );
    assert_eq!(
        only("The club meets Tuesday nights.", "2019-05-02"),
        triple("Tuesday nights", "SET", "XXXX-WXX-2TNI")
    );
    assert_eq!(
        only("Inflation ran at 3% a year.", "2019-05-02"),
        triple("a year", "SET", "P1Y")
    );
}

#[test]
fn clock_times_take_their_day() {
    assert_eq!(
        only("The polls close at 3 p.m. today.", "2019-05-02"),
        triple("3 p.m. today", "TIME", "2019-05-02T15:00")
    );
    assert_eq!(
        only("The blast came at 10:35 a.m.", "2019-05-02"),
        triple("10:35 a.m.", "TIME", "2019-05-02T10:35")
    );
    assert_eq!(
        only("Voting ends at midnight Friday.", "2019-05-02"),
        triple("midnight Friday", "TIME", "2019-04-26T24:00")
    );
    assert_eq!(
        only("He spoke this morning.", "2019-05-02"),
        triple("this morning", "TIME", "2019-05-02TMO")
    );
}

#[test]
fn deictic_words_and_vague_references() {
    assert_eq!(
        tagged("Yesterday the bank cut rates; now it waits.", "2019-05-02"),
        [
            triple("Yesterday", "DATE", "2019-05-01"),
            triple("now", "DATE", "PRESENT_REF")
        ]
    );
    assert_eq!(
        only("Prices have recently doubled.", "2019-05-02"),
        triple("recently", "DATE", "PAST_REF")
    );
}

#[test]
fn numbers_that_are_not_times_are_left_alone() {
    assert!(tagged(
        "The firm sold 1,998 cars for $2000 each, 2010 percent more.",
        "2019-05-02"
    )
    .is_empty());
    assert_eq!(
        tagged(
            "Stocks may fall, then spring back in March 2019.",
            "2019-05-02"
        ),
        [triple("March 2019", "DATE", "2019-03")]
    );
    assert!(tagged("He ate a quarter of the cake.", "2019-05-02").is_empty());
}

#[test]
fn offsets_are_code_points() {
    let text = "Zoë’s café reopened on Wednesday.";
    let found = tag(text, day("2019-04-26"));
    assert_eq!(found.len(), 1);
    let taken: String = text
        .chars()
        .skip(found[0].start)
        .take(found[0].end - found[0].start)
        .collect();
    assert_eq!(taken, "Wednesday");
    assert_eq!((found[0].start, found[0].end), (23, 32));
}

#[test]
fn resolved_intervals_for_later_stages() {
    let found = tag("Sales rose last week and in March.", day("2019-04-26"));
    let intervals: Vec<_> = found.iter().map(Timex::interval).collect();
    assert_eq!(
        intervals,
        [
            Some((day("2019-04-15"), day("2019-04-21"))),
            Some((day("2019-03-01"), day("2019-03-31")))
        ]
    );
    assert_eq!(tag("for two months", day("2019-04-26"))[0].interval(), None);
}

#[test]
fn json_shape_is_start_end_text_type_value() {
    let found = tag("It rained on Monday.", day("2019-04-26"));
    let json = serde_json::to_string(&found).unwrap();
    assert_eq!(
        json,
        r#"[{"start":13,"end":19,"text":"Monday","type":"DATE","value":"2019-04-22"}]"#
    );
}

fn tagged_in(language: Language, text: &str, dct: &str) -> Vec<(String, String)> {
    Tagger::new(language)
        .tag(text, day(dct))
        .into_iter()
        .map(|t| {
            let value = t.timeml_value();
            (t.text, value)
        })
        .collect()
}

fn pair(text: &str, value: &str) -> (String, String) {
    (text.to_string(), value.to_string())
}

#[test]
fn german_dates_and_day_words() {
    assert_eq!(
        tagged_in(
            Language::German,
            "Der Vertrag wurde am 12. März 2019 unterzeichnet, gestern bestätigt.",
            "2019-03-20"
        ),
        [
            pair("12. März 2019", "2019-03-12"),
            pair("gestern", "2019-03-19")
        ]
    );
    assert_eq!(
        tagged_in(
            Language::German,
            "Am Morgen kam die Nachricht, morgen die Antwort.",
            "2019-03-20"
        ),
        [pair("morgen", "2019-03-21")]
    );
    assert_eq!(
        tagged_in(
            Language::German,
            "Letzte Woche stiegen die Preise.",
            "2019-03-20"
        ),
        [pair("Letzte Woche", "2019-W11")]
    );
}

#[test]
fn french_spanish_italian_and_dutch_dates() {
    assert_eq!(
        tagged_in(
            Language::French,
            "Il est arrivé hier, le 3 mai 2019, et part aujourd'hui.",
            "2019-05-04"
        ),
        [
            pair("hier", "2019-05-03"),
            pair("3 mai 2019", "2019-05-03"),
            pair("aujourd'hui", "2019-05-04")
        ]
    );
    assert_eq!(
        tagged_in(
            Language::French,
            "Les prix ont baissé la semaine dernière.",
            "2019-05-04"
        ),
        [pair("semaine dernière", "2019-W17")]
    );
    assert_eq!(
        tagged_in(
            Language::Spanish,
            "El acuerdo se firmó el 12 de marzo de 2019 y ayer entró en vigor.",
            "2019-04-02"
        ),
        [
            pair("12 de marzo de 2019", "2019-03-12"),
            pair("ayer", "2019-04-01")
        ]
    );
    assert_eq!(
        tagged_in(
            Language::Italian,
            "Il governo è caduto ieri, due giorni fa la crisi.",
            "2019-08-21"
        ),
        [
            pair("ieri", "2019-08-20"),
            pair("due giorni fa", "2019-08-19")
        ]
    );
    assert_eq!(
        tagged_in(
            Language::Dutch,
            "Het kabinet viel op 14 maart en vandaag volgt een debat.",
            "2019-03-20"
        ),
        [
            pair("14 maart", "2019-03-14"),
            pair("vandaag", "2019-03-20")
        ]
    );
    // "hier" is "here" in German and Dutch.
    assert!(tagged_in(Language::Dutch, "Hier woont hij.", "2019-03-20").is_empty());
}

#[test]
fn a_year_earlier_compares_with_the_quarter_the_report_named_however_far_back() {
    let filler = "The company, which makes pumps and valves for water utilities, also said that its order book \
        was longer than at any time since it was founded and that it had hired two hundred engineers in its plants \
        in Ohio and Texas to meet demand from cities that are replacing old pipes.";
    let text = format!(
        "Acme earned $5 million in the third quarter. {filler} Sales rose to $9 million from $8 million a year \
         earlier, and a year-earlier loss was restated. A year ago, it lost money."
    );
    let values: Vec<(String, String)> = tagged(&text, "2019-10-28")
        .into_iter()
        .map(|(text, _, value)| (text, value))
        .collect();
    assert_eq!(
        values,
        [
            ("the third quarter".to_string(), "2019-Q3".to_string()),
            ("a year earlier".to_string(), "2018-Q3".to_string()),
            ("year-earlier".to_string(), "2018-Q3".to_string()),
            ("A year ago".to_string(), "2018-Q3".to_string()),
        ]
    );
}

#[test]
fn the_year_is_the_dct_year_or_one_year_closed_by_a_date() {
    assert_eq!(
        tagged(
            "Revenue for the year ended June 30 rose, and the full year looks better.",
            "2019-10-28"
        ),
        [
            triple("the year", "DURATION", "P1Y"),
            triple("June 30", "DATE", "2019-06-30"),
            triple("the full year", "DATE", "2019"),
        ]
    );
    assert_eq!(
        only("Sales in the latest fiscal year fell.", "2019-10-28"),
        triple("the latest fiscal year", "DATE", "2018")
    );
    assert_eq!(
        only(
            "Nobody knew what the year two thousand would bring.",
            "1998-03-03"
        ),
        triple("the year two thousand", "DATE", "2000")
    );
    // The hyphenated comparison stays a comparison.
    assert_eq!(
        only("Costs were above the year-earlier level.", "2019-10-28").2,
        "2018"
    );
}

#[test]
fn spelled_years_ordinal_centuries_and_decade_words() {
    assert_eq!(
        only("The plant closed in nineteen ninety-six.", "1998-01-15"),
        triple("nineteen ninety-six", "DATE", "1996")
    );
    assert_eq!(
        only("The plant closed in nineteen ninety-one.", "1998-01-15"),
        triple("nineteen ninety-one", "DATE", "1991")
    );
    assert_eq!(
        only("It opened in January nineteen eighty-seven.", "1998-01-15"),
        triple("January nineteen eighty-seven", "DATE", "1987-01")
    );
    assert!(tagged("About two thousand people marched.", "1998-01-15").is_empty());
    assert_eq!(
        only("The bridge dates from the 12th century.", "1998-01-15"),
        triple("the 12th century", "DATE", "11")
    );
    assert_eq!(
        only("Prices soared in the nineties.", "1998-01-15"),
        triple("the nineties", "DATE", "199")
    );
}

#[test]
fn edges_of_years_and_of_parts_of_the_day() {
    assert_eq!(
        only("The deal was signed in mid-1996.", "1998-02-19"),
        triple("mid-1996", "DATE", "1996")
    );
    assert_eq!(
        only("The plane landed mid-afternoon yesterday.", "1998-02-19"),
        triple("mid-afternoon yesterday", "TIME", "1998-02-18TAF")
    );
    assert!(tagged("Scores were 1995-1996 and 2-1996.", "1998-02-19")
        .iter()
        .all(|(_, _, value)| value != "1996"));
}

#[test]
fn tense_decides_which_side_of_the_dct_a_bare_date_falls_on() {
    // 2019-10-28 is a Monday. March is seven months back and five ahead.
    assert_eq!(
        only("The chief executive resigned in March.", "2019-10-28"),
        triple("March", "DATE", "2019-03")
    );
    assert_eq!(
        only("The new line opens in March.", "2019-10-28"),
        triple("March", "DATE", "2020-03")
    );
    // A date a week ahead stays ahead even in a past-tense sentence.
    assert_eq!(
        only(
            "The court ruled that he must leave by Nov. 4.",
            "2019-10-28"
        ),
        triple("Nov. 4", "DATE", "2019-11-04")
    );
    // "is to" announces the future; "lower-than-expected" does not.
    assert_eq!(
        only("Trading in the shares is to resume Thursday.", "2019-10-28"),
        triple("Thursday", "DATE", "2019-10-31")
    );
    assert_eq!(
        only(
            "It posted lower-than-expected earnings Thursday.",
            "2019-10-28"
        ),
        triple("Thursday", "DATE", "2019-10-24")
    );
    assert_eq!(
        only("The offer had been due to expire Friday.", "2019-10-28"),
        triple("Friday", "DATE", "2019-10-25")
    );
}

#[test]
fn this_season_is_the_current_years_and_the_latest_period_the_reported_quarter() {
    assert_eq!(
        only("The band tours Europe this summer.", "2019-03-22"),
        triple("this summer", "DATE", "2019-SU")
    );
    assert_eq!(
        only("Heating bills rose this winter.", "2019-01-22"),
        triple("this winter", "DATE", "2018-WI")
    );
    let values: Vec<String> = tagged(
        "Acme reported on its second quarter. Sales in the latest period rose.",
        "2019-11-02",
    )
    .into_iter()
    .map(|(_, _, value)| value)
    .collect();
    assert_eq!(values, ["2019-Q2", "2019-Q2"]);
}

#[test]
fn ages_are_no_times_and_rates_per_unit_repeat() {
    assert!(tagged("Mr. Smith, 52 years old, will retire.", "2019-10-28").is_empty());
    assert!(tagged(
        "A 7-year-old girl and her 18-month-old brother met the 40-year-old club.",
        "2019-10-28"
    )
    .is_empty());
    assert_eq!(
        only("The plan saves $2 million a year.", "2019-10-28"),
        triple("a year", "SET", "P1Y")
    );
    // A comparison after an amount stays a date.
    assert_eq!(
        only(
            "Sales fell to $1.2 billion from $1.4 billion a year ago.",
            "2019-10-28"
        ),
        triple("a year ago", "DATE", "2018")
    );
}

#[test]
fn a_quarter_still_to_come_does_not_anchor_a_year_earlier() {
    let values: Vec<String> = tagged(
        "Acme's third-quarter profit fell. Analysts expect losses through the second quarter of 2020. \
         Sales dropped from a year ago.",
        "2019-10-28",
    )
    .into_iter()
    .map(|(_, _, value)| value)
    .collect();
    assert_eq!(values, ["2019-Q3", "2020-Q2", "2018-Q3"]);
}

#[test]
fn june_and_july_alone_are_months_but_abbreviations_alone_are_not() {
    assert_eq!(
        only("The factory reopened in June.", "2019-10-28"),
        triple("June", "DATE", "2019-06")
    );
    assert!(tagged("Dec sold the shop to Jan.", "2019-10-28").is_empty());
}

#[test]
fn a_quarter_of_last_or_next_year() {
    assert_eq!(
        only("Profit beat this year's second quarter.", "2019-10-28"),
        triple("this year's second quarter", "DATE", "2019-Q2")
    );
    assert_eq!(
        only(
            "Orders should pick up in next year's first quarter.",
            "2019-10-28"
        ),
        triple("next year's first quarter", "DATE", "2020-Q1")
    );
    assert_eq!(
        only("Sales trailed last year's quarter.", "2019-10-28"),
        triple("last year's quarter", "DATE", "2018-Q3")
    );
}

#[test]
fn amounts_keep_their_unit_across_more_and_trading() {
    assert_eq!(
        only("The lease runs for 20 more years.", "2019-10-28"),
        triple("20 more years", "DURATION", "P20Y")
    );
    assert_eq!(
        only("Shares fell for eight trading days.", "2019-10-28"),
        triple("eight trading days", "DURATION", "P8D")
    );
    assert_eq!(
        only("He asked for an additional year.", "2019-10-28"),
        triple("an additional year", "DURATION", "P1Y")
    );
}

#[test]
fn the_before_a_number_of_units_belongs_to_the_span() {
    assert_eq!(
        only("Profit rose 5% in the nine months.", "2019-10-28"),
        triple("the nine months", "DURATION", "P9M")
    );
    assert_eq!(
        only("It ends the 30-year lease.", "2019-10-28"),
        triple("30-year", "DURATION", "P30Y")
    );
}

#[test]
fn quarter_spans_follow_the_noun_phrase() {
    assert_eq!(
        only("It released the third-quarter results.", "2019-10-28"),
        triple("third-quarter", "DATE", "2019-Q3")
    );
    assert_eq!(
        only("Sales fell in the fiscal first quarter.", "2019-10-28"),
        triple("the fiscal first quarter", "DATE", "2019-Q1")
    );
}

#[test]
fn a_weekday_after_a_clock_time_reads_the_tense_before_the_whole_expression() {
    // 2019-04-24 is a Wednesday; "will" stands more than a dozen tokens before "Friday".
    assert_eq!(
        only(
            "The ferry will sail at dawn (6 a.m. EDT Friday), the captain said.",
            "2019-04-24"
        ),
        triple("6 a.m. EDT Friday", "TIME", "2019-04-26T06:00")
    );
    assert_eq!(
        only("The ferry sailed at 6 a.m. EDT Friday.", "2019-04-24"),
        triple("6 a.m. EDT Friday", "TIME", "2019-04-19T06:00")
    );
}

#[test]
fn recent_units_are_a_stretch_of_those_units_up_to_now() {
    assert_eq!(
        only("Rents have climbed in recent months.", "2019-05-02"),
        triple("recent months", "DURATION", "PXM")
    );
    assert_eq!(
        only("The river flooded twice in recent years.", "2019-05-02"),
        triple("recent years", "DURATION", "PXY")
    );
    // The word alone stays a vague reference to the past.
    assert_eq!(
        only(
            "The recent storms were the worst, and more came recently.",
            "2019-05-02"
        ),
        triple("recently", "DATE", "PAST_REF")
    );
    assert_eq!(
        only("Traffic may thin in the coming weeks.", "2019-05-02"),
        triple("the coming weeks", "DATE", "FUTURE_REF")
    );
}

#[test]
fn easter_is_the_computed_sunday_nearest_the_dct() {
    // Easter Sunday fell on 21 April 2019 and falls on 31 March 2024.
    assert_eq!(
        only("Pilgrims crowded the square on Easter.", "2019-04-25"),
        triple("Easter", "DATE", "2019-04-21")
    );
    assert_eq!(
        only("Shops will close on Easter Monday.", "2024-03-20"),
        triple("Easter Monday", "DATE", "2024-04-01")
    );
    assert_eq!(
        only("Markets slowed as Easter week began.", "2019-04-14"),
        triple("Easter week", "DATE", "2019-W16")
    );
    assert!(tagged("The ship reached Easter Island.", "2019-04-14").is_empty());
    assert!(tagged("They hid the easter eggs.", "2019-04-14").is_empty());
}

#[test]
fn a_year_after_pre_or_post_is_that_year() {
    assert_eq!(
        only("The post-1989 order is fraying.", "2019-04-14"),
        triple("1989", "DATE", "1989")
    );
    assert!(tagged("Scores ran 1995-1996 and -1996.", "2019-04-14").is_empty());
}

#[test]
fn a_season_after_a_preposition_of_time_but_not_a_fall_of_something() {
    assert_eq!(
        only("Demand stayed weak well into the summer.", "2019-10-02"),
        triple("the summer", "DATE", "2019-SU")
    );
    assert_eq!(
        only("Over the winter, the lake froze twice.", "2019-04-02"),
        triple("the winter", "DATE", "2018-WI")
    );
    assert!(tagged("Prices rose in the fall of the regime.", "2019-10-02").is_empty());
    assert_eq!(
        only("Prices rose in the fall of 1989.", "2019-10-02"),
        triple("the fall of 1989", "DATE", "1989-FA")
    );
}

#[test]
fn the_following_or_previous_unit_counts_from_the_time_last_named() {
    assert_eq!(
        tagged(
            "The mill closed in March 2001. The following month, its owner sold the land.",
            "2019-05-02"
        ),
        vec![
            triple("March 2001", "DATE", "2001-03"),
            triple("The following month", "DATE", "2001-04"),
        ]
    );
    assert_eq!(
        tagged(
            "She won in 1996 after losing the previous year.",
            "2019-05-02"
        ),
        vec![
            triple("1996", "DATE", "1996"),
            triple("the previous year", "DATE", "1995"),
        ]
    );
    // With no time named before, the DCT is the anchor.
    assert_eq!(
        only("The following week brought rain.", "2019-05-02"),
        triple("The following week", "DATE", "2019-W19")
    );
}

#[test]
fn the_early_hours_of_a_day_are_no_duration() {
    assert_eq!(
        only(
            "Police made the arrest in the early hours of Sunday.",
            "2019-05-02"
        ),
        triple("Sunday", "DATE", "2019-04-28")
    );
    assert_eq!(
        only("The search went on for hours.", "2019-05-02"),
        triple("hours", "DURATION", "PTXH")
    );
}

#[test]
fn a_day_spelled_as_an_ordinal_after_its_month() {
    assert_eq!(
        only("The march is planned for March eighth.", "2019-03-02"),
        triple("March eighth", "DATE", "2019-03-08")
    );
    assert_eq!(
        only("Polls close on May twenty-first.", "2019-05-02"),
        triple("May twenty-first", "DATE", "2019-05-21")
    );
    // An ordinal that is no day stays out of the date.
    assert_eq!(
        only("In January seventh-grade pupils returned.", "2019-03-02"),
        triple("January", "DATE", "2019-01")
    );
}

#[test]
fn a_clock_time_without_a_day_falls_on_the_day_last_named() {
    // 2021-06-10 is a Thursday; the story is about the Monday before.
    assert_eq!(
        tagged(
            "The ferry left the harbour on Monday. It sank at 11 p.m. near the reef.",
            "2021-06-10"
        ),
        vec![
            triple("Monday", "DATE", "2021-06-07"),
            triple("11 p.m.", "TIME", "2021-06-07T23:00"),
        ]
    );
    // With no day named before it, the clock time is on the DCT.
    assert_eq!(
        only("The polls close at 8 p.m. across the state.", "2021-06-10"),
        triple("8 p.m.", "TIME", "2021-06-10T20:00")
    );
}

#[test]
fn in_the_morning_is_part_of_the_day_last_named() {
    assert_eq!(
        tagged(
            "Shares slid on Tuesday. Traders sold heavily in the morning and bought back later.",
            "2021-06-10"
        ),
        vec![
            triple("Tuesday", "DATE", "2021-06-08"),
            triple("the morning", "TIME", "2021-06-08TMO"),
        ]
    );
    // The morning of an hour, or a morning that is no time at all.
    assert!(tagged("The train leaves at 5 in the morning.", "2021-06-10").is_empty());
    assert!(tagged("She reads the morning papers.", "2021-06-10").is_empty());
}

#[test]
fn so_long_later_or_earlier_is_a_length_counted_from_the_story() {
    assert_eq!(
        only(
            "The dam cracked. Two days later, the valley flooded.",
            "2022-03-01"
        ),
        triple("Two days", "DURATION", "P2D")
    );
    assert_eq!(
        only("A few weeks later, the mayor resigned.", "2022-03-01"),
        triple("A few weeks", "DURATION", "PXW")
    );
    assert_eq!(
        only("An hour earlier, police had closed the road.", "2022-03-01"),
        triple("An hour", "DURATION", "PT1H")
    );
    // A year earlier in a report is the year compared with; "ago" counts from the DCT.
    assert_eq!(
        only("Revenue rose from $4 million a year earlier.", "2022-03-01"),
        triple("a year earlier", "DATE", "2021")
    );
    assert_eq!(
        only("The dam cracked two days ago.", "2022-03-01"),
        triple("two days ago", "DATE", "2022-02-27")
    );
}

#[test]
fn a_date_right_after_effective_is_when_something_takes_effect_ahead() {
    // Nearest would be last June; "effective" announces the coming one.
    assert_eq!(
        only(
            "The union signed a wage deal effective June 1.",
            "2022-10-20"
        ),
        triple("June 1", "DATE", "2023-06-01")
    );
    // Elsewhere in the sentence "effective" is just a word.
    assert_eq!(
        only(
            "The vaccine proved effective, the lab said Monday.",
            "2022-10-20"
        ),
        triple("Monday", "DATE", "2022-10-17")
    );
}

#[test]
fn a_couple_of_units_is_two_after_next_or_past_too() {
    assert_eq!(
        only(
            "Prices should ease over the next couple of months.",
            "2022-10-20"
        ),
        triple("the next couple of months", "DURATION", "P2M")
    );
    assert_eq!(
        only(
            "The plant was idle for the past couple of weeks.",
            "2022-10-20"
        ),
        triple("the past couple of weeks", "DURATION", "P2W")
    );
}

#[test]
fn year_end_after_a_preposition_is_the_end_of_the_year() {
    assert_eq!(
        only("The merger should close by year-end.", "2022-10-20"),
        triple("year-end", "DATE", "2022")
    );
    assert_eq!(
        only("Staff cuts will be done by year's end.", "2022-10-20"),
        triple("year's end", "DATE", "2022")
    );
    assert_eq!(
        only("The index has gained 4% since year end.", "2022-10-20"),
        triple("year end", "DATE", "2021")
    );
    // A modifier of a noun is no time of the story.
    assert!(tagged("The year-end bonus was cut.", "2022-10-20").is_empty());
}

#[test]
fn these_days_is_nowadays() {
    assert_eq!(
        only("Few people write letters these days.", "2022-10-20"),
        triple("these days", "DATE", "PRESENT_REF")
    );
    assert_eq!(
        only("He spent these days of the siege indoors.", "2022-10-20"),
        triple("days", "DURATION", "PXD")
    );
}

#[test]
fn the_previous_or_following_weekday_counts_from_the_day_last_named() {
    // 2022-10-24 is a Monday; the story is about Friday the 21st.
    assert_eq!(
        tagged(
            "Stocks fell on Friday, down 2% from the previous Friday.",
            "2022-10-24"
        ),
        vec![
            triple("Friday", "DATE", "2022-10-21"),
            triple("the previous Friday", "DATE", "2022-10-14"),
        ]
    );
    // "last Friday" still counts from the DCT.
    assert_eq!(
        tagged(
            "Stocks fell on Wednesday and rose last Friday.",
            "2022-10-24"
        ),
        vec![
            triple("Wednesday", "DATE", "2022-10-19"),
            triple("last Friday", "DATE", "2022-10-21"),
        ]
    );
}

#[test]
fn the_next_day_counts_from_the_day_last_named() {
    assert_eq!(
        tagged(
            "The suspect was arrested on Monday and charged the next day.",
            "2022-10-27"
        ),
        vec![
            triple("Monday", "DATE", "2022-10-24"),
            triple("the next day", "DATE", "2022-10-25"),
        ]
    );
    // With no day named before, it is the day after the DCT.
    assert_eq!(
        only("Results are due the next day.", "2022-10-27"),
        triple("the next day", "DATE", "2022-10-28")
    );
}

#[test]
fn a_past_form_pulls_a_month_without_a_year_well_back() {
    // Nine months back under "ended" beats three months ahead.
    assert_eq!(
        only(
            "In the period that ended Jan. 31, the chain lost money.",
            "2022-10-28"
        ),
        triple("Jan. 31", "DATE", "2022-01-31")
    );
    // Without a verb in the past, the nearest occurrence stays.
    assert_eq!(
        only(
            "The chain reports its results for Jan. 31 soon.",
            "2022-10-28"
        ),
        triple("Jan. 31", "DATE", "2023-01-31")
    );
}

#[test]
fn would_looks_ahead_but_not_over_a_possessive_weekday_or_would_have() {
    // 2022-10-26 is a Wednesday.
    assert_eq!(
        only(
            "Aides said the envoy would fly to Cairo Friday.",
            "2022-10-26"
        ),
        triple("Friday", "DATE", "2022-10-28")
    );
    assert_eq!(
        only(
            "Lawyers said they would appeal Monday's ruling.",
            "2022-10-26"
        ),
        triple("Monday", "DATE", "2022-10-24")
    );
    assert_eq!(
        only("The vote would have passed Tuesday.", "2022-10-26"),
        triple("Tuesday", "DATE", "2022-10-25")
    );
}

#[test]
fn the_nth_day_of_something_in_the_present_is_today() {
    assert_eq!(
        tagged("Today is the fifth day of the strike.", "2022-10-26"),
        vec![
            triple("Today", "DATE", "2022-10-26"),
            triple("the fifth day", "DATE", "2022-10-26"),
        ]
    );
    assert_eq!(
        only("It's the second day of talks in Geneva.", "2022-10-26"),
        triple("the second day", "DATE", "2022-10-26")
    );
    // A day of a month is no such thing, nor a day told in the past.
    assert!(tagged("It was the third day of fighting.", "2022-10-26").is_empty());
}

#[test]
fn that_year_is_the_year_last_named() {
    assert_eq!(
        tagged(
            "The mine opened in 1994. Exports doubled that year.",
            "2022-10-26"
        ),
        vec![
            triple("1994", "DATE", "1994"),
            triple("that year", "DATE", "1994"),
        ]
    );
    // With no time named before it, "that year" is left alone.
    assert!(tagged("Exports doubled that year.", "2022-10-26").is_empty());
}

#[test]
fn a_capitalised_day_word_after_a_name_is_part_of_the_name() {
    assert!(tagged("She told USA Today about the plan.", "2022-10-26").is_empty());
    assert_eq!(
        only("Markets were calm. Today the bank cut rates.", "2022-10-26"),
        triple("Today", "DATE", "2022-10-26")
    );
    assert_eq!(
        only(
            "The minister said today that talks would resume.",
            "2022-10-26"
        ),
        triple("today", "DATE", "2022-10-26")
    );
}

#[test]
fn of_tomorrow_is_the_future_at_large() {
    assert!(tagged("They are the leaders of tomorrow.", "2022-10-26").is_empty());
    assert_eq!(
        only("As of today, the rule applies.", "2022-10-26"),
        triple("today", "DATE", "2022-10-26")
    );
}

#[test]
fn a_month_after_annual_names_an_event() {
    assert!(tagged("Thousands joined the annual March for Peace.", "2022-10-26").is_empty());
    assert_eq!(
        only("Thousands marched in March for peace.", "2022-10-26"),
        triple("March", "DATE", "2022-03")
    );
}

#[test]
fn then_current_is_a_past_present() {
    assert_eq!(
        only(
            "Members could buy seats at the then current fare.",
            "2021-06-09"
        ),
        triple("then current", "DATE", "PAST_REF")
    );
    assert_eq!(
        only("The then-current rules let them stay.", "2021-06-09"),
        triple("then-current", "DATE", "PAST_REF")
    );
    assert_eq!(
        only("The current rules let them stay.", "2021-06-09"),
        triple("current", "DATE", "PRESENT_REF")
    );
}

#[test]
fn a_matter_of_days_is_no_stretch_of_days() {
    assert!(tagged("The bridge will reopen in a matter of days.", "2021-06-09").is_empty());
    assert!(tagged(
        "It was a matter of hours before the dam broke.",
        "2021-06-09"
    )
    .is_empty());
    assert_eq!(
        only("The bridge was closed for days.", "2021-06-09"),
        triple("days", "DURATION", "PXD")
    );
}

#[test]
fn the_period_a_year_ago_is_one_expression_a_year_before_the_reported_quarter() {
    let text =
        "The mill earned $4 million in the third quarter. For the quarter a year ago, it lost \
                $1 million; sales matched the corresponding period last year.";
    assert_eq!(
        tagged(text, "2021-11-03"),
        [
            triple("the third quarter", "DATE", "2021-Q3"),
            triple("the quarter a year ago", "DATE", "2020-Q3"),
            triple("the corresponding period last year", "DATE", "2020-Q3"),
        ]
    );
    // Without a quarter named, the year before the DCT's.
    assert_eq!(
        only(
            "Costs rose from the same period a year earlier.",
            "2021-11-03"
        ),
        triple("the same period a year earlier", "DATE", "2020")
    );
}

#[test]
fn a_date_after_ended_is_on_or_before_the_dct() {
    // Nine months back, three ahead: the period is over, so the past one.
    assert_eq!(
        tagged(
            "Sales grew 5% in the fiscal year ended Jan. 31, the retailer said.",
            "2019-10-31"
        )[1],
        triple("Jan. 31", "DATE", "2019-01-31")
    );
    // Four days ahead this year: the quarter that has ended is last year's.
    assert_eq!(
        tagged(
            "For the second quarter ended on Oct. 31, the chain lost money.",
            "2019-10-27"
        )[1],
        triple("Oct. 31", "DATE", "2018-10-31")
    );
    // Without "ended" the nearer occurrence stands.
    assert_eq!(
        only("The store reopens Jan. 31.", "2019-10-31"),
        triple("Jan. 31", "DATE", "2020-01-31")
    );
}

#[test]
fn one_day_after_a_modal_is_some_time_ahead() {
    assert_eq!(
        only("Solar power could one day replace coal.", "2019-04-26"),
        triple("one day", "DATE", "FUTURE_REF")
    );
    assert_eq!(
        only("The vote took one day.", "2019-04-26"),
        triple("one day", "DURATION", "P1D")
    );
}

#[test]
fn a_year_earlier_after_a_percentage_is_a_date_not_a_rate() {
    assert_eq!(
        only("Margins were 12%, against 9% a year earlier.", "2019-04-26"),
        triple("a year earlier", "DATE", "2018")
    );
    assert_eq!(
        only("Rents rise 3% a year.", "2019-04-26"),
        triple("a year", "SET", "P1Y")
    );
}

#[test]
fn the_past_before_a_count_of_something_else_is_not_the_past_at_large() {
    assert!(tagged("Riots broke out in the past three summers.", "2019-04-26").is_empty());
    assert_eq!(
        only("Those rules belong to the past.", "2019-04-26"),
        triple("the past", "DATE", "PAST_REF")
    );
    assert_eq!(
        only("Prices fell over the past three years.", "2019-04-26"),
        triple("the past three years", "DURATION", "P3Y")
    );
}

#[test]
fn a_second_before_a_hyphen_is_the_ordinal_of_a_compound() {
    assert_eq!(
        only("The chain posted a second-quarter loss.", "2019-10-15"),
        triple("second-quarter", "DATE", "2019-Q2")
    );
    assert!(tagged("She hid in a second-floor office.", "2019-10-15").is_empty());
    assert_eq!(
        only("Wait a second, he said.", "2019-10-15"),
        triple("a second", "DURATION", "PT1S")
    );
}

#[test]
fn a_capitalised_daily_or_weekly_inside_a_name_is_a_publication() {
    assert!(tagged(
        "A witness told the Anchorage Daily News and Publishers Weekly about it.",
        "2019-10-15"
    )
    .is_empty());
    assert_eq!(
        only("Daily protests continued.", "2019-10-15"),
        triple("Daily", "SET", "P1D")
    );
    assert_eq!(
        only("The paper is published daily.", "2019-10-15"),
        triple("daily", "SET", "P1D")
    );
}

#[test]
fn the_day_before_or_after_a_day_is_one_expression_a_day_off() {
    // 2000-02-24 is a Thursday.
    assert_eq!(
        only("They met the day before yesterday.", "2000-02-24"),
        triple("the day before yesterday", "DATE", "2000-02-22")
    );
    assert_eq!(
        only(
            "The day before last Tuesday's hearing, the uncle called.",
            "2000-02-24"
        ),
        triple("The day before last Tuesday", "DATE", "2000-02-21")
    );
    assert_eq!(
        only("Shops reopen the day after Christmas.", "2000-12-01"),
        triple("the day after Christmas", "DATE", "2000-12-26")
    );
    // An event is no day the rule can count from.
    assert!(tagged("It rained the day before the crash.", "2000-02-24").is_empty());
}

#[test]
fn last_or_next_before_a_holiday_picks_the_side_of_the_dct() {
    // In November the nearest Christmas is the coming one; "last Christmas" is the one before.
    assert_eq!(
        only("They married last Christmas.", "2000-11-20"),
        triple("last Christmas", "DATE", "1999-12-25")
    );
    assert_eq!(
        only("He was found last Thanksgiving.", "2000-02-10"),
        triple("last Thanksgiving", "DATE", "1999-11-25")
    );
    assert_eq!(
        only("The shop opens next Christmas Eve.", "2000-12-26"),
        triple("next Christmas Eve", "DATE", "2001-12-24")
    );
    assert_eq!(
        only("Sales slowed before Christmas.", "2000-11-20"),
        triple("Christmas", "DATE", "2000-12-25")
    );
}

#[test]
fn the_extent_keeps_the_determiner_of_previous_following_past_and_coming() {
    // 2000-02-24 is a Thursday.
    assert_eq!(
        only("He spoke this past weekend.", "2000-02-24"),
        triple("this past weekend", "DATE", "2000-W07-WE")
    );
    assert_eq!(
        only("Shares closed below the previous Friday.", "2000-02-24"),
        triple("the previous Friday", "DATE", "2000-02-18")
    );
    assert_eq!(
        only("The fair opens this coming Sunday.", "2000-02-24"),
        triple("this coming Sunday", "DATE", "2000-02-27")
    );
}

#[test]
fn the_last_or_latter_half_of_a_year_is_its_second_half() {
    assert_eq!(
        only("Profit will fall in the last half of 1989.", "1989-10-26"),
        triple("the last half of 1989", "DATE", "1989-H2")
    );
    assert_eq!(
        only("Sales rose in the latter half of 1988.", "1989-10-26"),
        triple("the latter half of 1988", "DATE", "1988-H2")
    );
    // Without a year it may be the half of a game.
    assert!(tagged("They scored in the last half.", "1989-10-26").is_empty());
}

#[test]
fn a_text_ending_in_the_day_before_or_after_is_no_expression() {
    for text in [
        "He left the day before",
        "They came the day after",
        "the day",
    ] {
        assert!(tagged(text, "2000-01-01").is_empty(), "{text:?}");
    }
}

#[test]
fn a_text_may_begin_with_a_plural_unit() {
    assert_eq!(
        only("Weeks passed.", "2000-01-01"),
        triple("Weeks", "DURATION", "PXW")
    );
}
