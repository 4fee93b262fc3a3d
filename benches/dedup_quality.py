#!/usr/bin/env python3
"""Precision and recall of tidings' story grouping on the shared bench's feed farm.

    python3 benches/dedup_quality.py [--feeds 200] [--items 50] [--seed 42] [--rounds 0]
                                     [--near link|drop|off] [--threshold 0.6] [--http]
                                     [--bin PATH] [--keep DIR]

What it does:

1. generates a farm with `../shared/bench/gen_farm.py init` into a temporary folder (the
   generator plants wire stories copied into several feeds, under other links, sometimes
   with a prefixed/suffixed headline and a trailing syndication paragraph, and records in
   `state.json` which items are copies of which: items sharing a story id);
2. writes a tidings config listing every feed of the farm, as file paths (default) or, with
   `--http`, as URLs served by `python3 -m http.server` on 127.0.0.1;
3. runs the real binary, `tidings once`, then `--rounds` times `gen_farm.py next` followed by
   another `tidings once` (new items, edits, items dropping off);
4. reads the SQLite file: each stored article's link and `story_id`, plus each dropped copy's
   link and the story of the article it copies (`--near drop`);
5. compares with the truth, accumulated over the rounds (link -> story id, from
   `gen_farm.item_link`), by counting item pairs: a pair is *predicted* together when it has
   the same `story_id`, *truly* together when it has the same story id in the farm.
   precision = true pairs predicted / pairs predicted; recall = true pairs predicted /
   true pairs. Items the farm has but the database lacks (or the reverse) are reported.

The farm generator lives outside this repository (`../shared/bench/`, or the folder named by
the TIDINGS_BENCH_DIR environment variable); without it the script says so and exits 2.
The binary is `--bin`, else `$CARGO_TARGET_DIR/release/tidings` (or `target/release/tidings`),
built with `cargo build --release` first. Only the Python standard library is needed.
"""
import argparse
import collections
import importlib.util
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def bench_dir():
    return os.environ.get("TIDINGS_BENCH_DIR") or os.path.join(os.path.dirname(ROOT), "shared", "bench")


def load_generator():
    path = os.path.join(bench_dir(), "gen_farm.py")
    if not os.path.isfile(path):
        print(
            f"dedup_quality: the farm generator is missing: {path} does not exist.\n"
            "This measurement needs the shared bench harness (../shared/bench/gen_farm.py beside "
            "the repository, or TIDINGS_BENCH_DIR pointing at its folder). Nothing was measured.",
            file=sys.stderr)
        sys.exit(2)
    spec = importlib.util.spec_from_file_location("gen_farm", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return path, module


def tidings_binary(given):
    if given:
        return given
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
    print("building: cargo build --release --bin tidings", flush=True)
    subprocess.run(["cargo", "build", "--release", "--bin", "tidings"], cwd=ROOT, check=True)
    return os.path.join(target, "release", "tidings")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def toml_str(s):
    return json.dumps(s)  # a JSON string is a valid TOML basic string


def write_config(path, db, feeds, near, threshold):
    lines = [f"database = {toml_str(db)}", "", "[log]", 'level = "warn"', "",
             # The farm is one host (127.0.0.1): lift the per-host politeness.
             "[fetch]", "concurrency = 8", "per_host_concurrency = 8", 'per_host_delay = "0s"', "",
             "[dedup]", f"near = {toml_str(near)}"]
    if threshold is not None:
        lines.append(f"threshold = {threshold!r}")
    for url in feeds:
        lines += ["", "[[feeds]]", f"url = {toml_str(url)}"]
    with open(path, "w") as fh:
        fh.write("\n".join(lines) + "\n")


def run_once(binary, config):
    started = time.monotonic()
    out = subprocess.run([binary, "--config", config, "once", "--force"],
                         capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if out.returncode != 0:
        sys.exit(f"tidings once failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")
    return out.stdout.strip(), elapsed


def truth_of(gen, farm, truth):
    with open(os.path.join(farm, "state.json")) as fh:
        state = json.load(fh)
    for feed in state["feeds"]:
        for story, slot, _ts, _ver in feed["items"]:
            truth[gen.item_link(feed, slot, state["base_url"])] = story
    return state


def predicted_of(db):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = conn.execute("SELECT link, story_id, title FROM articles").fetchall()
    copies = conn.execute(
        "SELECT c.link, a.story_id, c.title FROM copies c JOIN articles a ON a.id = c.article_id"
    ).fetchall()
    conn.close()
    return {link: (story, title) for link, story, title in rows + copies}


def pairs(n):
    return n * (n - 1) // 2


def score(truth, predicted):
    common = [link for link in truth if link in predicted]
    by_pred = collections.Counter(predicted[l][0] for l in common)
    by_truth = collections.Counter(truth[l] for l in common)
    both = collections.Counter((predicted[l][0], truth[l]) for l in common)
    tp = sum(pairs(n) for n in both.values())
    pred_pairs = sum(pairs(n) for n in by_pred.values())
    true_pairs = sum(pairs(n) for n in by_truth.values())
    return {
        "items_in_truth": len(truth),
        "items_stored": len(predicted),
        "items_compared": len(common),
        "missing_from_db": len(truth) - len(common),
        "unknown_in_db": len([l for l in predicted if l not in truth]),
        "true_stories": len(by_truth),
        "predicted_stories": len(by_pred),
        "true_pairs": true_pairs,
        "predicted_pairs": pred_pairs,
        "correct_pairs": tp,
        "precision": tp / pred_pairs if pred_pairs else 1.0,
        "recall": tp / true_pairs if true_pairs else 1.0,
    }


def mistakes(truth, predicted, limit=5):
    """A few false merges (one predicted story, several true ones) and misses."""
    common = [link for link in truth if link in predicted]
    stories_of_pred = collections.defaultdict(set)
    preds_of_truth = collections.defaultdict(set)
    for l in common:
        stories_of_pred[predicted[l][0]].add(truth[l])
        preds_of_truth[truth[l]].add(predicted[l][0])
    merged = [(p, sorted(t)) for p, t in stories_of_pred.items() if len(t) > 1][:limit]
    split = [(t, sorted(p)) for t, p in preds_of_truth.items() if len(p) > 1][:limit]
    return merged, split


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--rounds", type=int, default=0, help="gen_farm.py next + tidings once, this many times")
    ap.add_argument("--near", choices=["link", "drop", "off"], default="link")
    ap.add_argument("--threshold", type=float, default=None, help="dedup.threshold (default: tidings' own)")
    ap.add_argument("--http", action="store_true", help="serve the farm with python3 -m http.server on 127.0.0.1")
    ap.add_argument("--bin", help="the tidings binary (default: build the release binary)")
    ap.add_argument("--keep", help="work in this folder and keep it (default: a temp folder, removed)")
    args = ap.parse_args()

    gen_path, gen = load_generator()
    binary = tidings_binary(args.bin)
    work = args.keep or tempfile.mkdtemp(prefix="tidings-dedup-quality-")
    os.makedirs(work, exist_ok=True)
    farm = os.path.join(work, "farm")
    port = free_port() if args.http else 8089
    base = f"http://127.0.0.1:{port}"
    subprocess.run([sys.executable, gen_path, "init", "--out", farm, "--feeds", str(args.feeds),
                    "--items", str(args.items), "--seed", str(args.seed), "--base-url", base],
                   check=True, stdout=subprocess.DEVNULL)
    server = None
    try:
        if args.http:
            server = subprocess.Popen(
                [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                 "--directory", os.path.join(farm, "www")],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(100):  # bounded wait for the port to open
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.05)
        truth = {}
        state = truth_of(gen, farm, truth)
        feeds = [f"{base}/{f['path']}" if args.http else os.path.join(farm, "www", f["path"])
                 for f in state["feeds"]]
        db = os.path.join(work, "tidings.db")
        config = os.path.join(work, "tidings.toml")
        write_config(config, db, feeds, args.near, args.threshold)
        runs = []
        line, secs = run_once(binary, config)
        runs.append((0, line, secs))
        for r in range(1, args.rounds + 1):
            subprocess.run([sys.executable, gen_path, "next", "--out", farm], check=True,
                           stdout=subprocess.DEVNULL)
            truth_of(gen, farm, truth)
            line, secs = run_once(binary, config)
            runs.append((r, line, secs))
        predicted = predicted_of(db)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)

    result = score(truth, predicted)
    print(f"farm: {args.feeds} feeds x {args.items} items, seed {args.seed}, rounds {args.rounds}, "
          f"via {'http' if args.http else 'files'}; dedup.near = {args.near}, threshold = "
          f"{args.threshold if args.threshold is not None else 'default'}")
    for r, line, secs in runs:
        print(f"  round {r}: tidings once {secs:.1f}s: {line}")
    for key, value in result.items():
        print(f"  {key:18} {value:.4f}" if isinstance(value, float) else f"  {key:18} {value}")
    merged, split = mistakes(truth, predicted)
    for p, stories in merged:
        print(f"  false merge: story_id {p} holds farm stories {stories}")
    for t, stories in split:
        print(f"  missed: farm story {t} is split over story_ids {stories}")
    if args.keep:
        print(f"  kept: {work}")
    else:
        import shutil
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
