//! A page's render runs to its end even when the visitor leaves mid-way.
//!
//! Leptos renders a page in the response's body and, for the page's resources, in tasks of its
//! own. When the visitor leaves (a closed tab, the last requests of a load test), hyper drops the
//! body, which cleans the render's reactive owner up while those tasks still run: they then
//! panic on the contexts and signals that are gone ("expected context of type AppState",
//! "already been disposed"; leptos-rs/leptos#4698). A render takes a few milliseconds: rather
//! than cut it short, it is finished for nobody, and Leptos cleans its owner up at its end as it
//! does for every page.
use axum::{
    body::{Body, BodyDataStream, Bytes},
    extract::Request,
    http::{header, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use futures::{Stream, StreamExt};
use std::{
    pin::Pin,
    task::{Context, Poll},
};
use tracing::Instrument;

/// Runs the page's handler in a task of its own, which the visitor leaving does not cancel (the
/// render's first chunk is made before the response exists), and lets its body finish if it is
/// dropped unread. Other requests (server functions, uploads, downloads) are cut as usual.
pub async fn finish_renders(request: Request, next: Next) -> Response {
    if request.method() != Method::GET || request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    // In the request's span, so that what the render logs says which request it was.
    let rendering = tokio::spawn(
        async move {
            let response = next.run(request).await;
            if is_page(&response) {
                response.map(|body| {
                    Body::from_stream(FinishedWhenDropped(Some(body.into_data_stream())))
                })
            } else {
                response
            }
        }
        .in_current_span(),
    );
    match rendering.await {
        Ok(response) => response,
        // The render panicked: its task's panic is logged by the panic hook.
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

fn is_page(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"))
}

/// A page's body that, dropped before its end, is read to its end by a task of its own.
struct FinishedWhenDropped(Option<BodyDataStream>);

impl Stream for FinishedWhenDropped {
    type Item = Result<Bytes, axum::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let Some(body) = self.0.as_mut() else {
            return Poll::Ready(None);
        };
        let next = body.poll_next_unpin(cx);
        if let Poll::Ready(None) = next {
            // Read to its end: nothing is left to finish when dropped.
            self.0 = None;
        }
        next
    }
}

impl Drop for FinishedWhenDropped {
    fn drop(&mut self) {
        let (Some(mut body), Ok(runtime)) = (self.0.take(), tokio::runtime::Handle::try_current())
        else {
            return;
        };
        runtime.spawn(async move { while body.next().await.is_some() {} });
    }
}
