//! Serving connections (HTTP/1.1, as `axum::serve` does here), with the limits a server on the
//! open internet needs and `axum::serve` does not set: a client has
//! `header_read_timeout_secs` to send a request's headers (so one that sends
//! nothing, or a byte now and then, holds no connection), at most
//! `max_connections` are served at once, and a graceful shutdown lasts at most
//! `shutdown_grace_secs`, after which the remaining connections are closed.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::http::Request;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// The most a request's line and headers may take, in bytes (hyper's default is
/// about 400 KiB): a desk session's cookie and a browser's headers take 2 KiB.
const MAX_HEAD_BYTES: usize = 32 * 1024;

/// The limits of [`serve`] (from `Settings`).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub header_read_timeout: Duration,
    pub max_connections: usize,
    pub shutdown_grace: Duration,
}

/// Serves `app` on `listener` until `signal` completes, then lets requests in
/// flight finish for at most `limits.shutdown_grace`.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    signal: impl Future<Output = ()>,
) {
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    tokio::pin!(signal);
    loop {
        // A connection is accepted only when there is room for it: the rest wait
        // in the listen backlog, where they cost the server nothing.
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            () = &mut signal => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, say: wait a moment rather than spin.
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut signal => break,
        };
        // The peer's address, for the rate limits (`ConnectInfo`, as axum's own
        // `into_make_service_with_connect_info` gives it).
        let app = app
            .clone()
            .map_request(move |mut request: Request<Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                request
            });
        let service = TowerToHyperService::new(app);
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            let connection = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_read_timeout)
                // A request's line and headers must fit here: larger ones are
                // answered 431 before any handler runs.
                .max_buf_size(MAX_HEAD_BYTES)
                .serve_connection(TokioIo::new(stream), service);
            if let Err(error) = watcher.watch(connection).await {
                tracing::debug!(%error, "a connection ended with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(limits.shutdown_grace) => {
            tracing::warn!(
                grace = ?limits.shutdown_grace,
                "connections still open at the end of the shutdown's grace: closing them"
            );
        }
    }
}
