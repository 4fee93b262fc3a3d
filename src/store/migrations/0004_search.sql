-- tidings schema: full-text search and retention.
-- Depends only on 0001's `articles` table.

-- Full-text index over each article's headline and body text. An
-- external-content table: the text lives once, in `articles`; the index holds
-- only the tokens, kept in step by the triggers below (insert, update of the
-- indexed columns, delete; deletes include retention's prune).
-- Tokenizer: Unicode words with diacritics folded ("Zürich" matches "zurich"),
-- then English Porter stemming ("ceasefires" matches "ceasefire").
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title,
    body_text,
    content = 'articles',
    content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, body_text)
    VALUES (new.id, new.title, new.body_text);
END;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body_text)
    VALUES ('delete', old.id, old.title, old.body_text);
END;

CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body_text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body_text)
    VALUES ('delete', old.id, old.title, old.body_text);
    INSERT INTO articles_fts (rowid, title, body_text)
    VALUES (new.id, new.title, new.body_text);
END;

-- Backfill: index the articles stored before this migration.
INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');

-- Retention keeps the newest `max_per_feed` articles of each feed: this index
-- serves that window (and per-feed listings) without sorting the table.
CREATE INDEX articles_feed_date ON articles(feed_id, sort_date DESC, id DESC);
