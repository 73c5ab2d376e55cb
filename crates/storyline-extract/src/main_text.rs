//! Which blocks of a page are its main text.
//!
//! The rules, in order:
//! 1. Paragraph-like blocks (outside boilerplate such as `nav`, `footer` or `class="share"`) score their
//!    containers: the container itself for text written straight into it, else the parent, with a share for the
//!    next ancestors, so that the element holding most well-formed prose wins. Class names that say "content"
//!    help, link-heavy containers lose.
//! 2. The winner's siblings join when they score close to it or are clean paragraphs themselves (articles
//!    split into several containers by inline advertising).
//! 3. Inside the chosen containers, boilerplate subtrees, link lists, captions and the page title are dropped.
//! 4. When the page's JSON-LD states an `articleBody` that the page really shows, blocks are checked against it
//!    (see [`reconcile_with_json_ld`]).

use crate::page::{Block, BlockKind, Page};
use rustc_hash::FxHashSet;

/// Blocks shorter than this do not score a container.
const MIN_SCORING_CHARS: usize = 25;

struct NodeStats {
    score: Vec<f64>,
    candidate: Vec<bool>,
    /// The node or an ancestor is boilerplate.
    boilerplate: Vec<bool>,
}

fn is_prose(kind: BlockKind) -> bool {
    matches!(
        kind,
        BlockKind::Paragraph | BlockKind::Loose | BlockKind::Quote | BlockKind::Preformatted
    )
}

fn tag_weight(tag: &str) -> f64 {
    match tag {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

fn commas(text: &str) -> usize {
    text.chars()
        .filter(|c| matches!(c, ',' | '，' | '、' | '،'))
        .count()
}

/// Characters of clean prose (paragraph-like blocks with few links) under each node.
fn prose_chars(page: &Page) -> Vec<usize> {
    let mut prose = vec![0usize; page.nodes.len()];
    for block in &page.blocks {
        if is_prose(block.kind) && block.link_density() < 0.3 && block.chars() >= MIN_SCORING_CHARS
        {
            prose[block.node] += block.chars();
        }
    }
    for i in (1..page.nodes.len()).rev() {
        prose[page.nodes[i].parent] += prose[i];
    }
    prose
}

/// Nodes whose tag or class marks them as boilerplate, and their descendants. A class name is not trusted on
/// a wrapper that holds most of the page's prose: layouts put the whole page in `<div class="… menu-open">`.
fn boilerplate_nodes(page: &Page, prose: &[usize]) -> Vec<bool> {
    let mut boilerplate = vec![false; page.nodes.len()];
    for (i, node) in page.nodes.iter().enumerate().skip(1) {
        let by_class = node.class_hint < 0 && prose[i] * 2 < prose[0];
        boilerplate[i] = boilerplate[node.parent] || node.boilerplate_tag || by_class;
    }
    boilerplate
}

fn node_stats(page: &Page, prose: &[usize]) -> NodeStats {
    let n = page.nodes.len();
    let boilerplate = boilerplate_nodes(page, prose);
    let (mut chars, mut link_chars) = (vec![0usize; n], vec![0usize; n]);
    for block in &page.blocks {
        chars[block.node] += block.chars();
        link_chars[block.node] += block.link_chars;
    }
    for i in (1..n).rev() {
        let parent = page.nodes[i].parent;
        chars[parent] += chars[i];
        link_chars[parent] += link_chars[i];
    }
    let mut score = vec![0.0f64; n];
    let mut candidate = vec![false; n];
    for block in &page.blocks {
        let length = block.chars();
        if !is_prose(block.kind) || boilerplate[block.node] || length < MIN_SCORING_CHARS {
            continue;
        }
        let value = (1.0 + commas(&block.text) as f64 + (length as f64 / 100.0).min(3.0))
            * (1.0 - block.link_density());
        let mut node = if block.kind == BlockKind::Loose {
            block.node
        } else {
            page.nodes[block.node].parent
        };
        for level in 0..5 {
            if node == 0 {
                break;
            }
            if !candidate[node] {
                candidate[node] = true;
                score[node] += tag_weight(&page.nodes[node].tag)
                    + 25.0 * f64::from(page.nodes[node].class_hint);
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                _ => level as f64 * 3.0,
            };
            score[node] += value / divider;
            node = page.nodes[node].parent;
        }
    }
    for i in 0..n {
        if candidate[i] {
            let density = link_chars[i] as f64 / chars[i].max(1) as f64;
            score[i] *= 1.0 - density;
        }
    }
    NodeStats {
        score,
        candidate,
        boilerplate,
    }
}

/// A paragraph that reads as article prose on its own, whatever container it is in.
fn clean_paragraph(block: &Block) -> bool {
    let length = block.chars();
    let density = block.link_density();
    (length > 80 && density < 0.25)
        || (length > 0 && density == 0.0 && block.text.trim_end().ends_with(['.', '!', '?', '。']))
}

/// The main text's blocks, in page order.
pub(crate) fn main_blocks(page: &Page) -> Vec<&Block> {
    if page.blocks.is_empty() {
        return Vec::new();
    }
    let prose = prose_chars(page);
    let stats = node_stats(page, &prose);
    let n = page.nodes.len();
    let top = (1..n)
        .filter(|&i| stats.candidate[i])
        .max_by(|&a, &b| stats.score[a].total_cmp(&stats.score[b]).then(b.cmp(&a)))
        .unwrap_or(0);
    let mut roots = vec![false; n];
    roots[top] = true;
    if top != 0 {
        let parent = page.nodes[top].parent;
        let threshold = (stats.score[top] * 0.2).max(10.0);
        let mut own_blocks: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (index, block) in page.blocks.iter().enumerate() {
            own_blocks[block.node].push(index);
        }
        for sibling in (1..n).filter(|&i| page.nodes[i].parent == parent && i != top) {
            if stats.boilerplate[sibling] && page.nodes[sibling].class_hint <= 0 {
                continue;
            }
            let scored = stats.candidate[sibling] && stats.score[sibling] >= threshold;
            let paragraph = page.nodes[sibling].tag == "p"
                && own_blocks[sibling]
                    .iter()
                    .any(|&b| clean_paragraph(&page.blocks[b]));
            if scored || paragraph {
                roots[sibling] = true;
            }
        }
        // Articles cut into chunks by advertising repeat the winner's element, class and all, under other
        // parents; each chunk that scores as prose belongs to the text.
        if let Some(template) = page.nodes[top].template {
            for (i, node) in page.nodes.iter().enumerate().skip(1) {
                if i != top
                    && node.template == Some(template)
                    && stats.candidate[i]
                    && !stats.boilerplate[i]
                    && stats.score[i] >= threshold
                {
                    roots[i] = true;
                }
            }
        }
    }
    // Whether a node is inside the chosen containers, and inside boilerplate below them.
    let mut inside = vec![false; n];
    let mut excluded = vec![false; n];
    for (i, node) in page.nodes.iter().enumerate() {
        if roots[i] {
            inside[i] = true;
            continue;
        }
        if i == 0 {
            continue;
        }
        inside[i] = inside[node.parent];
        excluded[i] = excluded[node.parent]
            || (inside[i]
                && (node.boilerplate_tag || (node.class_hint < 0 && prose[i] * 2 < prose[0])));
    }
    page.blocks
        .iter()
        .filter(|block| inside[block.node] && !excluded[block.node])
        .filter(|block| keep_block(block))
        .collect()
}

fn keep_block(block: &Block) -> bool {
    let density = block.link_density();
    match block.kind {
        BlockKind::Heading(1) | BlockKind::Caption => false,
        _ if density > 0.5 => false,
        _ if block.chars() < 40 && density > 0.25 => false,
        _ => true,
    }
}

/// Shingles of 4 words (lowercased), the unit in which texts are compared.
fn shingles(text: &str) -> Vec<u64> {
    let words: Vec<u64> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.chars()
                .flat_map(char::to_lowercase)
                .fold(0xcbf2_9ce4_8422_2325u64, |h, c| {
                    (h ^ u64::from(c)).wrapping_mul(0x0100_0000_01b3)
                })
        })
        .collect();
    if words.len() < 4 {
        return if words.is_empty() {
            Vec::new()
        } else {
            vec![words.iter().fold(0u64, |h, w| h.rotate_left(7) ^ w)]
        };
    }
    words
        .windows(4)
        .map(|w| w.iter().fold(0u64, |h, x| h.rotate_left(17) ^ x))
        .collect()
}

fn overlap(block: &str, reference: &FxHashSet<u64>) -> f64 {
    let own = shingles(block);
    if own.is_empty() {
        return 0.0;
    }
    own.iter().filter(|s| reference.contains(s)).count() as f64 / own.len() as f64
}

/// The JSON-LD `articleBody`, when a page has one, is what the publisher itself calls the article, but it may be
/// a teaser, truncated, stale, or lack paragraph breaks. It is used only when it is consistent with both the
/// structural choice (it holds most of that text) and the page (the page's blocks show most of it): blocks are
/// then chosen from the whole page by whether they belong to it, which drops boilerplate the structural rules
/// kept and recovers paragraphs they lost. Otherwise the structural choice stands.
pub(crate) fn reconcile_with_json_ld<'a>(
    page: &'a Page,
    structural: Vec<&'a Block>,
    body: &str,
) -> Vec<&'a Block> {
    let reference: FxHashSet<u64> = shingles(body).into_iter().collect();
    if reference.len() < 20 {
        return structural;
    }
    // A teaser or a truncated body covers little of what the structure found: then it cannot judge.
    let structural_shingles: Vec<u64> = structural.iter().flat_map(|b| shingles(&b.text)).collect();
    let known = structural_shingles
        .iter()
        .filter(|s| reference.contains(s))
        .count();
    if (known as f64) < 0.6 * structural_shingles.len() as f64 {
        return structural;
    }
    let chosen: Vec<&Block> = page
        .blocks
        .iter()
        .filter(|block| {
            block.kind != BlockKind::Heading(1) && overlap(&block.text, &reference) >= 0.5
        })
        .collect();
    let mut covered = FxHashSet::default();
    for block in &chosen {
        covered.extend(
            shingles(&block.text)
                .into_iter()
                .filter(|s| reference.contains(s)),
        );
    }
    if (covered.len() as f64) < 0.8 * reference.len() as f64 {
        return structural;
    }
    // Duplicates (a teaser repeating the first paragraph) are kept once.
    let mut seen = FxHashSet::default();
    chosen
        .into_iter()
        .filter(|block| seen.insert(block.text.as_str()))
        .collect()
}
