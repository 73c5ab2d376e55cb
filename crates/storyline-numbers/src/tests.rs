use super::*;

fn only(text: &str) -> Quantity {
    let found = find_quantities(text);
    assert_eq!(found.len(), 1, "{text:?} → {found:#?}");
    found.into_iter().next().unwrap()
}

const HOUR: f64 = 3_600.0;

#[test]
fn qualified_durations_become_intervals_in_seconds() {
    let q = only("The talks lasted more than five hours on Wednesday.");
    assert_eq!(
        (q.kind, q.qualifier, q.value),
        (QuantityKind::Duration, Qualifier::MoreThan, Some(5.0))
    );
    assert_eq!(q.text, "more than five hours");
    assert_eq!(
        q.interval,
        Interval {
            min: 5.0 * HOUR,
            max: None
        }
    );
    assert_eq!(q.noun.as_deref(), Some("talks"));

    let q = only("They held a more than five-hour-long meeting.");
    assert_eq!(q.text, "more than five-hour-long");
    assert_eq!(
        (q.qualifier, q.unit.as_deref()),
        (Qualifier::MoreThan, Some("hour"))
    );
    assert_eq!(q.noun.as_deref(), Some("meeting"));

    let q = only("The meeting went on for almost an hour and a half.");
    assert_eq!((q.qualifier, q.value), (Qualifier::Almost, Some(1.5)));
    assert!((q.interval.min - 0.8 * 1.5 * HOUR).abs() < 1e-6);
    assert_eq!(q.interval.max, Some(1.5 * HOUR));

    let q = only("Their talks lasted three and a half hours.");
    assert_eq!((q.qualifier, q.value), (Qualifier::Exact, Some(3.5)));
    assert_eq!(q.interval.min, 3.5 * HOUR);

    let q = only("The leaders spoke for several hours.");
    assert_eq!((q.qualifier, q.value), (Qualifier::Vague, None));
    assert_eq!(
        q.interval,
        Interval {
            min: 3.0 * HOUR,
            max: Some(9.0 * HOUR)
        }
    );

    let q = only("It took half an hour.");
    assert_eq!(q.interval.min, 0.5 * HOUR);
}

#[test]
fn sources_that_can_both_be_right_overlap_and_others_do_not() {
    let several = only("talks lasted several hours").interval;
    let more_than_five = only("talks lasted more than five hours").interval;
    let almost_one = only("talks lasted almost an hour").interval;
    let two = only("talks lasted two hours").interval;
    assert!(several.overlaps(&more_than_five, 0.0));
    assert!(!almost_one.overlaps(&more_than_five, 0.0));
    assert!(!two.overlaps(&more_than_five, 0.1));
    assert!(two.overlaps(&only("talks lasted about two hours").interval, 0.0));
}

#[test]
fn counts_name_what_they_count() {
    let q = only("Police said 300 people were evacuated.");
    assert_eq!(
        (q.kind, q.value, q.noun.as_deref()),
        (QuantityKind::Count, Some(300.0), Some("people"))
    );
    let q = only("At least 12 Palestinian civilians died.");
    assert_eq!(
        (q.qualifier, q.noun.as_deref()),
        (Qualifier::AtLeast, Some("civilians"))
    );
    let q = only("Dozens of protesters gathered.");
    assert_eq!(
        (q.qualifier, q.noun.as_deref()),
        (Qualifier::Vague, Some("protesters"))
    );
    assert_eq!(q.interval.min, 24.0);
    let q = only("between 10 and 20 ships");
    assert_eq!(
        (q.qualifier, q.interval),
        (
            Qualifier::Range,
            Interval {
                min: 10.0,
                max: Some(20.0)
            }
        )
    );
    let q = only("two thousand three hundred and twelve soldiers");
    assert_eq!(q.value, Some(2312.0));
    let q = only("twenty-five journalists");
    assert_eq!(q.value, Some(25.0));
    let q = only("1,200 homes or more");
    assert_eq!((q.value, q.noun.as_deref()), (Some(1200.0), Some("homes")));
}

#[test]
fn money_percentages_and_ages() {
    let q = only("The club paid $5m for the striker.");
    assert_eq!(
        (q.kind, q.value, q.unit.as_deref()),
        (QuantityKind::Money, Some(5e6), Some("USD"))
    );
    assert_eq!(q.noun.as_deref(), Some("striker"));
    let q = only("a loan of 2.5 billion euros");
    assert_eq!(
        (q.kind, q.value, q.unit.as_deref()),
        (QuantityKind::Money, Some(2.5e9), Some("EUR"))
    );
    let q = only("turnout was about 64 per cent of voters");
    assert_eq!(
        (q.kind, q.qualifier, q.value),
        (QuantityKind::Percent, Qualifier::About, Some(64.0))
    );
    assert_eq!(q.noun.as_deref(), Some("voters"));
    let q = only("Inflation hit 2,5% in May");
    assert_eq!(q.value, Some(2.5));
    let q = only("the climbers fell about 600m");
    assert_eq!(
        (q.kind, q.unit.as_deref(), q.value),
        (QuantityKind::Length, Some("metre"), Some(600.0))
    );
    let q = only("a 34-year-old man was arrested");
    assert_eq!(
        (q.kind, q.value, q.noun.as_deref()),
        (QuantityKind::Age, Some(34.0), Some("man"))
    );
}

#[test]
fn dates_times_years_and_names_are_not_quantities() {
    for text in [
        "On May 5, 2019 the summit opened at 3 p.m.",
        "The G20 met in 2023 after COVID-19.",
        "He finished 3rd on 12 March at 15:30.",
        "Two years ago one of them left.",
        "One Australian and ONE News reported it.",
    ] {
        let found = find_quantities(text);
        assert!(found.is_empty(), "{text:?} → {found:#?}");
    }
}

#[test]
fn offsets_are_code_points() {
    let text = "Überraschung: 40 Häuser — über 5 Stunden; cost €3bn.";
    let found = find_quantities(text);
    let money = found
        .iter()
        .find(|q| q.kind == QuantityKind::Money)
        .unwrap();
    let chars: Vec<char> = text.chars().collect();
    let slice: String = chars[money.start..money.end].iter().collect();
    assert_eq!(slice, money.text);
    assert_eq!(money.text, "€3bn");
    assert_eq!(money.value, Some(3e9));
}

#[test]
fn any_input_is_read_without_panicking() {
    for text in [
        "",
        "-",
        "$",
        "1,",
        "a",
        "and a half",
        "between 5 and",
        "\u{0}9\u{300}%",
        "1e308 1e309 people",
        "99999999999999999999999 hours",
    ] {
        let _ = find_quantities(text);
    }
}
