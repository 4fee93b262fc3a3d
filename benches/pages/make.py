#!/usr/bin/env python3
"""Writes the extraction page set: <name>.html (a whole article page in the
layout of a real kind of site) and <name>.txt (the article's true text, the
paragraphs a reader would keep, one blank line between them).

Each page is a list of body items: true text ("p", "h", "quote", "table",
"list") and clutter ("raw", "dup"). Inside a true paragraph, {{...}} marks
markup that is on the page but not in the text (a hover card, a credit).
The pages are written once and committed; rerun after editing this file:
    python3 benches/pages/make.py
Pages whose name starts with "held-" were written after the cleanup rules,
as a check the rules were not fitted to the others.
"""
import html as htmlmod
import os
import re

OUT = os.path.dirname(os.path.abspath(__file__))

def strip(s):
    s = re.sub(r"\{\{.*?\}\}", "", s, flags=re.S)
    s = re.sub(r"<[^>]+>", "", s)
    return " ".join(htmlmod.unescape(s).split())

def show(s):
    return re.sub(r"\{\{(.*?)\}\}", r"\1", s, flags=re.S)

def render(items):
    out, truth = [], []
    for it in items:
        kind = it[0]
        if kind == "p":
            cls = f' class="{it[2]}"' if len(it) > 2 else ""
            out.append(f"<p{cls}>{show(it[1])}</p>")
            truth.append(strip(it[1]))
        elif kind == "h":
            out.append(f"<h2>{it[1]}</h2>")
            truth.append(strip(it[1]))
        elif kind == "h3":
            out.append(f"<h3>{it[1]}</h3>")
            truth.append(strip(it[1]))
        elif kind == "raw":
            out.append(it[1])
        elif kind == "dup":  # a block repeated: on the page twice, in the text once
            out.append(it[1])
        elif kind == "quote":  # (quote, html, truth text)
            out.append(it[1])
            truth.extend(it[2])
        elif kind == "list":
            out.append("<ul>" + "".join(f"<li>{show(x)}</li>" for x in it[1]) + "</ul>")
            truth.extend(strip(x) for x in it[1])
        elif kind == "table":
            rows = it[1]
            cap = it[2] if len(it) > 2 else None
            h = ['<table class="data-table">']
            if cap:
                h.append(f"<caption>{cap}</caption>")
                truth.append(cap)
            h.append("<thead><tr>" + "".join(f"<th>{c}</th>" for c in rows[0]) + "</tr></thead><tbody>")
            for r in rows[1:]:
                h.append("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>")
            h.append("</tbody></table>")
            out.append("\n".join(h))
            truth.extend(" ".join(strip(c) for c in r) for r in rows)
        else:
            raise ValueError(kind)
    return "\n".join(out), truth

NAV = {
 "herald": ["World", "UK", "Politics", "Business", "Climate", "Sport", "Culture", "Lifestyle", "Opinion"],
 "daily": ["Home", "News", "Royals", "U.S.", "Sport", "TV&amp;Showbiz", "Femail", "Health", "Science", "Money", "Travel"],
 "wire": ["World", "Business", "Markets", "Legal", "Technology", "Investigations"],
 "metro": ["News", "Local", "Crime", "Transit", "Schools", "Weather", "Opinion", "Obituaries"],
 "tech": ["News", "Reviews", "Features", "Science", "Gaming", "Deals"],
}

def site(kind, title, header, body, after="", lang="en"):
    """A whole page in one of five news layouts."""
    nav = "".join(f'<li><a href="/{n.lower()}/">{n}</a></li>' for n in NAV[kind])
    sidebar = {
     "herald": '<aside class="right-rail"><section class="most-viewed"><h2>Most viewed</h2><ol><li><a href="/m1">Heatwave warning issued as temperatures climb</a></li><li><a href="/m2">The ten best walks on the coast</a></li><li><a href="/m3">Minister quits over leaked memo</a></li></ol></section></aside>',
     "daily": '<div class="sidebar"><div class="puff"><h3>MOST READ NEWS</h3><ul><li><a href="/r1">Star stuns fans with new look on red carpet</a></li><li><a href="/r2">Shoppers flock to buy £5 gadget</a></li></ul></div><div class="ad mpu">Advertisement</div></div>',
     "wire": '<aside class="sidebar"><h3>Read Next</h3><ul><li><a href="/n1">Oil prices steady as traders weigh supply</a></li><li><a href="/n2">Dollar edges higher before jobs data</a></li></ul></aside>',
     "metro": '<aside class="rail"><div class="weather-widget">Today 18° Partly cloudy</div><h3>Trending</h3><ul><li><a href="/t1">New ferry schedule starts Monday</a></li><li><a href="/t2">High school team wins state title</a></li></ul></aside>',
     "tech": '<aside class="sidebar"><h3>Latest</h3><ul><li><a href="/l1">The best laptops for students</a></li><li><a href="/l2">Hands on with the new headset</a></li></ul></aside>',
    }[kind]
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title} | {kind.title()}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:title" content="{title}">
<link rel="stylesheet" href="/assets/{kind}.css">
<script>window.__CONFIG__ = {{"section": "news", "ads": true}};</script>
</head>
<body class="{kind} article">
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
<a class="logo" href="/">{kind.title()}</a>
<nav class="primary-nav" aria-label="Sections"><ul>{nav}</ul></nav>
<div class="account"><a href="/signin">Sign in</a> <a class="subscribe" href="/subscribe">Subscribe</a></div>
</header>
<main id="main">
<article class="article">
<header class="article-header">
{header}
</header>
<div class="article-body">
{body}
</div>
{after}
</article>
</main>
{sidebar}
<footer class="site-footer"><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms</a></li></ul><p>&copy; 2024 {kind.title()} Media Ltd. All rights reserved.</p></footer>
<div class="cookie-consent" role="dialog"><p>We use cookies to personalise content and ads.</p><button>Accept all</button><button>Manage</button></div>
<script src="/assets/app.js"></script>
</body>
</html>
"""

def blog(title, meta, body, after, blogname="Field Notes"):
    """A WordPress-like blog post."""
    return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<title>{title} &#8211; {blogname}</title>
<link rel="stylesheet" id="theme-css" href="/wp-content/themes/twentyone/style.css" media="all">
</head>
<body class="post-template-default single single-post">
<div id="page" class="site">
<header id="masthead" class="site-header"><p class="site-title"><a href="/">{blogname}</a></p><p class="site-description">Notes on things I make and fix</p>
<nav id="site-navigation" class="main-navigation"><ul id="menu-main"><li><a href="/">Home</a></li><li><a href="/about/">About</a></li><li><a href="/archive/">Archive</a></li><li><a href="/now/">Now</a></li></ul></nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-812" class="post-812 post type-post status-publish format-standard hentry">
<header class="entry-header"><h1 class="entry-title">{title}</h1>
<div class="entry-meta">{meta}</div></header>
<div class="entry-content">
{body}
</div>
{after}
</article>
<nav class="navigation post-navigation" aria-label="Posts"><div class="nav-links"><div class="nav-previous"><a href="/prev/" rel="prev"><span class="meta-nav">Previous post</span> A winter of sourdough</a></div><div class="nav-next"><a href="/next/" rel="next"><span class="meta-nav">Next post</span> Fixing a dripping tap</a></div></div></nav>
</main></div>
<aside id="secondary" class="widget-area"><section class="widget widget_search"><form role="search"><input type="search" placeholder="Search …"></form></section><section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul><li><a href="/p1/">Notes from a repair café</a></li><li><a href="/p2/">The garden in March</a></li></ul></section><section class="widget widget_categories"><h2 class="widget-title">Categories</h2><ul><li><a href="/c/garden/">Garden</a></li><li><a href="/c/tools/">Tools</a></li></ul></section></aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">Proudly powered by WordPress</div></footer>
</div>
</body>
</html>
"""

def header(headline, byline="", standfirst=None, kicker="", extra=""):
    h = ""
    if kicker:
        h += f'<a class="kicker section-label" href="/section/">{kicker}</a>\n'
    h += f"<h1>{headline}</h1>\n"
    if standfirst:
        h += f'<div class="standfirst"><p>{standfirst}</p></div>\n'
    h += byline + extra
    return h

SHARE = '<div class="share-tools" aria-label="Share this article"><span class="share-label">Share</span><a class="share-facebook" href="https://facebook.example/sharer">Facebook</a><a class="share-twitter" href="https://twitter.example/intent">Twitter</a><a class="share-email" href="mailto:?subject=x">Email</a><button class="copy-link">Copy link</button></div>'

PAGES = []

def page(name, html, truth):
    PAGES.append((name, html, truth))

from pages_news import add_news
from pages_other import add_other
from pages_held import add_held

if __name__ == "__main__":
    import sys
    sys.path.insert(0, OUT)
    g = globals()
    add_news(g)
    add_other(g)
    add_held(g)
    for name, html, truth in PAGES:
        with open(os.path.join(OUT, name + ".html"), "w") as f:
            f.write(html)
        with open(os.path.join(OUT, name + ".txt"), "w") as f:
            f.write("\n\n".join(t for t in truth if t) + "\n")
    print(len(PAGES), "pages")
