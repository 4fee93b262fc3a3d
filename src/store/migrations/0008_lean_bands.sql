-- tidings schema: a leaner LSH band index (dedup::lsh).
--
-- 0003's lsh_bands had a foreign key to articles (ON DELETE CASCADE) and a second
-- index on article_id to serve it. Each new article wrote 16 band rows, and so 16
-- rows into that second index and 16 parent lookups for the foreign key: about a
-- third of the cost of placing an article. The bands are now removed explicitly
-- with their article's fingerprint (store::index::delete_fingerprint, called on
-- edits and by retention), their keys recomputed from the stored signature. A
-- band row left behind (a fingerprint unreadable by this version) is harmless: a
-- candidate is verified against the article's own fingerprint before it matches.
CREATE TABLE lsh_bands_lean (
    band_key   INTEGER NOT NULL,
    article_id INTEGER NOT NULL,
    PRIMARY KEY (band_key, article_id)
) WITHOUT ROWID;
INSERT INTO lsh_bands_lean (band_key, article_id)
    SELECT band_key, article_id FROM lsh_bands ORDER BY band_key, article_id;
DROP TABLE lsh_bands;
ALTER TABLE lsh_bands_lean RENAME TO lsh_bands;
