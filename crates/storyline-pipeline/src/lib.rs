//! The pipeline's composition: analyze → cluster → facts, for the whole corpus at once (`analyze`) or batch by
//! batch against saved state (`ingest`).
//!
//! Pure: articles in, events out; reading inputs and writing the store are the caller's. Analysis runs on all
//! cores (it is per-article); clustering is sequential because the stream order matters.

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use storyline_analyze::{Analysis, Analyzer};
use storyline_cluster::{Assignment, Clusterer, Config, Incoming};
use storyline_facts::{
    build_event, keep_what_facts_need, route_other_event_facts, EntityIndex, Member, Reader,
};
use storyline_model::{Article, Document, EventArticle, EventOutline, Framing};
use storyline_stories::link_stories;

/// Analyses articles in parallel, in the given order, and fills in each article's language when the source
/// did not give one.
pub fn analyze_all(analyzer: &Analyzer, articles: &mut [Article]) -> Vec<Analysis> {
    let analyses: Vec<Analysis> = articles.par_iter().map(|a| analyzer.analyze(a)).collect();
    for (article, analysis) in articles.iter_mut().zip(&analyses) {
        if article.language.is_none() {
            article.language.clone_from(&analysis.language);
        }
    }
    analyses
}

/// Puts articles in stream order: publication time as the sources give it, then id.
pub fn sort_for_stream(articles: &mut [Article]) {
    articles.sort_by(|a, b| a.stream_order(b));
}

/// The content hash that makes ingest idempotent: the same title and text (whitespace aside) hash the same.
pub fn content_hash(article: &Article) -> String {
    let mut hasher = blake3::Hasher::new();
    for part in [&article.title, &article.text] {
        for word in part.split_whitespace() {
            hasher.update(word.as_bytes());
            hasher.update(b" ");
        }
        hasher.update(b"\n");
    }
    hasher.finalize().to_hex()[..32].to_string()
}

/// Clusters analysed articles (already in stream order) and returns one assignment per article.
pub fn cluster_all(
    clusterer: &mut Clusterer,
    articles: &[Article],
    analyses: &[Analysis],
) -> Vec<Assignment> {
    let batch: Vec<Incoming<'_>> = articles
        .iter()
        .zip(analyses)
        .map(|(article, analysis)| Incoming {
            id: &article.id,
            published: article.published,
            analysis,
        })
        .collect();
    clusterer.add_batch(&batch)
}

/// Groups articles by event, in stream order within each event.
pub fn members_by_event<'a>(
    articles: &'a [Article],
    analyses: &'a [Analysis],
    memberships: &[(String, EventArticle)],
) -> Vec<(String, Vec<Member<'a>>)> {
    let by_id: FxHashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let mut events: Vec<(String, Vec<Member<'a>>)> = Vec::new();
    let mut slot: FxHashMap<String, usize> = FxHashMap::default();
    for (event_id, membership) in memberships {
        let Some(&index) = by_id.get(membership.id.as_str()) else {
            continue;
        };
        let position = *slot.entry(event_id.clone()).or_insert_with(|| {
            events.push((event_id.clone(), Vec::new()));
            events.len() - 1
        });
        events[position].1.push(Member {
            reading: None,
            article: &articles[index],
            analysis: &analyses[index],
            membership: membership.clone(),
        });
    }
    events
}

/// Articles analysed at once by `run`: plenty to keep every core busy.
const ANALYSIS_CHUNK: usize = 4096;

/// Runs the whole pipeline over a corpus held in memory and returns the JSON document's content.
/// Article ids must be unique.
pub fn run(mut articles: Vec<Article>, config: Config) -> Document {
    let analyzer = Analyzer::new();
    let reader = Reader::new();
    sort_for_stream(&mut articles);
    let mut clusterer = Clusterer::new(config);
    // Chunk by chunk, so that only one chunk's analyses hold their full term lists at a time. Clustering is
    // sequential, so it runs on one core while the next chunk is analysed on the others.
    let mut analyses = Vec::with_capacity(articles.len());
    let mut assignments = Vec::with_capacity(articles.len());
    let mut chunks = articles.chunks_mut(ANALYSIS_CHUNK);
    let mut analysed: Option<(&[Article], Vec<Analysis>)> = None;
    loop {
        let next = chunks.next();
        if analysed.is_none() && next.is_none() {
            break;
        }
        let (clustered, newly_analysed) = rayon::join(
            || {
                analysed.take().map(|(chunk, mut chunk_analyses)| {
                    let chunk_assignments = cluster_all(&mut clusterer, chunk, &chunk_analyses);
                    chunk_analyses.iter_mut().for_each(keep_what_facts_need);
                    (chunk_assignments, chunk_analyses)
                })
            },
            || {
                next.map(|chunk| {
                    let chunk_analyses = analyze_all(&analyzer, chunk);
                    (&*chunk, chunk_analyses)
                })
            },
        );
        if let Some((chunk_assignments, chunk_analyses)) = clustered {
            assignments.extend(chunk_assignments);
            analyses.extend(chunk_analyses);
        }
        analysed = newly_analysed;
    }
    let memberships: Vec<(String, EventArticle)> = articles
        .iter()
        .zip(assignments)
        .map(|(article, assignment)| {
            (
                assignment.event_id,
                EventArticle {
                    id: article.id.clone(),
                    score: assignment.score,
                    why: assignment.why,
                    framing: Framing::default(),
                    copy_of: None,
                },
            )
        })
        .collect();
    let index = EntityIndex::new(&analyses);
    let grouped = members_by_event(&articles, &analyses, &memberships);
    let mut events: Vec<_> = grouped
        .par_iter()
        .map(|(event_id, members)| build_event(event_id, members, &index, &reader))
        .collect();
    route_other_event_facts(&mut events);
    sort_events(&mut events);
    let outlines: Vec<EventOutline> = events.iter().map(EventOutline::from).collect();
    let stories = link_stories(&outlines);
    Document {
        articles,
        entities: index.entities(),
        events,
        stories,
    }
}

/// Events by date (undated last), then id.
pub fn sort_events(events: &mut [storyline_model::Event]) {
    events.sort_by(|a, b| match (&a.date, &b.date) {
        (Some(x), Some(y)) => x.cmp(y).then_with(|| a.id.cmp(&b.id)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.id.cmp(&b.id),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, published: &str, title: &str, text: &str) -> Article {
        Article {
            published: Some(published.parse().unwrap()),
            outlet: Some("Test Wire".into()),
            ..Article::new(id, title, text)
        }
    }

    fn corpus() -> Vec<Article> {
        vec![
            article("b", "2019-04-25T10:00:00Z", "Kim Jong Un meets Putin in Vladivostok",
                "Kim Jong Un met Vladimir Putin in Vladivostok on April 25, 2019 for nuclear talks on Russky Island."),
            article("c", "2019-04-26", "Strong earthquake hits Chile",
                "A strong earthquake struck the coast of Chile, damaging buildings in Valparaiso."),
            article("a", "2019-04-25T08:00:00Z", "Putin and Kim Jong-un hold summit in Vladivostok",
                "Vladimir Putin and Kim Jong-un held a summit in Vladivostok on April 25, 2019, on Russky Island."),
        ]
    }

    #[test]
    fn every_article_is_in_exactly_one_event_and_output_is_deterministic() {
        let document = run(corpus(), Config::default());
        let mut seen: Vec<&str> = document
            .events
            .iter()
            .flat_map(|e| e.articles.iter().map(|a| a.id.as_str()))
            .collect();
        seen.sort_unstable();
        assert_eq!(seen, ["a", "b", "c"]);
        assert_eq!(document.events.len(), 2);
        let summit = &document.events[0];
        assert_eq!(summit.date.as_deref(), Some("2019-04-25"));
        assert_eq!(summit.articles[0].id, "a", "members are in stream order");
        assert_eq!(document.articles[0].language.as_deref(), Some("en"));

        let mut shuffled = corpus();
        shuffled.reverse();
        assert_eq!(
            run(shuffled, Config::default()),
            document,
            "input order does not matter"
        );
    }

    #[test]
    fn content_hash_ignores_whitespace_but_not_words() {
        let a = article("x", "2019-01-01", "Title", "Some  text\nhere");
        let mut b = a.clone();
        b.text = "Some text here ".into();
        b.id = "y".into();
        assert_eq!(content_hash(&a), content_hash(&b));
        b.text = "Some other text".into();
        assert_ne!(content_hash(&a), content_hash(&b));
    }
}
