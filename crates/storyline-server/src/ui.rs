//! The web UI: one HTML page and its scripts and style sheet, compiled into the binary (`include_bytes!`), so
//! `storyline serve` needs no files beside it and no network. The page's scripts read the JSON API and build the
//! DOM with `textContent` and `createElement` only: stored text never becomes markup.
//!
//! Asset names come from a fixed table: a request names an entry or gets 404, so no path can reach the file
//! system. Every UI response carries a Content-Security-Policy that allows scripts, styles and requests from this
//! server only and no inline script, so even markup that slipped into the page could not run.

use std::sync::Arc;

use axum::extract::Path;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, MethodRouter};

use crate::{ApiError, App};

/// The policy of every UI response: nothing but this server's own scripts, styles, images and API.
pub(crate) const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

/// The page every UI address answers; its script picks what to show from the address.
const PAGE: &[u8] = include_bytes!("../ui/index.html");

const ASSETS: &[Asset] = &[
    Asset {
        name: "app.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../ui/app.js"),
    },
    Asset {
        name: "dom.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../ui/dom.js"),
    },
    Asset {
        name: "pages.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../ui/pages.js"),
    },
    Asset {
        name: "style.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../ui/style.css"),
    },
];

/// The UI's addresses: the timeline (`/`), an event, an article, the storylines, and the assets.
pub(crate) fn routes() -> Vec<(&'static str, MethodRouter<Arc<App>>)> {
    vec![
        ("/", get(page)),
        ("/events/{id}", get(page)),
        ("/articles/{id}", get(page)),
        ("/stories", get(page)),
        ("/assets/{name}", get(asset)),
    ]
}

fn respond(content_type: &'static str, body: &'static [u8]) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    // The assets change with the binary; a browser asks again rather than keep an old script.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

async fn page() -> Response {
    respond("text/html; charset=utf-8", PAGE)
}

async fn asset(name: Option<Path<String>>) -> Response {
    let found = name.and_then(|Path(name)| ASSETS.iter().find(|asset| asset.name == name));
    match found {
        Some(asset) => respond(asset.content_type, asset.body),
        None => ApiError::not_found("no such asset").into_response(),
    }
}
