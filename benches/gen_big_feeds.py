#!/usr/bin/env python3
"""Writes the large feeds the parse measurements use (not committed: they are big).

    python3 benches/gen_big_feeds.py OUT_DIR

- big_10mb.xml: RSS 2.0, 10,000,000 bytes of realistic items (HTML bodies in CDATA,
  entities, dates, categories, authors), about 2,000 items.
- tiny_100k.xml: RSS 2.0 with 100,000 tiny items (title, link, guid, date).
- tiny_1m.xml: 1,000,000 tiny items (about 60 MB; past the default fetch.max_feed_size,
  so measure it with a config that raises it: tidings then keeps the first 100,000).

Measure with, for example:
    /usr/bin/time -v target/release/tidings parse OUT_DIR/big_10mb.xml > /dev/null
"""

import os
import sys

HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
        '<title>Big feed</title>\n<link>https://big.example.com/</link>\n'
        '<description>Generated for measurements.</description>\n')
TAIL = '</channel>\n</rss>\n'

PARAGRAPH = ('<p>DAMASCUS -- The council met on Thursday to discuss the budget &amp; the '
             'new tram line, which &quot;will change the city&quot; according to its '
             'supporters. Critics said the plan was too expensive; the vote is next week. '
             '<a href="/news/%d">Read more</a> about it, or see <em>related</em> stories.</p>\n')


def big_item(i):
    body = "".join(PARAGRAPH % (i * 10 + k) for k in range(10))
    return ('<item>\n<title>Story number %d: council &amp; tram</title>\n'
            '<link>https://big.example.com/news/%d</link>\n'
            '<guid isPermaLink="false">big-%d</guid>\n'
            '<pubDate>Thu, 08 Dec 2016 %02d:%02d:00 +0100</pubDate>\n'
            '<dc:creator>Reporter %d</dc:creator>\n<category>City</category>\n'
            '<description><![CDATA[%s]]></description>\n</item>\n') % (
                i, i, i, i % 24, i % 60, i % 50, body)


def tiny_item(i):
    return '<item><title>t%d</title><link>http://e.x/%d</link></item>\n' % (i, i)


def write_until(path, size):
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEAD)
        written, i = len(HEAD) + len(TAIL), 0
        while True:
            item = big_item(i)
            if written + len(item) > size:
                break
            f.write(item)
            written += len(item)
            i += 1
        f.write(" " * (size - written))
        f.write(TAIL)
    return i


def write_tiny(path, count):
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEAD)
        for i in range(count):
            f.write(tiny_item(i))
        f.write(TAIL)


def main(out):
    os.makedirs(out, exist_ok=True)
    items = write_until(os.path.join(out, "big_10mb.xml"), 10_000_000)
    write_tiny(os.path.join(out, "tiny_100k.xml"), 100_000)
    write_tiny(os.path.join(out, "tiny_1m.xml"), 1_000_000)
    for name in ("big_10mb.xml", "tiny_100k.xml", "tiny_1m.xml"):
        print("%s: %d bytes" % (name, os.path.getsize(os.path.join(out, name))))
    print("big_10mb.xml has %d items" % items)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "target/bigfeeds")
