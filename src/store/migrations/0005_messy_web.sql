-- tidings schema: reading the messy web.

-- An entry date tidings could not read, exactly as the feed wrote it. The
-- article is then filed under first_seen (date_source = 'first_seen').
ALTER TABLE articles ADD COLUMN raw_date TEXT;

-- The repairs made on the last body fetched (feedparser's "bozo"
-- messages): a JSON array of strings, '[]' when the feed was clean.
ALTER TABLE feeds ADD COLUMN last_warnings TEXT NOT NULL DEFAULT '[]';
