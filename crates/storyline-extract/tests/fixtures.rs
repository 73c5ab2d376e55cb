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
