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
    eprintln!("{:#?}", evidence::gather(&html));
    if std::env::var("TOKENS").is_ok() {
        for token in markup::Tokens::new(&html) {
            let text = format!("{token:?}");
            eprintln!("TOKEN {}", text.chars().take(150).collect::<String>());
        }
    }
}
