//! The network part, kept thin: one GET through ureq with bounded time, redirects and size.

use std::time::Duration;

/// How requests are made. The defaults suit fetching a handful of news pages and feeds.
#[derive(Clone, Debug)]
pub struct FetchConfig {
    /// The whole exchange of one URL, redirects and body included.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// The longest a connection may stall without a byte.
    pub read_timeout: Duration,
    /// The largest (decompressed) response body read.
    pub max_body_bytes: u64,
    pub max_redirects: u32,
    /// Requests in flight at once.
    pub workers: usize,
    /// Requests in flight at once to one host.
    pub per_host: usize,
    pub user_agent: String,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(15),
            max_body_bytes: storyline_extract::Limits::default().max_item_bytes as u64,
            max_redirects: 5,
            workers: 4,
            per_host: 2,
            user_agent: user_agent(),
        }
    }
}

/// `storyline/VERSION`, with the project page when the package names one, so that site owners can see
/// who is fetching and why.
pub fn user_agent() -> String {
    let version = env!("CARGO_PKG_VERSION");
    match option_env!("CARGO_PKG_HOMEPAGE").filter(|page| !page.is_empty()) {
        Some(page) => format!("storyline/{version} (+{page})"),
        None => format!("storyline/{version} (news event engine)"),
    }
}

/// A successful response.
#[derive(Clone, Debug)]
pub struct Response {
    /// Where the content came from, after redirects.
    pub final_url: String,
    /// The `Content-Type` header as sent.
    pub content_type: Option<String>,
    /// The body, decompressed when it was sent with `Content-Encoding: gzip`.
    pub body: Vec<u8>,
}

/// What a server said identifies the version of a resource it sent: sent back on the next request, it lets the
/// server answer "not modified" instead of the whole body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` header, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` header, sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

/// The answer to a conditional GET.
#[derive(Clone, Debug)]
pub enum Conditional {
    /// 304: the version the validators name is still current.
    NotModified,
    /// A new version, and the validators that name it.
    Modified(Response, Validators),
}

/// Makes GET requests; one agent (and its connection pool) is shared by all of them.
pub struct Fetcher {
    agent: ureq::Agent,
    config: FetchConfig,
}

impl Fetcher {
    pub fn new(config: &FetchConfig) -> Fetcher {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(config.timeout))
            .timeout_connect(Some(config.connect_timeout))
            .timeout_per_read(Some(config.read_timeout))
            .max_redirects(config.max_redirects)
            .user_agent(config.user_agent.as_str())
            .accept("text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.8")
            // Statuses are reported by this crate, with the reason phrase.
            .http_status_as_error(false)
            .build()
            .new_agent();
        Fetcher {
            agent,
            config: config.clone(),
        }
    }

    /// Fetches one URL; the error is a reason fit for a user's error line.
    pub fn get(&self, url: &str) -> Result<Response, String> {
        match self.get_if_changed(url, &Validators::default())? {
            Conditional::Modified(response, _) => Ok(response),
            // Only a request with validators can be answered 304.
            Conditional::NotModified => Err("HTTP 304 Not Modified to a plain GET".into()),
        }
    }

    /// Fetches one URL unless the version `known` names is still current (a feed polled again).
    pub fn get_if_changed(&self, url: &str, known: &Validators) -> Result<Conditional, String> {
        let mut request = self.agent.get(url);
        if let Some(etag) = &known.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(date) = &known.last_modified {
            request = request.header("If-Modified-Since", date);
        }
        let mut response = request.call().map_err(|e| self.reason(&e))?;
        let status = response.status();
        if status.as_u16() == 304 {
            return Ok(Conditional::NotModified);
        }
        if !status.is_success() {
            return Err(format!(
                "HTTP {} {}",
                status.as_u16(),
                status.canonical_reason().unwrap_or("")
            )
            .trim_end()
            .to_string());
        }
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .map(str::to_string);
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_string)
        };
        let validators = Validators {
            etag: header("etag"),
            last_modified: header("last-modified"),
        };
        let final_url = ureq::ResponseExt::get_uri(&response).to_string();
        let body = response
            .body_mut()
            .with_config()
            .limit(self.config.max_body_bytes)
            .read_to_vec()
            .map_err(|e| self.reason(&e))?;
        Ok(Conditional::Modified(
            Response {
                final_url,
                content_type,
                body,
            },
            validators,
        ))
    }

    fn reason(&self, error: &ureq::Error) -> String {
        match error {
            ureq::Error::Timeout(which) => {
                let limit = match which {
                    ureq::Timeout::Connect => self.config.connect_timeout,
                    ureq::Timeout::PerRead => self.config.read_timeout,
                    _ => self.config.timeout,
                };
                format!(
                    "timed out ({which} limit of {:.1} s; raise it with --timeout)",
                    limit.as_secs_f64()
                )
            }
            ureq::Error::TooManyRedirects => {
                format!("more than {} redirects", self.config.max_redirects)
            }
            ureq::Error::BodyExceedsLimit(limit) => {
                format!(
                    "the response is over the limit of {limit} bytes (raise it with --max-bytes)"
                )
            }
            ureq::Error::HostNotFound => "host not found".into(),
            ureq::Error::Io(e) => format!("cannot fetch: {e}"),
            other => format!("cannot fetch: {other}"),
        }
    }
}
