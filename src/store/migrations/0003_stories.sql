-- tidings schema, version 3: one story, many sources (dedup across feeds).
-- The Rust hook that runs after this file (store::reindex) fills the new
-- columns and tables for the articles already stored.

-- A story: one piece of news, however many outlets and feeds carried it.
CREATE TABLE stories (
    id         INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL
);

ALTER TABLE articles ADD COLUMN canonical_url TEXT;         -- link in canonical form (dedup::canonical)
ALTER TABLE articles ADD COLUMN text_hash TEXT;             -- exact-duplicate key; NULL for very short bodies
ALTER TABLE articles ADD COLUMN story_id INTEGER REFERENCES stories(id);
ALTER TABLE articles ADD COLUMN story_match TEXT;           -- how it joined its story: first | exact | near
ALTER TABLE articles ADD COLUMN story_similarity REAL;      -- estimated Jaccard to the article it matched
CREATE INDEX articles_canonical_url ON articles(canonical_url);
CREATE INDEX articles_text_hash ON articles(text_hash);
CREATE INDEX articles_story ON articles(story_id);

-- MinHash signature of each article's body without boilerplate (dedup::fingerprint):
-- a version byte, then 64 little-endian u32.
CREATE TABLE fingerprints (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    minhash    BLOB NOT NULL
);

-- The LSH band index (dedup::lsh): 16 rows per fingerprinted article. A lookup is one
-- index seek per band key, never a scan.
CREATE TABLE lsh_bands (
    band_key   INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (band_key, article_id)
) WITHOUT ROWID;
CREATE INDEX lsh_bands_article ON lsh_bands(article_id);

-- Paragraph hashes seen in each feed's articles, and in how many: a paragraph a feed
-- repeats is its boilerplate (dedup::boilerplate).
CREATE TABLE feed_paragraphs (
    feed_id  INTEGER NOT NULL REFERENCES feeds(id),
    hash     INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (feed_id, hash)
) WITHOUT ROWID;

-- Copies not stored as articles (dedup.near = "drop"): each is a source of the article
-- it copies, with its own feed, link, title and date.
CREATE TABLE copies (
    id            INTEGER PRIMARY KEY,
    article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    feed_id       INTEGER NOT NULL REFERENCES feeds(id),
    guid          TEXT,
    link          TEXT,
    canonical_url TEXT,
    title         TEXT NOT NULL,
    published_at  TEXT,
    content_hash  TEXT NOT NULL,
    match         TEXT NOT NULL,                    -- exact | near
    similarity    REAL NOT NULL,
    first_seen_at TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL
);
CREATE INDEX copies_article ON copies(article_id);
CREATE INDEX copies_canonical_url ON copies(canonical_url);

-- An entry key that points at a copy rather than at an article of its own.
ALTER TABLE entry_keys ADD COLUMN copy_id INTEGER REFERENCES copies(id) ON DELETE SET NULL;
