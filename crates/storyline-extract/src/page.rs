//! One pass over an HTML page's tokens (html5ever's spec tokenizer, without building a DOM) into a light tree of
//! block containers, the text blocks inside them, and the page's metadata.
//!
//! Why no DOM: building and querying a full tree costs 5–20 times what tokenising does, and main-text
//! extraction needs only the block structure, link text, class names and a handful of head elements. The pass
//! is iterative (no recursion), so hostile nesting costs no stack.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::LocalName;
use std::cell::RefCell;

/// A block container (`div`, `p`, `li`, `article` …). Node 0 is the document.
#[derive(Debug)]
pub(crate) struct Node {
    pub parent: usize,
    pub tag: String,
    /// The class, id or role says what the element is: boilerplate (-1), main content (+1) or neither (0).
    pub class_hint: i8,
    /// `nav`, `aside`, `footer` and the like: never main text.
    pub boilerplate_tag: bool,
    /// A hash of the tag and its `class` attribute when it has one: elements built by the same template (an
    /// article split into chunks around advertising) share it.
    pub template: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BlockKind {
    Paragraph,
    Heading(u8),
    ListItem,
    Quote,
    Preformatted,
    Cell,
    Caption,
    /// Text directly inside a `div`, `section` or another generic container.
    Loose,
}

/// A run of text between two block boundaries.
#[derive(Debug)]
pub(crate) struct Block {
    pub node: usize,
    pub kind: BlockKind,
    pub text: String,
    /// Characters of `text` inside links.
    pub link_chars: usize,
}

impl Block {
    pub fn chars(&self) -> usize {
        self.text.chars().count()
    }

    pub fn link_density(&self) -> f64 {
        self.link_chars as f64 / self.chars().max(1) as f64
    }
}

/// What the head and the structured data say about the page.
#[derive(Debug, Default)]
pub(crate) struct PageMeta {
    pub title: Option<String>,
    /// `<meta>` tags as (lowercased `name`, `property` or `itemprop`, `content`), in page order.
    pub meta: Vec<(String, String)>,
    pub canonical: Option<String>,
    pub lang: Option<String>,
    /// The raw text of each `application/ld+json` script.
    pub json_ld: Vec<String>,
    /// The first `h1`.
    pub h1: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct Page {
    pub nodes: Vec<Node>,
    pub blocks: Vec<Block>,
    pub meta: PageMeta,
}

/// Elements whose content is never article text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas",
    "select", "textarea", "button", "head", "video", "audio", "map", "dialog",
];

/// Elements that open a block container.
const CONTAINERS: &[&str] = &[
    "html",
    "body",
    "div",
    "p",
    "section",
    "article",
    "main",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "td",
    "th",
    "figure",
    "figcaption",
    "header",
    "footer",
    "nav",
    "aside",
    "form",
    "fieldset",
    "details",
    "summary",
    "center",
    "address",
    "hgroup",
    "caption",
    "menu",
    "legend",
];

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

/// Whole class/id words (after splitting on non-letters) that mark boilerplate.
const BOILERPLATE_WORDS: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "banner",
    "breadcrumb",
    "breadcrumbs",
    "byline",
    "cookie",
    "cookies",
    "disqus",
    "footer",
    "masthead",
    "menu",
    "meta",
    "modal",
    "nav",
    "navbar",
    "navigation",
    "newsletter",
    "outbrain",
    "pagination",
    "paywall",
    "popup",
    "promo",
    "related",
    "share",
    "sharing",
    "sidebar",
    "social",
    "sponsor",
    "sponsored",
    "subscribe",
    "subscription",
    "taboola",
    "tags",
    "toolbar",
    "comment",
    "comments",
    "recommended",
    "recirculation",
    "signup",
    "author",
    "dateline",
    "timestamp",
    "caption",
    "credit",
    "tools",
    "rail",
    "trending",
    "carousel",
];

/// Word prefixes that mark boilerplate in compound names (`relatedArticles`, `share-buttons`).
const BOILERPLATE_PREFIXES: &[&str] = &[
    "advert",
    "breadcrumb",
    "comment",
    "newsletter",
    "outbrain",
    "related",
    "share",
    "sharing",
    "sidebar",
    "social",
    "sponsor",
    "subscri",
    "taboola",
    "recommend",
    "promo",
];

const CONTENT_WORDS: &[&str] = &[
    "article",
    "articlebody",
    "body",
    "content",
    "entry",
    "main",
    "post",
    "story",
    "text",
    "blog",
    "prose",
];

/// Class names that are CMS labels of the whole post (WordPress: `author-jane`, `category-world`, `tag-share`).
const LABEL_CLASS_PREFIXES: &[&str] = &[
    "author-",
    "category-",
    "tag-",
    "format-",
    "status-",
    "type-",
    "postid-",
    "has-",
];

/// Words of inline elements that pop up over the text on hover (a person's card with links to their other
/// stories): hidden until then, and their link lists make the paragraph around them look like navigation.
const HOVER_CARD_WORDS: &[&str] = &["tooltip", "popover", "hovercard", "rollover"];

fn names_a_hover_card(value: &str) -> bool {
    value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| {
            HOVER_CARD_WORDS
                .iter()
                .any(|w| word.eq_ignore_ascii_case(w))
        })
}

/// An inline style that hides the element (`display: none`, `visibility: hidden`).
pub(crate) fn style_hides(style: &str) -> bool {
    // Most styles say neither word; only those that might are normalised.
    let may_hide = ["one", "ONE", "idden", "IDDEN"]
        .iter()
        .any(|word| style.contains(word));
    may_hide && {
        let style = style.to_ascii_lowercase().replace(' ', "");
        style.contains("display:none") || style.contains("visibility:hidden")
    }
}

fn class_hint(value: &str) -> i8 {
    let lower = value.to_lowercase();
    let words = lower
        .split_whitespace()
        .filter(|class| !LABEL_CLASS_PREFIXES.iter().any(|p| class.starts_with(p)))
        .flat_map(|class| class.split(|c: char| !c.is_alphanumeric()));
    // A name that says both ("article-sidebar", "main-content-share") is left undecided.
    let (mut boilerplate, mut content) = (false, false);
    for word in words {
        if word.is_empty() {
            continue;
        }
        boilerplate |= BOILERPLATE_WORDS.contains(&word)
            || BOILERPLATE_PREFIXES.iter().any(|p| word.starts_with(p));
        content |= CONTENT_WORDS.contains(&word);
    }
    i8::from(content) - i8::from(boilerplate)
}

struct Open {
    /// An interned atom: cloning it costs no allocation, unlike a `String` per element.
    name: LocalName,
    container: bool,
    skipped: bool,
    link: bool,
}

#[derive(Default)]
struct Scanner {
    page: Page,
    stack: Vec<Open>,
    /// The innermost open container.
    current: usize,
    skipped_depth: usize,
    link_depth: usize,
    text: String,
    link_chars: usize,
    pre_depth: usize,
    /// Text is being collected for `<title>`, an `h1` or a JSON-LD script.
    capture: Option<Capture>,
    captured: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Capture {
    Title,
    JsonLd,
    OtherScript,
}

impl Scanner {
    fn new() -> Self {
        let mut scanner = Scanner::default();
        scanner.page.nodes.push(Node {
            parent: 0,
            tag: "#document".into(),
            class_hint: 0,
            boilerplate_tag: false,
            template: None,
        });
        scanner
    }

    fn flush(&mut self) {
        let text = collapse(&self.text);
        if !text.is_empty() {
            let node = &self.page.nodes[self.current];
            let kind = block_kind(&node.tag);
            if kind == BlockKind::Heading(1) && self.page.meta.h1.is_none() {
                self.page.meta.h1 = Some(text.clone());
            }
            let link_chars = self.link_chars.min(text.chars().count());
            self.page.blocks.push(Block {
                node: self.current,
                kind,
                text,
                link_chars,
            });
        }
        self.text.clear();
        self.link_chars = 0;
    }

    fn start(&mut self, tag: Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        let attr = |wanted: &str| {
            tag.attrs
                .iter()
                .find(|a| &*a.name.local == wanted)
                .map(|a| &*a.value)
        };
        match name {
            "meta" => {
                let key = attr("property")
                    .or_else(|| attr("name"))
                    .or_else(|| attr("itemprop"))
                    .or_else(|| attr("http-equiv"));
                if let (Some(key), Some(content)) = (key, attr("content")) {
                    self.page
                        .meta
                        .meta
                        .push((key.to_ascii_lowercase(), content.to_string()));
                }
                return TokenSinkResult::Continue;
            }
            "link" => {
                let canonical = attr("rel").is_some_and(|rel| {
                    rel.split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                });
                if canonical && self.page.meta.canonical.is_none() {
                    self.page.meta.canonical = attr("href")
                        .filter(|h| !h.trim().is_empty())
                        .map(str::to_string);
                }
                return TokenSinkResult::Continue;
            }
            "html" => {
                if let Some(lang) = attr("lang") {
                    self.page.meta.lang.get_or_insert_with(|| lang.to_string());
                }
            }
            "title" if self.page.meta.title.is_none() && self.capture.is_none() => {
                self.capture = Some(Capture::Title);
                self.captured.clear();
                return TokenSinkResult::RawData(RawKind::Rcdata);
            }
            "script" => {
                let json_ld = attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
                self.capture = Some(if json_ld {
                    Capture::JsonLd
                } else {
                    Capture::OtherScript
                });
                self.captured.clear();
                return TokenSinkResult::RawData(RawKind::ScriptData);
            }
            "style" | "xmp" | "noembed" | "noframes" | "iframe" => {
                self.capture = Some(Capture::OtherScript);
                return TokenSinkResult::RawData(RawKind::Rawtext);
            }
            "textarea" => {
                self.capture = Some(Capture::OtherScript);
                return TokenSinkResult::RawData(RawKind::Rcdata);
            }
            "br" => {
                if self.skipped_depth == 0 {
                    self.text.push(LINE_BREAK);
                }
                return TokenSinkResult::Continue;
            }
            "hr" => {
                self.flush();
                return TokenSinkResult::Continue;
            }
            _ => {}
        }
        if VOID.contains(&name) || tag.self_closing && !CONTAINERS.contains(&name) {
            return TokenSinkResult::Continue;
        }
        let hidden = tag.attrs.iter().any(|a| {
            let key: &str = &a.name.local;
            key == "hidden" || (key == "style" && style_hides(&a.value))
        });
        let container = CONTAINERS.contains(&name);
        let hover_card = !container
            && tag
                .attrs
                .iter()
                .any(|a| matches!(&*a.name.local, "class" | "id") && names_a_hover_card(&a.value));
        let skipped = hidden || hover_card || SKIPPED.contains(&name);
        if container {
            // Body content closes a `head` left open.
            if let Some(head) = self.stack.iter().position(|open| &*open.name == "head") {
                self.pop_to(head);
            }
            self.close_implied(name);
            self.flush();
            let mut hint_source = String::new();
            for value in [attr("class"), attr("id"), attr("role"), attr("itemprop")]
                .into_iter()
                .flatten()
            {
                if !hint_source.is_empty() {
                    hint_source.push(' ');
                }
                hint_source.push_str(value);
            }
            // Page-wide classes on `html` and `body` describe the layout, not the element.
            let mut hint = if matches!(name, "html" | "body") {
                0
            } else {
                class_hint(&hint_source)
            };
            if attr("itemprop").is_some_and(|p| p == "articleBody") {
                hint = 1;
            }
            let template = attr("class")
                .filter(|class| !class.trim().is_empty())
                .map(|class| {
                    name.bytes()
                        .chain([b' '])
                        .chain(class.bytes())
                        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
                        })
                });
            self.page.nodes.push(Node {
                parent: self.current,
                tag: name.to_string(),
                class_hint: hint,
                boilerplate_tag: matches!(name, "nav" | "aside" | "footer" | "menu"),
                template,
            });
            self.current = self.page.nodes.len() - 1;
        }
        if name == "pre" {
            self.pre_depth += 1;
        }
        if skipped {
            self.skipped_depth += 1;
        }
        let link = name == "a";
        if link {
            self.link_depth += 1;
        }
        self.stack.push(Open {
            name: tag.name.clone(),
            container,
            skipped,
            link,
        });
        TokenSinkResult::Continue
    }

    /// HTML closes some elements implicitly: a block start closes an open `p`, a new `li` the previous one.
    fn close_implied(&mut self, starting: &str) {
        let closes: &[&str] = match starting {
            "li" => &["li", "p"],
            "dt" | "dd" => &["dt", "dd", "p"],
            "td" | "th" => &["td", "th", "p"],
            "tr" => &["tr", "td", "th", "p"],
            "html" | "body" => &[],
            _ => &["p"],
        };
        let Some(top) = self.stack.iter().rposition(|open| open.container) else {
            return;
        };
        if closes.contains(&&*self.stack[top].name) {
            self.pop_to(top);
        }
    }

    fn end(&mut self, name: &str) {
        if let Some(index) = self.stack.iter().rposition(|open| &*open.name == name) {
            // An end tag does not close past a table cell or list item it is not in.
            self.pop_to(index);
        }
    }

    /// Closes the stack's element at `index` and everything opened inside it.
    fn pop_to(&mut self, index: usize) {
        while self.stack.len() > index {
            let Some(open) = self.stack.pop() else { break };
            if open.skipped {
                self.skipped_depth -= 1;
            }
            if open.link {
                self.link_depth -= 1;
            }
            if &*open.name == "pre" {
                self.pre_depth -= 1;
            }
            if open.container {
                self.flush();
                self.current = self.page.nodes[self.current].parent;
            }
        }
    }

    fn characters(&mut self, text: &str) {
        if let Some(capture) = self.capture {
            if capture != Capture::OtherScript {
                self.captured.push_str(text);
            }
            return;
        }
        if self.skipped_depth > 0 {
            return;
        }
        if self.pre_depth > 0 {
            self.text.push_str(&text.replace('\n', "\u{2028}"));
        } else {
            self.text.push_str(text);
        }
        if self.link_depth > 0 {
            self.link_chars += text.chars().filter(|c| !c.is_whitespace()).count();
        }
    }

    fn end_capture(&mut self) {
        match self.capture.take() {
            Some(Capture::Title) => {
                let title = collapse(&self.captured);
                if !title.is_empty() {
                    self.page.meta.title = Some(title);
                }
            }
            Some(Capture::JsonLd) => {
                self.page
                    .meta
                    .json_ld
                    .push(std::mem::take(&mut self.captured));
            }
            _ => {}
        }
        self.captured.clear();
    }
}

fn block_kind(tag: &str) -> BlockKind {
    match tag {
        "p" => BlockKind::Paragraph,
        "h1" => BlockKind::Heading(1),
        "h2" => BlockKind::Heading(2),
        "h3" => BlockKind::Heading(3),
        "h4" | "h5" | "h6" => BlockKind::Heading(4),
        "li" | "dt" | "dd" => BlockKind::ListItem,
        "blockquote" => BlockKind::Quote,
        "pre" => BlockKind::Preformatted,
        "td" | "th" => BlockKind::Cell,
        "figcaption" | "caption" => BlockKind::Caption,
        _ => BlockKind::Loose,
    }
}

/// Marks `<br>` and the line ends of `<pre>` while text is collected (source line ends are white space).
const LINE_BREAK: char = '\u{2028}';

/// Collapses white space runs to one space, keeps `<br>` line breaks (and `<pre>` ones, marked U+2028).
fn collapse(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut pending_space = false;
    let mut pending_break = false;
    for c in raw.chars() {
        match c {
            LINE_BREAK => pending_break = true,
            c if c.is_whitespace() || c == '\u{200b}' || c == '\u{ad}' => {
                if c != '\u{200b}' && c != '\u{ad}' {
                    pending_space = true;
                }
            }
            c => {
                if !out.is_empty() {
                    if pending_break {
                        out.push('\n');
                    } else if pending_space {
                        out.push(' ');
                    }
                }
                pending_space = false;
                pending_break = false;
                out.push(c);
            }
        }
    }
    out
}

struct Sink(RefCell<Scanner>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut scanner = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) => match tag.kind {
                TagKind::StartTag => return scanner.start(tag),
                TagKind::EndTag => {
                    if scanner.capture.is_some() {
                        scanner.end_capture();
                    } else {
                        scanner.end(&tag.name);
                    }
                }
            },
            Token::CharacterTokens(text) => scanner.characters(&text),
            Token::EOFToken => {
                if scanner.capture.is_some() {
                    scanner.end_capture();
                }
                scanner.pop_to(0);
                scanner.flush();
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Scans a decoded page.
pub(crate) fn scan(html: &str) -> Page {
    let tokenizer = Tokenizer::new(Sink(RefCell::new(Scanner::new())), TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    tokenizer.sink.0.into_inner().page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_keep_their_container_and_link_text() {
        let page = scan(
            "<html lang=de><head><title> A  page </title><meta property='og:site_name' content='Blatt'>\
             <script>var x = '<p>no</p>';</script></head><body><div class=content><p>First <b>para</b>graph.\
             <p>Second with <a href=/x>a link</a><li>loose item</div><nav><a href=/>Home</a></nav>",
        );
        assert_eq!(page.meta.title.as_deref(), Some("A page"));
        assert_eq!(page.meta.lang.as_deref(), Some("de"));
        assert_eq!(page.meta.meta[0], ("og:site_name".into(), "Blatt".into()));
        let texts: Vec<&str> = page.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "First paragraph.",
                "Second with a link",
                "loose item",
                "Home"
            ]
        );
        assert_eq!(page.blocks[1].link_chars, 5);
        let content = page.blocks[0].node;
        assert_eq!(page.nodes[page.nodes[content].parent].class_hint, 1);
        assert!(page.nodes[page.blocks[3].node].boilerplate_tag);
    }

    #[test]
    fn line_breaks_survive_and_white_space_collapses() {
        let page = scan("<p>one<br>two \n  three</p><pre>a\n  b</pre>");
        assert_eq!(page.blocks[0].text, "one\ntwo three");
        assert_eq!(page.blocks[1].text, "a\nb");
    }

    #[test]
    fn hover_cards_inside_a_paragraph_are_not_its_text() {
        let page = scan(
            "<p>The mayor <span class=\"person\"><a href=/p/1>Ada Lind</a><span class=\"person-tooltip\">\
             <a href=/a>Older story one</a> <a href=/b>Older story two</a></span></span> opened the bridge.</p>",
        );
        assert_eq!(page.blocks[0].text, "The mayor Ada Lind opened the bridge.");
        assert_eq!(page.blocks[0].link_chars, 7);
    }

    #[test]
    fn class_names_are_read_by_word() {
        assert_eq!(class_hint("share-buttons"), -1);
        assert_eq!(class_hint("relatedArticles"), -1);
        assert_eq!(class_hint("article-body"), 1);
        assert_eq!(class_hint("canvas header-adjust"), 0);
        assert_eq!(class_hint("entry author-jane-doe category-share"), 1);
        assert_eq!(class_hint("article-sidebar"), 0);
    }
}
