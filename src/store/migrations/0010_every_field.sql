-- Every field a feed gives, beyond the columns of their own: one JSON
-- document per article (people with e-mail and home page, every link with
-- its attributes, tags with scheme and label, rights, comments page,
-- source feed, content types) and per feed (id, subtitle, rights, people,
-- links, dates, generator, image, icon, categories). NULL: none given.
-- Named as feedparser names them; read with json_extract, e.g.
--   SELECT json_extract(details, '$.rights') FROM articles;
ALTER TABLE articles ADD COLUMN details TEXT;
ALTER TABLE feeds ADD COLUMN feed_details TEXT;
