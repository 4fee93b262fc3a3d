"""News pages: captions and credits, bylines, widgets, promos, hover cards,
share bars, tag lists, comment notices, standfirsts repeated."""

def add_news(g):
    site, header, render, page, SHARE = g["site"], g["header"], g["render"], g["page"], g["SHARE"]

    def news(name, kind, headline, byline, body, standfirst=None, after="", kicker="", extra="", standfirst_in_text=True):
        html_body, truth = render(body)
        h = header(headline, byline, standfirst, kicker, extra)
        if standfirst and standfirst_in_text:
            truth = [g["strip"](standfirst)] + truth
        page(name, site(kind, headline, h, html_body, after), truth)

    # 1. A broadsheet story: figure with caption and credit, standfirst, inline related link row.
    news("herald-flood-defences", "herald",
        "Town’s new flood wall holds as river reaches record height",
        '<p class="byline">By <a rel="author" href="/profile/ann-kerr">Ann Kerr</a> Environment correspondent</p><p class="dateline"><time datetime="2024-02-11T18:02:00Z">Sun 11 Feb 2024 18.02 GMT</time></p>',
        [
         ("raw", '<figure class="element-image"><img src="/img/wall.jpg" alt="The flood wall at dusk"><figcaption><span class="caption-text">The £14m wall along the river front, finished in October.</span> <span class="credit">Photograph: Chris Lowe/PA</span></figcaption></figure>'),
         ("p", "The river at Ashby reached its highest level since records began on Sunday afternoon, but the town’s new flood wall held and no homes in the centre were flooded, the Environment Agency said."),
         ("p", "The water peaked at 5.8 metres at the old bridge gauge shortly after 3pm, 20cm above the previous record set in 2007, when more than 400 properties were flooded and the high street was closed for a month."),
         ("p", "“This is exactly the event the scheme was designed for,” said Mira Osei, the agency’s area manager. “The wall and the new pumping station did what they were built to do, and the people behind them stayed dry.”"),
         ("raw", '<aside class="rich-link"><p class="rich-link__kicker">Related</p><a href="/environment/2023/oct/02/ashby-wall-opens"><span class="rich-link__title">Ashby’s flood wall opens after six years of work</span></a></aside>'),
         ("p", "Downstream, in the villages of Hale and Corby Fen, about 60 homes were evacuated overnight as water spilled over farmland and onto two roads. A rest centre opened at Hale primary school."),
         ("p", "Residents said the warning had come late. “We had a text at two in the morning,” said Paul Dunne, whose bungalow sits 50 metres from the bank. “By then the lane was already under water.”"),
         ("raw", '<figure class="element-image"><img src="/img/fen.jpg" alt=""><figcaption>Farmland under water near Corby Fen on Sunday. <span class="credit">Photograph: Jo Hart/Getty Images</span></figcaption></figure>'),
         ("p", "The agency said its forecasts had underestimated the rain that fell on the hills to the west on Saturday, where gauges recorded 92mm in 24 hours, more than a month’s average."),
         ("p", "Flood warnings remain in place for 14 areas along the river and its tributaries. Forecasters expect drier weather from Tuesday, but the ground is saturated and levels will be slow to fall."),
        ],
        standfirst="Defences costing £14m protect 600 homes in Ashby, but villages downstream are evacuated as water spills over farmland",
        after='<div class="submeta"><ul class="tags"><li><a href="/environment/flooding">Flooding</a></li><li><a href="/uk/ashby">Ashby</a></li><li><a href="/environment/climate">Climate crisis</a></li></ul>' + SHARE + '<p class="comment-notice">Comments on this piece are premoderated to ensure discussion remains on the topics raised by the article.</p></div>',
        kicker="Flooding")

    # 2. A tabloid story: PUBLISHED/UPDATED lines, READ MORE rows, DON'T MISS widget, gallery of captions.
    news("daily-lottery-winner", "daily",
        "Couple who won £2.4m on the lottery say they will keep their jobs at the bakery",
        '<p class="author-section byline-plain">By <a class="author" href="/home/search.html?s=&authornamef=Ella+Ward">ELLA WARD FOR MAILONLINE</a></p><p class="byline-section"><span class="article-timestamp article-timestamp-published"><span class="article-timestamp-label">Published:</span> <time datetime="2024-05-04T12:01:00+0100">12:01 BST, 4 May 2024</time></span> | <span class="article-timestamp article-timestamp-updated"><span class="article-timestamp-label">Updated:</span> <time datetime="2024-05-04T14:22:00+0100">14:22 BST, 4 May 2024</time></span></p>',
        [
         ("raw", '<ul class="mol-bullets-with-font"><li><strong>The pair matched five numbers and the bonus ball in Wednesday’s draw</strong></li><li><strong>READ MORE: </strong><a href="/news/article-1/lottery.html">The biggest lottery wins of the decade</a></li></ul>'),
         ("p", "A couple who won £2.4 million on the National Lottery have said they will carry on getting up at four every morning to run their village bakery."),
         ("p", "Dean and Carol Platt, both 52, from Thornbury, matched five numbers and the bonus ball in Wednesday’s draw, but only checked their ticket on Friday when a customer mentioned that the winning ticket had been bought in the village."),
         ("raw", '<div class="artSplitter mol-img-group"><div class="mol-img"><img src="/i/platt1.jpg" alt="Dean and Carol Platt"></div><p class="imageCaption">Dean and Carol Platt, both 52, celebrate their win with champagne outside the bakery they have run for 20 years</p></div>'),
         ("p", "“I read the numbers out three times and Carol still didn’t believe me,” Mr Platt said. “Then she sat down on a flour sack and didn’t say a word for ten minutes.”"),
         ("raw", '<div class="related-carousel"><h3>DON\'T MISS</h3><ul><li><a href="/x1">Woman finds winning ticket in old coat pocket</a></li><li><a href="/x2">Syndicate of cleaners shares £1m prize</a></li><li><a href="/x3">What would YOU do with a lottery win?</a></li></ul></div>'),
         ("p", "The couple plan to pay off their mortgage, help their two children buy homes and replace the bakery’s 30-year-old oven, which Mrs Platt said had “a mind of its own”."),
         ("p", "But they said they had no plans to retire. “What would we do all day?” Mrs Platt said. “The customers are our friends. Half of them have been coming in since the children were babies.”"),
         ("raw", '<p class="mol-para-with-font"><strong>SEE MORE: </strong><a href="/x4">Lottery winners who lost it all</a></p>'),
         ("p", "A spokesman for the lottery operator said the couple had chosen to go public with their win and had been offered financial and legal advice."),
         ("raw", '<div class="art-ins mol-factbox"><h3 class="mol-factbox-title">Sign up to our Daily newsletter</h3><p>Get the biggest stories of the day sent straight to your inbox.</p><form><input type="email"><button>Subscribe</button></form></div>'),
        ],
        after='<div class="social-links"><span>Share or comment on this article:</span><a href="#">Share</a><span class="count">312 shares</span></div><div class="comments-notice"><p>Comments are subject to our house rules.</p></div>')

    # 3. A wire story: dateline, "Reporting by" footer, "(Image: Reuters)".
    news("wire-chip-exports", "wire",
        "Chipmaker forecasts record quarter as demand for AI servers surges",
        '<div class="byline"><span>By <a href="/authors/joel-tan">Joel Tan</a></span><time>May 22, 2024 8:14 PM UTC</time><span class="updated">Updated 2 hours ago</span></div>',
        [
         ("raw", '<div class="media-container"><img src="/r/fab.jpg" alt="A wafer fab"><p class="caption">An employee walks through a clean room at the company’s plant in Hsinchu, Taiwan, March 3, 2024. REUTERS/Ann Wang/File Photo <a class="license" href="/licensing">Purchase Licensing Rights, opens new tab</a></p></div>'),
         ("p", "SAN JOSE, May 22 (Wire) - The world’s second-largest maker of memory chips forecast record revenue for its second quarter on Wednesday, as cloud companies race to buy high-bandwidth memory for servers that run artificial intelligence software."),
         ("p", "The company expects revenue of $9.6 billion, plus or minus $300 million, for the quarter ending in August. Analysts on average had expected $9.1 billion, according to data compiled by LSEG."),
         ("p", "Shares rose 7% in extended trading."),
         ("p", "“Demand for our high-bandwidth products is sold out for this year and most of next,” chief executive Maria Lund told analysts on a call. “We are adding capacity as fast as the equipment arrives.”"),
         ("raw", '<div class="newsletter-signup-inline" data-testid="Newsletter"><p class="title">The Daily Briefing newsletter provides all the news you need to start your day. Sign up <a href="/newsletters">here</a>.</p></div>'),
         ("p", "Memory prices fell sharply through most of 2023 as demand for personal computers and smartphones slumped, pushing the industry into its deepest downturn in more than a decade."),
         ("p", "The recovery has been uneven. Prices for chips used in phones and laptops have risen since January, but demand from carmakers and industrial customers remains weak, the company said."),
         ("p", "Capital spending for the fiscal year is expected to be about $8 billion, at the upper end of its previous range."),
        ],
        after='<p class="sign-off">Reporting by Joel Tan in San Jose; Editing by Ravi Mehta</p><p class="trust">Our Standards: <a href="/trust">The Trust Principles.</a></p><div class="tags"><span>Topics:</span><a href="/t/tech">Technology</a><a href="/t/semis">Semiconductors</a></div>')

    # 4. A local paper: hover cards behind reporter and officials' names (hidden by attribute).
    news("metro-council-budget", "metro",
        "City council passes budget with more money for buses and fewer new police hires",
        '<div class="article-byline"><span class="by">By</span> <a class="author-name" href="/staff/dana-ruiz">Dana Ruiz</a><div class="author-card" hidden><img src="/staff/ruiz.jpg" alt=""><p>Dana Ruiz covers City Hall.</p><ul><li><a href="/a/1">Mayor unveils housing plan</a></li><li><a href="/a/2">Council delays vote on parking fees</a></li></ul></div> <span class="publish-date">June 19, 2024 at 9:45 p.m.</span></div>',
        [
         ("p", "The City Council approved a $1.9 billion budget late Wednesday that adds 40 bus drivers and restores night service on six routes, while funding fewer new police officers than the mayor had asked for."),
         ("p", "The vote was 7 to 2. Council member <a class=\"person-link\" href=\"/topic/rosa-lind\">Rosa Lind</a>{{<span class=\"person-hovercard\" aria-hidden=\"true\"><span>Rosa Lind</span><span>District 4 council member since 2019</span><a href=\"/a/3\">Lind calls for audit of transit agency</a><a href=\"/a/4\">Lind announces re-election bid</a></span>}}, who wrote the transit amendment, called it “the first budget in a decade that treats the bus as a public service rather than a cost.”"),
         ("p", "Mayor <a class=\"person-link\" href=\"/topic/tom-beck\">Tom Beck</a>{{<span class=\"person-hovercard\" aria-hidden=\"true\"><span>Tom Beck</span><span>Mayor</span><a href=\"/a/5\">Beck’s first year: what changed</a></span>}} had proposed hiring 120 officers. The council funded 80 and moved the rest of the money to the transit department and to a program that sends social workers to some emergency calls."),
         ("raw", '<div class="inline-promo"><strong>You may also like</strong><ul><li><a href="/a/6">How the bus network was cut in half</a></li><li><a href="/a/7">Police overtime tops $40 million</a></li></ul></div>'),
         ("p", "Beck said in a statement that he was disappointed but would sign the budget. “We will keep making the case that people need to feel safe on the street and on the bus,” he said."),
         ("p", "The budget also includes $12 million for road repairs, a 3% raise for city employees and a new fund for small businesses affected by construction on Main Street."),
         ("p", "The two members who voted no, Eli Grant and Nora Voss, said the city was relying too heavily on one-time federal money that runs out next year."),
         ("p", "The new budget takes effect July 1."),
        ],
        after='<div class="article-footer"><p class="correction-policy">Have a news tip? <a href="/tips">Contact us</a>.</p><div class="comments-closed"><p>Comments are closed on this story.</p></div></div>')

    # 5. Standfirst repeated as the first paragraph of the body (an AMP-style intro block twice).
    sf = "The first new line on the city’s tram network in 30 years opens on Saturday, a year late and £40m over budget."
    news("herald-tram-line", "herald",
        "City’s new tram line opens a year late",
        '<p class="byline">By <a href="/profile/sam-reid">Sam Reid</a></p><p class="meta"><time>Fri 6 Sep 2024 07.00 BST</time> <span class="last-modified">Last modified on Fri 6 Sep 2024 09.12 BST</span></p>',
        [
         ("dup", f'<p class="article-intro">{sf}</p>'),
         ("p", "The 7km line links the central station with the hospital and the university’s new campus, with 11 stops and a tram every six minutes at peak times."),
         ("p", "Transport officials said the delay had been caused by the discovery of old mine workings under one stretch of the route, which had to be filled with concrete before the track could be laid."),
         ("p", "“It has been a long road, and we know people have been frustrated by the roadworks,” said Lena Park, who chairs the transport authority. “But this is a line that will be carrying people for the next hundred years.”"),
         ("h", "Fares frozen"),
         ("p", "Fares on the new line will be the same as on the rest of the network, with a single journey costing £2.20. The authority has frozen fares until April."),
         ("p", "Traders on Hill Street, where the road was closed for 14 months, said business had fallen by a third during the works. A compensation scheme paid out £1.1m to 85 businesses."),
         ("raw", '<div class="element-embed newsletter" data-component="newsletter-signup"><p class="newsletter-title">Sign up to Morning Mail</p><p>Our city edition, every weekday morning</p><p class="privacy">Privacy Notice: Newsletters may contain info about charities, online ads, and content funded by outside parties.</p><button>Sign up</button><p class="after">after newsletter promotion</p></div>'),
         ("p", "The authority plans a second line to the airport, but has not yet secured funding."),
        ],
        standfirst=sf,
        after='<div class="submeta"><ul class="tags"><li><a href="/t1">Trams</a></li><li><a href="/t2">Transport</a></li></ul>' + SHARE + '<p>Reuse this content</p></div>')

    # 6. Tech news with a product spec table and an affiliate widget.
    news("tech-phone-review", "tech",
        "The budget phone that lasts two days on a charge",
        '<div class="byline-block"><a href="/authors/kim-lee" class="author">Kim Lee</a><span class="role">Senior reviewer</span><time>Mar 14, 2024, 10:00 AM UTC</time><span class="reading-time">6 min read</span></div>',
        [
         ("raw", '<div class="affiliate-disclosure"><em>If you buy something from a link, we may earn a commission.</em> <a href="/ethics">See our ethics statement.</a></div>'),
         ("p", "Cheap phones used to mean compromises everywhere: slow chips, dim screens and batteries that gave out by mid-afternoon. This one compromises in only two places, the camera and the speakers, and its battery is the best I have tested this year."),
         ("p", "In my daily use, with the screen at medium brightness, email, maps and an hour of video, it ended the second day with 12% left. On our standard video loop test it lasted 24 hours and 10 minutes."),
         ("table", [["Spec", "Detail"], ["Screen", "6.6-inch 90Hz LCD"], ["Battery", "6,000mAh"], ["Storage", "128GB, expandable"], ["Price", "$199"]], "Key specifications"),
         ("p", "The screen is an LCD rather than OLED, so blacks look grey in a dark room, but it is bright enough to read in sunlight and the 90Hz refresh rate makes scrolling smooth."),
         ("raw", '<div class="product-card" data-widget="buy-box"><p class="product-name">Budget Phone 5</p><p class="price">$199 at Shop</p><a class="btn" href="https://shop.example/x">Check price</a><a class="btn" href="https://shop2.example/x">$205 at Other Shop</a></div>'),
         ("p", "The main camera is fine in daylight and poor indoors, where photos turn smeary. The single bottom-firing speaker is thin and easy to cover with a palm."),
         ("p", "Software updates are promised for three years, which is generous at this price."),
         ("h", "Should you buy it?"),
         ("p", "If battery life matters more to you than photos, yes. It is the phone I would hand to a teenager or a parent who wants something that just keeps going."),
        ],
        after='<div class="article-tags"><h4>Related tags</h4><a href="/t/phones">Phones</a> <a href="/t/reviews">Reviews</a></div><div class="comments-cta"><button>Show comments (48)</button></div>')

    # 7. A news story with a hover card hidden by inline style and a "Most popular" inline box.
    news("herald-hospital-strike", "herald",
        "Junior doctors announce five-day strike in pay dispute",
        '<p class="byline">By <a class="contributor" href="/profile/lea-moss">Lea Moss</a><span class="contributor-card" style="display:none">Lea Moss is health editor. <a href="/p/1">NHS waiting lists reach new high</a> <a href="/p/2">The GP shortage explained</a></span> Health editor</p>',
        [
         ("p", "Junior doctors in England will strike for five days from 8 July, their union said on Tuesday, after talks with the government broke down over pay."),
         ("p", "The walkout, from 7am on the Monday to 7am the following Saturday, will be the longest in the history of the health service. Consultants have agreed to cover emergency care."),
         ("p", "The union says pay for doctors in training has fallen by a quarter in real terms since 2008 and is asking for a rise of 35% over several years. The government has offered 4%, in line with the pay review body’s recommendation."),
         ("raw", '<div class="inline-most-popular" data-component="most-popular"><h3>Most popular</h3><ol><li><a href="/mp1">Heatwave warning issued</a></li><li><a href="/mp2">Ten best beaches</a></li><li><a href="/mp3">Minister resigns</a></li></ol></div>'),
         ("p", "“No doctor wants to strike,” said Dr Amira Khan, who co-chairs the union’s junior doctors committee. “But we cannot keep losing colleagues to Australia and to other careers because the job no longer pays the rent.”"),
         ("p", "Health officials said previous strikes had led to the postponement of more than 1.2m appointments and operations. Hospitals will contact patients whose treatment is affected; patients should attend unless told otherwise."),
         ("p", "The health secretary said the demand was unaffordable and urged the union to return to talks."),
        ],
        after='<div class="submeta">' + SHARE + '<ul class="tags"><li><a href="/t/nhs">NHS</a></li><li><a href="/t/strikes">Strikes</a></li></ul></div>')

    # 8. A magazine-style feature with pull quote (repeats body text) and captions in figure.
    news("metro-ferry-captain", "metro",
        "Forty years at the wheel: the ferry captain who never missed a crossing",
        '<div class="article-byline">Story by <a href="/staff/ivy">Ivy Chen</a> · Photos by <a href="/staff/omar">Omar Diaz</a><time>Aug 2, 2024</time></div>',
        [
         ("p", "Walt Brennan has made the crossing between the harbor and Gull Island some 58,000 times. On Friday, at 68, he will make it for the last time."),
         ("raw", '<figure class="wp-block-image size-large"><img src="/f/walt.jpg" alt=""><figcaption class="wp-element-caption">Walt Brennan in the wheelhouse of the Island Queen on Tuesday. (Omar Diaz / Metro)</figcaption></figure>'),
         ("p", "He started as a deckhand at 19, tying lines for the old wooden boats, and took the wheel in 1984. In four decades he has never missed a scheduled crossing because of illness, he says, though weather has cancelled plenty."),
         ("p", "“The sea decides,” he said on a gray morning this week, one hand resting on the wheel. “I just show up and ask.”"),
         ("raw", '<aside class="pullquote"><blockquote><p>“The sea decides. I just show up and ask.”</p></blockquote></aside>'),
         ("p", "Islanders describe him as part of the place. He has carried ambulances at midnight, wedding parties, a piano, and once, a cow that had to be coaxed aboard with apples."),
         ("p", "His daughter, Kate, now captains the second boat on the route. “He taught me to watch the water, not the instruments,” she said."),
         ("raw", '<figure class="wp-block-image"><img src="/f/kate.jpg" alt=""><figcaption>Kate Brennan, left, with her father at the dock. <span class="photo-credit">Photo: Omar Diaz</span></figcaption></figure>'),
         ("p", "Brennan plans to spend his retirement fishing, he says, though not from a boat."),
        ],
        after='<div class="share-bar"><span>Share this story</span><a href="#">Facebook</a><a href="#">X</a><a href="#">Email</a></div><div class="comment-policy"><p>We welcome comments. Please read our community guidelines before posting.</p></div>')

    # 9. A story whose body has inline "Read more" link paragraphs and a video player with a caption.
    news("wire-election-result", "wire",
        "Opposition wins majority in parliamentary election, preliminary results show",
        '<div class="byline"><span>By Hana Sato and Luis Mora</span><time>July 8, 2024 11:40 PM GMT+2</time><span class="updated">Updated 9 hours ago</span></div>',
        [
         ("p", "LISBON, July 8 (Wire) - The centre-left opposition won an outright majority in Sunday’s parliamentary election, preliminary results showed, ending eight years of centre-right government."),
         ("raw", '<div class="video-player" data-testid="video"><div class="player-placeholder">Play video</div><p class="video-caption">Video: Supporters celebrate outside party headquarters. Duration 1:42</p><p class="video-credit">(Wire TV)</p></div>'),
         ("p", "With 98% of votes counted, the Socialist Party had 41.3% of the vote and 118 of the 230 seats, the electoral commission said. The governing Democratic Alliance had 29.8%."),
         ("raw", '<p class="read-next"><strong>Read more:</strong> <a href="/world/explainer">Explainer: what is at stake in the election</a></p>'),
         ("p", "Turnout was 61%, the highest in two decades, driven by younger voters angry about housing costs, according to exit polls."),
         ("p", "“People voted for homes they can afford and wages they can live on,” party leader Ana Costa told supporters in Lisbon. “Tomorrow we start work.”"),
         ("p", "Prime Minister Rui Nunes conceded defeat shortly before midnight and said he would lead his party in opposition."),
         ("raw", '<p class="read-next"><strong>Read more:</strong> <a href="/world/housing">Lisbon rents double in five years</a></p>'),
         ("p", "Costa has promised to build 100,000 public homes over ten years and to raise the minimum wage to 1,000 euros a month by 2026."),
        ],
        after='<p class="sign-off">Reporting by Hana Sato and Luis Mora; Editing by Peter Hall</p>')

    # 10. A story with an image gallery inside the body (slide counters, Close, Caption buttons).
    news("daily-royal-visit", "daily",
        "Princess opens children’s hospice and spends an hour with families",
        '<p class="author-section">By <a class="author" href="/a">REBECCA HOLT, ROYAL CORRESPONDENT</a></p><p class="byline-section"><span class="article-timestamp">Published: 09:14 BST, 12 June 2024</span></p>',
        [
         ("p", "The Princess of Wales opened a new children’s hospice in Leeds on Wednesday and spent more than an hour talking to families who will use it."),
         ("p", "The hospice, which has eight bedrooms, a hydrotherapy pool and a garden designed by local schoolchildren, will care for up to 300 children with life-limiting conditions and their families each year."),
         ("raw", '<div class="gallery-carousel" data-track="gallery"><div class="gallery-header"><span>Gallery</span><button class="gallery-close">Close</button></div><ul class="slides"><li class="slide"><img src="/g1.jpg" alt=""><span class="slide-counter">Image 1 of 6</span><p class="gallery-caption">The princess meets staff at the entrance</p></li><li class="slide"><img src="/g2.jpg" alt=""><span class="slide-counter">Image 2 of 6</span><p class="gallery-caption">She was shown the hydrotherapy pool</p></li><li class="slide"><img src="/g3.jpg" alt=""><span class="slide-counter">Image 3 of 6</span><p class="gallery-caption">Children presented her with flowers</p></li></ul><div class="gallery-controls"><button>Previous</button><button>Next</button><button class="toggle-caption">Caption</button></div></div>'),
         ("p", "She was shown round by the hospice’s chief executive, Dr Fiona Reid, and met nurses, volunteers and the architects who designed the building."),
         ("p", "Leaning on a fence in the garden, she talked with parents about the difficulty of finding respite care. “It is a place where families can just be families for a while,” one mother said afterwards."),
         ("p", "The hospice raised £9 million for the building from donations, including £2 million from a campaign run by a local radio station."),
        ],
        after='<div class="social-share"><span>Share this article</span><a>Facebook</a><a>Twitter</a><a>WhatsApp</a></div>')

    # 11. A story where the intro block comes twice (desktop and mobile markup, one hidden by class).
    intro = "Scientists have found a colony of a frog species not seen in the wild for 60 years, in a valley in the Andes."
    news("tech-lost-frog", "tech",
        "Frog thought extinct found alive in remote valley",
        '<div class="byline-block"><a class="author" href="/a/zoe">Zoe Hunt</a><time>Jan 9, 2024</time></div>',
        [
         ("p", intro),
         ("p", "The team from the national university found 34 adult Andean marsupial frogs, which carry their eggs in a pouch on their backs, beside a stream at about 2,800 metres."),
         ("dup", f'<div class="intro-repeat"><p>{intro}</p></div>'),
         ("p", "The species was last recorded in 1963. Many frogs in the region were wiped out by chytrid, a fungal disease that has driven dozens of amphibian species to extinction since the 1980s."),
         ("p", "“We walked for three days to get there and almost turned back,” said Dr Lucia Vela, who led the expedition. “Then one of our students heard a call nobody recognised.”"),
         ("p", "The researchers say the valley’s cold streams may protect the frogs from the fungus, which does not grow well at low temperatures. They have asked the government to protect the area."),
        ],
        after='<div class="share-buttons"><a>Share</a><a>Tweet</a></div><div class="tag-list">Tags: <a>Frogs</a>, <a>Conservation</a>, <a>Science</a></div>')

    # 12. A BBC-like story: visually-hidden caption labels, "Image source" credits, "Related topics".
    news("metro-school-meals", "metro",
        "Free school meals to be offered to every primary pupil from September",
        '<div class="byline-block" data-component="byline"><span class="contributor">Priya Nair</span><span class="role">Education reporter</span></div><div class="timestamp" data-component="timestamp"><time>3 hours ago</time></div>',
        [
         ("raw", '<figure><div class="image-wrap"><img src="/m/lunch.jpg" alt=""><span class="image-copyright" role="text"><span class="visually-hidden">Image source, </span>Getty Images</span></div><figcaption><span class="visually-hidden">Image caption, </span>About 90,000 more pupils will be eligible</figcaption></figure>'),
         ("p", "Every primary school pupil in the state will be offered a free lunch from September, the governor has announced."),
         ("p", "At present only children from families on low incomes are eligible. The change will cost about $180m a year and extend free meals to about 90,000 more children."),
         ("p", "“No child should be trying to learn on an empty stomach, and no family should have to fill in a form to make sure they don’t,” Governor Helen Park said."),
         ("raw", '<div data-component="links-block" class="links-block"><h3>More on this story</h3><ul><li><a href="/s1">Parents struggle with rising food bills</a></li><li><a href="/s2">Schools warn of kitchen staff shortages</a></li></ul></div>'),
         ("p", "School leaders welcomed the plan but said some schools would need new kitchens and more staff to serve hundreds more meals each day."),
         ("p", "The state’s largest teachers’ union said it had campaigned for universal free meals for a decade."),
        ],
        after='<div class="related-topics" data-component="tags"><h2>Related topics</h2><ul><li><a>Schools</a></li><li><a>Education</a></li></ul></div>')

    # 13. A story with an "Advertisement" placeholder not matching ad classes and a "Continue reading" below.
    news("herald-bank-rates", "herald",
        "Central bank holds rates at 5.25% but signals cut is close",
        '<p class="byline">By <a href="/profile/rob">Rob Dale</a> Economics editor</p><p class="dateline"><time>Thu 1 Aug 2024 12.10 BST</time></p>',
        [
         ("p", "The central bank held interest rates at 5.25% on Thursday for the eighth meeting in a row, but its governor said inflation was falling fast enough for a cut to come “soon”."),
         ("p", "Five members of the rate-setting committee voted to hold and four to cut by a quarter point, the narrowest split since the bank began raising rates three years ago."),
         ("p", "Inflation fell to 2.1% in June, close to the bank’s 2% target, from a peak of more than 11% in late 2022. But wages are still rising by about 6% a year, which the bank fears could keep prices in services rising too fast."),
         ("raw", '<div class="dfp-slot" data-slot="inline1"><p class="slot-label">Advertisement</p></div>'),
         ("p", "“We need to be sure that inflation will stay low, not just that it has come down,” the governor told reporters. “We are getting closer to that point.”"),
         ("p", "Markets now expect a cut in September. Mortgage lenders have already begun trimming fixed rates in anticipation."),
         ("p", "The pound fell half a cent against the dollar after the decision."),
        ],
        after='<div class="submeta">' + SHARE + '</div><div class="contributions-epic"><h2>Before you move on…</h2><p>Readers like you keep our journalism free and open. Support us from just £1.</p><a class="button" href="/support">Support us</a></div>')

    # 14. Opinion column with author bio box and "More from this author".
    news("wire-opinion-four-day-week", "wire",
        "Opinion: The four-day week works. The trials prove it",
        '<div class="byline"><span>By Martha Ames</span><time>April 2, 2024</time></div>',
        [
         ("p", "When sixty companies tried a four-day week last year, the sceptics were sure it would fail. Staff would slack off, customers would leave, productivity would fall. None of that happened."),
         ("p", "Revenue at the companies stayed broadly the same over the six-month trial, and rose slightly for many. Sick days fell by two thirds. Fifty-six of the sixty firms have kept the shorter week, eighteen of them permanently."),
         ("p", "The reason is not mysterious. Most offices waste hours every week on meetings that need not happen and tasks nobody would miss. Give people a reason to cut them, and they do."),
         ("p", "That does not mean it suits every job. Hospitals, schools and shops cannot simply close on Fridays. But they can rotate shifts, and several councils that have tried it have filled posts that stood empty for years."),
         ("p", "The question is no longer whether a shorter week can work. It is why so many employers are still not trying it."),
        ],
        after='<div class="author-bio"><img src="/a.jpg" alt=""><p>Martha Ames is a columnist and the author of “Time Off”. The opinions expressed here are her own.</p><h4>More from this author</h4><ul><li><a>Why offices are emptying</a></li><li><a>The myth of the productive commute</a></li></ul></div>')
