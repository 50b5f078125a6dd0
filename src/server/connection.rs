//! What the HTTP layer answers before any route: a request line too long
//! for it (hyper answers 414 with an empty body, no hook to word it) is
//! answered here, on the connection, with the JSON error every other
//! refusal has; and an HTTP/1.0 answer of unknown length closes its
//! connection, the only way such a client can tell where the body ends.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::HttpBody;
use axum::http::{header, HeaderValue, Version};
use axum::response::Response;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// Longest request line (method, target and version) taken, in bytes: the
/// longest hyper reads (its URI limit), so that this answers first.
pub(crate) const MAX_REQUEST_LINE: usize = 65_534;

/// After refusing a request, how much of its head is read and dropped so
/// that closing the connection does not reset it before the client has
/// read the answer.
const DRAIN_LIMIT: usize = 1 << 20;

/// A listener whose connections answer a too-long request line with a
/// JSON 414.
pub(crate) struct Guarded(pub(crate) TcpListener);

impl axum::serve::Listener for Guarded {
    type Io = LineGuard<TcpStream>;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let (stream, addr) = axum::serve::Listener::accept(&mut self.0).await;
        (LineGuard::new(stream), addr)
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.0.local_addr()
    }
}

/// A connection that watches the length of each request line (the first
/// line, and the first after each blank line that ends a head) and, past
/// [`MAX_REQUEST_LINE`], writes the 414 itself, drops the rest of that
/// head, and ends the input hyper reads.
pub(crate) struct LineGuard<T> {
    inner: T,
    /// Bytes of the current line so far.
    line: usize,
    /// Whether the current line is a request line.
    request_line: bool,
    /// The answer being written, and how much of it is written.
    refusal: Option<(Vec<u8>, usize)>,
    /// Bytes dropped after the answer; `None` until it is written.
    drained: Option<usize>,
}

impl<T> LineGuard<T> {
    pub(crate) fn new(inner: T) -> LineGuard<T> {
        LineGuard {
            inner,
            line: 0,
            request_line: true,
            refusal: None,
            drained: None,
        }
    }

    /// Follow `bytes` through the lines; true when a request line passes
    /// the limit.
    fn too_long(&mut self, bytes: &[u8]) -> bool {
        for &byte in bytes {
            if byte == b'\n' {
                // A line of nothing (or a lone CR) ends a head: a request
                // line follows.
                self.request_line = self.line <= 1;
                self.line = 0;
            } else {
                self.line += 1;
                if self.request_line && self.line > MAX_REQUEST_LINE {
                    return true;
                }
            }
        }
        false
    }
}

/// The 414 answer, as every other error: `{"error": ...}`.
fn refusal() -> Vec<u8> {
    let body = serde_json::json!({
        "error": format!(
            "the request line is longer than {MAX_REQUEST_LINE} bytes; shorten the query \
             (the query text may be at most {} bytes)",
            crate::MAX_QUERY_LEN
        ),
        "parameter": "q",
    })
    .to_string();
    format!(
        "HTTP/1.1 414 URI Too Long\r\ncontent-type: application/json\r\n\
         x-content-type-options: nosniff\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

impl<T: AsyncRead + AsyncWrite + Unpin> AsyncRead for LineGuard<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        if this.refusal.is_none() {
            let before = buf.filled().len();
            std::task::ready!(Pin::new(&mut this.inner).poll_read(cx, buf))?;
            if !this.too_long(&buf.filled()[before..]) {
                return Poll::Ready(Ok(()));
            }
            // Hyper never sees this request: it answers nothing.
            buf.set_filled(before);
            this.refusal = Some((refusal(), 0));
        }
        if let Some((answer, written)) = &mut this.refusal {
            while *written < answer.len() {
                let n = std::task::ready!(
                    Pin::new(&mut this.inner).poll_write(cx, &answer[*written..])
                )?;
                if n == 0 {
                    return Poll::Ready(Ok(()));
                }
                *written += n;
            }
        }
        std::task::ready!(Pin::new(&mut this.inner).poll_flush(cx))?;
        // Read what is left of the head (the rest of the line at least), so
        // that the close does not reset the connection under the answer.
        let mut scratch = [0u8; 8192];
        loop {
            let drained = this.drained.get_or_insert(0);
            if *drained >= DRAIN_LIMIT {
                return Poll::Ready(Ok(()));
            }
            let mut sink = ReadBuf::new(&mut scratch);
            match Pin::new(&mut this.inner).poll_read(cx, &mut sink) {
                Poll::Ready(Ok(())) if sink.filled().is_empty() => return Poll::Ready(Ok(())),
                Poll::Ready(Ok(())) => {
                    *drained += sink.filled().len();
                    if sink.filled().windows(2).any(|w| w == b"\n\n")
                        || sink.filled().windows(4).any(|w| w == b"\r\n\r\n")
                    {
                        return Poll::Ready(Ok(()));
                    }
                }
                // The end of input for hyper either way.
                Poll::Ready(Err(_)) => return Poll::Ready(Ok(())),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for LineGuard<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// An HTTP/1.0 client cannot read chunks, so it must be told the length
/// of a body or see the connection close after it: its answers are not
/// compressed (compressing on the fly loses the length), and one of
/// unknown length all the same closes the connection.
pub(crate) async fn http10_close(
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let old = request.version() < Version::HTTP_11;
    if old {
        request.headers_mut().remove(header::ACCEPT_ENCODING);
    }
    let mut response = next.run(request).await;
    let known = response.headers().contains_key(header::CONTENT_LENGTH)
        || response.body().size_hint().exact().is_some();
    if old && !known {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_request_lines_are_measured() {
        let mut guard = LineGuard::new(());
        let long = "a".repeat(MAX_REQUEST_LINE);
        // A long header line is hyper's to judge, not a request line.
        let head = format!("GET /?q=x HTTP/1.1\r\nX-Long: {long}\r\n\r\n");
        assert!(!guard.too_long(head.as_bytes()));
        // The next request on the connection, in two reads.
        assert!(!guard.too_long(format!("GET /?q={}", &long[..100]).as_bytes()));
        assert!(guard.too_long(long.as_bytes()));
    }
}
