use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn page(head: &str, body: &str) -> String {
    format!("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>A story</title>{head}</head><body>{body}</body></html>")
}

fn found(html: &str, url: Option<&str>) -> (NaiveDate, DateSource) {
    let found = find_publication_date(html, url).expect("a date");
    (found.day, found.source)
}

const ARTICLE: &str = "<article><h1>Harbour reopens after the storm</h1><p>Boats left the harbour again on the first calm morning, the port office said.</p></article>";

#[test]
fn json_ld_date_published_with_its_offset() {
    let html = page(
        r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
            {"@type":"WebPage","datePublished":"2018-01-01"},
            {"@type":"NewsArticle","headline":"Harbour","datePublished":"2019-03-12T23:30:00+01:00","dateModified":"2019-03-14T08:00:00+01:00"}]}</script>"#,
        ARTICLE,
    );
    let date = find_publication_date(&html, None).unwrap();
    assert_eq!(
        (date.day, date.source),
        (day(2019, 3, 12), DateSource::JsonLd)
    );
    assert_eq!(date.at.unwrap().to_rfc3339(), "2019-03-12T23:30:00+01:00");
    assert_eq!(date.published().to_string(), "2019-03-12T22:30:00Z");
    assert_eq!(DateSource::JsonLd.as_str(), "json-ld");
}

#[test]
fn meta_published_time_not_the_modified_time() {
    let html = page(
        r#"<meta property="article:modified_time" content="2021-06-05T10:00:00+02:00">
           <meta property="article:published_time" content="2021-06-01T09:00:00+02:00">"#,
        ARTICLE,
    );
    assert_eq!(found(&html, None), (day(2021, 6, 1), DateSource::Meta));
}

#[test]
fn time_elements_and_microdata() {
    let html = page(
        "",
        r#"<article><h1>Harbour</h1><p class="byline">By A. Writer, <time datetime="2020-11-02T07:15:00Z" pubdate>2 Nov</time></p><p>Text.</p></article>"#,
    );
    assert_eq!(
        found(&html, None),
        (day(2020, 11, 2), DateSource::TimeElement)
    );
    let html = page(
        "",
        r#"<article><h1>Harbour</h1><span itemprop="dateModified" content="2020-12-01"></span><span itemprop="datePublished" content="2020-11-03"></span></article>"#,
    );
    assert_eq!(
        found(&html, None),
        (day(2020, 11, 3), DateSource::TimeElement)
    );
}

#[test]
fn the_url_path_and_the_canonical_link() {
    let html = page("", ARTICLE);
    assert_eq!(
        found(
            &html,
            Some("https://news.example/2017/08/21/harbour-reopens")
        ),
        (day(2017, 8, 21), DateSource::Url)
    );
    let html = page(
        r#"<link rel="canonical" href="https://news.example/2017-08-22/harbour">"#,
        ARTICLE,
    );
    assert_eq!(found(&html, None), (day(2017, 8, 22), DateSource::Url));
}

#[test]
fn written_dates_in_german_french_and_english_bylines() {
    let cases = [
        (
            "de",
            "<p class=\"autor\">Von Anna Beispiel. Veröffentlicht am 12. März 2019, 10:15 Uhr</p>",
            day(2019, 3, 12),
        ),
        ("de", "<p>Stand: 04.02.2021</p>", day(2021, 2, 4)),
        (
            "fr",
            "<p>Publié le 1er mai 2018 à 08h00</p>",
            day(2018, 5, 1),
        ),
        (
            "fr",
            "<div class=\"date\">3 février 2020</div>",
            day(2020, 2, 3),
        ),
        (
            "en",
            "<p>Posted on March 12th, 2019 by the editors</p>",
            day(2019, 3, 12),
        ),
        (
            "en-GB",
            "<span class=\"date\">03/12/2019</span>",
            day(2019, 12, 3),
        ),
        (
            "en-US",
            "<span class=\"date\">03/12/2019</span>",
            day(2019, 3, 12),
        ),
    ];
    for (lang, byline, expected) in cases {
        let html = format!(
            "<html lang=\"{lang}\"><body><h1>Titel</h1>{byline}<p>Der Hafen ist wieder offen; le port est ouvert.</p></body></html>"
        );
        assert_eq!(
            found(&html, None),
            (expected, DateSource::Text),
            "{lang}: {byline}"
        );
    }
}

#[test]
fn expiry_dates_in_scripts_and_copyright_years_are_never_taken() {
    let html = page(
        r#"<script>document.cookie = "consent=1; expires=Thu, 01 Jan 2037 00:00:00 GMT"; var validUntil = "2030-06-30";</script>"#,
        r#"<article><h1>Harbour</h1><p>Boats left the harbour.</p></article><footer>© 2023 Example Herald · Copyright 2022</footer>"#,
    );
    assert_eq!(find_publication_date(&html, None), None);
    let html = page(
        "",
        r#"<h1>Harbour</h1><p>Gültig bis 31.12.2030. Erstellt am 15.05.2020</p><footer><p>Letzte Änderung 01.01.2024</p></footer>"#,
    );
    assert_eq!(found(&html, None), (day(2020, 5, 15), DateSource::Text));
}

#[test]
fn an_updated_date_beside_the_original_loses() {
    let cases = [
        "<p>Updated: June 5, 2021</p><p>Published: June 1, 2021</p>",
        "<p>Aktualisiert am 05.06.2021 — erstellt am 01.06.2021</p>",
        "<p>Mis à jour le 5 juin 2021</p><p>Publié le 1 juin 2021</p>",
        "<p><span class=\"updated\">5 June 2021</span> <span class=\"published\">1 June 2021</span></p>",
    ];
    for byline in cases {
        let html = page("", &format!("<h1>Harbour</h1>{byline}<p>Boats left.</p>"));
        assert_eq!(found(&html, None).0, day(2021, 6, 1), "{byline}");
    }
}

#[test]
fn dates_in_comments_and_navigation_are_not_the_article_s() {
    let html = page(
        "",
        r#"<nav><a href="/a">Older story</a> <span class="date">02.01.2019</span></nav>
           <h1>Harbour</h1><div class="meta">14.02.2019</div><p>Boats left.</p>
           <ol class="comment-list"><li>Posted on 20.02.2019 by a reader</li></ol>"#,
    );
    assert_eq!(found(&html, None), (day(2019, 2, 14), DateSource::Text));
    let html = page(
        "",
        r#"<h1>Harbour</h1><p>Boats left.</p><div id="comments"><p>Posted on 20.02.2019</p></div>"#,
    );
    assert_eq!(find_publication_date(&html, None), None);
}

#[test]
fn a_utc_instant_takes_the_local_day_the_page_shows() {
    let html = page(
        r#"<meta property="article:published_time" content="2018-12-31T23:11:59+00:00">"#,
        ARTICLE,
    );
    let date =
        find_publication_date(&html, Some("https://blog.example/2019/01/01/new-year/")).unwrap();
    assert_eq!(date.day, day(2019, 1, 1));
    assert_eq!(date.published().to_string(), "2018-12-31T23:11:59Z");
    assert_eq!(
        found(&html, None).0,
        day(2018, 12, 31),
        "without a local witness the UTC day stands"
    );
}

#[test]
fn disagreeing_metadata_is_settled_by_the_visible_date() {
    let html = page(
        r#"<script type="application/ld+json">{"@type":"Article","datePublished":"2022-01-04T07:29:00Z"}</script>
           <meta property="article:published_time" content="2022-01-06T08:29:34+01:00">"#,
        r#"<h1>Vanlife</h1><div class="article-info">06.01.2022</div><p>Text.</p>"#,
    );
    assert_eq!(found(&html, None), (day(2022, 1, 6), DateSource::Meta));
}

#[test]
fn implausible_years_and_pages_without_dates_give_nothing() {
    let html = page(
        r#"<meta name="pubdate" content="1970-01-01">"#,
        "<h1>Old</h1><p>On 12 March 2150 nothing.</p>",
    );
    assert_eq!(find_publication_date(&html, None), None);
    assert_eq!(find_publication_date("", None), None);
    assert_eq!(find_publication_date("<<<>>>&&&", Some("not a url")), None);
}

#[test]
fn bytes_are_decoded_with_the_declared_charset() {
    let mut html = b"<html lang=de><head><meta charset=\"iso-8859-1\"></head><body><h1>Hafen</h1><p>Ver\xf6ffentlicht am 12. M\xe4rz 2019</p></body></html>".to_vec();
    assert_eq!(
        find_publication_date_in_bytes(&html, None).unwrap().day,
        day(2019, 3, 12)
    );
    html.clear();
    assert_eq!(find_publication_date_in_bytes(&html, None), None);
}

#[test]
fn url_dates() {
    assert_eq!(
        date_in_url("https://example.org/2019/03/12/a-story"),
        Some(day(2019, 3, 12))
    );
    assert_eq!(
        date_in_url("https://example.org/news/2019-3-2-story.html"),
        Some(day(2019, 3, 2))
    );
    assert_eq!(
        date_in_url("https://example.org/a/20190312/story"),
        Some(day(2019, 3, 12))
    );
    assert_eq!(date_in_url("https://example.org/2019/03/story"), None);
    assert_eq!(date_in_url("https://example.org/article123456789/x"), None);
    assert_eq!(date_in_url("https://example.org/2019/02/30/x"), None);
}

#[test]
fn hidden_microdata_does_not_confirm_itself_against_the_shown_day() {
    let html = page(
        r#"<meta name="dc.date" content="2021-10-28T13:00:00+01:00">"#,
        r#"<div style="display:none" itemscope><time itemprop="datePublished" datetime="2021-10-27T20:35:00+01:00">x</time></div>
           <h1>Volunteers count the cost of the flood</h1><p class="article-meta">Lindenau, 28.10.2021</p>
           <p>The volunteers counted the damage street by street.</p>"#,
    );
    assert_eq!(found(&html, None), (day(2021, 10, 28), DateSource::Meta));
}

#[test]
fn a_date_in_the_site_header_navigation_is_not_the_article_date() {
    let html = page(
        "",
        r#"<div id="navwrap"><span class="today"><time datetime="2023-11-01T13:56:20+01:00">1 November 2023</time></span></div>
           <div class="intro"><p><span class="text-date">31 October 2023.</span> The theatre reopened its small stage.</p></div>"#,
    );
    assert_eq!(found(&html, None), (day(2023, 10, 31), DateSource::Text));
}

#[test]
fn a_layout_region_named_sidebar_content_holds_the_article() {
    let html = page(
        "",
        r#"<div class="sidebar_content"><div class="post_header"><h3>Ranger patrol finds the herd</h3></div>
           <div class="post_detail">27 Sep 2016</div><p>The rangers found the herd at dawn.</p></div>
           <div class="sidebar"><p>Older posts: 3 Jan 2015</p></div>"#,
    );
    assert_eq!(found(&html, None), (day(2016, 9, 27), DateSource::Text));
}

#[test]
fn a_date_set_in_one_element_per_part_is_read_whole() {
    let html = page(
        "",
        r#"<div class="postmeta updated"><div class="postdate"><span class="postday">26</span> Okt 2018</div></div>
           <h1>Library extends its opening hours</h1><p>The library now opens on Sundays.</p>"#,
    );
    assert_eq!(found(&html, None), (day(2018, 10, 26), DateSource::Text));
}

#[test]
fn a_site_specific_meta_name_that_says_uploaded_is_a_date_of_last_resort() {
    let html = page(
        r#"<meta property="photosite:uploaded" content="2013-02-16T04:36:36-05:00">"#,
        "<h1>Spring in the valley</h1><p>A photograph of blossoming trees.</p>",
    );
    assert_eq!(found(&html, None), (day(2013, 2, 16), DateSource::Meta));
}

#[test]
fn a_form_wrapping_the_whole_page_is_the_page() {
    let html = page(
        "",
        r#"<form name="pageForm" method="post" action="/x"><div id="content"><h1>Wetland restored</h1>
           <span class="date">Blog entry by Tom Reed | 28 April, 2017</span><p>The wetland is full again.</p>
           <form action="/search"><label>Archive 3 March 2015</label></form></div></form>"#,
    );
    assert_eq!(found(&html, None), (day(2017, 4, 28), DateSource::Text));
}

#[test]
fn a_keyed_publication_date_in_page_state_is_the_last_resort() {
    let body = r#"<script>window.state = {"expires": "2031-01-01", "publishDate": "2020-03-18T13:52:08+0100", "views": 12};</script>
        <h1>Walking through the crisis</h1><p>Advice on calm in uncertain weeks.</p>"#;
    assert_eq!(
        found(&page("", body), None),
        (day(2020, 3, 18), DateSource::Meta)
    );
    let shown = format!("{body}<p class=\"date\">Posted on 19 March 2020</p>");
    assert_eq!(
        found(&page("", &shown), None),
        (day(2020, 3, 19), DateSource::Text),
        "a date the page shows comes first"
    );
    let expiry_only = r#"<script>var config = {"expires": "2031-01-01", "modified": "2020-04-01"};</script><p>No date here.</p>"#;
    assert_eq!(find_publication_date(&page("", expiry_only), None), None);
}

#[test]
fn a_shown_day_that_the_page_state_also_states_beats_an_unconfirmed_meta_date() {
    let head = r#"<meta name="og:article:published_time" content="2022-01-15">"#;
    let body = r#"<article><h1>Quiet slopes for the deer</h1>
        <ul class="facts"><li><span class="label"><time datetime="2022-01-25">25.01.2022</time></span></li></ul>
        <p>Ski tourers are asked to keep to the marked routes until spring.</p></article>"#;
    assert_eq!(
        found(&page(head, body), None),
        (day(2022, 1, 15), DateSource::Meta),
        "one shown date alone does not overrule the metadata"
    );
    let state = r#"<script>dataLayer.push({"contentType":"news","cmsPublishingDate":"2022-01-25"});</script>"#;
    let with_state = format!("{state}{body}");
    assert_eq!(found(&page(head, &with_state), None).0, day(2022, 1, 25));
}

#[test]
fn a_utc_afternoon_instant_is_never_moved_to_the_day_before() {
    // 13:10 UTC is the previous day nowhere on earth (offsets reach −12 hours), so a byline naming the day
    // before speaks of the event, not of the publication.
    let html = page(
        r#"<meta property="article:published_time" content="2023-11-06T13:10:22Z">"#,
        r#"<h1>Motorway closed after a crash</h1><p class="article-info">Sunday, 5 November 2023</p>
           <p>The road was closed for several hours.</p>"#,
    );
    assert_eq!(found(&html, None), (day(2023, 11, 6), DateSource::Meta));
    // Before noon UTC the day before is a real local day (the Americas), and the byline's day is taken.
    let html = html.replace("13:10:22Z", "03:10:22Z");
    assert_eq!(found(&html, None).0, day(2023, 11, 5));
}

#[test]
fn a_post_status_class_on_the_article_does_not_label_its_dates() {
    let html = page(
        "",
        r#"<h1>Horses in the courtyards</h1><p class="author">by Ann Lee <em>31.10.2023</em></p>
           <article class="post-17 post type-post status-publish hentry">
           <p>The group show opens on 3 November 2023 at seven.</p></article>"#,
    );
    assert_eq!(found(&html, None), (day(2023, 10, 31), DateSource::Text));
}

#[test]
fn a_blogger_post_widget_is_the_article_not_a_sidebar() {
    let html = page(
        "",
        r#"<div class="widget Blog" id="Blog1"><h2 class="date-header"><span>Saturday, 9 September 2017</span></h2>
           <h3 class="post-title">A review: the second volume</h3><p><b>Release date:</b> 14.08.2017</p>
           <p>I liked the second volume more than the first.</p>
           <span class="post-timestamp"><abbr class="published" title="2017-09-09T10:52:00+02:00">10:52</abbr></span></div>
           <div class="widget BlogArchive" id="BlogArchive1"><time datetime="2017-08-30">30 August</time></div>"#,
    );
    assert_eq!(
        found(&html, None),
        (day(2017, 9, 9), DateSource::TimeElement)
    );
}

#[test]
fn a_republished_page_keeps_its_original_publication_day() {
    let head = r#"<meta property="article:published_time" content="2017-04-12T18:33:59+02:00">
        <meta property="article:modified_time" content="2020-02-19T15:24:33+01:00">
        <meta itemprop="datePublished" content="2020-02-19">"#;
    let body = r#"<h1>What to eat for a calm stomach</h1><div class="header-info">Le 19 février 2020</div>
        <p>Fermented vegetables help, the naturopath says.</p>"#;
    assert_eq!(
        found(&page(head, body), None),
        (day(2017, 4, 12), DateSource::Meta)
    );
    // A generic date the reader sees is still taken, even on the day of the last change.
    let head = r#"<meta property="article:published_time" content="2017-04-12T18:33:59+02:00">
        <meta property="article:modified_time" content="2020-02-19T15:24:33+01:00">
        <meta name="dc.date" content="2020-02-19">"#;
    assert_eq!(
        found(&page(head, body), None),
        (day(2020, 2, 19), DateSource::Meta)
    );
}
