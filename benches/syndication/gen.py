#!/usr/bin/env python3
"""Syndicated copies of news stories across a dozen outlets' feeds, with the ground truth.

    python3 benches/syndication/gen.py --out DIR [--seed 16] [--stories 48]

Writes DIR/feeds/<outlet>.xml (RSS 2.0, bodies as HTML in <description>) and DIR/truth.json.
Python standard library only; the same seed gives the same bytes.

The stories are written here from sentence templates and word lists (no outside text):
news-length bodies of 8-12 paragraphs, 350-600 words, varied topics. A wire service
("Global Wire", dateline "CITY (GW) --") publishes each; 4-8 of the twelve outlets carry a
copy, each copy with one kind of edit, at graded strengths:

  verbatim        the same text (only the outlet's byline, footer and HTML around it)
  headline        another headline
  dateline        "CITY --" instead of "CITY (GW) --"
  typography      curly quotes, em dashes for "--"
  split           every sentence its own paragraph
  html            nested markup, entities, <strong> and links inside the text
  combined        headline + dateline + typography + split + html at once
  wire_short      the first 40% of the text (a wire's short first version)
  wire_short_25   the first 25%
  copyedit_1..3   words substituted (3%, 6%, 9%) and sentences cut (5%, 10%, 15%)
  trim_local      last paragraph(s) cut, a local sentence added
  trim_local_2    half the paragraphs cut, two local sentences added

Every outlet puts its own byline line ("By NAME, <Outlet> staff") and its own footer
paragraph on everything it publishes. The hard negatives, each item its own story:

  local           each outlet's own short stories (the footer and byline weigh heavily)
  live            several outlets' "Live updates: ..." pages, same headline, other stories
  release         a company's press releases, each carried by 2-3 outlets with the same
                  long "About Northwind" block; copies of one release ARE one story
  event           one event written up independently by three outlets (same names,
                  figures and one shared quote, otherwise their own words)

truth.json: {"items": [{"link", "feed", "story", "kind", "edit", "text"}], ...}: `story` is
the true story key, `kind` wire | copy | local | live | release | event, `edit` the copy's
edit type (else null), `text` the story text as edited (without byline and footer), from
which the scorer computes true Jaccard similarities.
"""
import argparse
import html
import json
import os
import random
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

OUTLETS = [
    ("harbor-gazette", "Harbor Gazette", "Portsmouth"),
    ("valley-courier", "Valley Courier", "Fresno"),
    ("northern-star", "Northern Star", "Duluth"),
    ("metro-ledger", "Metro Ledger", "Newark"),
    ("prairie-post", "Prairie Post", "Wichita"),
    ("coastal-times", "Coastal Times", "Savannah"),
    ("mountain-herald", "Mountain Herald", "Boulder"),
    ("river-daily", "River Daily", "Memphis"),
    ("capital-bulletin", "Capital Bulletin", "Albany"),
    ("lakeside-news", "Lakeside News", "Madison"),
    ("desert-sun-review", "Desert Sun Review", "Tucson"),
    ("bay-observer", "Bay Observer", "Oakland"),
]
WIRE = ("global-wire", "Global Wire", "New York")

CITIES = ["GENEVA", "NAIROBI", "LIMA", "OSLO", "MANILA", "CAIRO", "QUITO", "HANOI", "ACCRA",
          "LISBON", "SEOUL", "DENVER", "HOUSTON", "PHOENIX", "BOSTON", "TORONTO", "DUBLIN",
          "WARSAW", "SANTIAGO", "JAKARTA", "MUMBAI", "ATHENS", "BOGOTA", "PERTH"]
FIRST = ["Maria", "James", "Aisha", "Kenji", "Olga", "Carlos", "Fatima", "Liam", "Priya", "Tomas",
         "Ngozi", "Elena", "Yusuf", "Hannah", "Diego", "Mei", "Samuel", "Ingrid", "Omar", "Rosa",
         "Victor", "Leila", "Anders", "Chloe", "Rafael", "Zara", "Pavel", "Grace", "Malik", "Nora"]
LAST = ["Okafor", "Lindqvist", "Haddad", "Tanaka", "Moreno", "Kowalski", "Brennan", "Mensah",
        "Castillo", "Novak", "Rahman", "Fischer", "Delgado", "Ivanova", "Achebe", "Sorensen",
        "Quispe", "Nakamura", "Petrov", "Abara", "Whitfield", "Marchetti", "Oyelaran", "Duval",
        "Kaminski", "Reyes", "Hollis", "Varga", "Sato", "Ferreira"]
TOPICS = {
    "energy": dict(
        org=["the national grid operator", "the energy ministry", "a solar cooperative",
             "the regional utility", "the offshore wind consortium", "the pipeline company"],
        role=["chief engineer", "energy minister", "grid planner", "plant manager",
              "utility spokeswoman", "board chairman"],
        noun=["turbines", "substations", "transmission lines", "battery farms", "power plants",
              "rooftop panels", "gas turbines", "storage tanks", "heat pumps", "reactors"],
        thing=["the blackout", "the price cap", "the outage", "the fuel shortage",
               "the winter demand peak", "the capacity auction"],
        verb=["connect", "retire", "upgrade", "finance", "inspect", "rebuild", "shut down",
              "bring online"]),
    "health": dict(
        org=["the health ministry", "the county hospital", "the vaccine alliance",
             "the medical association", "the public health agency", "the nurses union"],
        role=["chief medical officer", "hospital director", "epidemiologist", "head nurse",
              "health minister", "research lead"],
        noun=["clinics", "vaccine doses", "intensive care beds", "ambulances", "test kits",
              "nursing staff", "field hospitals", "pharmacies", "trial sites", "wards"],
        thing=["the outbreak", "the measles cluster", "the staffing crisis",
               "the waiting list", "the drug shortage", "the flu season"],
        verb=["distribute", "open", "staff", "close", "expand", "equip", "screen", "fund"]),
    "transport": dict(
        org=["the transit authority", "the port authority", "the rail operator",
             "the aviation regulator", "the highway department", "the ferry company"],
        role=["transport secretary", "rail director", "harbor master", "airport manager",
              "union organiser", "city planner"],
        noun=["tram lines", "bus routes", "container berths", "runways", "bridges",
              "freight trains", "ferries", "bike lanes", "toll roads", "signal boxes"],
        thing=["the strike", "the derailment", "the fare rise", "the congestion charge",
               "the bridge closure", "the timetable change"],
        verb=["build", "extend", "repair", "suspend", "reroute", "electrify", "privatise",
              "reopen"]),
    "farming": dict(
        org=["the farmers union", "the agriculture department", "the grain board",
             "the dairy cooperative", "the water district", "the seed bank"],
        role=["agriculture minister", "grain trader", "dairy farmer", "agronomist",
              "water commissioner", "cooperative chair"],
        noun=["wheat fields", "irrigation canals", "grain silos", "dairy herds", "orchards",
              "greenhouses", "fertiliser plants", "cattle ranches", "rice paddies", "vineyards"],
        thing=["the drought", "the locust swarm", "the export ban", "the harvest failure",
               "the milk price slump", "the frost"],
        verb=["irrigate", "harvest", "insure", "replant", "subsidise", "drain", "protect",
              "sell"]),
    "courts": dict(
        org=["the supreme court", "the appeals panel", "the prosecutors office",
             "the bar association", "the anti-corruption bureau", "the civil liberties group"],
        role=["chief justice", "lead prosecutor", "defence lawyer", "court clerk",
              "attorney general", "human rights advocate"],
        noun=["appeals", "indictments", "witness statements", "court filings", "verdicts",
              "plea deals", "subpoenas", "search warrants", "injunctions", "class actions"],
        thing=["the bribery trial", "the fraud case", "the extradition request",
               "the contempt ruling", "the privacy lawsuit", "the election challenge"],
        verb=["review", "overturn", "file", "dismiss", "unseal", "challenge", "hear", "settle"]),
    "tech": dict(
        org=["the chipmaker", "the telecom regulator", "the software startup",
             "the data protection authority", "the satellite operator", "the cloud provider"],
        role=["chief executive", "security researcher", "product director",
              "privacy commissioner", "network engineer", "venture investor"],
        noun=["data centres", "fibre cables", "chip factories", "mobile towers", "satellites",
              "servers", "apps", "routers", "quantum processors", "charging stations"],
        thing=["the data breach", "the antitrust probe", "the network outage",
               "the chip shortage", "the ransomware attack", "the spectrum sale"],
        verb=["launch", "patch", "acquire", "license", "encrypt", "deploy", "audit", "recall"]),
    "weather": dict(
        org=["the weather service", "the coast guard", "the emergency management agency",
             "the red cross", "the flood control board", "the forestry service"],
        role=["meteorologist", "fire chief", "relief coordinator", "mayor",
              "coast guard commander", "hydrologist"],
        noun=["levees", "evacuation centres", "fire crews", "pumping stations", "shelters",
              "storm drains", "rescue boats", "sandbags", "power crews", "water tankers"],
        thing=["the hurricane", "the wildfire", "the flash flood", "the heatwave",
               "the blizzard", "the landslide"],
        verb=["deploy", "evacuate", "reinforce", "clear", "supply", "monitor", "rebuild",
              "restore"]),
    "finance": dict(
        org=["the central bank", "the stock exchange", "the pension fund",
             "the finance ministry", "the ratings agency", "the credit union"],
        role=["central bank governor", "chief economist", "finance minister", "fund manager",
              "bank analyst", "treasury official"],
        noun=["bonds", "mortgages", "savings accounts", "shares", "loans", "tax credits",
              "currency reserves", "pension payments", "bank branches", "trading desks"],
        thing=["the rate rise", "the bank run", "the budget deficit", "the currency slide",
               "the market sell-off", "the debt talks"],
        verb=["issue", "cut", "freeze", "refinance", "guarantee", "tax", "underwrite", "buy"]),
}
ADJ = ["sharp", "gradual", "unexpected", "modest", "record", "temporary", "lasting", "costly",
       "controversial", "long-awaited", "fragile", "sweeping", "partial", "sudden", "steady"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# Substitutions a copy desk makes (word -> replacement), and plain fallbacks.
SYNONYMS = {"said": "stated", "would": "will", "plans": "proposals", "officials": "authorities",
            "about": "roughly", "more": "further", "because": "as", "expected": "forecast",
            "after": "following", "also": "additionally", "told": "informed", "new": "fresh",
            "big": "large", "many": "numerous", "start": "begin", "show": "indicate",
            "help": "assist", "need": "require", "percent": "per cent", "people": "residents",
            "city": "town", "week": "seven days", "began": "started", "added": "noted",
            "warned": "cautioned", "could": "might", "announced": "unveiled", "but": "however"}

TEMPLATES = [
    "{P} said {org} would {verb} {n} {noun} by {month}, a {adj} shift after months of debate.",
    "The decision follows {thing}, which left {n2} people without {noun} for {d} days.",
    "\"We cannot wait for another {thing_bare},\" {P}, the {role}, told reporters on {day}.",
    "Critics argue the plan to {verb} the {noun} is {adj} and underfunded by about {n} million dollars.",
    "According to figures from {org}, the number of {noun} fell by {pct} percent in {month}.",
    "{P2}, a {role} who has followed the issue for years, said the timing was {adj}.",
    "Officials expect to {verb} a further {n} {noun} before {thing} returns next {month}.",
    "The {role} said talks with {org} would continue on {day} despite {thing}.",
    "Residents in {city_title} have complained for weeks about {thing} and the {adj} response.",
    "A report published on {day} estimated that {pct} percent of the {noun} need urgent work.",
    "{P} added that {org} had set aside {n} million dollars to {verb} {noun2} across the region.",
    "It was not immediately clear how {org} would pay for the {adj} programme to {verb} the {noun}.",
    "\"This is the {adj} step we have been asking for,\" said {P2}, speaking outside the office of {org}.",
    "Last {month}, {thing} forced {org} to {verb} {n} {noun2} at short notice.",
    "The {noun} will be {verb_past} in three phases, the first starting in {month}, officials said.",
    "Opposition lawmakers called the move {adj} and demanded a vote on {day}.",
    "{P2} warned that without more {noun2}, {thing} could cost the economy {n} million dollars.",
    "Since {month}, {org} has tried to {verb} at least {n} {noun} in {city_title} alone.",
]


def verb_past(v):
    irregular = {"build": "built", "shut down": "shut down", "bring online": "brought online",
                 "hear": "heard", "buy": "bought", "sell": "sold", "cut": "cut", "rebuild": "rebuilt",
                 "file": "filed", "issue": "issued", "tax": "taxed"}
    if v in irregular:
        return irregular[v]
    if v.endswith("e"):
        return v + "d"
    if v.endswith("y"):
        return v[:-1] + "ied"
    return v + "ed"


class Writer:
    """Writes bodies of one topic around one cast (names, figures)."""

    def __init__(self, rng, topic):
        self.rng = rng
        self.t = TOPICS[topic]
        self.people = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(3)]
        self.city = rng.choice(CITIES)
        self.thing = rng.choice(self.t["thing"])
        self.org = rng.choice(self.t["org"])

    def sentence(self, template=None):
        r, t = self.rng, self.t
        verb = r.choice(t["verb"])
        fields = dict(
            P=self.people[0], P2=r.choice(self.people[1:]), org=r.choice([self.org] + t["org"]),
            verb=verb, verb_past=verb_past(verb), n=r.randint(3, 950), n2=r.randint(1000, 90000),
            d=r.randint(2, 40), pct=r.randint(2, 71), noun=r.choice(t["noun"]),
            noun2=r.choice(t["noun"]), month=r.choice(MONTHS), day=r.choice(DAYS),
            adj=r.choice(ADJ), role=r.choice(t["role"]), thing=r.choice([self.thing] + t["thing"]),
            city_title=self.city.title())
        fields["thing_bare"] = fields["thing"].removeprefix("the ")
        text = (template or r.choice(TEMPLATES)).format(**fields)
        return text[0].upper() + text[1:]

    def body(self, paragraphs, per=(2, 4)):
        return [[self.sentence() for _ in range(self.rng.randint(*per))] for _ in range(paragraphs)]

    def headline(self):
        r = self.rng
        return r.choice([f"{self.org.removeprefix('the ').capitalize()} to {r.choice(self.t['verb'])} "
                         f"{r.choice(self.t['noun'])} after {self.thing.removeprefix('the ')}",
                         f"{self.city.title()} braces for {self.thing.removeprefix('the ')}",
                         f"{self.people[0]} defends plan on {r.choice(self.t['noun'])}",
                         f"{r.choice(ADJ).capitalize()} response to {self.thing.removeprefix('the ')} "
                         f"in {self.city.title()}"])


# -- edits: a body is a list of paragraphs, a paragraph a list of sentences ---------------

def words_of(body):
    return sum(len(s.split()) for p in body for s in p)


def first_fraction(body, frac):
    goal, out, n = frac * words_of(body), [], 0
    for p in body:
        kept = []
        for s in p:
            if n >= goal:
                break
            kept.append(s)
            n += len(s.split())
        if kept:
            out.append(kept)
        if n >= goal:
            break
    return out


def copyedit(rng, body, sub, cut):
    out = []
    for p in body:
        kept = []
        for s in p:
            if rng.random() < cut and len(p) > 1:
                continue
            ws = s.split(" ")
            for i, w in enumerate(ws):
                core = w.strip(".,\"").lower()
                if rng.random() < sub:
                    if core in SYNONYMS:
                        ws[i] = w.replace(core, SYNONYMS[core]) if w.islower() else SYNONYMS[core]
                    elif len(core) > 3 and core.isalpha():
                        ws[i] = rng.choice(list(SYNONYMS.values()))
            kept.append(" ".join(ws))
        if kept:
            out.append(kept)
    return out


def typography(text):
    out, open_quote = [], True
    for ch in text:
        if ch == '"':
            out.append("\u201c" if open_quote else "\u201d")
            open_quote = not open_quote
        else:
            out.append(ch)
    return "".join(out).replace(" -- ", " \u2014 ")


EDITS = ["verbatim", "headline", "dateline", "typography", "split", "html", "combined",
         "wire_short", "wire_short_25", "copyedit_1", "copyedit_2", "copyedit_3",
         "trim_local", "trim_local_2"]


def apply_edit(rng, edit, body, outlet):
    """The copy's paragraphs and flags (dateline kept, typography, html, split)."""
    flags = dict(dateline=True, typo=False, html=False, split=False, headline=False)
    if edit == "headline":
        flags["headline"] = True
    elif edit == "dateline":
        flags["dateline"] = False
    elif edit == "typography":
        flags["typo"] = True
    elif edit == "split":
        flags["split"] = True
    elif edit == "html":
        flags["html"] = True
    elif edit == "combined":
        flags.update(dateline=False, typo=True, html=True, split=True, headline=True)
    elif edit == "wire_short":
        body = first_fraction(body, 0.4)
    elif edit == "wire_short_25":
        body = first_fraction(body, 0.25)
    elif edit.startswith("copyedit_"):
        k = int(edit[-1])
        body = copyedit(rng, body, 0.03 * k, 0.05 * k)
    elif edit.startswith("trim_local"):
        keep = len(body) - 2 if edit == "trim_local" else len(body) // 2
        local = [f"In {outlet[2]}, local officials said they were watching the situation closely "
                 f"and would brief residents at a public meeting on {rng.choice(DAYS)}."]
        if edit == "trim_local_2":
            local.append(f"The {outlet[1]} has asked the county for comment on what it means "
                         f"for families in {outlet[2]}.")
        body = body[:max(keep, 2)] + [local]
    return body, flags


def render(paragraphs, flags, dateline_city, agency):
    """(plain text as the reader sees it, HTML as published)."""
    paras = [list(p) for p in paragraphs]
    lead = f"{dateline_city} ({agency}) --" if flags["dateline"] else f"{dateline_city} --"
    paras[0][0] = f"{lead} {paras[0][0]}"
    if flags["split"]:
        paras = [[s] for p in paras for s in p]
    texts = [" ".join(p) for p in paras]
    if flags["typo"]:
        texts = [typography(t) for t in texts]
    if flags["html"]:
        parts = []
        for i, t in enumerate(texts):
            escaped = html.escape(t, quote=False)
            if i == 0:
                escaped = escaped.replace(" -- ", " <strong>--</strong> ", 1)
            parts.append(f'<div class="para"><p class="body-text">{escaped}</p></div>')
        markup = '<article><div class="story-body">' + "\n".join(parts) + "</div></article>"
    else:
        markup = "\n".join(f"<p>{html.escape(t, quote=False)}</p>" for t in texts)
    return "\n\n".join(texts), markup


def outlet_extras(rng_outlet, outlet):
    """Byline template and footer paragraph of an outlet."""
    return (f"By {{name}}, {outlet[1]} staff",
            f"The {outlet[1]} is an independent newsroom serving {outlet[2]} and the surrounding "
            f"county since {rng_outlet.randint(1890, 1990)}. Send news tips to our desk and "
            f"support local reporting with a subscription today.")


ABOUT = ("About Northwind Energy: Northwind Energy is a leading developer of renewable power "
         "projects with more than twenty gigawatts of wind, solar and storage capacity in "
         "operation or under construction across four continents. Founded in 1998 and "
         "headquartered in Copenhagen, the company employs over six thousand people and is "
         "listed on the Nasdaq Copenhagen exchange. For more information, visit the company "
         "website or contact the media relations team.")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--stories", type=int, default=48)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    start = datetime(2026, 11, 2, 6, 0, tzinfo=timezone.utc)
    clock = [start]

    def tick():
        clock[0] += timedelta(minutes=rng.randint(3, 40))
        return clock[0]

    feeds = {o[0]: [] for o in OUTLETS + [WIRE]}
    outlets = {o[0]: o for o in OUTLETS + [WIRE]}
    extras = {o[0]: outlet_extras(random.Random(f"{args.seed}/{o[0]}"), o) for o in OUTLETS + [WIRE]}
    items = []
    serial = [0]

    def publish(outlet_key, title, text, markup, story, kind, edit, at):
        serial[0] += 1
        o = outlets[outlet_key]
        slug = "-".join(title.lower().split()[:6]).strip(":").replace(":", "")
        link = f"https://www.{o[0]}.example/news/{at:%Y/%m/%d}/{slug}-{serial[0]}"
        byline, footer = extras[outlet_key]
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        full = f"<p><em>{html.escape(byline.format(name=name))}</em></p>\n{markup}\n<p>{html.escape(footer)}</p>"
        feeds[outlet_key].append(dict(title=title, link=link, guid=link, date=at, html=full))
        items.append(dict(link=link, feed=outlet_key, story=story, kind=kind, edit=edit, text=text))

    topics = sorted(TOPICS)
    edit_cycle = []
    # Wire stories and their copies.
    for s in range(args.stories):
        w = Writer(rng, topics[s % len(topics)])
        body = w.body(rng.randint(8, 12))
        title = w.headline()
        at = tick()
        plain, markup = render(body, dict(dateline=True, typo=False, html=False, split=False), w.city, "GW")
        key = f"wire-{s}"
        publish("global-wire", title, plain, markup, key, "wire", None, at)
        carriers = rng.sample(OUTLETS, rng.randint(4, 8))
        for o in carriers:
            if not edit_cycle:
                edit_cycle = list(EDITS)
                rng.shuffle(edit_cycle)
            edit = edit_cycle.pop()
            edited, flags = apply_edit(rng, edit, body, o)
            t = w.headline() if flags["headline"] else title
            plain, markup = render(edited, flags, w.city, "GW")
            publish(o[0], t, plain, markup, key, "copy", edit, at + timedelta(minutes=rng.randint(5, 300)))
    # Local stories: short, each its own story, footer and byline weigh heavily.
    for o in OUTLETS:
        for i in range(6):
            w = Writer(rng, rng.choice(topics))
            body = w.body(rng.randint(2, 3), per=(2, 3))
            plain, markup = render(body, dict(dateline=False, typo=False, html=False, split=False),
                                   o[2].upper(), "")
            publish(o[0], w.headline(), plain, markup, f"local-{o[0]}-{i}", "local", None, tick())
    # Live updates: one headline, different stories.
    for i, o in enumerate(rng.sample(OUTLETS, 8)):
        w = Writer(rng, "weather")
        body = w.body(rng.randint(3, 5), per=(2, 3))
        plain, markup = render(body, dict(dateline=True, typo=False, html=False, split=False), w.city, "GW")
        publish(o[0], "Live updates: the storm", plain, markup, f"live-{i}", "live", None, tick())
    # Press releases sharing the About block; each release carried by 2-3 outlets.
    release_outlets = rng.sample(OUTLETS, 5)
    for i in range(6):
        w = Writer(rng, "energy")
        body = w.body(rng.randint(3, 5), per=(2, 4))
        title = f"Northwind Energy announces {rng.choice(TOPICS['energy']['noun'])} deal in {w.city.title()}"
        at = tick()
        for o in rng.sample(release_outlets, rng.randint(2, 3)):
            paras = body + [[ABOUT]]
            plain, markup = render(paras, dict(dateline=False, typo=False, html=False, split=False),
                                   w.city, "")
            publish(o[0], title, plain, markup, f"release-{i}", "release", "verbatim",
                    at + timedelta(minutes=rng.randint(1, 120)))
    # One event, three independent write-ups.
    for i in range(5):
        w = Writer(rng, topics[i % len(topics)])
        quote = w.sentence(TEMPLATES[2])
        for j, o in enumerate(rng.sample(OUTLETS, 3)):
            body = w.body(rng.randint(5, 8))
            body[1].insert(0, quote)
            plain, markup = render(body, dict(dateline=False, typo=False, html=False, split=False),
                                   w.city, "")
            publish(o[0], w.headline(), plain, markup, f"event-{i}-{j}", "event", None, tick())

    os.makedirs(os.path.join(args.out, "feeds"), exist_ok=True)
    paths = []
    for key, entries in feeds.items():
        o = outlets[key]
        entries.sort(key=lambda e: e["date"], reverse=True)
        out = ['<?xml version="1.0" encoding="UTF-8"?>', '<rss version="2.0"><channel>',
               f"<title>{html.escape(o[1])}</title>", f"<link>https://www.{key}.example/</link>",
               f"<description>News from the {html.escape(o[1])}</description>"]
        for e in entries:
            out += ["<item>", f"<title>{html.escape(e['title'])}</title>", f"<link>{e['link']}</link>",
                    f'<guid isPermaLink="true">{e["guid"]}</guid>',
                    f"<pubDate>{format_datetime(e['date'])}</pubDate>",
                    f"<description><![CDATA[{e['html']}]]></description>", "</item>"]
        out.append("</channel></rss>")
        path = os.path.join(args.out, "feeds", f"{key}.xml")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("\n".join(out) + "\n")
        paths.append(path)
    with open(os.path.join(args.out, "truth.json"), "w", encoding="utf-8") as fh:
        json.dump(dict(seed=args.seed, feeds=paths, items=items), fh, indent=1)
    print(f"{len(items)} items in {len(paths)} feeds, {len({i['story'] for i in items})} stories: {args.out}")


if __name__ == "__main__":
    main()
