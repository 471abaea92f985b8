//! Compresses what is made per request (pages, server function answers) when the browser
//! accepts it: brotli with a small window by a layer of our own, gzip by tower-http's.
//!
//! The WASM, JS and CSS are compressed once at build time (`--precompress`) and served as they
//! are, `Content-Encoding` set, which both layers leave alone. Gerber archives are ZIP files,
//! compressed already.
//!
//! Why our own brotli layer: tower-http 0.6 leaves brotli's window at its default (`lgwin` 22,
//! a 4 MiB window in an 8 MiB ring buffer allocated and zeroed for every response: the largest
//! single cost of the compression in `bench/CHANGES.md`, issue 23) and has no setting for it.
//! Pages are a few KB to ~100 KB, so a window of 2^17 (128 KiB) holds a whole one: the same
//! size as 22 to a byte or two, 1–2 MB allocated per response instead of 9–10 MB; 2^16 is
//! 2.4 % larger on the 93 KB collaborators page (`server/tests/api/brotli_window.rs`).
use async_compression::{brotli::EncoderParams, tokio::bufread::BrotliEncoder, Level};
use axum::{
    body::Body,
    extract::Request,
    http::{header, HeaderMap, HeaderValue},
    response::Response,
};
use futures::{future::BoxFuture, TryStreamExt};
use std::task::{Context, Poll};
use tokio_util::io::{ReaderStream, StreamReader};
use tower::{layer::util::Stack, Layer, Service};
use tower_http::{
    compression::{
        predicate::{And, DefaultPredicate, NotForContentType, Predicate},
        CompressionLayer,
    },
    CompressionLevel,
};

/// Quality 4 for both codings: cheap enough for every response (11 is for build time).
const QUALITY: i32 = 4;

/// `lgwin`: brotli looks back at most 2^17 − 16 bytes, and its ring buffer is 2^18 + 2^16
/// (it was 2^23 + 2^16 at the default 22).
pub const BROTLI_WINDOW_BITS: i32 = 17;

/// Which responses are worth compressing: tower-http's default rules (not images, gRPC, event
/// streams, nor under 32 bytes) and not ZIP files.
pub type Compressible = And<DefaultPredicate, NotForContentType>;

fn compressible() -> Compressible {
    DefaultPredicate::new().and(NotForContentType::const_new("application/zip"))
}

/// Brotli inside, gzip outside: a response brotli encoded has its `Content-Encoding`, which the
/// gzip layer leaves alone, so nothing is compressed twice; a client without `br` gets gzip.
pub fn compress_responses() -> Stack<BrotliLayer, CompressionLayer<Compressible>> {
    let gzip = CompressionLayer::new()
        .no_br()
        .quality(CompressionLevel::Precise(QUALITY))
        .compress_when(compressible());
    Stack::new(
        BrotliLayer {
            compressible: compressible(),
        },
        gzip,
    )
}

/// Brotli-encodes the responses of the requests whose first choice is `br`.
#[derive(Clone)]
pub struct BrotliLayer {
    compressible: Compressible,
}

impl<S> Layer<S> for BrotliLayer {
    type Service = Brotli<S>;

    fn layer(&self, inner: S) -> Brotli<S> {
        Brotli {
            inner,
            compressible: self.compressible.clone(),
        }
    }
}

/// The service `BrotliLayer` wraps around the routes.
#[derive(Clone)]
pub struct Brotli<S> {
    inner: S,
    compressible: Compressible,
}

impl<S> Service<Request> for Brotli<S>
where
    S: Service<Request, Response = Response>,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = S::Error;
    type Future = BoxFuture<'static, Result<Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let wanted = prefers_brotli(request.headers());
        let compressible = self.compressible.clone();
        let response = self.inner.call(request);
        Box::pin(async move {
            let response = response.await?;
            // The same rules as tower-http's: never over another coding, nor a range.
            let headers = response.headers();
            let compress = wanted
                && !headers.contains_key(header::CONTENT_ENCODING)
                && !headers.contains_key(header::CONTENT_RANGE)
                && compressible.should_compress(&response);
            Ok(if compress {
                brotli_encoded(response)
            } else {
                response
            })
        })
    }
}

fn brotli_encoded(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let headers = &mut parts.headers;
    headers.remove(header::CONTENT_LENGTH);
    headers.remove(header::ACCEPT_RANGES);
    headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
    if !varies_by_encoding(headers) {
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    Response::from_parts(parts, brotli_body(body))
}

/// The body through async-compression's encoder (the one tower-http uses, given our window).
/// It flushes what it has compressed whenever the body it reads has nothing ready: a streamed
/// page's first part goes out while the rest renders.
fn brotli_body(body: Body) -> Body {
    let params = EncoderParams::default()
        .quality(Level::Precise(QUALITY))
        .window_size(BROTLI_WINDOW_BITS);
    let plain = StreamReader::new(body.into_data_stream().map_err(std::io::Error::other));
    Body::from_stream(ReaderStream::new(BrotliEncoder::with_params(plain, params)))
}

fn varies_by_encoding(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::VARY)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|name| {
            let name = name.trim();
            name == "*" || name.eq_ignore_ascii_case("accept-encoding")
        })
}

/// Whether `br` is the client's first choice among what we send (br, gzip, none), by its
/// `Accept-Encoding` (RFC 9110 §12.5.3): the highest q-value wins, `*` stands for the codings
/// it does not name, `identity` counts only when named, a tie goes to br (as in tower-http).
fn prefers_brotli(headers: &HeaderMap) -> bool {
    let (mut br, mut gzip, mut identity, mut any) = (None, None, None, None);
    let entries = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','));
    for entry in entries {
        let (coding, weight) = entry.split_once(';').unwrap_or((entry, ""));
        let coding = coding.trim();
        let slot = if coding.eq_ignore_ascii_case("br") {
            &mut br
        } else if coding.eq_ignore_ascii_case("gzip") || coding.eq_ignore_ascii_case("x-gzip") {
            &mut gzip
        } else if coding.eq_ignore_ascii_case("identity") {
            &mut identity
        } else if coding == "*" {
            &mut any
        } else {
            continue;
        };
        // A malformed weight drops its entry, as tower-http does.
        if let Some(q) = q_value(weight) {
            *slot = Some(slot.map_or(q, |earlier: u16| earlier.max(q)));
        }
    }
    let br = br.or(any).unwrap_or(0);
    br > 0 && br >= gzip.or(any).unwrap_or(0) && br >= identity.unwrap_or(0)
}

/// A weight (`q=0.5`) in thousandths; none is 1.
fn q_value(weight: &str) -> Option<u16> {
    let weight = weight.trim();
    if weight.is_empty() {
        return Some(1000);
    }
    let value = weight
        .strip_prefix("q=")
        .or_else(|| weight.strip_prefix("Q="))?;
    let q: f32 = value.parse().ok()?;
    (0.0..=1.0)
        .contains(&q)
        .then(|| (q * 1000.0).round() as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefers(accept_encoding: &str) -> bool {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(accept_encoding).unwrap(),
        );
        prefers_brotli(&headers)
    }

    #[test]
    fn brotli_when_it_is_the_first_choice() {
        for header in [
            "br",
            "gzip, deflate, br, zstd",
            "BR;Q=1",
            "gzip;q=0.5, br;q=0.8",
            "gzip, br",
            "*",
            "gzip;q=0.5, *",
            "br; q=0.1",
        ] {
            assert!(prefers(header), "{header}");
        }
        for header in [
            "",
            "gzip",
            "br;q=0, gzip",
            "br;q=0",
            "gzip;q=1, br;q=0.5",
            "identity, br;q=0.5",
            "*;q=0",
            "*, br;q=0",
            "br;q=2",
            "br;q=abc",
            "deflate",
        ] {
            assert!(!prefers(header), "{header}");
        }
        assert!(!prefers_brotli(&HeaderMap::new()));
    }

    #[test]
    fn a_response_says_once_that_it_varies_by_encoding() {
        let mut headers = HeaderMap::new();
        assert!(!varies_by_encoding(&headers));
        headers.append(
            header::VARY,
            HeaderValue::from_static("Origin, Accept-Encoding"),
        );
        assert!(varies_by_encoding(&headers));
    }
}
