-- tidings schema: WebSub subscriptions, one per feed (crate::websub).
--
-- A row exists once a poll found a hub for the feed. `state` is one of
-- discovered (not asked yet), requested (asked, the hub has not verified),
-- live (verified, lease_until in the future), unsubscribing (the feed left
-- the config; asked the hub to stop), failed (the hub refused or never
-- verified; retried at retry_at while the feed is polled as usual) and
-- denied (the hub said no; retried at retry_at).
-- `token` is the random last path segment of the callback URL: a
-- verification or a push naming no known token is refused.
CREATE TABLE websub (
    feed_id      INTEGER PRIMARY KEY REFERENCES feeds(id) ON DELETE CASCADE,
    hub          TEXT NOT NULL,
    topic        TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'discovered',
    token        TEXT UNIQUE,
    secret       TEXT,
    lease_until  TEXT,
    lease_secs   INTEGER,                   -- the lease the hub granted, in seconds
    requested_at TEXT,
    last_push_at TEXT,
    pushes       INTEGER NOT NULL DEFAULT 0,
    failures     INTEGER NOT NULL DEFAULT 0,
    retry_at     TEXT,
    last_error   TEXT
);
