#!/usr/bin/env bash
# Start-up time (process start to the first 200 from /healthz) and RSS of `rowgate serve`, on a first start
# (empty SQLite: migration + demo seeding with two Argon2id hashes) and on a restart (existing database).
# Usage: bench/startup.sh [RUNS]   (default 5)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/bench/ready.sh"
RUNS="${1:-5}"
"$ROOT/rowgate" --version >/dev/null   # builds the jar when needed, outside the measurement
port=18080
measure() { # $1 folder; prints "ms rss_kib"
  local dir="$1" start end pid
  start=$(date +%s%N)
  (cd "$dir" && exec "$ROOT/rowgate" serve --port "$port" >/dev/null 2>&1) & pid=$!
  ready_wait "$port" /healthz "$pid" || { echo "rowgate did not start" >&2; exit 1; }
  end=$(date +%s%N)
  local rss; rss=$(ps -o rss= -p "$(pgrep -P "$pid" java || echo "$pid")" | tr -d ' ')
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  echo "$(( (end - start) / 1000000 )) $rss"
}
report() { sort -n | awk -v what="$1" '{ms[NR]=$1; rss[NR]=$2} END {printf "%-22s median %5d ms  (min %d, max %d)  RSS after start median %d MiB\n", what, ms[int((NR+1)/2)], ms[1], ms[NR], rss[int((NR+1)/2)]/1024}'; }
tmp=$(mktemp -d)
for i in $(seq "$RUNS"); do rm -rf "$tmp/first"; mkdir -p "$tmp/first"; measure "$tmp/first"; done | report "first start (empty db)"
for i in $(seq "$RUNS"); do measure "$tmp/first"; done | report "restart (existing db)"
rm -rf "$tmp"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $("$ROOT/rowgate" --version), $(. "$ROOT/bin/find-jdk"; rowgate_find_jdk; "$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
