//! The real binary, killed with SIGKILL: a receipted submission must survive.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use glas_shared::Receipt;
use reqwest::StatusCode;

use crate::helpers::{TestDatabase, complaint};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Server {
    child: Child,
    address: String,
}

impl Server {
    /// SIGKILL: no graceful shutdown, no chance to flush anything.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

async fn start(database_url: &str, port: u16) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_glas"))
        .env("GLAS_BIND", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("the glas binary starts");
    let server = Server {
        child,
        address: format!("http://127.0.0.1:{port}"),
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let health = reqwest::get(format!("{}/healthz", server.address)).await;
        if health.is_ok_and(|r| r.status().is_success()) {
            return server;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not become healthy"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_receipted_submission_survives_the_process_being_killed() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::new(dir.path()).await;
    let database_url = database.url.clone();
    let client = reqwest::Client::new();
    let submission = complaint();

    let port = free_port();
    let mut server = start(&database_url, port).await;
    let response = client
        .post(format!("{}/api/v1/submissions", server.address))
        .json(&submission)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let receipt: Receipt = response.json().await.unwrap();
    server.kill();

    let mut server = start(&database_url, port).await;
    let replay = client
        .post(format!("{}/api/v1/submissions", server.address))
        .json(&submission)
        .send()
        .await
        .unwrap();
    assert_eq!(
        replay.status(),
        StatusCode::OK,
        "the row is still there after the kill"
    );
    assert_eq!(replay.json::<Receipt>().await.unwrap(), receipt);
    let next: Receipt = client
        .post(format!("{}/api/v1/submissions", server.address))
        .json(&complaint())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_ne!(
        next.reference, receipt.reference,
        "the counter survived too"
    );
    server.child.kill().unwrap();
    server.child.wait().unwrap();
}
