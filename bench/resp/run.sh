#!/bin/sh
# redis-benchmark against the Redis protocol front end and, side by side in the same run, against a
# real redis-server on this machine: the same command for each, then one line per test with both
# figures and their ratio.
#
#   bench/resp/run.sh [memory|raft-kv] [REQUESTS] [KEYSPACE]
#
# KEYSPACE, when given, is passed as redis-benchmark's -r: each command picks one of that many keys
# at random instead of the single key `key:__rand_int__`, so pipelined commands can overlap.
#
# memory   the front end over its in-memory backend: what the protocol layer costs by itself
# raft-kv  a raft-kv playground (PD and three stores as processes, kvsctl playground), through
#          the first store's Redis port: what a Redis client of raft-kv sees
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
target=${1:-memory}
requests=${2:-100000}
keyspace=${3:-}
spread=""
if [ -n "$keyspace" ]; then spread="-r $keyspace"; fi
out="$root/bench/resp/target"
mkdir -p "$out"
cd "$root"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

await_port() {
  for _ in $(seq 1 300); do
    redis-cli -p "$1" PING >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "nothing answered PING on port $1" >&2
  return 1
}

pids=""
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  if [ -n "${playground_dir:-}" ]; then kill "$playground_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT INT TERM

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$out" >"$out/redis.log" 2>&1 &
pids="$pids $!"

case "$target" in
  memory)
    ./mvnw -q -o -pl engines/raft-kv/resp test-compile dependency:build-classpath \
      -Dmdep.outputFile="$out/cp.txt" -Dmdep.includeScope=test >"$out/build.log" 2>&1
    ours_port=$(free_port)
    java -cp "engines/raft-kv/resp/target/classes:engines/raft-kv/resp/target/test-classes:$(cat "$out/cp.txt")" \
      io.managedkvs.raftkv.resp.server.InMemoryRespServerMain "$ours_port" 0 async >"$out/ours.log" 2>&1 &
    pids="$pids $!"
    ;;
  raft-kv)
    playground_dir="$out/playground"
    rm -rf "$playground_dir"
    # PORT_BASE picks the playground's eleven ports when the default ones (2379-2389) are taken.
    ./kvsctl playground --engine raft-kv --dir "$playground_dir" ${PORT_BASE:+--port-base "$PORT_BASE"} \
      >"$out/playground.log" 2>&1 &
    playground_pid=$!
    pids="$pids $playground_pid"
    for _ in $(seq 1 600); do
      ours_port=$(grep -o 'redis-cli -p [0-9]*' "$out/playground.log" | head -1 | awk '{print $3}') || true
      [ -n "$ours_port" ] && break
      sleep 0.5
    done
    [ -n "$ours_port" ] || { echo "the playground printed no Redis port; see $out/playground.log" >&2; exit 1; }
    ;;
  *) echo "usage: $0 [memory|raft-kv] [REQUESTS] [KEYSPACE]" >&2; exit 2 ;;
esac

await_port "$redis_port"
await_port "$ours_port"

run() { # name label port args...
  name=$1; label=$2; port=$3; shift 3
  redis-benchmark -h 127.0.0.1 -p "$port" "$@" -q 2>&1 | tr '\r' '\n' | grep 'requests per second' \
    | sed "s/^ *\([A-Z]*\): \([0-9.]*\) .*/$name \1$label \2/" | tee -a "$out/results.txt"
}

: >"$out/results.txt"
for pipeline in 1 16; do
  label=$([ "$pipeline" = 1 ] && echo "" || echo "-P$pipeline")
  echo "== redis-benchmark -t set,get -n $requests -c 50 -P $pipeline $spread -q"
  # Warm the JVM up once, then measure; redis-server gets the same measured run.
  # shellcheck disable=SC2086 # $spread is empty or two words
  run warmup "$label" "$ours_port" -t set,get -n "$requests" -c 50 -P "$pipeline" $spread >/dev/null
  # shellcheck disable=SC2086
  run redis "$label" "$redis_port" -t set,get -n "$requests" -c 50 -P "$pipeline" $spread
  # shellcheck disable=SC2086
  run ours "$label" "$ours_port" -t set,get -n "$requests" -c 50 -P "$pipeline" $spread
done

awk -v target="$target" '
  $1 == "redis" { test[++n] = $2; redis[$2] = $3 }
  $1 == "ours"  { ours[$2] = $3 }
  END {
    printf "\n%-10s %14s %14s %8s\n", "test", "redis-server", target, "ratio"
    for (i = 1; i <= n; i++) {
      t = test[i]
      printf "%-10s %14.0f %14.0f %8.2f\n", t, redis[t], ours[t], ours[t] / redis[t]
    }
  }' "$out/results.txt"
