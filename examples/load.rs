//! Load test of `search serve`: N connections (default 32) over loopback,
//! each sending top-10 searches with snippets back to back on one
//! keep-alive connection for a fixed time (default 10 s), then a report of
//! requests per second, median and 99th-percentile latency, and errors.
//!
//! ```sh
//! search --index /tmp/reuters-index index /work/shared/corpora/reuters21578
//! search --index /tmp/reuters-index serve &
//! cargo run --release --example load -- http://127.0.0.1:7700 32 10
//! ```
//!
//! Arguments: base URL, connections, seconds. The queries rotate through a
//! fixed list of news words and phrases (a mix of rare and common terms).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;

const QUERIES: &[&str] = &[
    "oil+prices",
    "interest+rates",
    "wheat+exports",
    "dollar+yen",
    "trade+deficit",
    "merger+talks",
    "opec",
    "coffee",
    "bank+of+england",
    "%22crude+oil%22",
    "earnings+per+share",
    "tokyo+stock+exchange",
    "gold",
    "sugar+quota",
    "takeover+bid",
    "inflation",
];

/// Most requests one connection sends, whatever the duration.
const MAX_PER_CONNECTION: usize = 1_000_000;

#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    errors: usize,
}

async fn connection(addr: SocketAddr, offset: usize, until: Instant) -> Tally {
    let mut tally = Tally::default();
    let stream = match tokio::net::TcpStream::connect(addr).await {
        Ok(stream) => stream,
        Err(_) => {
            tally.errors += 1;
            return tally;
        }
    };
    stream.set_nodelay(true).ok();
    let Ok((mut sender, conn)) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await
    else {
        tally.errors += 1;
        return tally;
    };
    tokio::spawn(conn);
    for i in 0..MAX_PER_CONNECTION {
        if Instant::now() >= until {
            break;
        }
        let q = QUERIES[(offset + i) % QUERIES.len()];
        let path = format!("/api/search?q={q}&limit=10&snippets=1");
        let request = hyper::Request::get(path)
            .header(hyper::header::HOST, addr.to_string())
            .body(Empty::<Bytes>::new())
            .expect("request");
        let started = Instant::now();
        let ok = match sender.send_request(request).await {
            Ok(response) => {
                let status = response.status();
                response.into_body().collect().await.is_ok() && status.is_success()
            }
            Err(_) => false,
        };
        if ok {
            tally.latencies.push(started.elapsed());
        } else {
            tally.errors += 1;
            break;
        }
    }
    tally
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let base = args.first().map_or("http://127.0.0.1:7700", String::as_str);
    let connections: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(32);
    let seconds: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(10);
    let addr: SocketAddr = base
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .expect("a base URL like http://127.0.0.1:7700");

    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    let tasks: Vec<_> = (0..connections)
        .map(|c| tokio::spawn(connection(addr, c, until)))
        .collect();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let tally = task.await.expect("connection task");
        latencies.extend(tally.latencies);
        errors += tally.errors;
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{connections} connections, {elapsed:.1} s: {} requests, {:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, {errors} errors",
        latencies.len(),
        latencies.len() as f64 / elapsed,
        ms(percentile(&latencies, 50.0)),
        ms(percentile(&latencies, 99.0)),
        ms(latencies.last().copied().unwrap_or_default()),
    );
}
