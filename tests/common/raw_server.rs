//! A misbehaving HTTP server on 127.0.0.1, for what wiremock cannot do: accept and never
//! answer, trickle a byte a second, send an endless body, reset the connection.
//!
//! Plain `std::net` with one thread per connection. Every loop is bounded in count and in
//! time ([`MAX_SERVE`]), and every socket is closed when the server is dropped or the test
//! process ends, so no test leaves it running.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

/// No connection is served for longer than this, whatever its behaviour.
pub const MAX_SERVE: Duration = Duration::from_secs(30);

/// What the server does with each connection, after reading the request head.
#[derive(Debug, Clone)]
pub enum Behaviour {
    /// Never answers; holds the connection open until the client gives up.
    Silent,
    /// Sends `head`, then the body one byte a second (at most `MAX_SERVE`).
    Trickle {
        /// Status line and headers, ending in a blank line.
        head: String,
        /// The body, trickled.
        body: Vec<u8>,
    },
    /// A 200 with no length, then 64 KiB chunks until the client hangs up (bounded by
    /// 4 GiB and `MAX_SERVE`).
    Endless,
    /// Reads the request, then resets the connection (RST, no answer).
    ResetBeforeAnswer,
    /// Sends `head` and part of a body promised longer by Content-Length, then resets.
    ResetMidBody {
        /// Status line and headers, ending in a blank line.
        head: String,
        /// What is sent before the reset.
        partial: Vec<u8>,
    },
}

/// A running raw server; stops accepting when dropped.
pub struct RawServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    connections: Arc<AtomicUsize>,
}

impl RawServer {
    /// Starts serving `behaviour` on a random port of 127.0.0.1.
    pub fn start(behaviour: Behaviour) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("binding 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let stop = Arc::new(AtomicBool::new(false));
        let connections = Arc::new(AtomicUsize::new(0));
        let (stop2, connections2) = (Arc::clone(&stop), Arc::clone(&connections));
        thread::spawn(move || {
            let started = Instant::now();
            while !stop2.load(Ordering::Relaxed) && started.elapsed() < MAX_SERVE * 4 {
                match listener.accept() {
                    Ok((stream, _)) => {
                        connections2.fetch_add(1, Ordering::Relaxed);
                        let behaviour = behaviour.clone();
                        let stop = Arc::clone(&stop2);
                        thread::spawn(move || serve(stream, &behaviour, &stop));
                    }
                    Err(_) => thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        RawServer {
            addr,
            stop,
            connections,
        }
    }

    /// `http://127.0.0.1:PORT<path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::Relaxed)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Reads up to the end of the request head (or 64 KiB, or 5 s).
fn read_head(stream: &mut TcpStream) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
}

fn serve(mut stream: TcpStream, behaviour: &Behaviour, stop: &AtomicBool) {
    read_head(&mut stream);
    let started = Instant::now();
    let live = || !stop.load(Ordering::Relaxed) && started.elapsed() < MAX_SERVE;
    match behaviour {
        Behaviour::Silent => {
            // Wait for the client to hang up (read returns 0) or the bounds to pass.
            let _ = stream.set_read_timeout(Some(Duration::from_millis(100)));
            let mut buf = [0u8; 64];
            while live() {
                match stream.read(&mut buf) {
                    Ok(0) => return,
                    _ => continue,
                }
            }
        }
        Behaviour::Trickle { head, body } => {
            if stream.write_all(head.as_bytes()).is_err() {
                return;
            }
            for byte in body {
                if !live() || stream.write_all(&[*byte]).is_err() {
                    return;
                }
                thread::sleep(Duration::from_secs(1));
            }
        }
        Behaviour::Endless => {
            let head =
                "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n\r\n";
            if stream.write_all(head.as_bytes()).is_err() {
                return;
            }
            let _ =
                stream.write_all(b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>");
            let chunk = vec![b'A'; 64 * 1024];
            for _ in 0..(4 * 1024 * 1024 * 1024u64 / chunk.len() as u64) {
                if !live() || stream.write_all(&chunk).is_err() {
                    return;
                }
            }
        }
        Behaviour::ResetBeforeAnswer => reset(stream),
        Behaviour::ResetMidBody { head, partial } => {
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(partial);
            let _ = stream.flush();
            thread::sleep(Duration::from_millis(50));
            reset(stream);
        }
    }
}

/// Closes with SO_LINGER 0, so the peer gets a RST instead of a clean FIN.
fn reset(stream: TcpStream) {
    let _ = socket2::SockRef::from(&stream).set_linger(Some(Duration::ZERO));
    drop(stream);
}
