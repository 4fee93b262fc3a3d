#!/usr/bin/env python3
"""How well tidings groups syndicated copies into stories, on benches/syndication/gen.py's feeds.

    python3 benches/syndication/score.py [--bin PATH] [--seed 16] [--stories 48]
                                         [--threshold T] [--keep DIR] [--json]

1. runs gen.py into a work folder (feeds as local files, truth.json);
2. writes a config as a user would (defaults: only `database`, the feeds, and `[log]`),
   plus any `--set key=value` lines for the [dedup] table, and runs `tidings once`;
3. reads every article's link and story_id from the SQLite file;
4. reports, against the truth:
   - pairwise precision and recall (pairs of items predicted in one story vs truly one);
   - B-cubed precision and recall (per item, averaged);
   - recall by edit type: for each copy, is it in the wire original's story?
   - recall by true Jaccard (5-word shingles of the story texts as edited, the same words
     as tidings reads: lowercase runs of letters and digits) over all true pairs;
   - the hard negatives: pairs of different stories predicted together, by kind, and the
     closest negative pairs by true Jaccard and containment.
The binary is --bin, else target/release/tidings (build it with `cargo build --release`).
"""
import argparse
import collections
import itertools
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WORD = re.compile(r"[^\W_]+", re.UNICODE)


def shingles(text, k=5):
    words = [w.lower() for w in WORD.findall(text)]
    return {tuple(words[i:i + k]) for i in range(max(len(words) - k + 1, 0))}


def jaccard(a, b):
    return len(a & b) / len(a | b) if a or b else 1.0


def containment(a, b):
    small = min(len(a), len(b))
    return len(a & b) / small if small else 0.0


def pairs(n):
    return n * (n - 1) // 2


def run(binary, work, seed, stories, settings):
    subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), "--out", work, "--seed", str(seed),
                    "--stories", str(stories)], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(work, "truth.json"), encoding="utf-8") as fh:
        truth = json.load(fh)
    db = os.path.join(work, "tidings.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    lines = [f"database = {json.dumps(db)}", "", "[log]", 'level = "warn"', ""]
    if settings:
        lines.append("[dedup]")
        lines += settings
    for path in truth["feeds"]:
        lines += ["", "[[feeds]]", f"url = {json.dumps(path)}"]
    config = os.path.join(work, "tidings.toml")
    with open(config, "w") as fh:
        fh.write("\n".join(lines) + "\n")
    out = subprocess.run([binary, "--config", config, "once", "--force"], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"tidings once failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    stored = dict(conn.execute("SELECT link, story_id FROM articles"))
    stored.update(conn.execute(
        "SELECT c.link, a.story_id FROM copies c JOIN articles a ON a.id = c.article_id"))
    conn.close()
    return truth, stored


def score(truth, stored):
    items = [i for i in truth["items"] if i["link"] in stored]
    missing = len(truth["items"]) - len(items)
    pred = {i["link"]: stored[i["link"]] for i in items}
    true = {i["link"]: i["story"] for i in items}
    by_pred = collections.Counter(pred.values())
    by_true = collections.Counter(true.values())
    both = collections.Counter((pred[l], true[l]) for l in pred)
    tp = sum(pairs(n) for n in both.values())
    pp, tt = sum(pairs(n) for n in by_pred.values()), sum(pairs(n) for n in by_true.values())
    # B-cubed: per item, the share of its predicted cluster that is truly with it, and the
    # share of its true cluster that is predicted with it.
    bp = sum(both[(pred[l], true[l])] / by_pred[pred[l]] for l in pred) / len(pred)
    br = sum(both[(pred[l], true[l])] / by_true[true[l]] for l in pred) / len(pred)
    res = dict(items=len(truth["items"]), stored=len(stored), missing=missing,
               true_stories=len(by_true), predicted_stories=len(by_pred), true_pairs=tt,
               predicted_pairs=pp, correct_pairs=tp,
               pairwise_precision=tp / pp if pp else 1.0, pairwise_recall=tp / tt if tt else 1.0,
               bcubed_precision=bp, bcubed_recall=br)

    sh = {i["link"]: shingles(i["text"]) for i in items}
    wire = {i["story"]: i["link"] for i in items if i["kind"] == "wire"}
    by_edit = collections.defaultdict(lambda: [0, 0])
    for i in items:
        if i["kind"] == "copy":
            e = by_edit[i["edit"]]
            e[1] += 1
            e[0] += pred[i["link"]] == pred[wire[i["story"]]]
    rel = [i for i in items if i["kind"] == "release"]
    for a, b in itertools.combinations(rel, 2):
        if a["story"] == b["story"]:
            e = by_edit["release_copy"]
            e[1] += 1
            e[0] += pred[a["link"]] == pred[b["link"]]
    res["recall_by_edit"] = {k: dict(found=v[0], of=v[1], recall=v[0] / v[1]) for k, v in sorted(by_edit.items())}

    buckets = collections.defaultdict(lambda: [0, 0])
    negatives = collections.Counter()
    close = {}
    for a, b in itertools.combinations(items, 2):
        same_true = a["story"] == b["story"]
        same_pred = pred[a["link"]] == pred[b["link"]]
        j = jaccard(sh[a["link"]], sh[b["link"]])
        if same_true:
            bucket = buckets[min(int(j * 10), 9) / 10]
            bucket[1] += 1
            bucket[0] += same_pred
        else:
            if same_pred:
                negatives["/".join(sorted((a["kind"], b["kind"])))] += 1
            c = containment(sh[a["link"]], sh[b["link"]])
            if c > 0.15 or j > 0.1:
                key = tuple(sorted((a["story"], b["story"])))
                close[key] = max(close.get(key, (0, 0, False)), (round(c, 3), round(j, 3), same_pred))
    res["recall_by_true_jaccard"] = {f"{k:.1f}-{k + 0.1:.1f}": dict(found=v[0], of=v[1], recall=v[0] / v[1])
                                     for k, v in sorted(buckets.items())}
    res["false_merges_by_kind"] = dict(negatives)
    ranked = sorted(((v, k) for k, v in close.items()), reverse=True)[:8]
    res["closest_negatives"] = [dict(containment=c, jaccard=j, a=x, b=y, merged=m) for (c, j, m), (x, y) in ranked]
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target"),
                                                  "release", "tidings"))
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--stories", type=int, default=48)
    ap.add_argument("--set", action="append", default=[], help="a [dedup] line, e.g. threshold=0.5")
    ap.add_argument("--keep", help="work in this folder and keep it")
    ap.add_argument("--json", action="store_true", help="print the result as JSON only")
    args = ap.parse_args()
    if not os.path.isfile(args.bin):
        sys.exit(f"score: no binary at {args.bin}: build it (cargo build --release) or pass --bin")
    work = args.keep or tempfile.mkdtemp(prefix="tidings-syndication-")
    os.makedirs(work, exist_ok=True)
    truth, stored = run(args.bin, work, args.seed, args.stories, args.set)
    res = score(truth, stored)
    if not args.keep:
        import shutil
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(res))
        return
    print(f"syndication benchmark: seed {args.seed}, {args.stories} wire stories, [dedup] {args.set or 'defaults'}")
    for k in ("items", "stored", "missing", "true_stories", "predicted_stories", "true_pairs",
              "predicted_pairs", "correct_pairs"):
        print(f"  {k:22} {res[k]}")
    for k in ("pairwise_precision", "pairwise_recall", "bcubed_precision", "bcubed_recall"):
        print(f"  {k:22} {res[k]:.4f}")
    print("  recall by edit type (copy joins the wire original's story):")
    for k, v in res["recall_by_edit"].items():
        print(f"    {k:16} {v['found']:3}/{v['of']:3}  {v['recall']:.3f}")
    print("  recall by true Jaccard (all true pairs):")
    for k, v in res["recall_by_true_jaccard"].items():
        print(f"    {k:16} {v['found']:4}/{v['of']:4}  {v['recall']:.3f}")
    print(f"  false merges by kind (pairs): {res['false_merges_by_kind'] or 'none'}")
    print("  closest negative pairs (containment, jaccard, stories, merged):")
    for n in res["closest_negatives"]:
        print(f"    {n['containment']:.3f} {n['jaccard']:.3f} {n['a']} / {n['b']} {'MERGED' if n['merged'] else ''}")


if __name__ == "__main__":
    main()
