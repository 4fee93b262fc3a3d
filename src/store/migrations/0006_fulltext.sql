-- tidings schema: full text, filters, robots.txt.
-- Depends only on 0001's `articles` and `feeds` tables.

-- Where the body came from: 'feed' (the entry itself) or 'page' (the entry's web page,
-- fetched and extracted). With 'page', `summary` keeps the feed's own text for the entry
-- (its summary, else its body), beside the extracted body in body_text / body_html.
ALTER TABLE articles ADD COLUMN body_source TEXT NOT NULL DEFAULT 'feed';
-- The page fetch (full text) of the article, one per link:
--   NULL        never considered (full text off when it was stored)
--   pending     to be fetched at the feed's next poll (or this one)
--   used        fetched; its text is the body (body_source = 'page')
--   kept_feed   fetched, but the feed's body was kept (the page said no more)
--   not_needed  full_text = "auto" and the feed's body is not a teaser
--   disallowed  robots.txt does not allow the page
--   failed      the last fetch failed; retried while page_attempts < full_text.max_attempts
ALTER TABLE articles ADD COLUMN page_state TEXT;
-- The link the page was fetched (or tried) from: a new link in the feed means a new fetch.
ALTER TABLE articles ADD COLUMN page_url TEXT;
-- Failed fetches so far for page_url, and the last error.
ALTER TABLE articles ADD COLUMN page_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN page_error TEXT;
-- When the page was last fetched or tried.
ALTER TABLE articles ADD COLUMN page_fetched_at TEXT;
-- The articles waiting for a page (few at any time): what each poll looks up first.
CREATE INDEX articles_page_work ON articles(id) WHERE page_state IN ('pending', 'failed');

-- Entries kept out by [[filters]] rules, remembered per feed so they are not considered
-- again on every poll. `rules_hash` fingerprints the rules in force when the entry was
-- dropped: when a feed's rules change, its remembered drops are forgotten and its
-- entries judged again.
CREATE TABLE dropped_entries (
    feed_id     INTEGER NOT NULL REFERENCES feeds(id),
    key         TEXT NOT NULL,                    -- the entry's dedup key (as in entry_keys)
    rules_hash  TEXT NOT NULL,
    title       TEXT NOT NULL,
    rule        TEXT NOT NULL,                    -- which rule dropped it
    dropped_at  TEXT NOT NULL,
    PRIMARY KEY (feed_id, key)
) WITHOUT ROWID;

-- robots.txt per origin (scheme://host:port), so `tidings once` run from cron does not
-- fetch it again on every run. `rules` is the file's text when it was fetched (2xx); NULL
-- with `verdict` 'allow_all' (4xx: no rules) or 'unreachable' (5xx, network error:
-- nothing may be fetched until it expires).
CREATE TABLE robots_txt (
    origin      TEXT PRIMARY KEY,
    verdict     TEXT NOT NULL,                    -- rules | allow_all | unreachable
    rules       TEXT,
    fetched_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
) WITHOUT ROWID;
