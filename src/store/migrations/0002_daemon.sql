-- tidings schema, version 2: what the daemon needs to be polite and to resume.

-- A 410 Gone stops polling a feed: when it was seen (NULL: not gone).
ALTER TABLE feeds ADD COLUMN gone_at TEXT;
-- After the same permanent redirect (301/308) on schedule.redirect_threshold polls in a
-- row, the feed is fetched from here; `url` stays the feed's identity (the config's URL).
ALTER TABLE feeds ADD COLUMN moved_to TEXT;
-- The permanent redirect seen on the last polls, and on how many polls in a row.
ALTER TABLE feeds ADD COLUMN redirect_to TEXT;
ALTER TABLE feeds ADD COLUMN redirect_count INTEGER NOT NULL DEFAULT 0;
-- What the last fetched document said about the feed's rhythm, kept for polls that
-- answer 304: the observed publishing gap, the floor it asks for (<ttl>,
-- sy:updatePeriod), and skipHours / skipDays as bit masks (bit 0 = hour 0 / Monday).
ALTER TABLE feeds ADD COLUMN observed_gap_secs INTEGER;
ALTER TABLE feeds ADD COLUMN hint_secs INTEGER;
ALTER TABLE feeds ADD COLUMN skip_hours INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN skip_days INTEGER NOT NULL DEFAULT 0;

-- The recent polls of every feed, newest last; pruned to the last 100 per feed in the
-- transaction that adds a row.
CREATE TABLE fetch_history (
    id            INTEGER PRIMARY KEY,
    feed_id       INTEGER NOT NULL REFERENCES feeds(id),
    polled_at     TEXT NOT NULL,
    outcome       TEXT NOT NULL,                    -- fetched | not_modified | failed | gone
    status        INTEGER,                          -- HTTP status, NULL for files and network errors
    bytes         INTEGER,                          -- body size after decompression (fetched only)
    duration_ms   INTEGER NOT NULL,
    new_articles  INTEGER NOT NULL DEFAULT 0,
    updated_articles INTEGER NOT NULL DEFAULT 0,
    error         TEXT
);
CREATE INDEX fetch_history_feed ON fetch_history(feed_id, id);
