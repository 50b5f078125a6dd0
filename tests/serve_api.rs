//! Issue #12: `search serve` over a real socket, answering what the
//! commands print: the same JSON for the same question.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use serde_json::Value;

use super::{repo, Workspace};

/// A `search serve` process on a free loopback port, stopped when dropped.
pub struct Server {
    child: Child,
    pub addr: SocketAddr,
}

impl Server {
    /// Serve the workspace's index; waits for the line giving the address.
    pub fn start(ws: &Workspace) -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("search"))
            .arg("--index")
            .arg(ws.index_dir())
            .args(["serve", "--addr", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("search serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("reads the first line");
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|addr| addr.parse().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        Server { child, addr }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// GET `path`: the status and the body as JSON.
    pub async fn get(&self, path: &str) -> (u16, Value) {
        let stream = tokio::net::TcpStream::connect(self.addr)
            .await
            .expect("connects");
        let (mut sender, connection) =
            hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
                .await
                .expect("handshake");
        tokio::spawn(connection);
        let request = hyper::Request::get(path)
            .header(hyper::header::HOST, self.addr.to_string())
            .body(Empty::<Bytes>::new())
            .expect("request");
        let response = sender.send_request(request).await.expect("response");
        let status = response.status().as_u16();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        (status, body)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The seed and the mixed, query and output fixtures, indexed together
/// ("Cisco Skolkovo" finds four articles, three of them about Russia).
pub fn served_workspace() -> Workspace {
    let ws = Workspace::new();
    ws.index(&[
        &repo("corpus"),
        &repo("tests/fixtures/mixed"),
        &repo("tests/fixtures/query"),
        &repo("tests/fixtures/output"),
    ]);
    ws
}

fn command_json(ws: &Workspace, args: &[&str]) -> Value {
    let out = ws.search().args(args).arg("--json").output().expect("runs");
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_answers_what_the_commands_print() {
    let ws = served_workspace();
    let server = Server::start(&ws);
    let cases: &[(&[&str], &str)] = &[
        (&["query", "Cisco Skolkovo"], "/api/search?q=Cisco+Skolkovo"),
        (
            &[
                "query",
                "said",
                "--country",
                "russia",
                "--facets",
                "--limit",
                "3",
            ],
            "/api/search?q=said&country=russia&facets=true&limit=3",
        ),
        (
            &[
                "query",
                "",
                "--min-amount",
                "1.5bn",
                "--sort",
                "amount",
                "--snippets",
                "2",
            ],
            "/api/search?min_amount=1.5bn&sort=amount&snippets=2",
        ),
        (
            &[
                "query",
                "skolkovo",
                "--since",
                "2011-01-01",
                "--until",
                "2011-12-31",
                "--fuzzy",
            ],
            "/api/search?q=skolkovo&since=2011-01-01&until=2011-12-31&fuzzy=true",
        ),
        (
            &["query", "said", "--org", "Rusia Foundation"],
            "/api/search?q=said&org=Rusia%20Foundation",
        ),
        (
            &["facets", "", "--field", "org", "--top", "5"],
            "/api/facets?field=org&top=5",
        ),
        (
            &[
                "facets",
                "said",
                "--field",
                "currency",
                "--country",
                "Japan",
            ],
            "/api/facets?q=said&field=currency&country=Japan",
        ),
    ];
    for (args, path) in cases {
        let expected = command_json(&ws, args);
        let (status, body) = server.get(path).await;
        assert_eq!(status, 200, "{path}: {body}");
        assert_eq!(body, expected, "{path} differs from search {args:?}");
    }

    let seed = command_json(&ws, &["query", "Cisco Skolkovo"]);
    let id = seed["hits"][0]["id"].as_str().expect("an id");
    let (status, article) = server.get(&format!("/api/articles/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(article, command_json(&ws, &["show", id]));
    let (status, similar) = server.get(&format!("/api/similar/{id}?limit=3")).await;
    assert_eq!(status, 200);
    assert_eq!(similar, command_json(&ws, &["similar", id, "--limit", "3"]));

    let (status, missing) = server.get("/api/articles/0000").await;
    assert_eq!(status, 404);
    assert!(
        missing["error"].as_str().unwrap().contains("0000"),
        "{missing}"
    );
    let (status, bad) = server.get("/api/search?q=%C3%28").await;
    assert_eq!(
        (status, bad["parameter"].as_str()),
        (400, Some("q")),
        "{bad}"
    );

    // A 100 KB query string: too long a request line for HTTP clients to
    // even build; sent raw, it is refused before any search.
    let status = raw_status(
        server.addr,
        &format!("/api/search?q={}", "skolkovo+".repeat(100 * 1024 / 9)),
    );
    assert!((400..500).contains(&status), "{status}");
}

/// The status of a GET written by hand on a fresh connection.
fn raw_status(addr: SocketAddr, path: &str) -> u16 {
    let answer = raw(
        addr,
        &format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    );
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status in {answer:?}"))
}

/// Everything the server writes back to `request` before it closes the
/// connection (or, kept open, stops writing for 5 s: then `"<open>"`
/// ends the text).
fn raw(addr: SocketAddr, request: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("connects");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .unwrap();
    stream.write_all(request.as_bytes()).expect("writes");
    let mut answer = Vec::new();
    let mut chunk = [0u8; 65536];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => answer.extend_from_slice(&chunk[..n]),
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut =>
            {
                answer.extend_from_slice(b"<open>");
                break;
            }
            Err(_) => break,
        }
    }
    String::from_utf8_lossy(&answer).into_owned()
}

/// The body of a raw answer (after the blank line ending its head).
fn body_of(answer: &str) -> &str {
    answer.split_once("\r\n\r\n").map_or("", |(_, body)| body)
}

/// Issue #23: the answers the HTTP layer gives before any route are JSON
/// like every other error, and an HTTP/1.0 client asking to keep the
/// connection open is told each body's length.
#[test]
fn refusals_before_routing_are_json_and_http10_bodies_have_a_length() {
    let ws = Workspace::new();
    ws.index(&[&repo("corpus")]);
    let server = Server::start(&ws);
    let addr = server.addr;

    let long = format!("/api/search?q={}", "skolkovo+".repeat(100 * 1024 / 9));
    let answer = raw(
        addr,
        &format!("GET {long} HTTP/1.1\r\nHost: {addr}\r\n\r\n"),
    );
    assert!(
        answer.starts_with("HTTP/1.1 414 "),
        "{}",
        &answer[..answer.len().min(300)]
    );
    let error: Value = serde_json::from_str(body_of(&answer)).expect("a JSON body");
    assert!(
        error["error"]
            .as_str()
            .unwrap()
            .contains("request line is longer"),
        "{error}"
    );

    let answer = raw(
        addr,
        &format!("POST /api/search HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
    );
    assert!(answer.starts_with("HTTP/1.1 405 "), "{answer}");
    let error: Value = serde_json::from_str(body_of(&answer)).expect("a JSON body");
    assert!(error["error"].as_str().unwrap().contains("GET"), "{error}");

    // Asking for gzip too: a compressed body has no length known up front.
    for path in ["/api/search?q=skolkovo", "/"] {
        let answer = raw(
            addr,
            &format!(
                "GET {path} HTTP/1.0\r\nHost: {addr}\r\nConnection: keep-alive\r\nAccept-Encoding: gzip\r\n\r\n"
            ),
        );
        let (head, body) = answer.split_once("\r\n\r\n").expect("a head");
        let head = head.to_ascii_lowercase();
        let length = head
            .lines()
            .find_map(|line| line.strip_prefix("content-length: "))
            .map(|n| n.trim().parse::<usize>().unwrap());
        match length {
            // Kept open: exactly the body, then silence.
            Some(n) => assert_eq!(
                body.strip_suffix("<open>").map(str::len),
                Some(n),
                "{path}: {head}"
            ),
            // Or closed at the end of the body.
            None => assert!(
                head.contains("connection: close") && !body.ends_with("<open>"),
                "{path}: {head}"
            ),
        }
    }
}

#[test]
fn a_network_address_is_served_with_a_warning() {
    let ws = Workspace::new();
    ws.index(&[&repo("corpus")]);
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("search"))
        .arg("--index")
        .arg(ws.index_dir())
        .args(["serve", "--addr", "0.0.0.0:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut warning = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut warning)
        .unwrap();
    let mut listening = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut listening)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        warning.starts_with("warning: listening on 0.0.0.0:0: anyone who can reach"),
        "{warning}"
    );
    assert!(
        listening.starts_with("serving 1 article on http://0.0.0.0:"),
        "{listening}"
    );
}

#[test]
fn serving_a_folder_without_an_index_is_a_clear_error() {
    let ws = Workspace::new();
    ws.search()
        .args(["serve", "--addr", "127.0.0.1:0"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no index here"));
}
