//! A browser's side of HTTP for the benches that read pages: one keep-alive
//! connection, cookies kept, the login form filled in.

use anyhow::{Context, Result, bail, ensure};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{CONTENT_TYPE, COOKIE, HOST, LOCATION, SET_COOKIE};
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

const FORM: &str = "application/x-www-form-urlencoded";

/// A browser, as far as the benches need one: one keep-alive connection and
/// the cookies the server set (the desk's session).
pub struct Browser {
    sender: SendRequest<Full<Bytes>>,
    host: String,
    cookies: Vec<String>,
}

struct Answer {
    status: StatusCode,
    location: Option<String>,
    body: Bytes,
}

impl Browser {
    pub async fn open(addr: std::net::SocketAddr) -> Result<Browser> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        let (sender, connection) = http1::handshake(TokioIo::new(stream)).await?;
        tokio::spawn(connection);
        Ok(Browser {
            sender,
            host: addr.to_string(),
            cookies: Vec::new(),
        })
    }

    /// Sends a request with an optional body of the given content type.
    async fn send(
        &mut self,
        method: Method,
        path: &str,
        body: Option<(&str, Bytes)>,
    ) -> Result<Answer> {
        self.sender.ready().await?;
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(HOST, &self.host);
        if !self.cookies.is_empty() {
            request = request.header(COOKIE, self.cookies.join("; "));
        }
        let body = match body {
            Some((content_type, body)) => {
                request = request.header(CONTENT_TYPE, content_type);
                body
            }
            None => Bytes::new(),
        };
        let response = self
            .sender
            .send_request(request.body(Full::new(body))?)
            .await?;
        for cookie in response.headers().get_all(SET_COOKIE) {
            let pair = cookie.to_str()?.split(';').next().unwrap_or_default();
            let name = pair.split('=').next().unwrap_or_default();
            self.cookies.retain(|c| c.split('=').next() != Some(name));
            self.cookies.push(pair.to_owned());
        }
        let status = response.status();
        let location = response
            .headers()
            .get(LOCATION)
            .and_then(|l| l.to_str().ok())
            .map(str::to_owned);
        let body = response.into_body().collect().await?.to_bytes();
        Ok(Answer {
            status,
            location,
            body,
        })
    }

    /// Signs in through the login form, its CSRF token included.
    pub async fn sign_in(&mut self, (email, password): (&str, &str)) -> Result<()> {
        let login = self.send(Method::GET, "/desk/login", None).await?;
        let html = String::from_utf8_lossy(&login.body);
        let csrf = html
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .context("no CSRF token on the login page")?
            .to_owned();
        let form = form(&[
            ("csrf", &csrf),
            ("next", "/desk"),
            ("email", email),
            ("password", password),
        ]);
        let answer = self
            .send(Method::POST, "/desk/login", Some((FORM, form.into())))
            .await?;
        if answer.status != StatusCode::SEE_OTHER || answer.location.as_deref() != Some("/desk") {
            bail!(
                "signing in as {email} answered {} (to {:?})",
                answer.status,
                answer.location
            );
        }
        Ok(())
    }

    /// A page that must answer `200`; its body.
    pub async fn page(&mut self, path: &str) -> Result<Bytes> {
        let answer = self.send(Method::GET, path, None).await?;
        ensure!(
            answer.status == StatusCode::OK,
            "GET {path} answered {}",
            answer.status
        );
        Ok(answer.body)
    }

    /// Posts `json` to `path`, which must answer a success.
    pub async fn post_json(&mut self, path: &str, json: Bytes) -> Result<()> {
        let answer = self
            .send(Method::POST, path, Some(("application/json", json)))
            .await?;
        ensure!(
            answer.status.is_success(),
            "POST {path} answered {}: {}",
            answer.status,
            String::from_utf8_lossy(&answer.body)
        );
        Ok(())
    }
}

/// An `application/x-www-form-urlencoded` body.
fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
