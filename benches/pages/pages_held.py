"""Held-out pages, written after the cleanup rules: other layouts, other
names for the same clutter, to check the rules were not fitted to the
development pages."""

def add_held(g):
    render, page, strip = g["render"], g["page"], g["strip"]

    def shell(title, body, lang="en", pre="", post=""):
        return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<script type="application/ld+json">{{"@type":"NewsArticle","headline":"{title}"}}</script></head>
<body><div id="app"><div class="topbar"><a href="/">The Courier</a><ul class="menu"><li><a>News</a></li><li><a>Sport</a></li><li><a>Business</a></li><li><a>Life</a></li></ul><a class="btn-login">Log in</a></div>
{pre}
<div class="layout"><div class="col-main">{body}</div><div class="col-side"><div class="widget"><h4>Popular now</h4><ol><li><a>Road closures for the marathon</a></li><li><a>New bakery opens on the square</a></li></ol></div></div></div>
{post}
<div class="footer"><p>The Courier · 1 Market St · All rights reserved</p><a>Privacy</a> <a>Cookies</a></div></div></body></html>
"""

    # H1. A news site on a JS framework: BEM names, data-attributes, a figure credit in <small>, a "Lees ook" style block.
    body, truth = render([
        ("raw", '<div class="c-article__meta"><span class="c-article__writer">Door Pieter de Vries</span> <span class="c-article__when">2 uur geleden</span></div>'),
        ("raw", '<figure class="c-media"><picture><img src="/x.jpg" alt=""></picture><small class="c-media__source">Foto: ANP / Remko de Waal</small></figure>'),
        ("p", "De gemeente Utrecht gaat vanaf volgend jaar alle fietsenstallingen in de binnenstad 24 uur per dag openen. Nu sluiten de meeste stallingen om middernacht."),
        ("p", "Volgens wethouder Lotte Bakker staan er elke nacht honderden fietsen buiten de stallingen geparkeerd, omdat mensen die laat thuiskomen hun fiets er niet meer in kunnen zetten."),
        ("raw", '<div class="c-readalso" data-block="read-also"><span class="c-readalso__label">Lees ook</span><a href="/y">Grootste fietsenstalling ter wereld bestaat vijf jaar</a></div>'),
        ("p", "De extra openingstijden kosten de gemeente ongeveer 1,2 miljoen euro per jaar, vooral aan personeel. Het eerste uur parkeren blijft gratis."),
        ("p", "De Fietsersbond is blij met het besluit. “Dit hadden we al jaren gevraagd,” zegt woordvoerder Anouk Smit."),
        ("raw", '<div class="c-share"><button data-share="whatsapp">Deel via WhatsApp</button><button data-share="x">Deel op X</button></div>'),
    ])
    page("held-nl-fietsenstalling", shell("Fietsenstallingen Utrecht dag en nacht open", '<article class="c-article"><h1 class="c-article__title">Fietsenstallingen in Utrecht straks dag en nacht open</h1>' + body + '</article>', lang="nl"), truth)

    # H2. A Substack-like newsletter post: subscribe buttons between paragraphs, footnotes, "Share" pill, restack/like counts.
    body, truth = render([
        ("p", "I spent the last month reading every annual report our city’s water utility has published since 1990. Thirty-four of them. This is what I learned."),
        ("p", "The first thing is that the utility loses a lot of water. In 1990 about 12% of the water it treated never reached a meter. Last year it was 23%, almost one glass in four."),
        ("raw", '<div class="subscription-widget-wrap"><div class="subscription-widget"><p class="cta-caption">Thanks for reading The Pipe! Subscribe for free to receive new posts and support my work.</p><form><input type="email" placeholder="Type your email…"><button>Subscribe</button></form></div></div>'),
        ("p", "Most of that loss is leaks. The utility replaces about half a percent of its pipes each year, which means a pipe laid today would be replaced, on average, in two hundred years."),
        ("p", "The second thing is that the reports stopped saying this plainly around 2010, when the leak figures moved from the first pages to an appendix."),
        ("raw", '<p class="button-wrapper"><a class="button primary" href="/subscribe"><span>Subscribe now</span></a></p>'),
        ("p", "None of this is secret. It is just hard to find, and nobody had put the numbers side by side."),
        ("raw", '<div class="post-ufi"><a class="like-button">142</a><a class="comment-button">31</a><a class="restack">Restack</a><button class="share-pill">Share</button></div>'),
    ])
    page("held-newsletter-water", f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>What 34 annual reports say about our water</title></head><body>
<div class="topbar"><a>The Pipe</a><button>Subscribe</button><button>Sign in</button></div>
<div class="single-post"><div class="post-header"><h1 class="post-title">What 34 annual reports say about our water</h1><h3 class="subtitle">The leaks moved to an appendix</h3><div class="post-meta"><a>Lena Ortiz</a> <span>Nov 12, 2024</span></div></div>
<div class="available-content"><div class="body markup">{body}</div></div></div>
<div class="footer-wrap"><p>© 2024 Lena Ortiz</p><a>Privacy</a><a>Terms</a><a>Collection notice</a></div></body></html>""", truth)

    # H3. A regional news page with a "Breaking" bar, a hidden mobile duplicate, a quiz widget and a poll.
    body, truth = render([
        ("p", "A 1,200-year-old Viking sword has been found by a farmer ploughing a field near Ribe, the National Museum said on Monday."),
        ("raw", '<div class="mobile-only" style="display: none">A 1,200-year-old Viking sword has been found by a farmer ploughing a field near Ribe, the National Museum said on Monday.</div>'),
        ("p", "The iron sword, about 90cm long, still has part of its silver-decorated hilt. Archaeologists believe it was made in the Rhineland and carried north by a trader or a raider."),
        ("raw", '<div class="poll-widget" data-poll="881"><p class="poll-q">Have you ever found something old in your garden?</p><label><input type="radio"> Yes</label><label><input type="radio"> No</label><button>Vote</button></div>'),
        ("p", "“It is in remarkable condition for something that has been in the ground for twelve centuries,” said curator Mette Holm. “The soil here is very kind to metal.”"),
        ("p", "The farmer, who asked not to be named, will receive a reward under Danish law, which says that such finds belong to the state."),
        ("raw", '<div class="quiz-teaser"><h4>Quiz</h4><p>How well do you know Viking history? Take our 10-question quiz</p><a>Start quiz</a></div>'),
        ("p", "The sword will go on display in Ribe next spring."),
    ])
    page("held-viking-sword", shell("Viking sword found by farmer", '<div class="story"><h1>Farmer ploughs up Viking sword</h1><div class="story-info"><span class="writer">By Karen Lund</span><span class="posted">Posted Mon 4 Mar 2024, 11:20am</span></div>' + body + '<div class="story-footer"><p>Got a news tip? Email us at tips@courier.example</p></div></div>', pre='<div class="breaking-bar"><b>Breaking</b> Motorway closed after crash</div>'), truth)

    # H4. A live blog on another CMS: posts with "Pinned" labels, author avatars, a YouTube embed and a reader quote.
    body, truth = render([
        ("raw", '<div class="lb-post lb-pinned"><div class="lb-post-head"><span class="lb-label">Pinned</span><span class="lb-avatar"><img src="/a.png" alt=""></span><span class="lb-author-name">Tom Berg</span><span class="lb-stamp">08:55</span></div><div class="lb-post-body">'),
        ("p", "What we know so far: the storm made landfall just after 6am near Bergen, with gusts of up to 150km/h. About 30,000 homes are without power."),
        ("raw", '</div></div><div class="lb-post"><div class="lb-post-head"><span class="lb-author-name">Ida Moe</span><span class="lb-stamp">08:31</span></div><div class="lb-post-body">'),
        ("p", "Ferries between Bergen and the outer islands have been cancelled for the rest of the day, the operator says."),
        ("raw", '<div class="embed-video"><iframe src="https://youtube.example/embed/x"></iframe><p class="embed-video-title">Watch: waves hit the harbour</p></div>'),
        ("raw", '</div></div><div class="lb-post"><div class="lb-post-head"><span class="lb-author-name">Tom Berg</span><span class="lb-stamp">07:48</span></div><div class="lb-post-body">'),
        ("p", "A reader in Os sent us this:"),
        ("quote", '<blockquote class="reader-quote"><p>“The wind took the whole roof off our shed and dropped it in the neighbour’s garden. Nobody hurt, thankfully.”</p><footer>— Kari, Os</footer></blockquote>', ["“The wind took the whole roof off our shed and dropped it in the neighbour’s garden. Nobody hurt, thankfully.”", "— Kari, Os"]),
        ("raw", '</div></div><div class="lb-post"><div class="lb-post-head"><span class="lb-author-name">Ida Moe</span><span class="lb-stamp">07:02</span></div><div class="lb-post-body">'),
        ("p", "Good morning. Storm Ingunn is hitting the west coast and we will bring you the latest here throughout the day."),
        ("raw", '</div></div><button class="lb-load-more">Load more posts</button>'),
    ])
    page("held-live-storm", shell("Storm Ingunn live", '<div class="liveblog"><h1>Storm Ingunn: live updates as storm hits west coast</h1>' + body + '</div>'), truth)

    # H5. A company blog press release with a stats table inside a figure, "Tweet this" click-to-tweet, and an "About" block.
    body, truth = render([
        ("p", "BERLIN, 10 September 2024 – Railway operator Nordbahn carried a record 48 million passengers in the first half of 2024, up 14% on the same period last year, the company said today."),
        ("raw", '<div class="click-to-tweet"><p>“Record 48 million passengers in the first half of the year”</p><a class="ctt-btn">Click to Tweet</a></div>'),
        ("p", "Growth was strongest on the new Berlin–Copenhagen night train, which was full on most nights through the summer."),
        ("raw", '<figure class="wp-block-table">'),
        ("table", [["Route", "Passengers H1 2024", "Change"], ["Berlin–Hamburg", "11.2m", "+9%"], ["Berlin–Copenhagen", "0.4m", "new"], ["Hamburg–Cologne", "8.9m", "+12%"]], None),
        ("raw", '<figcaption class="wp-element-caption">Source: Nordbahn</figcaption></figure>'),
        ("p", "“People want to travel by train when the train is good,” said chief executive Jonas Weber. “Our job is to keep making it good.”"),
        ("h3", "About Nordbahn"),
        ("p", "Nordbahn operates long-distance passenger trains in Germany and Denmark and employs 4,100 people."),
    ])
    page("held-press-rail", f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Nordbahn carries record 48 million passengers</title></head><body>
<header class="site"><a>Nordbahn Newsroom</a><nav><a>Press releases</a><a>Media library</a><a>Contacts</a></nav></header>
<main><div class="press-release"><p class="pr-type">Press release</p><h1>Nordbahn carries record 48 million passengers in first half</h1><p class="pr-date">10.09.2024</p><div class="pr-body">{body}</div>
<div class="pr-downloads"><h4>Downloads</h4><a>Press release (PDF)</a><a>Photos (ZIP)</a></div><div class="pr-contact"><h4>Press contact</h4><p>Anna Krüger, press@nordbahn.example</p></div></div></main>
<footer><p>© Nordbahn GmbH</p></footer></body></html>""", truth)

    # H6. A review site with a star rating, pros/cons lists (kept), a "Where to buy" price grid and an author box.
    body, truth = render([
        ("raw", '<div class="rating-box" aria-label="Rating: 4 out of 5"><span class="stars">★★★★☆</span><span class="verdict-label">Our verdict</span></div>'),
        ("p", "The new e-reader is lighter than the last one, its screen is sharper, and it finally charges over USB-C. It is the best e-reader for most people."),
        ("h", "Pros"),
        ("list", ["Sharp, even screen", "Weeks of battery", "Waterproof"]),
        ("h", "Cons"),
        ("list", ["No physical page buttons", "Ads on the lock screen unless you pay extra"]),
        ("p", "After three weeks of reading on it every night, I only charged it twice. The front light is warmer than before, which is easier on the eyes in bed."),
        ("raw", '<div class="where-to-buy"><h4>Where to buy</h4><table class="prices"><tr><td>Store A</td><td>$139</td><td><a>View</a></td></tr><tr><td>Store B</td><td>$149</td><td><a>View</a></td></tr></table></div>'),
        ("p", "If you already own the previous model, there is no need to upgrade. If you are still reading on a tablet, this is a big step up."),
    ])
    page("held-review-ereader", shell("E-reader review", '<article class="review"><h1>The new e-reader review: small changes, big difference</h1><div class="review-author">Reviewed by <a>Ben Ito</a> · <span>Oct 2, 2024</span></div>' + body + '<div class="about-writer"><p>Ben Ito has reviewed gadgets for ten years. <a>More from Ben</a></p></div></article>'), truth)

    # H7. A wire obituary with a photo caption in a plain <p class="img-cap">-less layout: caption as <em> paragraph after img.
    body, truth = render([
        ("raw", '<div class="img-wrap"><img src="/o.jpg" alt=""></div><p><em>Elena Ruiz at her studio in Seville in 2015. (AP Photo/Carlos Gil)</em></p>'),
        ("p", "SEVILLE, Spain (AP) — Elena Ruiz, a flamenco dancer who took the art from the taverns of Seville to the world’s great opera houses, has died. She was 88."),
        ("p", "Her family said she died on Sunday at home, surrounded by her children and grandchildren."),
        ("p", "Ruiz began dancing at six in her father’s bar and was performing professionally by 15. In the 1960s she toured with her own company to New York, Paris and Tokyo, at a time when flamenco was rarely seen outside Spain."),
        ("raw", '<div class="ap-related"><h4>Related coverage</h4><ul><li><a>Flamenco’s new generation</a></li></ul></div>'),
        ("p", "“She danced as if the floor owed her something,” the critic Juan Mora wrote in 1972."),
        ("p", "She is survived by three children and seven grandchildren."),
    ])
    page("held-obituary-dancer", shell("Flamenco dancer Elena Ruiz dies at 88", '<div class="story"><h1>Elena Ruiz, who took flamenco to the world’s opera houses, dies at 88</h1><p class="by">By MARIA LOPEZ Associated Press</p>' + body + '<p class="copyright-notice">Copyright 2024 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.</p></div>'), truth)

    # Second held-out batch, written after the rules were revised on the first.
    # B1. A science magazine: drop cap span, "Key takeaways" box (kept: it is the article's summary), a "Further reading" list and a sponsor strip.
    body, truth = render([
        ("raw", '<div class="article-dek-meta"><span class="contrib">Words by Aisha Bello</span><span class="pubdate">14 November 2024</span></div>'),
        ("p", "<span class=\"dropcap\">B</span>ees can count to four, and they seem to use the skill to find their way home, researchers in Sydney report this week."),
        ("p", "In a series of experiments, honeybees were trained to fly past a row of identical landmarks and feed at a sugar station after the third one. When the researchers moved the landmarks closer together, the bees still stopped after the third, not after the same distance."),
        ("raw", '<div class="sponsor-strip"><span>Supported by</span><img src="/s.png" alt="Foundation logo"></div>'),
        ("p", "“They are not just measuring how far they have flown,” said Dr Ines Park, who led the study. “They are keeping track of how many things they have passed.”"),
        ("p", "The finding adds to evidence that insects, with brains smaller than a grain of rice, can do things once thought to need a large brain."),
        ("raw", '<div class="further-reading"><h4>Further reading</h4><ul><li><a>Do fish feel pain?</a></li><li><a>The secret life of ants</a></li></ul></div>'),
    ])
    page("held-b-bees-count", shell("Bees can count to four", '<main><article><header><h1>Bees count landmarks to find their way home</h1></header>' + body + '</article></main>'), truth)

    # B2. A news page with an in-article audio player, a "Listen to this article" label, and a correction note (kept).
    body, truth = render([
        ("raw", '<div class="audio-player"><button aria-label="Play">▶</button><span class="audio-label">Listen to this article</span><span class="audio-duration">4 min</span></div>'),
        ("p", "The national library will digitise its entire collection of 19th-century newspapers by 2027, making more than 20 million pages free to search online."),
        ("p", "The project, funded by a £30m grant, will use machines that can scan 2,000 pages an hour without damaging the fragile paper."),
        ("p", "“Family historians, students and researchers will be able to read what their town was talking about in 1850 from their kitchen table,” said the library’s chief executive, Omar Hussain."),
        ("raw", '<aside class="inline-signup"><h4>Enjoying this story?</h4><p>Get our free weekly email</p><input type="email"><button>Go</button></aside>'),
        ("p", "About a quarter of the collection has already been scanned. Volunteers will help check the text read by the machines."),
        ("p", "<em>This article was amended on 3 March 2024 to correct the size of the grant.</em>"),
    ])
    page("held-b-library-scan", shell("Library to digitise newspapers", '<div class="article-wrapper"><h1>Library to put 20 million newspaper pages online</h1><div class="info-line">Culture · 3 March 2024</div>' + body + '<ul class="article-keywords"><li>Libraries</li><li>History</li></ul></div>'), truth)

    # B3. A blog on a static generator: table of contents (nav), a quote with citation, an edit link and webmentions.
    body, truth = render([
        ("raw", '<nav class="toc"><h2>Contents</h2><ol><li><a href="#why">Why</a></li><li><a href="#how">How</a></li></ol></nav>'),
        ("h", "Why"),
        ("p", "For three years I wrote every note in a single text file. It grew to 40,000 lines before I admitted it was a problem."),
        ("quote", '<blockquote><p>Your mind is for having ideas, not holding them.</p><cite>— David Allen</cite></blockquote>', ["Your mind is for having ideas, not holding them.", "— David Allen"]),
        ("h", "How"),
        ("p", "Now each note is its own file, named by date, and a small script builds an index of links between them every night."),
        ("p", "Search got faster, but the real change was that I started linking notes to each other, and old ideas began to turn up again when I needed them."),
        ("raw", '<p class="edit-link"><a href="https://git.example/notes/edit/main/post.md">Edit this page</a></p><section class="webmentions"><h3>Webmentions</h3><p>12 likes, 3 reposts</p></section>'),
    ])
    page("held-b-notes-files", f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>One file per note</title></head><body>
<header><a href="/">~/notes</a> <a href="/posts">posts</a> <a href="/about">about</a></header>
<main><article class="h-entry"><h1>One file per note</h1><p><time>2024-01-20</time> · 3 min</p>{body}</article></main>
<footer>CC BY 4.0 · <a href="/feed.xml">RSS</a></footer></body></html>""", truth)

    # B4. A regional TV news page: video lead with transcript note, "Trending videos" rail inside the article, and weather alert bar.
    body, truth = render([
        ("raw", '<div class="video-lead"><div class="vjs-poster"></div><div class="vjs-control-bar"><button>Play</button><span>0:00 / 2:14</span><button>Fullscreen</button></div></div>'),
        ("p", "A family in Eastfield says their dog walked more than 40 miles home after getting lost on a camping trip last month."),
        ("p", "Biscuit, a four-year-old collie, ran off during a thunderstorm at a campsite in the hills on 2 August. Volunteers searched for a week without finding him."),
        ("raw", '<div class="trending-videos"><h4>Trending videos</h4><ul><li><a>Firefighters rescue kitten from drain</a></li><li><a>Man builds boat in his garden</a></li></ul></div>'),
        ("p", "On Saturday morning, 24 days later, he was sitting on the doorstep. “Thinner, muddy, and very pleased with himself,” said owner Claire Dunn."),
        ("p", "A vet said Biscuit was underweight but otherwise healthy."),
    ])
    page("held-b-dog-home", shell("Lost dog walks 40 miles home", '<div class="news-story"><h1>Lost collie walks 40 miles home after camping trip</h1><div class="story-credit">Reported by Sean Holt · Updated 6:12 PM</div>' + body + '</div>', pre='<div class="weather-alert">Severe thunderstorm watch until 9 PM</div>'), truth)
