//! Any text through the date readers: no panic, and every written date found lies on character boundaries
//! of the text it was found in.
#![no_main]

use libfuzzer_sys::fuzz_target;
use storyline_extract::{find_dates, parse_machine_date, DayOrder};

fuzz_target!(|text: &str| {
    let _ = parse_machine_date(text);
    for order in [DayOrder::DayFirst, DayOrder::MonthFirst] {
        for found in find_dates(text, order) {
            assert!(found.start < found.end);
            assert!(text.get(found.start..found.end).is_some());
        }
    }
});
