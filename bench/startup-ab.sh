#!/usr/bin/env bash
# A/B of what start-up time depends on, on the same build: the poller (curl + sleep every 20 ms, as the scripts polled
# before, against bench/ready.sh) and the cache (the dynamic CDS archive of JDK 21-24 against JDK 25's AOT cache).
# `java -jar` without the launcher, restarts on one SQLite database, the four kinds interleaved.
# Usage: bench/startup-ab.sh [ROUNDS]   (default 7; needs JDK 25+)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/bench/ready.sh"
ROUNDS="${1:-7}"
"$ROOT/rowgate" --version >/dev/null   # builds the jar when needed
. "$ROOT/bin/find-jdk"; rowgate_find_jdk
J="$JAVA_HOME/bin/java"; JAR="$ROOT/server/target/rowgate.jar"
tmp=$(mktemp -d); cd "$tmp"; trap 'rm -rf "$tmp"' EXIT
port=18083
opts=(--enable-native-access=ALL-UNNAMED -XX:+UseG1GC -Xms32m -Xmx128m)
start() { MALLOC_ARENA_MAX=2 "$J" "${opts[@]}" "$@" -jar "$JAR" serve --port "$port" >/dev/null 2>&1 & pid=$!; }
stop() { kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; }
# Training starts: each writes its cache when it stops.
start -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$tmp/a.jsa" -Xlog:cds=off; ready_wait "$port" /healthz "$pid"; sleep 2; stop
start -XX:AOTCacheOutput="$tmp/a.aot" -Xlog:aot=off -Xlog:cds=off; ready_wait "$port" /healthz "$pid"; sleep 2; stop
one() { # $1 poller (curl|bash) $2 cache (cds|aot): prints ms to the first 200
  local cache s e
  if [ "$2" = aot ]; then cache=(-XX:AOTCache="$tmp/a.aot" -Xlog:aot=off -Xlog:cds=off); else cache=(-XX:SharedArchiveFile="$tmp/a.jsa" -Xlog:cds=off); fi
  s=$(date +%s%N); start "${cache[@]}"
  if [ "$1" = curl ]; then until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do sleep 0.02; done
  else ready_wait "$port" /healthz "$pid"; fi
  e=$(date +%s%N); stop; echo $(( (e - s) / 1000000 ))
}
declare -A ms
for _ in $(seq "$ROUNDS"); do for poll in curl bash; do for cache in cds aot; do ms[$poll-$cache]+="$(one $poll $cache) "; done; done; done
for k in curl-cds curl-aot bash-cds bash-aot; do
  sorted=$(tr ' ' '\n' <<<"${ms[$k]}" | grep . | sort -n | tr '\n' ' ')
  echo "poller ${k%-*}, cache ${k#*-}: median $(awk '{print $(int((NF+1)/2))}' <<<"$sorted") ms  ($sorted)"
done
echo "machine: $(nproc) cores, $("$J" -version 2>&1 | head -1)"
