//! Connections a slow or stalled client holds: cut off when its headers do not
//! come in time, and never able to keep a stopped server from exiting.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{Server, TestDatabase, free_port, start_glas_with};

/// A guard against a test that would otherwise hang: far longer than any limit
/// these tests set, so it only ever fires when the limit is missing.
const GUARD: Duration = Duration::from_secs(20);

async fn server_with(dir: &std::path::Path, env: &[(&str, String)]) -> (Server, TestDatabase) {
    let database = TestDatabase::new(dir).await;
    let server = start_glas_with(&database.url, free_port(), env).await;
    (server, database)
}

/// Reads until the server closes the connection; `false` when it did not within `GUARD`.
async fn closed_by_server(stream: &mut TcpStream) -> bool {
    let mut buffer = [0_u8; 1024];
    tokio::time::timeout(GUARD, async {
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await
    .is_ok()
}

#[tokio::test]
async fn a_client_that_sends_half_its_headers_is_cut_off() {
    let dir = tempfile::tempdir().unwrap();
    let env = [("GLAS_HEADER_READ_TIMEOUT_SECS", "1".to_owned())];
    let (server, _database) = server_with(dir.path(), &env).await;
    let address = server.address.trim_start_matches("http://").to_owned();

    let mut silent = TcpStream::connect(&address).await.unwrap();
    silent
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: glas\r\n")
        .await
        .unwrap();
    assert!(
        closed_by_server(&mut silent).await,
        "a client that then sends nothing"
    );

    // A byte now and then does not keep the connection either.
    let trickle = TcpStream::connect(&address).await.unwrap();
    let (mut reader, mut writer) = trickle.into_split();
    let dribble = tokio::spawn(async move {
        for byte in b"GET /healthz HTTP/1.1\r\nHost: glas\r\nX-Slow: "
            .iter()
            .cycle()
        {
            if writer.write_all(&[*byte]).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    });
    let mut buffer = [0_u8; 1024];
    let closed = tokio::time::timeout(GUARD, async {
        loop {
            match reader.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await
    .is_ok();
    dribble.abort();
    assert!(closed, "a client that sends a byte every 200 ms");

    // Whole requests are still served.
    let response = reqwest::get(format!("{}/healthz", server.address))
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
}

#[tokio::test]
async fn a_stalled_client_cannot_keep_a_stopped_server_from_exiting() {
    let dir = tempfile::tempdir().unwrap();
    let env = [
        // Only the shutdown's grace can end this client's connection.
        ("GLAS_HEADER_READ_TIMEOUT_SECS", "600".to_owned()),
        ("GLAS_SHUTDOWN_GRACE_SECS", "1".to_owned()),
    ];
    let (mut server, _database) = server_with(dir.path(), &env).await;
    let address = server.address.trim_start_matches("http://").to_owned();
    let mut stalled = TcpStream::connect(&address).await.unwrap();
    stalled
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: glas\r\n")
        .await
        .unwrap();
    // Let the server take the connection and start reading it.
    tokio::time::sleep(Duration::from_millis(300)).await;

    server.terminate();
    assert_eq!(
        server.exited_within(GUARD).await,
        Some(true),
        "the server exits, successfully, despite the stalled client"
    );
    assert!(closed_by_server(&mut stalled).await);
}

/// Sends a `/healthz` request on `stream` and reads the answer's first packet.
async fn ask(stream: &mut TcpStream) -> Result<String, tokio::time::error::Elapsed> {
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: glas\r\n\r\n")
        .await
        .unwrap();
    let mut buffer = vec![0_u8; 1024];
    let read = tokio::time::timeout(Duration::from_secs(1), stream.read(&mut buffer)).await?;
    Ok(String::from_utf8_lossy(&buffer[..read.unwrap()]).into_owned())
}

#[tokio::test]
async fn connections_past_the_cap_wait_until_one_is_free() {
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("GLAS_MAX_CONNECTIONS", "2".to_owned()),
        ("GLAS_HEADER_READ_TIMEOUT_SECS", "60".to_owned()),
    ];
    let (server, _database) = server_with(dir.path(), &env).await;
    let address = server.address.trim_start_matches("http://").to_owned();

    // Two clients each keep their connection open after an answer (keep-alive).
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut stream = TcpStream::connect(&address).await.unwrap();
        let answer = ask(&mut stream).await.expect("served within the cap");
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        held.push(stream);
    }
    // A third is taken into the listen backlog, and not served while both are held.
    let mut third = TcpStream::connect(&address).await.unwrap();
    assert!(ask(&mut third).await.is_err(), "served past the cap");

    // One client leaves: the third is served in its place.
    drop(held.pop());
    let mut buffer = vec![0_u8; 1024];
    let read = tokio::time::timeout(GUARD, third.read(&mut buffer))
        .await
        .expect("served once a connection is free")
        .unwrap();
    let answer = String::from_utf8_lossy(&buffer[..read]);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}
