//! The writer thread: the one place a [`Store`] lives while the async
//! pipeline runs.
//!
//! SQLite calls block, so they must not run on tokio's worker threads. The
//! store is moved onto a dedicated OS thread, and async code sends it jobs
//! (closures) over a channel, awaiting each answer. One thread also means
//! one writer, which is what SQLite wants.
//!
//! Polls ([`Writer::apply_poll`]) are special: when several are waiting,
//! the thread stores up to [`MAX_BATCH`] of them in one transaction (see
//! [`Store::apply_polls`]), and answers each only once that transaction
//! has committed. Other jobs run one at a time, in order. After every few
//! thousand articles stored the thread nudges a checkpointing thread of its
//! own (`store::checkpoint`), so copying the log into the database file
//! does not hold up the next batch.

use std::sync::mpsc;
use std::thread::JoinHandle;

use tokio::sync::oneshot;

use super::batch::MAX_BATCH;
use super::{PollWrite, Store, StoreError};
use crate::dedup::{Policy, PreparedKeys};
use crate::model::{EntryPlan, FeedPoll, PollCounts};

type Closure = Box<dyn FnOnce(&mut Store) + Send>;

/// The answer to a poll job: the poll back, and what storing it changed.
type PollReply = (Box<FeedPoll>, Result<PollCounts, StoreError>);

/// What the thread is asked to do.
enum Job {
    /// Any call on the store.
    Call(Closure),
    /// Store one poll (batched with the polls queued behind it).
    Poll(Box<PollJob>, oneshot::Sender<PollReply>),
}

/// A poll to store, with what [`PollWrite`] borrows from it.
struct PollJob {
    poll: Box<FeedPoll>,
    plan: EntryPlan,
    keys: PreparedKeys,
    policy: Policy,
}

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
                // Started here, not by `Store::open`: only the writer
                // commits bursts worth moving off its thread.
                let checkpointer = super::checkpoint::Checkpointer::spawn(store.conn.path());
                run(&mut store, &inbox, checkpointer.as_ref());
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
        let job: Closure = Box::new(move |store| {
            let _ = reply.send(job(store));
        });
        self.jobs
            .send(Job::Call(job))
            .expect("the store thread outlives every Writer");
        answer.await.expect("the store thread answers every job")
    }

    /// Stores `poll` under `policy` with its entries' prepared `keys` (as
    /// [`Store::apply_poll_with`] does, possibly in one transaction with
    /// other polls) and hands it back with its counts once it is committed.
    pub async fn apply_poll(
        &self,
        poll: Box<FeedPoll>,
        plan: EntryPlan,
        keys: PreparedKeys,
        policy: Policy,
    ) -> PollReply {
        let (reply, answer) = oneshot::channel();
        let job = PollJob {
            poll,
            plan,
            keys,
            policy,
        };
        self.jobs
            .send(Job::Poll(Box::new(job), reply))
            .expect("the store thread outlives every Writer");
        answer.await.expect("the store thread answers every job")
    }
}

/// Articles stored (new or changed) after which the writer asks for a
/// checkpoint: tens of megabytes of database pages. Asking after every
/// batch would make small batches each pay a checkpoint and its `fsync`.
const NUDGE_AFTER_ARTICLES: u64 = 5000;

/// The thread's loop: jobs in order; queued polls in batches.
fn run(
    store: &mut Store,
    inbox: &mpsc::Receiver<Job>,
    checkpointer: Option<&super::checkpoint::Checkpointer>,
) {
    let mut written_since_nudge = 0u64;

    let mut next = inbox.recv().ok();
    while let Some(job) = next.take() {
        match job {
            Job::Call(closure) => closure(store),
            Job::Poll(job, reply) => {
                let mut batch = vec![(job, reply)];
                while batch.len() < MAX_BATCH {
                    match inbox.try_recv() {
                        Ok(Job::Poll(job, reply)) => batch.push((job, reply)),
                        Ok(other) => {
                            next = Some(other);
                            break;
                        }
                        Err(_) => break,
                    }
                }
                let polls: Vec<PollWrite<'_>> = batch
                    .iter()
                    .map(|(job, _)| PollWrite {
                        poll: &job.poll,
                        plan: &job.plan,
                        keys: &job.keys,
                        policy: &job.policy,
                    })
                    .collect();
                let results = store.apply_polls(&polls);
                drop(polls);
                for ((job, reply), result) in batch.into_iter().zip(results) {
                    if let Ok(counts) = &result {
                        written_since_nudge += counts.new + counts.updated;
                    }
                    let _ = reply.send((job.poll, result));
                }
                if let Some(checkpointer) =
                    checkpointer.filter(|_| written_since_nudge >= NUDGE_AFTER_ARTICLES)
                {
                    checkpointer.nudge();
                    written_since_nudge = 0;
                }
            }
        }
        if next.is_none() {
            next = inbox.recv().ok();
        }
    }
}

impl WriterThread {
    /// Waits until every [`Writer`] is dropped and the queue is drained, then
    /// returns the store.
    pub fn join(self) -> Store {
        self.handle.join().expect("the store thread does not panic")
    }
}
