#!/usr/bin/env bash
# The feed-farm benchmark for tidings: cold, warm and idle rounds of
# `tidings once` against the deterministic farm of ../shared/bench, served by
# nginx on 127.0.0.1, each timed with /usr/bin/time -v.
#
#   benches/farm.sh [N_FEEDS=1000] [M_ITEMS=50]
#
# Rounds: cold (empty database, whole farm), warm (the farm advanced one
# simulated hour: some feeds changed, the rest answer 304), idle (nothing
# changed: every feed a 304). Prints wall, CPU, peak RSS, articles stored and
# the HTTP statuses nginx logged for each round.
#
# Needs ../shared/bench beside the checkout (not part of the project: only
# benchmarks use it) and its setup (nginx, GNU time: ../shared/bench/setup.sh).
# Everything talks to 127.0.0.1 only.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=${BENCH_DIR:-$ROOT/../shared/bench}
if [[ ! -f $BENCH/gen_farm.py ]]; then
  echo "benches/farm.sh: the feed farm is missing (looked for $BENCH/gen_farm.py);"
  echo "it lives in ../shared/bench beside the checkout. Nothing measured."
  exit 0
fi
for tool in nginx /usr/bin/time curl; do
  command -v "$tool" >/dev/null || { echo "benches/farm.sh: $tool missing: run $BENCH/setup.sh first"; exit 1; }
done
N=${1:-1000}; M=${2:-50}
PORT=${PORT:-8089}; SEED=${SEED:-42}
SCRATCH=${SCRATCH:-/tmp/bench-scratch}; export SCRATCH
FARM=$SCRATCH/farm-tidings
OUT=$SCRATCH/results/tidings-n$N-m$M-$(date +%Y%m%d-%H%M%S)
LOG=$SCRATCH/nginx/access.log
BIN=${TIDINGS_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/release/tidings}
mkdir -p "$OUT"

[[ -n ${TIDINGS_BIN:-} ]] || (cd "$ROOT" && cargo build --release --quiet)

echo "== farm N=$N M=$M seed=$SEED -> $FARM"
rm -rf "$FARM"
python3 "$BENCH/gen_farm.py" init --out "$FARM" --feeds "$N" --items "$M" --seed "$SEED" \
  --base-url "http://127.0.0.1:$PORT" > "$OUT/manifest-r0.json"
sync  # the generator's writes are flushed before the clock starts, not during a round
"$BENCH/nginx.sh" stop >/dev/null || true
"$BENCH/nginx.sh" start "$FARM" "$PORT"
trap '"$BENCH/nginx.sh" stop >/dev/null 2>&1 || true' EXIT

DB=$OUT/tidings.db
CONF=$OUT/tidings.toml
{
  echo "database = \"$DB\""
  echo "[log]"
  echo "level = \"warn\""
  echo "[fetch]"
  # (issue 7 adds `allow_private_networks`; emit it once that key exists)
  if grep -q allow_private_networks "$ROOT/src/config/raw.rs" 2>/dev/null; then
    echo "allow_private_networks = true   # the farm is on 127.0.0.1"
  fi
  echo "# every farm feed is on one host (127.0.0.1): lift the per-host politeness"
  echo "# (default: 1 request at a time, 1s apart) or a cold round takes N seconds"
  echo "per_host_concurrency = 8"
  echo "per_host_delay = \"0s\""
  while read -r u; do [[ -n $u ]] && printf '[[feeds]]\nurl = "%s"\n' "$u"; done < "$FARM/urls.txt"
} > "$CONF"

round() {  # round NAME
  local name=$1 off
  off=$(stat -c %s "$LOG" 2>/dev/null || echo 0)
  /usr/bin/time -v -o "$OUT/$name.timev" "$BIN" once --force --config "$CONF" \
    > "$OUT/$name.stdout" 2> "$OUT/$name.stderr" || echo "   WARN: exit $? (see $OUT/$name.stderr)"
  python3 "$BENCH/metrics.py" record --peer tidings --phase "$name" --timev "$OUT/$name.timev" \
    --kind project --db "$DB" --log "$LOG" --log-from "$off" > "$OUT/$name.json"
  python3 - "$OUT/$name.json" "$OUT/$name.stdout" "$name" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
summary = open(sys.argv[2]).read().strip()
h = r.get("http", {})
print(f"{sys.argv[3]:>5}: wall {r.get('wall_s', 0):6.2f}s  cpu {r.get('cpu_s', 0):6.2f}s  "
      f"peak RSS {r.get('rss_mb', 0):.0f} MB  articles {r.get('rows', '-')} (dups {r.get('dups', '-')})  "
      f"http {h.get('req', 0)} req: {h.get('s200', 0)} x200, {h.get('s304', 0)} x304, "
      f"{h.get('s404', 0)} x404, {h.get('other', 0)} other")
print(f"       {summary}")
PY
}

export PROJECT_TEXT_COL=body_text PROJECT_ITEMS_TABLE=articles
echo "load average before: $(cut -d" " -f1-3 /proc/loadavg)"
round cold
python3 "$BENCH/gen_farm.py" next --out "$FARM" > "$OUT/manifest-r1.json"
sync
round warm
round idle
echo "load average after: $(cut -d" " -f1-3 /proc/loadavg)"
echo "results in $OUT"
