//! A small HTTP server over an index: a JSON API mirroring the library (and
//! the `search` command's `--json` output) and a search page, on tokio and
//! axum. Enabled by the `server` cargo feature (on by default).
//!
//! | route | returns |
//! |---|---|
//! | `GET /` | the search page (one embedded HTML file) |
//! | `GET /api/search?q=&country=&...` | [`SearchResults`](crate::SearchResults) |
//! | `GET /api/facets?field=&q=&...` | [`FacetList`](crate::FacetList) |
//! | `GET /api/download?format=csv\|jsonl&q=&...` | the search's hits as a CSV or JSON Lines file |
//! | `GET /api/dates?q=&...` | [`DateHistogram`](crate::DateHistogram) |
//! | `GET /api/articles/{id}` | [`IndexedArticle`](crate::IndexedArticle) |
//! | `GET /api/similar/{id}?limit=` | [`SearchResults`](crate::SearchResults) |
//! | `GET /api/stats?top=` | [`IndexStats`](crate::IndexStats) |
//! | `GET /health` | `{"status": "ok", "articles": N}` |
//!
//! Parameters are the command line's options with underscores
//! (`min_amount`), repeatable where the option is (`country`, `about`,
//! `org`, `person`, and `not_country`, `not_about`, `not_org`,
//! `not_person`, which leave a value's articles out). A bad parameter is a 400 with `{"error": ..., "parameter": ...}`;
//! an unknown article a 404 with `{"error": ...}`; a method other than GET
//! a 405, a request line over 64 KB a 414, each with a JSON body too. A country or
//! organisation filter no article has is not an error: the search answers
//! 200 with no hits and the closest indexed values under
//! `unmatched_filters`, as `search query --json` does.
//!
//! Work is bounded: at most [`ServerOptions::max_limit`] hits a page and
//! [`ServerOptions::max_window`] deep, query text up to
//! [`ServerOptions::max_query_len`] bytes, searches run on at most
//! [`ServerOptions::search_threads`] threads with at most
//! [`ServerOptions::concurrency`] requests in flight (more wait), and a
//! request that takes longer than [`ServerOptions::timeout`] is answered
//! 503. The server only reads the index (a read-only folder is fine) and
//! picks up commits made by `search index` while it runs: at most every
//! [`ServerOptions::reload_interval`], a request looks at the modification
//! time of the index's `meta.json` and reloads the shared reader when it
//! changed.
//!
//! ```no_run
//! use std::sync::Arc;
//! use newsindex::server::{self, ServerOptions};
//! use newsindex::NewsIndex;
//!
//! # async fn run() -> std::io::Result<()> {
//! let index = Arc::new(NewsIndex::open("index").expect("an index"));
//! // Mount it in a larger application...
//! let app = axum::Router::new().nest("/news", server::router(index.clone(), ServerOptions::default()));
//! // ...or serve it alone until Ctrl-C.
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:7700").await?;
//! server::serve(index, listener, ServerOptions::default(), async {
//!     tokio::signal::ctrl_c().await.ok();
//! })
//! .await
//! # }
//! ```

mod connection;
mod download;
mod params;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use tokio::sync::Semaphore;
use tower::ServiceBuilder;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::{Error, NewsIndex, Parameter};
use params::{Params, DOWNLOAD, FACETS, FILTERS, SEARCH};

/// The search page, served at `/`.
const PAGE: &str = include_str!("page.html");

/// What the page may load and run: its own inline script and style, and
/// requests to this server only.
const PAGE_POLICY: &str = "default-src 'none'; script-src 'unsafe-inline'; \
    style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; \
    base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Limits and timings of a server. The defaults suit one user's index on
/// a laptop; every limit answers a request that passes it with a 400 (or a
/// 503 for the timeout), never with more work.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    max_limit: usize,
    max_window: usize,
    max_query_len: usize,
    timeout: Duration,
    concurrency: usize,
    search_threads: usize,
    reload_interval: Duration,
    local_only: bool,
}

impl Default for ServerOptions {
    fn default() -> ServerOptions {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1);
        ServerOptions {
            max_limit: 100,
            max_window: 10_000,
            max_query_len: crate::MAX_QUERY_LEN,
            timeout: Duration::from_secs(10),
            concurrency: 256,
            search_threads: cores,
            reload_interval: Duration::from_millis(500),
            local_only: false,
        }
    }
}

/// Setters of [`ServerOptions`], each written as `name(argument: Type) =
/// value;` under its doc comment: the method `name` sets the field of the
/// same name to `value` (the argument, bounded where a limit needs it) and
/// returns the options.
macro_rules! setters {
    ($($(#[$doc:meta])* $name:ident($arg:ident: $type:ty) = $value:expr;)*) => {
        $(
            $(#[$doc])*
            pub fn $name(mut self, $arg: $type) -> ServerOptions {
                self.$name = $value;
                self
            }
        )*
    };
}

impl ServerOptions {
    /// Default limits (see the setters).
    pub fn new() -> ServerOptions {
        ServerOptions::default()
    }

    setters! {
        /// Most hits one request may ask for with `limit` (and most facet
        /// values with `top`); default 100.
        max_limit(n: usize) = n.max(1);

        /// Deepest page: `offset + limit` at most this; default 10,000.
        max_window(n: usize) = n.max(1);

        /// Longest query text `q`, in bytes; default (and at most) [`crate::MAX_QUERY_LEN`].
        max_query_len(bytes: usize) = bytes.min(crate::MAX_QUERY_LEN);

        /// Longest a request may take, waiting for a turn included, before
        /// it is answered 503; default 10 s.
        timeout(timeout: Duration) = timeout;

        /// Most requests in flight; more wait for a turn; default 256.
        concurrency(n: usize) = n.max(1);

        /// Most searches running at once, each on its own thread; default:
        /// one per core.
        search_threads(n: usize) = n.max(1);

        /// How often requests look for a new commit (the modification time of
        /// `meta.json`); default 500 ms; zero: on every request.
        reload_interval(interval: Duration) = interval;

        /// Answer only requests addressed to this machine by name (`Host:
        /// localhost`, `127.0.0.1`, `[::1]`, any port), others with 421: for a
        /// server on a loopback address, so that a web page elsewhere cannot
        /// read the index through the browser by pointing a domain of its own
        /// at 127.0.0.1 (DNS rebinding). Default off; [`run`] turns it on for
        /// loopback addresses.
        local_only(on: bool) = on;
    }
}

/// An error answered to a client: the status, a message and, for a bad
/// parameter, its name.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    error: String,
    parameter: Option<String>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parameter: Option<&'a str>,
}

impl ApiError {
    /// A 400 about one parameter.
    pub(crate) fn bad(parameter: impl Into<String>, error: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            error: error.into(),
            parameter: Some(parameter.into()),
        }
    }

    fn not_found(error: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            error: error.into(),
            parameter: None,
        }
    }

    fn internal(error: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            error: error.into(),
            parameter: None,
        }
    }

    /// A library error: the client's mistakes are 400s naming the
    /// parameter, a missing article a 404, anything else the server's fault.
    fn from_library(error: Error) -> ApiError {
        let message = error.to_string();
        match &error {
            Error::QueryTooLong { .. } | Error::InvalidQuery { .. } => ApiError::bad("q", message),
            Error::InvalidFilter { parameter, .. } => ApiError::bad(parameter.api_name(), message),
            Error::ArticleNotFound(_) => ApiError::not_found(message),
            _ => ApiError::internal(message),
        }
    }

    /// A filter value [`Filters::apply`](crate::Filters::apply) refused
    /// before any search, as the API words it: the value and why
    /// (`"lots" is not an amount; ...`), or for a reversed date range what
    /// to do; anything else as [`ApiError::from_library`].
    fn from_filters(error: Error) -> ApiError {
        match error {
            Error::InvalidFilter {
                parameter: parameter @ Parameter::DateRange,
                ..
            } => ApiError::bad(
                parameter.api_name(),
                "after until: no article can match; swap the dates",
            ),
            Error::InvalidFilter {
                parameter,
                value,
                reason,
            } => ApiError::bad(parameter.api_name(), format!("{value:?} is {reason}")),
            other => ApiError::from_library(other),
        }
    }
}

impl Parameter {
    /// The query-string parameter of the API that takes this value (a
    /// date range is named by its first date, `since`).
    fn api_name(self) -> &'static str {
        match self {
            Parameter::Country => "country",
            Parameter::About => "about",
            Parameter::Org => "org",
            Parameter::Person => "person",
            Parameter::Currency => "currency",
            Parameter::MinAmount => "min_amount",
            Parameter::MaxAmount => "max_amount",
            Parameter::Since | Parameter::DateRange => "since",
            Parameter::Until => "until",
            Parameter::FacetField => "field",
            // Named in words, as the API always named them (a language
            // value `/lang/` comes back as "language", not `lang`).
            Parameter::Lang
            | Parameter::Folder
            | Parameter::Exclude
            | Parameter::MemoryBudget
            | Parameter::Threads => self.words(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: &self.error,
            parameter: self.parameter.as_deref(),
        };
        (self.status, Json(body)).into_response()
    }
}

/// What every handler shares: the index (one reader, so one searcher pool
/// for all requests), the limits, the search slots and when the index was
/// last looked at for a new commit.
struct Shared {
    index: Arc<NewsIndex>,
    options: ServerOptions,
    searches: Arc<Semaphore>,
    freshness: Mutex<Freshness>,
}

struct Freshness {
    checked: Option<Instant>,
    seen: Option<Stamp>,
}

/// What tells one `meta.json` from the next: a commit replaces the file
/// (a new inode on Unix), and file times can be coarser than two commits
/// apart.
#[derive(Debug, PartialEq, Eq)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
    #[cfg(unix)]
    inode: u64,
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Stamp {
            modified: meta.modified().ok(),
            len: meta.len(),
            #[cfg(unix)]
            inode: meta.ino(),
        }
    }
}

type AppState = Arc<Shared>;

impl Shared {
    /// Reload the reader when `meta.json` changed since the last look, at
    /// most every `reload_interval`; a request finding another one
    /// looking goes on with the current reader.
    fn refresh(&self) {
        let Some(folder) = self.index.path() else {
            return;
        };
        let Ok(mut fresh) = self.freshness.try_lock() else {
            return;
        };
        if fresh
            .checked
            .is_some_and(|at| at.elapsed() < self.options.reload_interval)
        {
            return;
        }
        fresh.checked = Some(Instant::now());
        let stamp = std::fs::metadata(folder.join("meta.json"))
            .ok()
            .map(|meta| Stamp::of(&meta));
        if stamp != fresh.seen && self.index.reload().is_ok() {
            fresh.seen = stamp;
        }
    }

    /// Run library work on a blocking thread, once a search slot is free.
    async fn run<T, F>(self: &Arc<Self>, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&NewsIndex) -> crate::Result<T> + Send + 'static,
    {
        let shared = Arc::clone(self);
        // The slot travels with the work: a request that times out frees
        // its connection, but its search keeps the slot until it ends.
        let slot = Arc::clone(&self.searches)
            .acquire_owned()
            .await
            .map_err(|_| ApiError::internal("the server is shutting down"))?;
        tokio::task::spawn_blocking(move || {
            let _slot = slot;
            shared.refresh();
            work(&shared.index)
        })
        .await
        .map_err(|e| ApiError::internal(format!("the search failed: {e}")))?
        .map_err(ApiError::from_library)
    }
}

/// The server's routes over `index`, ready to serve or to nest in a larger
/// [`Router`]: the API, the page, and the layers that bound the work
/// (timeout, concurrency, request body size) and compress responses.
pub fn router(index: Arc<NewsIndex>, options: ServerOptions) -> Router {
    let state: AppState = Arc::new(Shared {
        index,
        searches: Arc::new(Semaphore::new(options.search_threads)),
        freshness: Mutex::new(Freshness {
            checked: None,
            seen: None,
        }),
        options: options.clone(),
    });
    let page = Router::new()
        .route("/", get(page))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(PAGE_POLICY),
        ));
    Router::new()
        .route("/api/search", get(search))
        .route("/api/facets", get(facets))
        .route("/api/download", get(download))
        .route("/api/dates", get(dates))
        .route("/api/articles/{id}", get(article))
        .route("/api/similar/{id}", get(similar))
        .route("/api/stats", get(stats))
        .route("/health", get(health))
        .merge(page)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            options.local_only,
            local_only,
        ))
        .with_state(state)
        .layer(
            ServiceBuilder::new()
                .layer(tower_http::compression::CompressionLayer::new())
                // Every route is a GET: no request needs a body.
                .layer(tower_http::limit::RequestBodyLimitLayer::new(16 * 1024))
                .layer(tower_http::timeout::TimeoutLayer::with_status_code(
                    StatusCode::SERVICE_UNAVAILABLE,
                    options.timeout,
                ))
                .layer(tower::limit::GlobalConcurrencyLimitLayer::new(
                    options.concurrency,
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                )),
        )
        // Outermost: it sees the compressed answer's unknown length.
        .layer(axum::middleware::from_fn(connection::http10_close))
}

/// Serve [`router`] on `listener` until `shutdown` completes, then finish
/// the requests in flight.
pub async fn serve<F>(
    index: Arc<NewsIndex>,
    listener: tokio::net::TcpListener,
    options: ServerOptions,
    shutdown: F,
) -> std::io::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    axum::serve(connection::Guarded(listener), router(index, options))
        .with_graceful_shutdown(shutdown)
        .await
}

/// Why [`run`] stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// The address could not be listened on (in use, not this machine's,
    /// a privileged port).
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The runtime could not start, or serving failed.
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
}

/// Serve `index` on `addr` until Ctrl-C, on a runtime of its own: for a
/// program that has none. `ready` is called with the address listened on
/// (port 0 picks a free one) before the first request is taken. On a
/// loopback address, [`ServerOptions::local_only`] is turned on.
pub fn run(
    index: NewsIndex,
    addr: SocketAddr,
    options: ServerOptions,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| ServeError::Bind { addr, source })?;
        ready(listener.local_addr()?);
        let options = if addr.ip().is_loopback() {
            options.local_only(true)
        } else {
            options
        };
        serve(Arc::new(index), listener, options, async {
            tokio::signal::ctrl_c().await.ok();
        })
        .await?;
        Ok(())
    })
}

/// With [`ServerOptions::local_only`], refuse requests naming another host.
async fn local_only(
    State(on): State<bool>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    match host {
        Some(host) if on && !is_local_host(host) => ApiError {
            status: StatusCode::MISDIRECTED_REQUEST,
            error: format!(
                "this server answers requests to localhost only, not {host:?}; serve on another address to share it"
            ),
            parameter: None,
        }
        .into_response(),
        _ => next.run(request).await,
    }
}

/// `localhost`, a loopback address, with or without a port.
fn is_local_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

async fn page() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        PAGE,
    )
}

async fn search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(raw.as_deref(), &[FILTERS, SEARCH])?;
    let query = params.search_query(&state.options)?;
    let results = state.run(move |index| index.search(&query)).await?;
    Ok(Json(results).into_response())
}

async fn download(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(raw.as_deref(), &[FILTERS, DOWNLOAD])?;
    let format = download::Format::of(&params)?;
    let query = download::query(&params, &state.options)?;
    let results = state.run(move |index| index.search(&query)).await?;
    Ok(download::answer(&results, format))
}

async fn dates(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(raw.as_deref(), &[FILTERS])?;
    let query = params.filtered_query(&state.options)?;
    let histogram = state.run(move |index| index.date_histogram(&query)).await?;
    Ok(Json(histogram).into_response())
}

async fn facets(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(raw.as_deref(), &[FILTERS, FACETS])?;
    let query = params.filtered_query(&state.options)?;
    let field = params.facet_field()?;
    let top = params.number("top", 10, state.options.max_limit)?;
    let list = state
        .run(move |index| index.facets(&query, field, top))
        .await?;
    Ok(Json(list).into_response())
}

/// The `{id}` of a path, or a 400 when it is not UTF-8 once decoded.
fn path_id(id: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    match id {
        Ok(Path(id)) if id.len() <= 4096 => Ok(id),
        Ok(_) => Err(ApiError::bad("id", "longer than 4096 bytes")),
        Err(rejection) => Err(ApiError::bad("id", rejection.body_text())),
    }
}

async fn article(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    Params::parse(raw.as_deref(), &[])?;
    let id = path_id(id)?;
    let article = state
        .run(move |index| index.article(&id).map(crate::IndexedArticle::with_evidence))
        .await?;
    Ok(Json(article).into_response())
}

async fn similar(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(raw.as_deref(), &[&["limit"]])?;
    let id = path_id(id)?;
    let limit = params.number("limit", 10, state.options.max_limit)?;
    let results = state.run(move |index| index.similar(&id, limit)).await?;
    Ok(Json(results).into_response())
}

async fn stats(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(raw.as_deref(), &[&["top"]])?;
    let top = params.number("top", 10, state.options.max_limit)?;
    let stats = state.run(move |index| index.stats(top)).await?;
    Ok(Json(stats).into_response())
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
    articles: u64,
}

async fn health(State(state): State<AppState>) -> Result<Response, ApiError> {
    let articles = state.run(|index| Ok(index.num_articles())).await?;
    Ok(Json(Health {
        status: "ok",
        articles,
    })
    .into_response())
}

async fn not_found() -> ApiError {
    ApiError::not_found(
        "no such page; the API is under /api/ (search, facets, articles/{id}, similar/{id}, stats)",
    )
}

async fn method_not_allowed(method: axum::http::Method) -> ApiError {
    ApiError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        error: format!("{method} is not answered here; every route answers GET (and HEAD)"),
        parameter: None,
    }
}

#[cfg(test)]
mod tests;
