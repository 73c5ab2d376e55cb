//! The routes, their parameters and the layers every request passes: time bound, body bound, panic catcher.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{json, Value};
use storyline_extract::{extract, Format, ItemError, Limits};
use storyline_store::{EventQuery, EventSummaryPage};
use tower_http::catch_panic::CatchPanicLayer;

use crate::annotate::annotate;
use crate::{openapi, ui, ApiError, App, MAX_BODY_BYTES, READ_TIMEOUT, WRITE_TIMEOUT};

/// Events a page by default, and at most.
pub(crate) const DEFAULT_EVENT_LIMIT: usize = 50;
pub(crate) const MAX_EVENT_LIMIT: usize = 200;
/// Search hits by default, and at most.
pub(crate) const DEFAULT_SEARCH_LIMIT: usize = 20;
pub(crate) const MAX_SEARCH_LIMIT: usize = 100;

type AppState = Arc<App>;

/// Every route the API serves: path, method, handler. The router is built from this list only, so the OpenAPI
/// document can be checked against it.
pub(crate) fn routes(app: &AppState) -> Vec<(&'static str, Method, MethodRouter<AppState>)> {
    vec![
        ("/api/events", Method::GET, get(list_events)),
        ("/api/events/{id}", Method::GET, get(show_event)),
        (
            "/api/articles",
            Method::POST,
            // Authorisation runs before the body is read: a stranger cannot make the server read 16 MB.
            post(post_articles).route_layer(middleware::from_fn_with_state(
                Arc::clone(app),
                require_token,
            )),
        ),
        ("/api/articles/{id}", Method::GET, get(show_article)),
        ("/api/search", Method::GET, get(search)),
        ("/api/stories", Method::GET, get(list_stories)),
        ("/api/openapi.json", Method::GET, get(openapi_document)),
    ]
}

pub(crate) fn router(app: AppState) -> Router {
    let mut router = Router::new();
    for (path, _, handler) in routes(&app) {
        router = router.route(path, handler);
    }
    for (path, handler) in ui::routes() {
        router = router.route(path, handler);
    }
    router
        .fallback(unknown_route)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        // A panic in a handler becomes a JSON 500 and the server keeps serving.
        .layer(CatchPanicLayer::custom(|_| {
            ApiError::internal("the request failed inside the server").into_response()
        }))
        .layer(middleware::from_fn(guard))
        .with_state(app)
}

async fn unknown_route() -> ApiError {
    ApiError::not_found("no such route; GET /api/openapi.json lists them")
}

async fn method_not_allowed(method: Method) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("{method} is not allowed on this route; GET /api/openapi.json lists the routes"),
    )
}

/// Bounds the request's time, and tells browsers never to guess a type other than the one sent (JSON stays data).
async fn guard(request: Request, next: Next) -> Response {
    let limit = if request.method() == Method::POST {
        WRITE_TIMEOUT
    } else {
        READ_TIMEOUT
    };
    let mut response = match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("the request took longer than {} s", limit.as_secs()),
        )
        .into_response(),
    };
    response.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        header::HeaderValue::from_static("nosniff"),
    );
    response
}

async fn require_token(State(app): State<AppState>, request: Request, next: Next) -> Response {
    let Some(expected) = app.token() else {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "adding articles is disabled: start the server with --token or STORYLINE_TOKEN",
        )
        .into_response();
    };
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    match given {
        Some(token) if same_secret(token.trim().as_bytes(), expected.as_bytes()) => {
            next.run(request).await
        }
        Some(_) => ApiError::new(StatusCode::UNAUTHORIZED, "wrong token").into_response(),
        None => ApiError::new(
            StatusCode::UNAUTHORIZED,
            "adding articles needs the header Authorization: Bearer <token>",
        )
        .into_response(),
    }
}

/// Compares two secrets in time that depends only on their lengths, so response times do not reveal how much of
/// a guess was right.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given
            .iter()
            .zip(expected)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// The query parameters of `GET /api/events`; unknown parameters are refused, so a typo is not silently ignored.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventParams {
    from: Option<String>,
    to: Option<String>,
    entity: Option<String>,
    place: Option<String>,
    outlet: Option<String>,
    q: Option<String>,
    offset: Option<String>,
    limit: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SearchParams {
    q: Option<String>,
    limit: Option<String>,
}

fn path_id(id: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    id.map(|Path(id)| id)
        .map_err(|rejection| ApiError::bad_request(rejection.body_text()))
}

fn query_params<T>(params: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    params
        .map(|Query(params)| params)
        .map_err(|rejection| ApiError::bad_request(rejection.body_text()))
}

/// A filter's value: an empty or blank one is no filter (a form field left empty).
fn filter(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn day(name: &str, value: Option<String>) -> Result<Option<String>, ApiError> {
    filter(value)
        .map(|text| {
            NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                .map(|date| date.format("%Y-%m-%d").to_string())
                .map_err(|_| {
                    ApiError::bad_request(format!("{name} must be a date YYYY-MM-DD, got {text:?}"))
                })
        })
        .transpose()
}

fn number(
    name: &str,
    value: Option<String>,
    default: usize,
    range: std::ops::RangeInclusive<usize>,
) -> Result<usize, ApiError> {
    let Some(text) = filter(value) else {
        return Ok(default);
    };
    text.parse::<usize>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| {
            ApiError::bad_request(format!(
                "{name} must be a whole number from {} to {}, got {text:?}",
                range.start(),
                range.end()
            ))
        })
}

async fn list_events(
    State(app): State<AppState>,
    params: Result<Query<EventParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let params = query_params(params)?;
    let query = EventQuery {
        from: day("from", params.from)?,
        to: day("to", params.to)?,
        entity: filter(params.entity),
        place: filter(params.place),
        outlet: filter(params.outlet),
        text: filter(params.q),
        offset: number("offset", params.offset, 0, 0..=usize::MAX)?,
        limit: number(
            "limit",
            params.limit,
            DEFAULT_EVENT_LIMIT,
            1..=MAX_EVENT_LIMIT,
        )?,
    };
    if let (Some(from), Some(to)) = (&query.from, &query.to) {
        if from > to {
            return Err(ApiError::bad_request(format!(
                "from ({from}) is after to ({to})"
            )));
        }
    }
    let key = format!("events {query:?}");
    let (offset, limit) = (query.offset, query.limit);
    let answer = app
        .answers
        .answer(key, async {
            let page = app
                .read(move |store, _| Ok(store.query_event_summaries(&query)?))
                .await?;
            Ok::<_, ApiError>(event_page_body(&page, offset, limit))
        })
        .await?;
    Ok(json_answer(answer))
}

/// The body of `GET /api/events`: the stored summaries are written as they are (each is checked JSON), not parsed
/// and serialised again.
fn event_page_body(page: &EventSummaryPage, offset: usize, limit: usize) -> Bytes {
    let summaries_len: usize = page.summaries.iter().map(|s| s.len() + 1).sum();
    let mut body = Vec::with_capacity(summaries_len + 80);
    body.extend_from_slice(b"{\"events\":[");
    for (index, summary) in page.summaries.iter().enumerate() {
        if index > 0 {
            body.push(b',');
        }
        body.extend_from_slice(summary.as_bytes());
    }
    body.extend_from_slice(
        format!(
            "],\"total\":{},\"offset\":{offset},\"limit\":{limit}}}",
            page.total
        )
        .as_bytes(),
    );
    Bytes::from(body)
}

fn to_bytes(value: &Value) -> Result<Bytes, ApiError> {
    serde_json::to_vec(value)
        .map(Bytes::from)
        .map_err(|e| ApiError::internal(e.to_string()))
}

/// A JSON body serialised earlier (and maybe served from the cache).
fn json_answer(body: Bytes) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

async fn show_event(
    State(app): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = path_id(id)?;
    let document = app
        .read(move |store, app| {
            storyline_ingest::event_document(store, &app.analyzer, &id)?
                .ok_or_else(|| ApiError::not_found(format!("no event with id {id:?}")))
        })
        .await?;
    Ok(Json(
        serde_json::to_value(document).map_err(|e| ApiError::internal(e.to_string()))?,
    ))
}

async fn show_article(
    State(app): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = path_id(id)?;
    let (article, event, annotations) = app
        .read(move |store, app| {
            let (article, event) = store
                .article_with_event(&id)?
                .ok_or_else(|| ApiError::not_found(format!("no article with id {id:?}")))?;
            let annotations = annotate(&article, &app.analyzer, &app.reader);
            Ok((article, event, annotations))
        })
        .await?;
    Ok(Json(
        json!({ "article": article, "event": event, "annotations": annotations }),
    ))
}

async fn search(
    State(app): State<AppState>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let params = query_params(params)?;
    let query = filter(params.q)
        .ok_or_else(|| ApiError::bad_request("q (the words to search for) is required"))?;
    let limit = number(
        "limit",
        params.limit,
        DEFAULT_SEARCH_LIMIT,
        1..=MAX_SEARCH_LIMIT,
    )?;
    let key = format!("search {limit} {query}");
    let answer = app
        .answers
        .answer(key, search_answer(&app, query, limit))
        .await?;
    Ok(json_answer(answer))
}

async fn search_answer(app: &AppState, query: String, limit: usize) -> Result<Bytes, ApiError> {
    let words = query.clone();
    let hits = app
        .read(move |store, _| Ok(store.search(&words, limit)?))
        .await?;
    let hits: Vec<Value> = hits
        .iter()
        .map(|hit| {
            json!({
                "article": hit.article_id, "title": hit.title, "event": hit.event_id,
                "score": hit.score, "snippet": hit.snippet,
            })
        })
        .collect();
    to_bytes(&json!({ "query": query, "hits": hits }))
}

async fn list_stories(State(app): State<AppState>) -> Result<Json<Value>, ApiError> {
    let stories = app.read(|store, _| Ok(store.stories()?)).await?;
    Ok(Json(json!({ "stories": stories })))
}

async fn openapi_document() -> Json<Value> {
    Json(openapi::document())
}

async fn post_articles(
    State(app): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let body = body.map_err(|rejection| {
        let status = rejection.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                status,
                format!(
                    "the body is larger than {MAX_BODY_BYTES} bytes: send fewer articles at a time"
                ),
            )
        } else {
            ApiError::new(status, rejection.body_text())
        }
    })?;
    let summary = app
        .write(move |store| {
            let extracted = extract(
                "request.json",
                &body,
                Format::Json,
                false,
                Limits::default(),
            );
            if extracted.articles.is_empty() {
                return Err(ApiError::bad_request(no_articles(&extracted.errors)));
            }
            let mut summary = storyline_ingest::ingest(store, extracted.articles, 5000, false)?;
            let mut errors = extracted.errors;
            errors.append(&mut summary.errors);
            Ok((summary, errors))
        })
        .await?;
    let (summary, errors) = summary;
    if summary.stored + summary.already_stored == 0 {
        return Err(ApiError::bad_request(no_articles(&errors)));
    }
    let mut body = serde_json::to_value(&summary).map_err(|e| ApiError::internal(e.to_string()))?;
    body["errors"] = errors
        .iter()
        .map(|e| json!({ "item": e.item, "reason": e.reason }))
        .collect();
    Ok(Json(body))
}

fn no_articles(errors: &[ItemError]) -> String {
    let reasons: Vec<String> = errors.iter().map(ToString::to_string).collect();
    if reasons.is_empty() {
        "the body holds no article: send a JSON object or an array of them".into()
    } else {
        format!("no article was stored: {}", reasons.join("; "))
    }
}
