use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn url_dates() {
    assert_eq!(date_in_url("https://example.org/2019/03/12/a-story"), Some(day(2019, 3, 12)));
    assert_eq!(date_in_url("https://example.org/news/2019-3-2-story.html"), Some(day(2019, 3, 2)));
    assert_eq!(date_in_url("https://example.org/a/20190312/story"), Some(day(2019, 3, 12)));
    assert_eq!(date_in_url("https://example.org/2019/03/story"), None);
    assert_eq!(date_in_url("https://example.org/article123456789/x"), None);
}

#[test]
#[ignore]
fn debug_page() {
    use std::io::Read;
    let path = std::env::var("PAGE").unwrap();
    let mut html = Vec::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_end(&mut html)
        .unwrap();
    let html = rs_trafilatura::encoding::transcode_to_utf8(&html);
    let found = evidence::gather(&html);
    eprintln!("JSONLD {:?}\nMETA {:?}\nMOD {:?} {:?}\nTITLE {:?}", found.json_ld, found.meta, found.json_ld_modified, found.meta_modified, found.title_position);
    for m in &found.markup {
        eprintln!("MARKUP {} {:?} boiler={}", m.date.day, m.role, m.boilerplate);
    }
    for t in &found.text {
        eprintln!("TEXT {} {:?} date_el={} pos={} dist={}", t.date.day, t.role, t.in_date_element, t.position, found.distance_to_title(t.position));
    }
    if std::env::var("TOKENS").is_ok() {
        for token in markup::Tokens::new(&html) {
            let text = format!("{token:?}");
            eprintln!("TOKEN {}", text.chars().take(150).collect::<String>());
        }
    }
}
