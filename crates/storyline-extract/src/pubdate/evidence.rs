//! One pass over a page that gathers every date that could be its publication date, with what the page says
//! about each: where it stands (JSON-LD, a meta tag, a `<time>` element, the text), what labels it
//! ("published", "updated", "©") and whether it sits in the article's byline or in navigation, comments or a
//! footer.

use aho_corasick::AhoCorasick;
use std::collections::BTreeMap;
use std::sync::LazyLock;

use super::markup::{decode_entities, Attrs, Token, Tokens};
use super::parse::{find_dates, parse_machine_date, DayOrder, ParsedDate};

/// What a date is said to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    Published,
    /// Modified, updated, revised, expires: never the publication date.
    Other,
    Unlabelled,
}

/// A date from the page's text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TextEvidence {
    pub date: ParsedDate,
    pub role: Role,
    /// Inside an element whose class or id speaks of dates, bylines or article metadata.
    pub in_date_element: bool,
    /// Bytes of page text before this date.
    pub position: usize,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct MarkupEvidence {
    pub date: ParsedDate,
    pub role: Role,
    /// In a part of the page that is not the article (a sidebar, navigation, a footer).
    pub boilerplate: bool,
    /// In an element the page hides (`hidden`, `display:none`): written for machines, not shown to readers.
    pub hidden: bool,
}

#[derive(Debug, Default)]
pub(crate) struct Evidence {
    /// `datePublished` (then `dateCreated`, `uploadDate`) of JSON-LD objects: (date, is an article-like type).
    pub json_ld: Vec<(ParsedDate, bool)>,
    pub json_ld_modified: Vec<ParsedDate>,
    /// Meta tags naming a publication date, with the rank of their name (lower is more specific).
    pub meta: Vec<(ParsedDate, u8)>,
    /// Meta tags with a generic date name, in page order.
    pub generic_meta: Vec<ParsedDate>,
    pub meta_modified: Vec<ParsedDate>,
    /// `<time datetime>`, `<abbr title>` and elements with `itemprop` dates.
    pub markup: Vec<MarkupEvidence>,
    pub text: Vec<TextEvidence>,
    /// Dates under a publication key (`"publishDate": "…"`) in other scripts (page state, analytics), in page
    /// order: a last resort for pages whose markup shows no date at all.
    pub script: Vec<ParsedDate>,
    pub language: Option<String>,
    pub canonical_url: Option<String>,
    /// Bytes of page text before the first `<h1>`, the article's title on most pages.
    pub title_position: Option<usize>,
}

impl Evidence {
    /// How far a text position is from the title; dates above the title count double, since bylines follow
    /// titles far more often than they precede them.
    pub(crate) fn distance_to_title(&self, position: usize) -> usize {
        match self.title_position {
            Some(title) if position >= title => position - title,
            Some(title) => (title - position) * 2,
            None => position,
        }
    }
}

/// Meta names (`name`, `property`, `itemprop`, `http-equiv`) that carry the publication date, most specific first.
const PUBLISHED_META: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "article:published",
    "datepublished",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "published-date",
    "published_date",
    "publication_date",
    "publication-date",
    "pubdate",
    "article.published",
    "article_date_original",
    "original-publish-date",
    "originalpublicationdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "citation_publication_date",
    "citation_date",
    "citation_online_date",
    "prism.publicationdate",
    "rnews:datepublished",
    "bt:pubdate",
    "cxenseparse:recs:publishtime",
    "datecreated",
    "dc.date.created",
    "dcterms.created",
    "date_published",
];
/// Generic meta names: a date, often of the last change rather than the first publication.
const GENERIC_META: &[&str] = &["dc.date", "dcterms.date", "date", "created"];

/// Site-specific meta names that still say what their date is (`site:uploaded`, `x-publish-time`): weighed
/// like the generic ones.
fn names_a_first_date(name: &str) -> bool {
    !is_modified_meta(name)
        && ["publish", "pubdate", "uploaded", "created"]
            .iter()
            .any(|word| name.contains(word))
}

/// Meta names of dates that are not the publication date.
fn is_modified_meta(name: &str) -> bool {
    name.contains("modified")
        || name.contains("updated")
        || name.contains("revised")
        || name.contains("last-modified")
        || name == "dc.date.modified"
        || name == "expires"
}

/// Elements whose dates belong to other pages or to the site, not to this article.
fn is_boilerplate_tag(name: &str) -> bool {
    ["nav", "footer", "form", "select", "button"]
        .iter()
        .any(|t| name.eq_ignore_ascii_case(t))
}

/// Class or id names (their start) of page parts that hold other pages' dates: comments, sidebars, footers.
/// Matched at the start of a name only, since layout classes such as `has-sidebar` wrap the article itself.
const BOILERPLATE_MARKERS: &[&str] = &[
    "footer",
    "sidebar",
    "related",
    "widget",
    "copyright",
    "recommend",
    "nav",
    "menu",
    "breadcrumb",
    "archive",
    "newsticker",
    "ticker",
    "cookie",
    "banner",
];
/// Comments carry their own dates, often with the same words as a byline ("posted on").
const COMMENT_MARKERS: &[&str] = &["comment", "kommentar", "reply", "respond", "discussion"];
const DATE_MARKERS: &[&str] = &[
    "date",
    "datum",
    "time",
    "zeit",
    "publish",
    "posted",
    "byline",
    "dateline",
    "meta",
    "info",
    "author",
    "submitted",
    "stand",
    "header",
    "entry",
];
const PUBLISHED_CLASS_MARKERS: &[&str] =
    &["publish", "pubdate", "entry-date", "posted-on", "postdate"];
/// Words that make a name the article's own part even when it also names a layout region (`sidebar_content`).
const CONTENT_MARKERS: &[&str] = &["content", "main", "article", "story"];
const UPDATED_MARKERS: &[&str] = &["updat", "modif", "aktualis", "revis", "edited", "expir"];

/// Classes that keep an `updated` class on the publication date itself.
const NOT_UPDATED_MARKERS: &[&str] = &["publish", "entry", "posted", "created"];

/// What the class, id and itemprop names of an element say about the dates inside it.
#[derive(Clone, Copy, Default)]
struct ClassMarks {
    boilerplate: bool,
    comments: bool,
    date: bool,
    published: bool,
    updated: bool,
}

const BOILERPLATE: u8 = 1;
const COMMENTS: u8 = 2;
const DATE: u8 = 4;
const PUBLISHED: u8 = 8;
const UPDATED: u8 = 16;
const NOT_UPDATED: u8 = 32;
const CONTENT: u8 = 64;

/// All marker words in one automaton, so that an element's names are read once instead of once per word.
struct Markers {
    automaton: AhoCorasick,
    kinds: Vec<u8>,
}

impl Markers {
    fn new() -> Self {
        let mut kinds: BTreeMap<&str, u8> = BTreeMap::new();
        for (words, kind) in [
            (BOILERPLATE_MARKERS, BOILERPLATE),
            (COMMENT_MARKERS, COMMENTS),
            (DATE_MARKERS, DATE),
            (PUBLISHED_CLASS_MARKERS, PUBLISHED),
            (UPDATED_MARKERS, UPDATED),
            (NOT_UPDATED_MARKERS, NOT_UPDATED),
            (CONTENT_MARKERS, CONTENT),
        ] {
            for word in words {
                *kinds.entry(word).or_default() |= kind;
            }
        }
        let automaton =
            AhoCorasick::new(kinds.keys()).expect("the marker words form a small automaton");
        Markers {
            automaton,
            kinds: kinds.into_values().collect(),
        }
    }

    /// Boilerplate and comment words count only at the start of a name: `has-sidebar` is a layout of the
    /// article, `sidebar-box` is a sidebar. A name that also says content (`sidebar_content`) is a layout
    /// region holding the article, as the main-text extractor reads it too.
    fn read(&self, names: &str) -> ClassMarks {
        let mut found = 0u8;
        for name in names.split_ascii_whitespace() {
            let mut in_name = 0u8;
            for hit in self.automaton.find_overlapping_iter(name) {
                let mut kind = self.kinds[hit.pattern().as_usize()];
                if hit.start() != 0 {
                    kind &= !(BOILERPLATE | COMMENTS);
                }
                in_name |= kind;
            }
            if in_name & CONTENT != 0 {
                in_name &= !BOILERPLATE;
            }
            found |= in_name;
        }
        // Blogger puts a blog's posts in a widget of their own (`class="widget Blog"`): the article's region,
        // where the sidebar's widgets have other names (`widget BlogArchive`, `widget Profile`).
        if names.split_ascii_whitespace().any(|name| name == "blog") {
            found &= !BOILERPLATE;
        }
        ClassMarks {
            boilerplate: found & BOILERPLATE != 0,
            comments: found & COMMENTS != 0,
            date: found & DATE != 0,
            published: found & PUBLISHED != 0,
            updated: found & UPDATED != 0 && found & NOT_UPDATED == 0,
        }
    }
}

/// Built once: an immutable table, like a compiled regular expression.
static MARKERS: LazyLock<Markers> = LazyLock::new(Markers::new);

/// Words before a date that say it is the publication date.
const PUBLISHED_CUES: &[&str] = &[
    "veröffentlicht",
    "publiziert",
    "erschienen",
    "erstellt",
    "published",
    "posted",
    "publié",
    "publie",
    "mis en ligne",
    "pubblicato",
    "publicado",
    "gepubliceerd",
    "geplaatst",
    "datum:",
    "date:",
    "écrit le",
    "ecrit le",
    "опубликовано",
    "дата публикации",
    "发布",
    "發布",
    "发表",
    "發表",
    "公開",
];
/// Words before a date that say it is something else.
const OTHER_CUES: &[&str] = &[
    "aktualisiert",
    "geändert",
    "update",
    "modified",
    "mis à jour",
    "mise à jour",
    "modifié",
    "actualizado",
    "aggiornato",
    "bijgewerkt",
    "last edited",
    "zuletzt",
    "revised",
    "expires",
    "gültig bis",
    "valid until",
    "обновлено",
    "изменено",
    "更新",
    "©",
    "copyright",
    "(c)",
];

/// The role the words just before a date give it: the nearest cue wins.
fn role_from_cues(before: &str) -> Role {
    let lower = before.to_lowercase();
    let last = |cues: &[&str]| cues.iter().filter_map(|c| lower.rfind(c)).max();
    match (last(PUBLISHED_CUES), last(OTHER_CUES)) {
        (Some(p), Some(o)) if o > p => Role::Other,
        (Some(_), _) => Role::Published,
        (None, Some(_)) => Role::Other,
        (None, None) => Role::Unlabelled,
    }
}

#[derive(Clone, Copy, Default)]
struct Context {
    boilerplate: bool,
    comments: bool,
    date_element: bool,
    /// The class names the publication date (`published`, `pubdate`, `entry-date`, `posted-on`).
    published_element: bool,
    updated: bool,
    hidden: bool,
}

struct Open<'a> {
    name: &'a str,
    context: Context,
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// How many text dates are kept: the publication date is near the top; long pages list hundreds of dates.
const MAX_TEXT_DATES: usize = 64;
/// How many earlier text nodes are kept for the cue window.
const RECENT_TEXTS: usize = 4;
/// The longest text read as a piece of a date split across elements.
const MAX_FRAGMENT: usize = 16;
/// How much text before a date is read for cues.
const CUE_WINDOW: usize = 32;

/// The attributes of a start tag that place it in the page (class, id and itemprop, lowercased and joined, in
/// `out`), and whether the tag hides its content (`hidden`, or a first `style` that hides): one walk over the
/// attributes, since every tag of the page comes through here.
fn class_id_and_hidden(attrs: &Attrs<'_>, out: &mut String) -> bool {
    out.clear();
    let (mut hidden, mut style_seen) = (false, false);
    for (name, value) in attrs.iter() {
        if ["class", "id", "itemprop"]
            .iter()
            .any(|key| name.eq_ignore_ascii_case(key))
        {
            out.push_str(value);
            out.push(' ');
        } else if name.eq_ignore_ascii_case("hidden") {
            hidden = true;
        } else if name.eq_ignore_ascii_case("style") && !style_seen {
            style_seen = true;
            hidden |= crate::page::style_hides(&decode_entities(value));
        }
    }
    out.make_ascii_lowercase();
    hidden
}

/// A tag name in lowercase, in `buffer`; empty for names longer than any this module looks at.
fn lowercase_name<'b>(name: &str, buffer: &'b mut [u8; 8]) -> &'b str {
    let Some(target) = buffer.get_mut(..name.len()) else {
        return "";
    };
    target.copy_from_slice(name.as_bytes());
    target.make_ascii_lowercase();
    // Tag names are ASCII (the tokenizer only accepts ASCII name characters).
    std::str::from_utf8(target).unwrap_or("")
}

pub(crate) fn gather(html: &str) -> Evidence {
    let mut evidence = Evidence::default();
    let mut stack: Vec<Open<'_>> = Vec::with_capacity(64);
    let mut context = Context::default();
    let mut text_seen = 0usize;
    // The texts before the current one, for cue words in the elements before a date ("Posted" <i>on</i> <b>…).
    let mut recent: [&str; RECENT_TEXTS] = [""; RECENT_TEXTS];
    let mut in_title_element = false;
    // The short texts just read inside date elements ("26", "Okt"), for dates split across elements.
    let mut fragments = String::new();
    let mut classes = String::new();
    let mut name_buffer = [0u8; 8];
    for token in Tokens::new(html) {
        match token {
            Token::Start {
                name,
                attrs,
                self_closing,
            } => {
                let lower = lowercase_name(name, &mut name_buffer);
                match lower {
                    "html" => {
                        if let Some(lang) = attrs.get("lang").or_else(|| attrs.get("xml:lang")) {
                            evidence.language = Some(lang.into_owned());
                        }
                    }
                    "meta" => meta(&attrs, &mut evidence),
                    "link"
                        if attrs
                            .get("rel")
                            .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
                    {
                        evidence.canonical_url = attrs.get("href").map(|h| h.into_owned());
                    }
                    "h1" if evidence.title_position.is_none() => {
                        evidence.title_position = Some(text_seen);
                    }
                    "title" => in_title_element = true,
                    _ => {}
                }
                let void = self_closing || VOID.contains(&lower);
                let hidden = class_id_and_hidden(&attrs, &mut classes);
                let mut inner = context;
                // ASP.NET pages wrap the whole body in one `form`: that one is the page, not a form.
                let page_form = lower == "form"
                    && stack
                        .last()
                        .is_some_and(|open| open.name.eq_ignore_ascii_case("body"));
                inner.boilerplate |= is_boilerplate_tag(lower) && !page_form;
                inner.date_element |= lower == "time";
                let marks = if classes.is_empty() {
                    ClassMarks::default()
                } else {
                    MARKERS.read(&classes)
                };
                let page_wide = matches!(lower, "html" | "body" | "main" | "article");
                inner.boilerplate |= !page_wide && marks.boilerplate;
                inner.comments |= !page_wide && marks.comments;
                inner.date_element |= marks.date;
                // A page-wide element's class cannot label one date: WordPress writes the post's status
                // (`status-publish`) on the `<article>` that holds every date of the text.
                inner.published_element |= marks.published && !page_wide;
                // WordPress themes mark the publication date `class="entry-date published updated"`; `read`
                // does not count `updated` there. The nearest label wins: a `postdate` inside `postmeta
                // updated` is the publication date.
                inner.updated = (inner.updated && !marks.published) || marks.updated;
                inner.hidden |= hidden;
                if matches!(lower, "time" | "abbr") || marks.date {
                    markup_date(lower, &attrs, marks, inner, &mut evidence);
                }
                if !void {
                    stack.push(Open {
                        name,
                        context: inner,
                    });
                    context = inner;
                }
            }
            Token::End { name } => {
                if name.eq_ignore_ascii_case("title") {
                    in_title_element = false;
                }
                // Pop to the matching element when it is open near the top; stray end tags are ignored.
                if let Some(depth) = stack
                    .iter()
                    .rev()
                    .take(16)
                    .position(|open| open.name.eq_ignore_ascii_case(name))
                {
                    stack.truncate(stack.len() - depth - 1);
                    context = stack.last().map(|open| open.context).unwrap_or_default();
                }
            }
            Token::Raw {
                element,
                attrs,
                content,
            } => {
                // Some pages leave out the type of their JSON-LD script.
                let is_json_ld = element.eq_ignore_ascii_case("script")
                    && match attrs.get("type") {
                        Some(kind) => kind.trim().eq_ignore_ascii_case("application/ld+json"),
                        None => {
                            content.trim_start().starts_with('{')
                                && content.contains("\"@context\"")
                        }
                    };
                if is_json_ld {
                    json_ld(content, &mut evidence);
                } else if element.eq_ignore_ascii_case("script")
                    && evidence.script.len() < MAX_SCRIPT_DATES
                {
                    script_dates(content, &mut evidence);
                }
            }
            Token::Text(raw) => {
                let raw = raw.trim();
                if in_title_element || raw.is_empty() {
                    continue;
                }
                let fragment = context.date_element && raw.len() <= MAX_FRAGMENT;
                if !context.comments
                    && !context.hidden
                    && evidence.text.len() < MAX_TEXT_DATES
                    && raw.bytes().any(|b| b.is_ascii_digit())
                {
                    let text = decode_entities(raw);
                    let before = evidence.text.len();
                    text_dates(text.trim(), recent, context, text_seen, &mut evidence);
                    // Themes set day, month and year in elements of their own: read them together.
                    if evidence.text.len() == before && fragment && !fragments.is_empty() {
                        let joined = format!("{fragments} {}", text.trim());
                        text_dates(&joined, recent, context, text_seen, &mut evidence);
                    }
                }
                if fragment {
                    if fragments.len() + raw.len() > 3 * MAX_FRAGMENT {
                        fragments.clear();
                    }
                    if !fragments.is_empty() {
                        fragments.push(' ');
                    }
                    fragments.push_str(&decode_entities(raw));
                } else {
                    fragments.clear();
                }
                text_seen += raw.len();
                recent.rotate_left(1);
                recent[RECENT_TEXTS - 1] = raw;
            }
        }
    }
    evidence
}

/// How many script dates are kept.
const MAX_SCRIPT_DATES: usize = 4;

/// Keys that name the publication date in the page-state and analytics objects of scripts. Expiry, modified
/// and event dates have keys of their own and are never read.
const SCRIPT_DATE_KEYS: &[&str] = &[
    "datepublished",
    "date_published",
    "publishdate",
    "publish_date",
    "publisheddate",
    "published_date",
    "publishedat",
    "published_at",
    "publicationdate",
    "publication_date",
    "publishingdate",
    "publishing_date",
    "firstpublished",
    "first_published",
];

static SCRIPT_KEYS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(SCRIPT_DATE_KEYS)
        .expect("a few keys form a small automaton")
});

/// `"publishDate": "2020-03-18T13:52:08+0100"` and the like: a key, its quotes, `:` or `=`, then a quoted
/// machine date.
fn script_dates(content: &str, evidence: &mut Evidence) {
    for hit in SCRIPT_KEYS.find_iter(content) {
        let rest = &content[hit.end()..];
        let rest = rest.trim_start_matches(['"', '\'', '\\']).trim_start();
        let Some(rest) = rest.strip_prefix([':', '=']) else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            continue;
        };
        let value = &rest[1..];
        let Some(end) = value.get(..value.len().min(40)).and_then(|v| v.find(quote)) else {
            continue;
        };
        if let Some(date) = parse_machine_date(&value[..end]) {
            evidence.script.push(date);
            if evidence.script.len() >= MAX_SCRIPT_DATES {
                return;
            }
        }
    }
}

fn text_dates(
    text: &str,
    recent: [&str; RECENT_TEXTS],
    context: Context,
    position: usize,
    evidence: &mut Evidence,
) {
    let order = evidence
        .language
        .as_deref()
        .map_or(DayOrder::DayFirst, DayOrder::of_language);
    let mut previous_end = 0;
    for found in find_dates(text, order) {
        // The cue window: the end of the earlier text, then this text up to the date.
        let before = &text[previous_end..found.start];
        let window = if before.len() >= CUE_WINDOW {
            tail(before, CUE_WINDOW).to_string()
        } else {
            let earlier: Vec<_> = recent.iter().map(|t| decode_entities(t)).collect();
            let earlier = earlier.join(" ");
            format!("{} {before}", tail(&earlier, CUE_WINDOW - before.len()))
        };
        let mut role = role_from_cues(&window);
        if role == Role::Unlabelled && context.published_element {
            role = Role::Published;
        }
        if context.updated {
            role = Role::Other;
        }
        // Navigation and footers list other pages' dates; only a date labelled as this page's is kept there.
        if context.boilerplate && role != Role::Published {
            previous_end = found.end;
            continue;
        }
        evidence.text.push(TextEvidence {
            date: found.date,
            role,
            in_date_element: context.date_element,
            position: position + found.start,
        });
        previous_end = found.end;
        if evidence.text.len() >= MAX_TEXT_DATES {
            break;
        }
    }
}

/// The last `n` bytes of `text`, widened to a character boundary.
fn tail(text: &str, n: usize) -> &str {
    let mut cut = text.len().saturating_sub(n);
    while !text.is_char_boundary(cut) {
        cut += 1;
    }
    &text[cut..]
}

fn meta(attrs: &Attrs<'_>, evidence: &mut Evidence) {
    let Some(content) = attrs.get("content").or_else(|| attrs.get("value")) else {
        return;
    };
    for key in ["property", "name", "itemprop", "http-equiv"] {
        let Some(name) = attrs.get(key) else { continue };
        let name = name.trim().to_ascii_lowercase();
        if name == "og:url" && evidence.canonical_url.is_none() {
            evidence.canonical_url = Some(content.clone().into_owned());
        }
        if let Some(rank) = PUBLISHED_META.iter().position(|m| *m == name) {
            if let Some(date) = parse_machine_date(&content) {
                evidence
                    .meta
                    .push((date, u8::try_from(rank).unwrap_or(u8::MAX)));
            }
        } else if GENERIC_META.contains(&name.as_str()) || names_a_first_date(&name) {
            if let Some(date) = parse_machine_date(&content) {
                evidence.generic_meta.push(date);
            }
        } else if is_modified_meta(&name) {
            if let Some(date) = parse_machine_date(&content) {
                evidence.meta_modified.push(date);
            }
        }
    }
}

/// Dates carried by attributes: `<time datetime>`, `<abbr title>`, `itemprop="datePublished"` with `content`.
fn markup_date(
    tag: &str,
    attrs: &Attrs<'_>,
    marks: ClassMarks,
    context: Context,
    evidence: &mut Evidence,
) {
    if tag == "meta" || context.comments {
        return;
    }
    let itemprop = attrs.get("itemprop").map(|p| p.to_ascii_lowercase());
    let value = match tag {
        "time" => attrs.get("datetime"),
        "abbr" if marks.date => attrs.get("title"),
        _ if itemprop.is_some() => attrs.get("content").or_else(|| attrs.get("datetime")),
        _ => None,
    };
    let Some(value) = value else { return };
    let Some(date) = parse_machine_date(&value) else {
        return;
    };
    let published_label = matches!(itemprop.as_deref(), Some("datepublished" | "datecreated"))
        || attrs.get("pubdate").is_some()
        || marks.published;
    let other_label = matches!(itemprop.as_deref(), Some(p) if p != "datepublished" && p != "datecreated")
        || context.updated;
    evidence.markup.push(MarkupEvidence {
        date,
        role: if other_label {
            Role::Other
        } else if published_label {
            Role::Published
        } else {
            Role::Unlabelled
        },
        boilerplate: context.boilerplate,
        hidden: context.hidden,
    });
}

/// The JSON-LD types whose `datePublished` is the page's own publication date (rather than that of a video,
/// an image or the site).
fn is_article_type(kind: &str) -> bool {
    let kind = kind.rsplit(['/', ':']).next().unwrap_or(kind);
    kind.ends_with("Article") || kind.ends_with("Posting") || kind == "Report"
}

fn json_ld(content: &str, evidence: &mut Evidence) {
    let content = content.trim();
    let content = content
        .strip_prefix("<![CDATA[")
        .and_then(|c| c.strip_suffix("]]>"))
        .unwrap_or(content);
    let Ok(value) = serde_json::from_str::<serde_json::Value>(content) else {
        return;
    };
    walk_json_ld(&value, evidence, 0);
}

fn walk_json_ld(value: &serde_json::Value, evidence: &mut Evidence, depth: usize) {
    // Real JSON-LD nests a handful of levels; hostile input may nest thousands.
    if depth > 16 {
        return;
    }
    match value {
        serde_json::Value::Array(items) => {
            for item in items {
                walk_json_ld(item, evidence, depth + 1);
            }
        }
        serde_json::Value::Object(map) => {
            let article = match map.get("@type") {
                Some(serde_json::Value::String(kind)) => is_article_type(kind),
                Some(serde_json::Value::Array(kinds)) => kinds
                    .iter()
                    .any(|k| k.as_str().is_some_and(is_article_type)),
                _ => false,
            };
            let published = ["datePublished", "dateCreated", "uploadDate"]
                .iter()
                .find_map(|key| {
                    map.get(*key)
                        .and_then(|v| v.as_str())
                        .and_then(parse_machine_date)
                });
            if let Some(date) = published {
                evidence.json_ld.push((date, article));
            }
            if let Some(date) = map
                .get("dateModified")
                .and_then(|v| v.as_str())
                .and_then(parse_machine_date)
            {
                evidence.json_ld_modified.push(date);
            }
            for (key, nested) in map {
                if nested.is_object() || nested.is_array() {
                    // Dates of things the article mentions (an event's start, a review's subject) are not its own.
                    if key == "@graph"
                        || key == "mainEntity"
                        || key == "mainEntityOfPage"
                        || key == "hasPart"
                    {
                        walk_json_ld(nested, evidence, depth + 1);
                    }
                }
            }
        }
        _ => {}
    }
}
