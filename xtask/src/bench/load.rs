//! The load generator: a real HTTP/1.1 client in this process (never the server
//! measuring itself), one keep-alive connection per simulated client, posting a
//! fresh valid submission with every request.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Context, Result};
use bytes::Bytes;
use glas_shared::{AuthorDto, NewSubmission};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{CONTENT_TYPE, HOST, HeaderValue};
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tokio::sync::{Mutex, mpsc};
use tokio::time::Instant;
use uuid::Uuid;

const SUBMISSIONS: &str = "/api/v1/submissions";
/// As long as the server's own request timeout: past it, something is wrong.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// `count` request bodies, made before the clock starts so that making them
/// costs the client nothing while it measures. Each has a fresh UUID v4; in turn
/// an anonymous praise, an anonymous comment, and a named complaint with an email
/// (a complaint is owed an answer, so it needs somewhere to send it).
pub fn bodies(count: usize) -> Result<Arc<[Bytes]>> {
    (0..count)
        .map(|i| Ok(Bytes::from(serde_json::to_vec(&submission(i))?)))
        .collect()
}

fn submission(i: usize) -> NewSubmission {
    let locale = ["bg", "en", "tr"][i % 3];
    let base = NewSubmission {
        id: Uuid::new_v4().to_string(),
        kind: "praise".into(),
        text: format!("Много любезно обслужване на гише {}, благодаря!", i % 7 + 1),
        channel: "web".into(),
        unit: None,
        author: None,
        health_or_safety: false,
        created_at: "2026-11-24T09:15:00+02:00".into(),
        locale: locale.into(),
    };
    match i % 3 {
        0 => base,
        1 => NewSubmission {
            kind: "comment".into(),
            text: format!("Сайтът е удобен, но формулярът №{i} можеше да е по-кратък."),
            ..base
        },
        _ => NewSubmission {
            kind: "complaint".into(),
            text: format!(
                "Чакахме {} часа на гише 3 в Центъра за услуги и никой не ни обясни защо.",
                i % 4 + 2
            ),
            unit: Some("centre".into()),
            author: Some(AuthorDto {
                name: "Мария Иванова".into(),
                email: Some(format!("maria.{i}@example.com")),
                phone: Some("0888 123 456".into()),
                address: None,
            }),
            ..base
        },
    }
}

/// One client's keep-alive connection. After a transport error the next request
/// opens a new one.
pub struct Connection {
    addr: SocketAddr,
    host: HeaderValue,
    sender: Option<SendRequest<Full<Bytes>>>,
}

impl Connection {
    pub async fn open(addr: SocketAddr) -> Result<Connection> {
        let mut connection = Connection {
            addr,
            host: HeaderValue::from_str(&addr.to_string())?,
            sender: None,
        };
        connection.sender = Some(connection.handshake().await?);
        Ok(connection)
    }

    async fn handshake(&self) -> Result<SendRequest<Full<Bytes>>> {
        let stream = TcpStream::connect(self.addr)
            .await
            .with_context(|| format!("cannot connect to {}", self.addr))?;
        stream.set_nodelay(true)?;
        let (sender, connection) = http1::handshake(TokioIo::new(stream)).await?;
        // The connection's own errors reach the caller through its next request.
        tokio::spawn(connection);
        Ok(sender)
    }

    /// Sends one request and reads the whole answer, as a real client would.
    /// No answer within [`REQUEST_TIMEOUT`] is an error.
    pub async fn send(&mut self, method: Method, path: &str, body: Bytes) -> Result<StatusCode> {
        let result = tokio::time::timeout(REQUEST_TIMEOUT, self.try_send(method, path, body))
            .await
            .unwrap_or_else(|_| Err(anyhow::anyhow!("no answer within {REQUEST_TIMEOUT:?}")));
        if result.is_err() {
            self.sender = None;
        }
        result
    }

    async fn try_send(&mut self, method: Method, path: &str, body: Bytes) -> Result<StatusCode> {
        let sender = match &mut self.sender {
            Some(sender) if !sender.is_closed() => sender,
            _ => self.sender.insert(self.handshake().await?),
        };
        sender.ready().await?;
        let request = Request::builder()
            .method(method)
            .uri(path)
            .header(HOST, self.host.clone())
            .header(CONTENT_TYPE, "application/json")
            .body(Full::new(body))?;
        let response = sender.send_request(request).await?;
        let status = response.status();
        response.into_body().collect().await?;
        Ok(status)
    }
}

/// What a run saw.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Answers by HTTP status.
    pub statuses: BTreeMap<u16, usize>,
    /// Requests that got no answer (connection refused or reset).
    pub failures: usize,
    /// Requests of an open-loop run still unsent when its time limit came.
    pub unsent: usize,
    /// Of every answered request, sorted; open loop: from the scheduled send time.
    pub latencies: Latencies,
    /// From the start to the last answer.
    pub elapsed: Duration,
}

impl Outcome {
    /// `201 Created`: registered by this request. Nothing else counts.
    pub fn accepted(&self) -> usize {
        self.statuses.get(&201).copied().unwrap_or(0)
    }

    pub fn per_second(&self) -> f64 {
        self.accepted() as f64 / self.elapsed.as_secs_f64()
    }

    /// Every answer that was not `2xx`, by status.
    pub fn not_2xx(&self) -> impl Iterator<Item = (u16, usize)> + '_ {
        self.statuses
            .iter()
            .filter(|(status, _)| !(200..300).contains(*status))
            .map(|(s, n)| (*s, *n))
    }
}

/// Latencies in microseconds, sorted.
#[derive(Debug, Default)]
pub struct Latencies(Vec<u32>);

impl Latencies {
    pub fn from_micros(mut micros: Vec<u32>) -> Latencies {
        micros.sort_unstable();
        Latencies(micros)
    }

    /// The `q`-quantile (nearest rank), e.g. `0.99`.
    pub fn quantile(&self, q: f64) -> Duration {
        let Some(last) = self.0.len().checked_sub(1) else {
            return Duration::ZERO;
        };
        let rank = ((q * self.0.len() as f64).ceil() as usize).clamp(1, last + 1) - 1;
        Duration::from_micros(self.0[rank].into())
    }

    pub fn max(&self) -> Duration {
        Duration::from_micros(self.0.last().copied().unwrap_or(0).into())
    }
}

/// One client's tally, merged into an [`Outcome`] at the end.
#[derive(Default)]
struct Tally {
    statuses: BTreeMap<u16, usize>,
    failures: usize,
    unsent: usize,
    latencies: Vec<u32>,
    last: Option<Instant>,
}

impl Tally {
    fn record(&mut self, since: Instant, answer: Result<StatusCode>) {
        let now = Instant::now();
        match answer {
            Ok(status) => {
                *self.statuses.entry(status.as_u16()).or_default() += 1;
                let micros = now.duration_since(since).as_micros();
                self.latencies
                    .push(u32::try_from(micros).unwrap_or(u32::MAX));
            }
            Err(_) => self.failures += 1,
        }
        self.last = Some(now);
    }
}

async fn connect(addr: SocketAddr, clients: usize) -> Result<Vec<Connection>> {
    let mut connections = Vec::with_capacity(clients);
    for _ in 0..clients {
        connections.push(Connection::open(addr).await?);
    }
    Ok(connections)
}

async fn merge(start: Instant, tasks: Vec<tokio::task::JoinHandle<Tally>>) -> Result<Outcome> {
    let mut outcome = Outcome::default();
    let mut latencies = Vec::new();
    let mut last = start;
    for task in tasks {
        let tally = task.await?;
        for (status, n) in tally.statuses {
            *outcome.statuses.entry(status).or_default() += n;
        }
        outcome.failures += tally.failures;
        outcome.unsent += tally.unsent;
        latencies.extend(tally.latencies);
        last = last.max(tally.last.unwrap_or(start));
    }
    latencies.sort_unstable();
    outcome.latencies = Latencies(latencies);
    outcome.elapsed = last - start;
    Ok(outcome)
}

/// Closed loop: `clients` connections, each sending its next request as soon as
/// the last is answered, until `duration` has passed or `bodies` run out.
/// Measures capacity: how many the server accepts per second when never idle.
pub async fn closed_loop(
    addr: SocketAddr,
    bodies: Arc<[Bytes]>,
    clients: usize,
    duration: Duration,
) -> Result<Outcome> {
    let connections = connect(addr, clients).await?;
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let end = start + duration;
    let tasks = connections
        .into_iter()
        .map(|mut connection| {
            let (bodies, next) = (bodies.clone(), next.clone());
            tokio::spawn(async move {
                let mut tally = Tally::default();
                while Instant::now() < end {
                    let Some(body) = bodies.get(next.fetch_add(1, Ordering::Relaxed)) else {
                        break;
                    };
                    let sent = Instant::now();
                    let answer = connection
                        .send(Method::POST, SUBMISSIONS, body.clone())
                        .await;
                    tally.record(sent, answer);
                }
                tally
            })
        })
        .collect();
    merge(start, tasks).await
}

/// Open loop: requests scheduled at a constant `rate` for `duration`, whether or
/// not earlier ones have been answered, taken by whichever of the `clients`
/// connections is free. Latency counts from the scheduled time, so time spent
/// queueing (in the server or for a free connection) is not hidden
/// ("coordinated omission"). What is still unsent `grace` after the last
/// scheduled time is counted as unsent.
pub async fn open_loop(
    addr: SocketAddr,
    bodies: Arc<[Bytes]>,
    clients: usize,
    rate: f64,
    duration: Duration,
    grace: Duration,
) -> Result<Outcome> {
    let connections = connect(addr, clients).await?;
    let count = ((rate * duration.as_secs_f64()) as usize).min(bodies.len());
    let (schedule, due) = mpsc::unbounded_channel::<(usize, Instant)>();
    let due = Arc::new(Mutex::new(due));
    let start = Instant::now();
    let give_up = start + duration + grace;
    let tasks = connections
        .into_iter()
        .map(|mut connection| {
            let (bodies, due) = (bodies.clone(), due.clone());
            tokio::spawn(async move {
                let mut tally = Tally::default();
                loop {
                    let next = due.lock().await.recv().await;
                    let Some((i, scheduled)) = next else { break };
                    if Instant::now() > give_up {
                        tally.unsent += 1;
                        continue;
                    }
                    let answer = connection
                        .send(Method::POST, SUBMISSIONS, bodies[i].clone())
                        .await;
                    tally.record(scheduled, answer);
                }
                tally
            })
        })
        .collect();
    for i in 0..count {
        let scheduled = start + Duration::from_secs_f64(i as f64 / rate);
        if scheduled > Instant::now() {
            tokio::time::sleep_until(scheduled).await;
        }
        schedule.send((i, scheduled))?;
    }
    drop(schedule);
    merge(start, tasks).await
}
