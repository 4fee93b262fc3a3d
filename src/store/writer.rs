//! The writer thread: the one place a [`Store`] lives while the async
//! pipeline runs.
//!
//! SQLite calls block, so they must not run on tokio's worker threads. The
//! store is moved onto a dedicated OS thread, and async code sends it jobs
//! (closures) over a channel, awaiting each answer. One thread also means
//! one writer, which is what SQLite wants.

use std::sync::mpsc;
use std::thread::JoinHandle;

use tokio::sync::oneshot;

use super::Store;

type Job = Box<dyn FnOnce(&mut Store) + Send>;

/// A handle to the writer thread; cheap to clone.
#[derive(Clone)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
}

/// Owns the thread; [`WriterThread::join`] gives the store back.
pub struct WriterThread {
    handle: JoinHandle<Store>,
}

impl Writer {
    /// Moves `store` onto a new thread.
    pub fn spawn(mut store: Store) -> (Writer, WriterThread) {
        let (jobs, inbox) = mpsc::channel::<Job>();
        let handle = std::thread::Builder::new()
            .name("tidings-store".into())
            .spawn(move || {
                for job in inbox {
                    job(&mut store);
                }
                store
            })
            .expect("cannot start the store thread");
        (Writer { jobs }, WriterThread { handle })
    }

    /// Runs `job` on the writer thread and waits for its result.
    pub async fn call<R, F>(&self, job: F) -> R
    where
        R: Send + 'static,
        F: FnOnce(&mut Store) -> R + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job: Job = Box::new(move |store| {
            let _ = reply.send(job(store));
        });
        self.jobs
            .send(job)
            .expect("the store thread outlives every Writer");
        answer.await.expect("the store thread answers every job")
    }
}

impl WriterThread {
    /// Waits until every [`Writer`] is dropped and the queue is drained, then
    /// returns the store.
    pub fn join(self) -> Store {
        self.handle.join().expect("the store thread does not panic")
    }
}
