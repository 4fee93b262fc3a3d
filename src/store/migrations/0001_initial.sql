-- tidings schema, version 1. Timestamps are TEXT in UTC, 'YYYY-MM-DDTHH:MM:SSZ'.
-- Lists (tags, authors, categories, enclosures) are JSON arrays in TEXT.

-- Every feed ever configured, with its fetch state.
CREATE TABLE feeds (
    id                   INTEGER PRIMARY KEY,
    url                  TEXT NOT NULL UNIQUE,      -- as configured (file:// for paths)
    title                TEXT,                      -- title chosen in the config
    tags                 TEXT NOT NULL DEFAULT '[]',
    interval_secs        INTEGER,                   -- the feed's own interval, if configured
    active               INTEGER NOT NULL DEFAULT 1, -- 0 once removed from the config
    feed_title           TEXT,                      -- title the feed gives itself
    site_link            TEXT,
    etag                 TEXT,                      -- validators exactly as received
    last_modified        TEXT,
    final_url            TEXT,                      -- after redirects, on the last poll
    last_status          INTEGER,                   -- HTTP status of the last poll
    last_error           TEXT,                      -- NULL when the last poll succeeded
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    last_polled_at       TEXT,
    last_success_at      TEXT,
    next_due_at          TEXT,                      -- NULL: due now
    created_at           TEXT NOT NULL
);

-- One record per article; `feed_id` is the feed it was first seen in.
CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    feed_id       INTEGER NOT NULL REFERENCES feeds(id),
    guid          TEXT,
    link          TEXT,
    title         TEXT NOT NULL,
    authors       TEXT NOT NULL DEFAULT '[]',
    categories    TEXT NOT NULL DEFAULT '[]',
    language      TEXT,
    enclosures    TEXT NOT NULL DEFAULT '[]',
    published_at  TEXT,
    updated_at    TEXT,
    date_source   TEXT NOT NULL,                    -- published | updated | first_seen
    sort_date     TEXT NOT NULL,                    -- the date of date_source
    first_seen_at TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL,
    modified_at   TEXT NOT NULL,                    -- last time the record's content changed
    summary       TEXT,
    body_text     TEXT NOT NULL,
    body_html     TEXT,
    dateline      TEXT,
    word_count    INTEGER NOT NULL,
    content_hash  TEXT NOT NULL
);
CREATE INDEX articles_sort_date ON articles(sort_date DESC, id DESC);
CREATE INDEX articles_link ON articles(link);

-- Which feeds an article was seen in.
CREATE TABLE article_feeds (
    article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    feed_id       INTEGER NOT NULL REFERENCES feeds(id),
    first_seen_at TEXT NOT NULL,
    PRIMARY KEY (article_id, feed_id)
) WITHOUT ROWID;
CREATE INDEX article_feeds_feed ON article_feeds(feed_id, article_id);

-- Dedup keys per feed. They outlive pruned articles (article_id becomes NULL),
-- so an entry still listed in its feed is not ingested again.
CREATE TABLE entry_keys (
    feed_id       INTEGER NOT NULL REFERENCES feeds(id),
    key           TEXT NOT NULL,                    -- guid:, link:, title: or content: ...
    article_id    INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    content_hash  TEXT NOT NULL,
    first_seen_at TEXT NOT NULL,
    PRIMARY KEY (feed_id, key)
) WITHOUT ROWID;
CREATE INDEX entry_keys_article ON entry_keys(article_id);

-- Previous versions of articles whose content changed.
CREATE TABLE revisions (
    id            INTEGER PRIMARY KEY,
    article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    revised_at    TEXT NOT NULL,                    -- when this version was replaced
    title         TEXT NOT NULL,
    summary       TEXT,
    body_text     TEXT NOT NULL,
    body_html     TEXT,
    content_hash  TEXT NOT NULL,
    published_at  TEXT,
    updated_at    TEXT
);
CREATE INDEX revisions_article ON revisions(article_id);
