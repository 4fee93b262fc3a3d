//! tidings: a feed ingestion daemon.
//!
//! It polls RSS, Atom and JSON Feed sources, normalizes every entry into a
//! clean [`model::Article`] and keeps it in SQLite, deduplicated.
//!
//! The stages, each in its own module, and the types that flow between them:
//!
//! | module      | its one job                                                     |
//! |-------------|-----------------------------------------------------------------|
//! | [`config`]  | TOML (and OPML) → validated [`config::Config`]                  |
//! | [`model`]   | plain domain types: [`model::Article`], [`model::FeedMeta`]     |
//! | [`schedule`]| when a feed is due next: intervals, hints, backoff, jitter, queue |
//! | [`fetch`]   | one shared HTTP client, per-host limits, redirects, conditional GET |
//! | [`repair`]  | decoded text → text feed-rs accepts: entities, versions, junk  |
//! | [`parse`]   | bytes → feed-rs model, off the async runtime, panics contained  |
//! | [`dates`]   | feed date strings → UTC, as forgiving as feedparser             |
//! | [`normalize`]| feed-rs entry → [`model::Article`]: text, dates, URLs, dateline|
//! | [`dedup`]   | entry keys; canonical URLs, fingerprints, LSH; where an entry goes (`place`) |
//! | [`filters`] | `[[filters]]` rules judging entries before they are stored      |
//! | [`fulltext`]| teasers, page extraction (readability), robots.txt rules        |
//! | [`store`]   | all SQL behind one interface: migrations, fetch state, history, articles, stories, search, retention |
//! | [`pipeline`]| wires the stages: [`pipeline::poll_once`], [`pipeline::run_daemon`] |
//! | [`output`]  | article records as text (the corpus layout) and JSON lines      |
//! | [`cli`]     | the command line (clap derive), no logic                        |
//! | [`commands`]| what each subcommand does with a loaded config                  |
//! | [`lock`]    | the run lock that keeps two `tidings once` apart                |
//! | [`export`]  | articles into a folder of text files, incrementally             |
//! | [`progress`]| progress bars on a terminal, log lines elsewhere                |
//! | [`telemetry`]| the tracing subscriber                                         |
//! | [`monitoring`]| Prometheus metrics and `/healthz` for `tidings run`           |
//! | [`notify`]  | systemd notifications: ready, reloading, stopping, watchdog     |
//! | [`discover`]| the feeds a web page offers (`tidings discover`, `tidings add`) |
//! | [`websub`]  | the WebSub subscriber: hubs, leases, the push callback          |

pub mod cli;
pub mod commands;
pub mod config;
pub mod dates;
pub mod dedup;
pub mod discover;
pub mod export;
pub mod fetch;
pub mod filters;
pub mod fulltext;
pub mod lock;
pub mod model;
pub mod monitoring;
pub mod normalize;
pub mod notify;
pub mod output;
pub mod parse;
pub mod pipeline;
pub mod progress;
pub mod repair;
pub mod schedule;
pub mod store;
pub mod telemetry;
pub mod websub;
