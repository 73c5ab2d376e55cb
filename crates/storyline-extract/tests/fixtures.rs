//! Pages written for these tests (invented text): what `extract` must find in them and what it must leave out.

use storyline_extract::{extract, Format, Limits};
use storyline_model::{Article, PublishedSource};

fn page(name: &str) -> Article {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let bytes = std::fs::read(&path).unwrap();
    let mut out = extract(name, &bytes, Format::Html, false, Limits::default());
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    out.articles.pop().unwrap()
}

#[test]
fn boilerplate_around_the_story_is_left_out() {
    let article = page("boilerplate.html");
    let paragraphs: Vec<&str> = article.text.split("\n\n").collect();
    assert!(paragraphs[0].starts_with("The island ferry sailed again"));
    assert!(article.text.contains("Harbour master Odile Brant said"));
    assert!(
        article.text.contains("Timetable changes"),
        "subheadings stay"
    );
    assert!(article
        .text
        .ends_with("including medical supplies for the island clinic."));
    for boilerplate in [
        "Home",
        "Search",
        "Share on Facebook",
        "Storm closes the strait",
        "About time!",
        "Most read",
        "Lighthouse keeper",
        "All rights reserved",
        "not text",
        "Photo: Gazette staff",
    ] {
        assert!(
            !article.text.contains(boilerplate),
            "{boilerplate:?} in {}",
            article.text
        );
    }
    assert_eq!(
        article.removed_lines,
        ["Subscribe to our newsletter for the latest island news."]
    );
}

#[test]
fn head_metadata_is_read() {
    let article = page("boilerplate.html");
    assert_eq!(article.id, "boilerplate");
    assert_eq!(article.title, "Ferry service resumes after storm");
    assert_eq!(article.outlet.as_deref(), Some("Harbour Gazette"));
    assert_eq!(
        article.url.as_deref(),
        Some("https://gazette.example/news/ferry-resumes")
    );
    assert_eq!(article.author.as_deref(), Some("Ines Marlow"));
    assert_eq!(article.language.as_deref(), Some("en"));
    assert_eq!(
        article.published.unwrap().to_string(),
        "2024-02-07T08:15:00Z"
    );
    assert_eq!(article.published_source, Some(PublishedSource::Meta));
}

#[test]
fn a_latin1_page_declared_late_is_decoded() {
    let article = page("german-latin1.html");
    // The headline, without the site name that `<title>` appends.
    assert_eq!(
        article.title,
        "Stadtrat beschließt neue Brücke über die Weser"
    );
    assert_eq!(article.outlet.as_deref(), Some("Weserbote"));
    assert!(article
        .text
        .starts_with("Nach monatelanger Debatte hat der Stadtrat"));
    assert!(article.text.contains("großen Schritt für die Stadtteile"));
    assert!(article.text.contains("Frühjahr 2026"));
    assert!(!article.text.contains('\u{fffd}'));
    assert!(!article.text.contains("Impressum"));
    assert!(!article.text.contains("Startseite"));
}

#[test]
fn json_ld_gives_metadata_and_keeps_the_body_honest() {
    let article = page("jsonld.html");
    assert_eq!(
        article.title,
        "Observatory names new comet after retired teacher"
    );
    assert_eq!(article.author.as_deref(), Some("Tomas Reyes, Alma Stroud"));
    assert_eq!(article.outlet.as_deref(), Some("Skywatch Magazine"));
    assert_eq!(article.language.as_deref(), Some("en"));
    assert_eq!(
        article.url.as_deref(),
        Some("https://skywatch.example/2023/11/05/observatory-names-comet")
    );
    assert_eq!(
        article.published.unwrap().to_string(),
        "2023-11-05T18:40:00Z"
    );
    assert_eq!(article.published_source, Some(PublishedSource::JsonLd));
    // The promotion inside the story container is not in the publisher's own article body.
    assert_eq!(article.text.split("\n\n").count(), 3, "{}", article.text);
    assert!(!article.text.contains("star guide"));
}

/// What a reader of each page sees as its headline, first and last paragraph and date.
struct Expected {
    file: &'static str,
    title: &'static str,
    outlet: &'static str,
    language: &'static str,
    first: &'static str,
    last: &'static str,
    day: &'static str,
    left_out: &'static [&'static str],
}

fn check(expected: &Expected) {
    let article = page(expected.file);
    let file = expected.file;
    assert_eq!(article.title, expected.title, "{file}");
    assert_eq!(article.outlet.as_deref(), Some(expected.outlet), "{file}");
    assert_eq!(
        article.language.as_deref(),
        Some(expected.language),
        "{file}"
    );
    assert!(
        article.text.starts_with(expected.first),
        "{file}: {}",
        article.text
    );
    assert!(
        article.text.ends_with(expected.last),
        "{file}: {}",
        article.text
    );
    assert!(!article.text.contains('\u{fffd}'), "{file}");
    for boilerplate in expected.left_out {
        assert!(
            !article.text.contains(boilerplate),
            "{file}: {boilerplate:?}"
        );
    }
    assert_eq!(
        article.published.unwrap().to_string(),
        expected.day,
        "{file}"
    );
    assert_eq!(
        article.published_source,
        Some(PublishedSource::Text),
        "{file}"
    );
}

#[test]
fn a_russian_page_in_windows_1251_with_a_cyrillic_date() {
    check(&Expected {
        file: "russian-windows1251.html",
        title: "Новый мост через Волгу откроют весной",
        outlet: "Волжский вестник",
        language: "ru",
        first: "Строители завершили укладку последнего пролёта",
        last: "занимает у них около часа.",
        day: "2024-03-14",
        left_out: &[
            "Главная",
            "Читайте также",
            "Паром",
            "Опубликовано",
            "права защищены",
        ],
    });
}

#[test]
fn a_chinese_page_in_gbk_with_a_year_month_day_date() {
    check(&Expected {
        file: "chinese-gbk.html",
        title: "江边新图书馆正式开放",
        outlet: "江城日报",
        language: "zh",
        first: "经过三年建设，位于江边公园北侧的新图书馆",
        last: "周一闭馆。",
        day: "2023-09-08",
        left_out: &["首页", "相关新闻", "老城区", "发布时间", "版权所有"],
    });
}

#[test]
fn a_french_page_with_a_french_byline_date() {
    check(&Expected {
        file: "french.html",
        title: "La ville inaugure sa nouvelle piscine",
        outlet: "Le Courrier du Lac",
        language: "fr",
        first: "Après deux ans de travaux, la nouvelle piscine",
        last: "venue avec ses enfants.",
        day: "2022-02-03",
        left_out: &["Accueil", "Publié le", "Mentions légales"],
    });
}
