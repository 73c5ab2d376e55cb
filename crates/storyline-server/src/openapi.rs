//! The OpenAPI 3 description of the API, written out by hand: a derive crate would add macros over every handler
//! and type for seven routes. A test checks that its paths and methods are exactly the router's.

use serde_json::{json, Value};

use crate::api::{DEFAULT_EVENT_LIMIT, DEFAULT_SEARCH_LIMIT, MAX_EVENT_LIMIT, MAX_SEARCH_LIMIT};
use crate::MAX_BODY_BYTES;
use storyline_model::SUMMARY_PARTICIPANTS;
use storyline_store::SEARCH_CANDIDATES;

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
    })
}

fn ok(schema: &str) -> Value {
    json!({
        "description": "OK",
        "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } }
    })
}

fn query(name: &str, description: &str, schema: Value) -> Value {
    json!({ "name": name, "in": "query", "required": false, "description": description, "schema": schema })
}

fn id_parameter(what: &str) -> Value {
    json!({ "name": "id", "in": "path", "required": true, "description": format!("The {what}'s id."),
            "schema": { "type": "string" } })
}

fn date() -> Value {
    json!({ "type": "string", "format": "date" })
}

fn text() -> Value {
    json!({ "type": "string" })
}

pub(crate) fn document() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "storyline",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "News events: the stored events, their articles, full-text search, and adding articles. The web UI that reads this API is served by the same server at `/`."
        },
        "paths": {
            "/api/events": { "get": {
                "summary": "Summaries of the stored events in timeline order (by event date, undated last, then id), filtered and paged; `GET /api/events/{id}` gives an event in full.",
                "parameters": [
                    query("from", "Events on or after this day.", date()),
                    query("to", "Events on or before this day.", date()),
                    query("entity", "An entity id, or a participant's or place's name.", text()),
                    query("place", "A place's name.", text()),
                    query("outlet", "An outlet that reported the event.", text()),
                    query("q", "Words some article of the event contains (all of them).", text()),
                    query("offset", "Events to skip.", json!({ "type": "integer", "minimum": 0, "default": 0 })),
                    query("limit", "Events to return.", json!({ "type": "integer", "minimum": 1,
                        "maximum": MAX_EVENT_LIMIT, "default": DEFAULT_EVENT_LIMIT })),
                ],
                "responses": { "200": ok("EventPage"), "400": error_response("A bad parameter.") }
            }},
            "/api/events/{id}": { "get": {
                "summary": "One event with its articles and their entities (what `storyline show --json` prints).",
                "parameters": [ id_parameter("event") ],
                "responses": { "200": ok("Document"), "404": error_response("No such event.") }
            }},
            "/api/articles": { "post": {
                "summary": "Adds articles, processed like `storyline ingest`: the same content twice is stored once.",
                "security": [ { "bearer": [] } ],
                "requestBody": {
                    "required": true,
                    "description": format!("One article object or an array of them, at most {MAX_BODY_BYTES} bytes."),
                    "content": { "application/json": { "schema": { "oneOf": [
                        { "$ref": "#/components/schemas/NewArticle" },
                        { "type": "array", "items": { "$ref": "#/components/schemas/NewArticle" } }
                    ] } } }
                },
                "responses": {
                    "200": ok("IngestSummary"),
                    "400": error_response("No article in the body could be stored."),
                    "401": error_response("The token is missing or wrong."),
                    "403": error_response("The server has no token: adding articles is disabled."),
                    "413": error_response("The body is too large.")
                }
            }},
            "/api/articles/{id}": { "get": {
                "summary": "One stored article, the event that lists it, and the spans of its text that name an entity, a time or a quantity (computed on request).",
                "parameters": [ id_parameter("article") ],
                "responses": { "200": ok("ArticleView"), "404": error_response("No such article.") }
            }},
            "/api/search": { "get": {
                "summary": "BM25-ranked full-text search over titles and texts, best first.",
                "description": format!("Ranks the {SEARCH_CANDIDATES} most recently stored articles that \
                    contain every word, so a common word costs no more than a rare one."),
                "parameters": [
                    { "name": "q", "in": "query", "required": true, "description": "The words (all must match).",
                      "schema": text() },
                    query("limit", "Hits to return.", json!({ "type": "integer", "minimum": 1,
                        "maximum": MAX_SEARCH_LIMIT, "default": DEFAULT_SEARCH_LIMIT })),
                ],
                "responses": { "200": ok("SearchResult"), "400": error_response("A bad parameter.") }
            }},
            "/api/stories": { "get": {
                "summary": "Storylines: events linked over time by shared core participants and a theme, each story's \
                    events in date order; stories of one event are not listed.",
                "responses": { "200": ok("StoryList") }
            }},
            "/api/openapi.json": { "get": {
                "summary": "This document.",
                "responses": { "200": { "description": "OK", "content": { "application/json": {} } } }
            }}
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": schemas()
        }
    })
}

fn schemas() -> Value {
    let nullable_text = json!({ "type": "string", "nullable": true });
    json!({
        "Error": {
            "type": "object", "required": ["error"],
            "properties": { "error": { "type": "object", "required": ["status", "message"], "properties": {
                "status": { "type": "integer" }, "message": { "type": "string" } } } }
        },
        "NewArticle": {
            "type": "object",
            "description": "`text` or `html` is required; without `id` an article is named by its place in the body.",
            "properties": {
                "id": text(), "url": text(), "outlet": text(),
                "published": { "type": "string", "description": "RFC 3339 or YYYY-MM-DD." },
                "title": text(), "text": text(), "html": text(), "language": text()
            }
        },
        "Article": {
            "type": "object", "required": ["id", "title", "text"],
            "properties": {
                "id": text(), "title": text(), "outlet": nullable_text, "url": nullable_text,
                "published": nullable_text, "language": nullable_text, "text": text()
            }
        },
        "ArticleView": {
            "type": "object", "required": ["article", "event", "annotations"],
            "properties": {
                "article": { "$ref": "#/components/schemas/Article" },
                "event": { "type": "string", "nullable": true, "description": "The id of the event that lists it." },
                "annotations": { "type": "array", "items": { "$ref": "#/components/schemas/Annotation" },
                    "description": "Sorted by start; spans never overlap." }
            }
        },
        "Annotation": {
            "type": "object", "required": ["start", "end", "kind", "label"],
            "description": "A span of the article's text. Offsets count Unicode code points (not bytes, not UTF-16 units) of `article.text`, end exclusive.",
            "properties": {
                "start": { "type": "integer", "minimum": 0 },
                "end": { "type": "integer", "minimum": 0 },
                "kind": { "type": "string", "enum": ["person", "organization", "place", "other", "time", "quantity"] },
                "label": { "type": "string", "description": "The entity's name; a time's TimeML type and value (`DATE 2024-06-14`); a quantity's kind (`duration`)." }
            }
        },
        "Event": {
            "type": "object",
            "required": ["id", "title", "date", "places", "participants", "articles", "facts", "quotes", "summary"],
            "properties": {
                "id": text(), "title": text(),
                "date": { "type": "string", "format": "date", "nullable": true },
                "places": { "type": "array", "items": { "type": "object" } },
                "participants": { "type": "array", "items": { "type": "object" } },
                "articles": { "type": "array", "items": { "type": "object", "properties": {
                    "id": text(), "score": { "type": "number" }, "why": { "type": "array", "items": text() },
                    "framing": { "$ref": "#/components/schemas/Framing" } } } },
                "facts": { "type": "array", "items": { "type": "object" } },
                "quotes": { "type": "array", "items": { "type": "object" } },
                "summary": { "type": "array", "items": { "type": "object" } },
                "terms": { "type": "array", "items": text(),
                    "description": "The event's theme: stemmed title words most of its articles share." }
            }
        },
        "EventSummary": {
            "type": "object",
            "description": "What a timeline shows of an event.",
            "required": ["id", "title", "date", "date_basis", "type", "places", "participants", "participant_count",
                "article_count", "disagreement_count"],
            "properties": {
                "id": text(), "title": text(),
                "date": { "type": "string", "format": "date", "nullable": true },
                "date_basis": { "type": "string", "enum": ["text", "publication"], "nullable": true },
                "type": text(),
                "places": { "type": "array", "items": { "type": "object", "properties": {
                    "name": text(), "country": { "type": "string", "nullable": true } } },
                    "description": "Names and countries; `GET /api/events/{id}` gives the gazetteer entries." },
                "participants": { "type": "array", "items": { "type": "object" },
                    "description": format!("The first {SUMMARY_PARTICIPANTS} participants.") },
                "participant_count": { "type": "integer" },
                "article_count": { "type": "integer" },
                "disagreement_count": { "type": "integer",
                    "description": "Fact slots whose claims disagree." }
            }
        },
        "Framing": {
            "type": "object", "required": ["loaded_words", "attribution_verbs", "carries", "omits"],
            "description": "How one article tells the event.",
            "properties": {
                "loaded_words": { "type": "array", "items": { "type": "object", "properties": {
                    "word": text(), "kind": text(), "count": { "type": "integer" } } } },
                "attribution_verbs": { "type": "array", "items": { "type": "object", "properties": {
                    "verb": text(), "count": { "type": "integer" } } } },
                "carries": { "type": "array", "items": text(), "description": "Fact slots the article claims." },
                "omits": { "type": "array", "items": text(), "description": "Fact slots it leaves out." }
            }
        },
        "Story": {
            "type": "object", "required": ["id", "title", "events"],
            "properties": {
                "id": text(), "title": text(),
                "events": { "type": "array", "items": text(), "description": "Event ids by event date." }
            }
        },
        "StoryList": {
            "type": "object", "required": ["stories"],
            "properties": { "stories": { "type": "array", "items": { "$ref": "#/components/schemas/Story" } } }
        },
        "EventPage": {
            "type": "object", "required": ["events", "total", "offset", "limit"],
            "properties": {
                "events": { "type": "array", "items": { "$ref": "#/components/schemas/EventSummary" } },
                "total": { "type": "integer", "description": "Events matching the filters, on all pages." },
                "offset": { "type": "integer" }, "limit": { "type": "integer" }
            }
        },
        "Document": {
            "type": "object", "required": ["articles", "entities", "events", "stories"],
            "properties": {
                "articles": { "type": "array", "items": { "$ref": "#/components/schemas/Article" } },
                "entities": { "type": "array", "items": { "type": "object" } },
                "events": { "type": "array", "items": { "$ref": "#/components/schemas/Event" } },
                "stories": { "type": "array", "items": { "$ref": "#/components/schemas/Story" } }
            }
        },
        "SearchResult": {
            "type": "object", "required": ["query", "hits"],
            "properties": {
                "query": text(),
                "hits": { "type": "array", "items": { "type": "object", "properties": {
                    "article": text(), "title": text(), "event": { "type": "string", "nullable": true },
                    "score": { "type": "number" }, "snippet": text() } } }
            }
        },
        "IngestSummary": {
            "type": "object",
            "required": ["read", "stored", "already_stored", "events_changed", "total_articles", "errors"],
            "properties": {
                "read": { "type": "integer" }, "stored": { "type": "integer" },
                "already_stored": { "type": "integer" }, "events_changed": { "type": "integer" },
                "total_articles": { "type": "integer" },
                "errors": { "type": "array", "items": { "type": "object", "properties": {
                    "item": text(), "reason": text() } } }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn the_document_lists_exactly_the_routes_the_router_serves() {
        let dir = tempfile::tempdir().unwrap();
        let app = std::sync::Arc::new(
            crate::App::open(crate::Config {
                db: dir.path().join("t.db").to_string_lossy().into_owned(),
                token: None,
            })
            .unwrap(),
        );
        let served: BTreeSet<(String, String)> = crate::api::routes(&app)
            .into_iter()
            .map(|(path, method, _)| (path.to_string(), method.as_str().to_lowercase()))
            .collect();
        let doc = document();
        let documented: BTreeSet<(String, String)> = doc["paths"]
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(path, item)| {
                item.as_object()
                    .unwrap()
                    .keys()
                    .map(move |method| (path.clone(), method.clone()))
            })
            .collect();
        assert_eq!(served, documented);
    }
}
