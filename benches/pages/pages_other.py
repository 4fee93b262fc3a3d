"""Blogs, galleries, live blogs, press releases, embeds and data tables."""

def add_other(g):
    site, header, render, page, SHARE, blog, strip = (g[k] for k in ("site", "header", "render", "page", "SHARE", "blog", "strip"))

    def news(name, kind, headline, byline, body, standfirst=None, after=""):
        html_body, truth = render(body)
        if standfirst:
            truth = [strip(standfirst)] + truth
        page(name, site(kind, headline, header(headline, byline, standfirst), html_body, after), truth)

    def post(name, title, meta, body, after):
        html_body, truth = render(body)
        page(name, blog(title, meta, html_body, after), truth)

    SHAREDADDY = '<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social"><h3 class="sd-title">Share this:</h3><div class="sd-content"><ul><li><a class="share-twitter" href="#"><span>Twitter</span></a></li><li><a class="share-facebook" href="#"><span>Facebook</span></a></li></ul></div></div></div><div class="sharedaddy sd-block sd-like jetpack-likes-widget-wrapper"><h3 class="sd-title">Like this:</h3><div class="likes-widget-placeholder post-likes-widget-placeholder"><span class="loading">Loading...</span></div></div>'
    COMMENTS = '<div id="comments" class="comments-area"><h2 class="comments-title">2 thoughts on this post</h2><ol class="comment-list"><li class="comment"><div class="comment-author vcard"><b class="fn">Gareth</b> <span class="says">says:</span></div><div class="comment-content"><p>Great write-up, thanks. I had the same problem last winter.</p></div></li><li class="comment"><div class="comment-author"><b class="fn">Mo</b></div><div class="comment-content"><p>Did you try a thicker gasket first?</p></div></li></ol><div id="respond" class="comment-respond"><h3 class="comment-reply-title">Leave a Reply</h3><p class="comment-notes">Your email address will not be published. Required fields are marked *</p><p class="akismet_comment_form_privacy_notice">This site uses Akismet to reduce spam. <a href="#">Learn how your comment data is processed</a>.</p></div></div>'

    # 15. A how-to blog post with a code block, Jetpack share/like, tags and comments.
    post("blog-bike-hub", "Rebuilding a rear hub on a 30-year-old bike",
        '<span class="posted-on">Posted on <a href="/2024/03/"><time class="entry-date published">March 3, 2024</time><time class="updated">March 5, 2024</time></a></span> <span class="byline">by <span class="author vcard"><a class="url fn n" href="/author/jo/">Jo</a></span></span>',
        [
         ("p", "The rear wheel on my old touring bike had started to grind, the kind of sound that gets worse every ride until you do something about it. The hub is a cup-and-cone design, which means it can be taken apart, cleaned and rebuilt with nothing more than two cone spanners and some grease."),
         ("p", "First, take the wheel out and remove the cassette. On this bike that meant a chain whip and a lockring tool, both of which I borrowed from the repair café."),
         ("h", "Taking it apart"),
         ("p", "Hold the cone on the non-drive side with one spanner and loosen the locknut with the other. Once the locknut and cone are off, the axle slides out and the bearings fall into your hand, or onto the floor if you are not careful. There are nine on each side."),
         ("p", "Mine were pitted and the grease had turned to brown paste. The cups inside the hub were fine, which is the important part: cups cannot be replaced on most hubs, but balls and cones are cheap."),
         ("h", "Putting it back"),
         ("p", "Pack each cup with fresh grease, press the new balls into it, slide the axle back and tighten the cone until it just touches the balls. Then back it off a little and lock it. The axle should turn smoothly with no play at the rim."),
         ("p", "The whole job took about an hour and cost £6 in parts. The bike is silent again."),
        ],
        SHAREDADDY + '<footer class="entry-footer"><span class="cat-links">Posted in <a href="/c/bikes/">Bikes</a></span><span class="tags-links">Tagged <a href="/t/hub/">hub</a>, <a href="/t/repair/">repair</a></span></footer>' + COMMENTS)

    # 16. A personal blog post with a newsletter box inside the content and a "Related" Jetpack block.
    post("blog-garden-march", "The garden in March",
        '<span class="posted-on"><time>March 28, 2024</time></span>',
        [
         ("p", "March is the month the garden wakes up and I fall behind. The first broad beans are through, the garlic planted in November is a hand high, and the weeds are already winning along the back fence."),
         ("p", "I sowed tomatoes, peppers and chillies indoors at the start of the month, on the windowsill above the radiator. The tomatoes came up in five days. The chillies, as usual, are sulking."),
         ("raw", '<div class="wp-block-jetpack-subscriptions"><h4>Get new posts by email</h4><p>Join 412 other subscribers.</p><form><input type="email" placeholder="Type your email…"><button>Subscribe</button></form></div>'),
         ("p", "Outside, I dug compost into the two beds that will take potatoes next month, and moved the rhubarb, which has been sulking in the shade of the apple tree for three years. It may not forgive me."),
         ("p", "The best thing this month was the frogspawn in the pond: three clumps, a week earlier than last year."),
        ],
        '<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>Related</em></h3><div class="jp-relatedposts-items"><p class="jp-relatedposts-post"><a>The garden in February</a> <span>In "Garden"</span></p><p class="jp-relatedposts-post"><a>Seed sowing notes</a> <span>In "Garden"</span></p></div></div>' + SHAREDADDY + COMMENTS)

    # 17. A developer blog (static site): heading anchors, code, footnotes kept, "Discuss on" links.
    html_body, truth = render([
        ("p", "Last week our nightly job that rebuilds the search index went from eleven minutes to four hours. Nothing in the code had changed. This is how we found out why."),
        ("p", "The job reads every document from the database, tokenizes it and writes the index in batches of a thousand. Profiling showed almost all the time in one call: the query that fetches the next batch."),
        ("h", "Offset pagination"),
        ("p", "The batch query used <code>LIMIT 1000 OFFSET n</code>. With an offset, the database still reads every skipped row, so each batch costs more than the last. For years the table was small enough not to matter. In March it passed ten million rows."),
        ("raw", '<div class="highlight"><pre><code>SELECT id, body FROM documents ORDER BY id LIMIT 1000 OFFSET 9000000;</code></pre></div>'),
        ("p", "The fix was keyset pagination: remember the last id of each batch and ask for rows after it. Each batch is now an index seek, and the whole job runs in six minutes."),
        ("p", "The lesson, again: a query that is fine at one size can be quadratic at another. We now run the nightly job against a copy of production every week."),
    ])
    # the code block is part of the article too
    truth.insert(4, "SELECT id, body FROM documents ORDER BY id LIMIT 1000 OFFSET 9000000;")
    page("blog-dev-pagination", f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Why our nightly job took four hours · Kiln Engineering</title></head>
<body><div class="container"><header class="site-head"><a href="/" class="brand">Kiln Engineering</a><nav><a href="/blog">Blog</a> <a href="/jobs">Jobs</a> <a href="/rss.xml">RSS</a></nav></header>
<main><article class="post h-entry"><h1 class="p-name">Why our nightly job took four hours</h1>
<p class="post-meta"><time class="dt-published" datetime="2024-04-10">April 10, 2024</time> · <span class="p-author">Rui Alves</span> · 5 minute read</p>
<div class="post-content e-content">{html_body}</div>
<div class="post-footer"><p class="tags">Tags: <a href="/tags/postgres">postgres</a> <a href="/tags/performance">performance</a></p><p class="discuss">Discuss on <a href="#">Hacker News</a> or <a href="#">Mastodon</a>.</p><p class="hiring">We are hiring! <a href="/jobs">See open roles</a></p></div>
</article></main><footer><p>© 2024 Kiln Ltd.</p></footer></div></body></html>
""", truth)

    # 18. A photo gallery article: intro text, then slides with counters and captions (captions are furniture here).
    news("daily-gallery-storm", "daily",
        "In pictures: storm batters the coast as 80mph winds bring down trees",
        '<p class="author-section">By <a class="author">DAILY REPORTER</a></p><p class="byline-section"><span class="article-timestamp">Updated: 18:40 GMT, 21 December 2024</span></p>',
        [
         ("p", "Winds of up to 80mph battered the south-west coast on Saturday, bringing down trees and power lines and closing roads and railways across the region."),
         ("p", "About 40,000 homes were left without power, the network operator said, and engineers expected to restore most supplies by Sunday evening."),
         ("raw", '<div class="gallery" role="region" aria-label="Gallery"><div class="gallery-item"><img src="/s1.jpg" alt=""><div class="gallery-meta"><span class="counter">1/8</span><p class="caption">Waves crash over the harbour wall at Porthleven</p><span class="credit">(Image: PA)</span></div></div><div class="gallery-item"><img src="/s2.jpg" alt=""><div class="gallery-meta"><span class="counter">2/8</span><p class="caption">A fallen tree blocks a road in Devon</p><span class="credit">(Image: Getty)</span></div></div><div class="gallery-item"><img src="/s3.jpg" alt=""><div class="gallery-meta"><span class="counter">3/8</span><p class="caption">Walkers brave the wind on the cliff path</p><span class="credit">© Sam Fox</span></div></div><button class="gallery-expand">View gallery</button></div>'),
         ("p", "The Met Office had issued an amber warning for wind, meaning there was a danger to life from flying debris and large waves. It was lifted at 6pm."),
         ("p", "Rail services between Exeter and Plymouth were suspended after a tree fell on the line near Dawlish, where the track runs along the sea wall. Ferries to the Isles of Scilly were cancelled."),
         ("p", "Coastguards urged people to stay away from the shore after several people were seen watching waves on harbour walls."),
        ])

    # 19. A travel gallery post: each slide has a short heading and paragraph that ARE the article.
    news("tech-gallery-cameras", "tech",
        "The five best cameras for beginners",
        '<div class="byline-block"><a class="author">Nina Cole</a><time>Updated Oct 2024</time></div>',
        [
         ("p", "You do not need to spend a fortune to take good photos. These five cameras are easy to learn, forgiving of mistakes and have room to grow."),
         ("raw", '<div class="slideshow-nav"><span class="slide-count">Slide 1 of 5</span><button>Next</button></div>'),
         ("h3", "1. The all-rounder"),
         ("p", "A small mirrorless camera with a good kit lens, a flip screen and an automatic mode that gets exposure right nearly every time."),
         ("h3", "2. The pocket zoom"),
         ("p", "A compact with a 20x zoom lens that fits in a coat pocket. Ideal for holidays, less good in dim light."),
         ("h3", "3. The used classic"),
         ("p", "A ten-year-old DSLR bought second-hand costs less than a new phone and still takes superb pictures."),
         ("raw", '<div class="deal-widget"><p>Today’s best deals</p><ul><li><a>$449 at Shop</a></li><li><a>$479 at Other</a></li></ul><p class="deal-note">We check over 250 million products every day for the best prices</p></div>'),
         ("h3", "4. The vlogger’s choice"),
         ("p", "Excellent video, a built-in microphone socket and a screen that faces forward."),
         ("h3", "5. The instant camera"),
         ("p", "Not the sharpest, but nothing beats handing someone a print a minute after you took it."),
        ])

    # 20. A live blog: pinned key events, entry timestamps, entry bylines, share per entry.
    entries = [
        ("14:52", "Leaders arrive for final day", ["The heads of government are arriving for the final session of the summit. The draft communique is still being negotiated, officials say."]),
        ("14:10", None, ["The foreign minister tells reporters the climate finance wording is “nearly there”, but two countries are still holding out on the language about coal.", "“We are not going to sign something that means nothing,” she says."]),
        ("13:31", "Protest outside conference centre", ["About 2,000 people have gathered outside the conference centre, police estimate. The protest has been peaceful."]),
        ("12:58", None, ["Good afternoon and welcome to our live coverage of the last day of the summit, where leaders hope to agree a deal on climate finance for poorer countries."]),
    ]
    body = [("raw", '<div class="key-events" data-component="key-events"><h2>Key events</h2><ul><li><a href="#b1">2h ago Leaders arrive for final day</a></li><li><a href="#b3">3h ago Protest outside conference centre</a></li></ul><button>Show key events only</button></div>')]
    for i, (t, head, paras) in enumerate(entries):
        body.append(("raw", f'<div class="block" id="b{i}"><p class="block-time"><time>{t} BST</time></p>'))
        if head:
            body.append(("raw", f'<h2 class="block-title">{head}</h2>'))
            head_truth = [head]
        else:
            head_truth = []
        html_b, tr = render([("p", p) for p in paras])
        body.append(("quote", html_b + '<p class="block-byline">Updated at 15.01 BST</p><div class="block-share"><a>Share</a></div></div>', head_truth + tr))
    html_body, truth = render(body)
    page("herald-live-summit", site("herald", "Climate summit live: leaders gather for final day", header("Climate summit live: leaders gather for final day as talks go down to the wire", '<p class="byline">By <a>Tom Ward</a> (now) and <a>Ann Kerr</a> (earlier)</p>'), html_body, '<div class="liveblog-nav"><a>Newest</a><a>Previous</a><a>Oldest</a></div>'), truth)

    # 21. A second live blog (sport), with a score widget and embedded tweet.
    body = [
        ("raw", '<div class="scoreboard" aria-label="Score"><span class="team">Rovers</span> <span class="score">2 – 1</span> <span class="team">United</span> <span class="status">FT</span></div>'),
        ("raw", '<div class="live-post"><span class="post-time">90+4 min</span>'),
        ("p", "Full time! Rovers hold on to win the derby and go top of the table for the first time since 1998."),
        ("raw", '</div><div class="live-post"><span class="post-time">88 min</span>'),
        ("p", "A huge save from Okafor, who tips a header from Mendes over the bar. United are throwing everyone forward."),
        ("raw", '</div><div class="live-post"><span class="post-time">71 min</span>'),
        ("p", "GOAL! Rovers 2–1 United. Silva curls a free-kick over the wall and into the top corner."),
        ("quote", '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">What a free kick. What a moment. What a club. 💙</p>&mdash; Rovers FC (@RoversFC) <a href="https://twitter.example/RoversFC/status/1">March 9, 2024</a></blockquote><script async src="https://platform.twitter.example/widgets.js"></script>', ["What a free kick. What a moment. What a club. 💙", "— Rovers FC (@RoversFC) March 9, 2024"]),
        ("raw", '</div><div class="live-post"><span class="post-time">52 min</span>'),
        ("p", "United equalise through Mendes, who bundles the ball in from a corner. 1–1."),
        ("raw", '</div><div class="live-post"><span class="post-time">23 min</span>'),
        ("p", "Rovers lead! Adeyemi runs on to a long ball and slides it under the goalkeeper."),
        ("raw", '</div>'),
    ]
    html_body, truth = render(body)
    page("metro-live-derby", site("metro", "Rovers v United: live", header("Rovers 2–1 United: live reaction as Rovers go top", '<div class="article-byline">By <a>Max Byrne</a></div>'), html_body, '<div class="live-refresh"><button>Auto-update: On</button></div>'), truth)

    # 22. A press release (newswire layout): boilerplate "About", forward-looking statement kept, contact outside.
    pr = [
        ("p", "OSLO, Norway, Feb. 27, 2024 /Newswire/ -- Nordvind Energy today announced that it has signed an agreement to supply 600 megawatts of offshore wind power to the national grid operator from 2028, enough to power about 500,000 homes."),
        ("p", "The power will come from the company’s Sula field, 30 kilometres off the west coast, where 40 turbines will be installed in water about 100 metres deep. The turbines will sit on floating platforms anchored to the sea bed."),
        ("p", "“Floating wind lets us build where the wind is strongest, far from shore and out of sight,” said Ingrid Sæther, chief executive of Nordvind Energy. “This agreement gives us the certainty to start construction this year.”"),
        ("p", "Construction will create about 1,200 jobs, the company said, most of them at the port of Ågotnes, where the platforms will be assembled."),
        ("h3", "About Nordvind Energy"),
        ("p", "Nordvind Energy develops and operates offshore wind farms in Northern Europe. Founded in 2011, it has 1.4 gigawatts in operation and employs 900 people. For more information, visit www.nordvind.example."),
    ]
    html_body, truth = render(pr)
    page("press-offshore-wind", f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Nordvind Energy signs 600 MW supply agreement</title></head>
<body><header class="nw-header"><a class="nw-logo" href="/">Newswire</a><nav><a>News</a><a>Products</a><a>Contact</a><a>Send a release</a></nav></header>
<div class="nw-main"><div class="release-header"><p class="release-meta">NEWS PROVIDED BY <a href="/news/nordvind">Nordvind Energy</a> <span class="date">27 Feb, 2024, 08:00 CET</span></p><h1>Nordvind Energy signs 600 MW floating wind supply agreement</h1><div class="share-links"><a>Share this article</a><a>Facebook</a><a>LinkedIn</a><a>Email</a></div></div>
<section class="release-body container"><div class="row"><div class="col-lg-10">{html_body}</div></div></section>
<div class="release-contact"><p>SOURCE Nordvind Energy</p><p>Media contact: press@nordvind.example, +47 21 00 00 00</p></div>
<div class="more-releases"><h3>Also from this source</h3><ul><li><a>Nordvind reports fourth-quarter results</a></li><li><a>Nordvind appoints new CFO</a></li></ul></div></div>
<footer><p>Copyright © 2024 Newswire. All Rights Reserved.</p></footer></body></html>
""", truth)

    # 23. A corporate newsroom press release with an image credit and "Download assets" box.
    news("press-museum-reopens", "metro",
        "Natural history museum reopens after three-year renovation",
        '<div class="release-meta"><span>Press release</span> <time>May 1, 2024</time></div>',
        [
         ("p", "The City Natural History Museum will reopen to the public on Saturday 18 May after a three-year, $85 million renovation that has restored its 1890s galleries and added a new wing for climate science."),
         ("raw", '<figure class="press-image"><img src="/p/hall.jpg" alt=""><figcaption>The restored central hall. Photo credit: Lee Marsh for the City Natural History Museum. <a href="/p/hall-hires.jpg">Download high-resolution image</a></figcaption></figure>'),
         ("p", "Visitors will see the museum’s famous blue whale skeleton rehung in the central hall, 400 specimens that have never been on display, and a new gallery where scientists work behind glass preparing fossils."),
         ("p", "“We wanted people to see not just what we have collected, but how science is done,” said director Dr Ruth Amani. “The glass lab is the heart of the new museum.”"),
         ("p", "Admission remains free. Timed tickets for the opening weekend can be booked on the museum’s website from 8 May."),
         ("raw", '<div class="press-assets"><h3>Media assets</h3><ul><li><a>Download press kit (ZIP, 24 MB)</a></li><li><a>Image gallery</a></li></ul></div>'),
         ("h3", "About the City Natural History Museum"),
         ("p", "Founded in 1889, the museum holds more than 3 million specimens and welcomes 1.2 million visitors a year."),
        ],
        after='<div class="press-contact"><h3>Press contacts</h3><p>Jane Ito, Communications, jito@museum.example</p></div>')

    # 24. An article built around embedded social posts (tweet, Instagram, Bluesky, Mastodon).
    news("herald-embeds-reaction", "herald",
        "‘A national treasure’: tributes pour in for the broadcaster who taught a generation to cook",
        '<p class="byline">By <a>Rosa Blake</a></p>',
        [
         ("p", "Tributes have been paid to the broadcaster and cook Margaret Hale, who has died aged 91, by chefs, politicians and the viewers who learned to cook by watching her television programmes in the 1970s."),
         ("p", "The chef Ravi Shah wrote:"),
         ("quote", '<blockquote class="twitter-tweet" data-dnt="true"><p lang="en" dir="ltr">Margaret Hale taught my mum to cook, and my mum taught me. There is a bit of her in every kitchen in the country. Rest well.</p>&mdash; Ravi Shah (@ravicooks) <a href="https://twitter.example/ravicooks/status/2">January 15, 2024</a></blockquote>', ["Margaret Hale taught my mum to cook, and my mum taught me. There is a bit of her in every kitchen in the country. Rest well.", "— Ravi Shah (@ravicooks) January 15, 2024"]),
         ("p", "The prime minister said she had “brought the whole country into her kitchen”. The baker Anna Fry posted a photograph of a battered copy of Hale’s first book:"),
         ("quote", '<blockquote class="instagram-media" data-instgrm-permalink="https://instagram.example/p/x/"><div><a href="https://instagram.example/p/x/"><div class="ig-header"><span>View this post on Instagram</span></div></a><p>My first cookbook, aged eight. Every stain is a memory. Thank you, Margaret.</p><p><a href="https://instagram.example/p/x/">A post shared by Anna Fry (@annabakes)</a></p></div></blockquote>', ["My first cookbook, aged eight. Every stain is a memory. Thank you, Margaret.", "A post shared by Anna Fry (@annabakes)"]),
         ("p", "Hale presented more than 400 episodes of Supper with Margaret between 1971 and 1989, and wrote 22 books, which sold more than 10 million copies."),
         ("quote", '<blockquote class="bluesky-embed" data-bluesky-uri="at://x"><p lang="en">Watched every episode with my gran. The lemon tart still works every time.</p>&mdash; Sam Ortiz (<a href="https://bsky.example/profile/sam">@sam.bsky.social</a>) <a href="https://bsky.example/profile/sam/post/1">15 January 2024 at 10:12</a></blockquote>', ["Watched every episode with my gran. The lemon tart still works every time.", "— Sam Ortiz (@sam.bsky.social) 15 January 2024 at 10:12"]),
         ("p", "She is survived by her two sons and five grandchildren."),
        ],
        after='<div class="submeta">' + SHARE + '</div>')

    # 25. A feature with a long quote as a plain blockquote (cited speech) and a pull quote aside.
    news("wire-speech-quote", "wire",
        "Central bank chief warns of ‘a long, slow road’ on inflation",
        '<div class="byline"><span>By Ian Grey</span><time>September 3, 2024</time></div>',
        [
         ("p", "FRANKFURT, Sept 3 (Wire) - The head of the central bank warned on Tuesday that bringing inflation back to target would take longer than markets expect, in a speech that pushed back against bets on rapid rate cuts."),
         ("p", "In the speech to bankers in Frankfurt, she said:"),
         ("quote", '<blockquote><p>“The last mile is the hardest. Services inflation remains stubborn, wages are still catching up with past price rises, and we cannot declare victory while that is so. It will be a long, slow road.”</p></blockquote>', ["“The last mile is the hardest. Services inflation remains stubborn, wages are still catching up with past price rises, and we cannot declare victory while that is so. It will be a long, slow road.”"]),
         ("raw", '<aside class="pull-quote" aria-hidden="true"><p>“It will be a long, slow road.”</p></aside>'),
         ("p", "Bond yields rose after the speech, and the euro gained 0.3% against the dollar."),
         ("p", "Inflation in the euro zone was 2.2% in August, down from 2.6% in July, but services prices rose 4.2% from a year earlier."),
        ],
        after='<p class="sign-off">Reporting by Ian Grey; Editing by Kate Moss</p>')

    # 26. A data story with a results table, a chart with a source note, and a methodology note kept.
    news("metro-house-prices-table", "metro",
        "House prices rise in every district for the first time since 2021",
        '<div class="article-byline">By <a>Data desk</a> <span class="publish-date">Oct 14, 2024</span></div>',
        [
         ("p", "Average house prices rose in all eight districts of the metro area in the year to September, the first time every district has gained since 2021, according to county sales records."),
         ("raw", '<figure class="chart"><div class="chart-embed" data-src="/charts/prices.json">Loading chart…</div><figcaption><p class="chart-title">Median sale price by month</p><p class="chart-source">Source: County recorder. Chart: Data desk</p></figcaption></figure>'),
         ("p", "The biggest increase was in Riverside, where the median sale price rose 9.4% to $412,000, driven by new rail links to the centre."),
         ("table", [["District", "Median price", "Change"], ["Riverside", "$412,000", "+9.4%"], ["Old Town", "$598,000", "+6.1%"], ["Northgate", "$355,000", "+5.2%"], ["Harbor", "$640,000", "+2.8%"], ["Eastfield", "$298,000", "+1.9%"]], "Median sale price, year to September"),
         ("p", "Sales volumes remain low: 14,200 homes changed hands in the year, a quarter fewer than in 2021, as higher mortgage rates kept many owners from moving."),
         ("p", "The figures cover sales of single-family homes and condominiums recorded by the county. Districts with fewer than 200 sales are not shown."),
        ])

    # 27. A sports results story with a league table and a betting promo.
    news("daily-league-table", "daily",
        "Title race goes to the final day after leaders are held",
        '<p class="author-section">By <a class="author">MATT COLE</a></p><p class="byline-section"><span class="article-timestamp">Published: 21:58 BST, 12 May 2024</span></p>',
        [
         ("p", "The title race will go to the final day of the season after the leaders were held to a 1–1 draw at home, leaving them two points clear of second place with one game left."),
         ("p", "A late equaliser from a corner silenced the home crowd, who had been celebrating a first-half goal that looked to have settled the match."),
         ("table", [["Pos", "Team", "Pld", "Pts"], ["1", "City", "37", "85"], ["2", "Rovers", "37", "83"], ["3", "Athletic", "37", "76"]], None),
         ("raw", '<div class="betting-promo"><p>18+ | BeGambleAware.org | Bet £10 get £30 in free bets. T&amp;Cs apply.</p><a>Claim now</a></div>'),
         ("p", "Second-placed Rovers, who won 3–0 on Saturday, must beat bottom club Town next week and hope City drop points away to Athletic."),
         ("p", "“We have done everything we can,” the Rovers manager said. “Now we go and win and see what happens elsewhere.”"),
        ],
        after='<div class="social-share"><span>Share or comment on this article</span></div>')
