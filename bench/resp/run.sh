#!/bin/sh
# redis-benchmark against the Redis protocol front end and, side by side in the same run, against a
# real redis-server on this machine: the same command for each, then one line per test with both
# figures and their ratio.
#
#   bench/resp/run.sh [memory|raft-kv] [REQUESTS]
#
# memory   the front end over its in-memory backend: what the protocol layer costs by itself
# raft-kv  a raft-kv playground (PD and three stores as processes, kvsctl playground), through
#          the first store's Redis port: what a Redis client of raft-kv sees
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
target=${1:-memory}
requests=${2:-100000}
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
    ./kvsctl playground --engine raft-kv --dir "$playground_dir" >"$out/playground.log" 2>&1 &
    playground_pid=$!
    pids="$pids $playground_pid"
    for _ in $(seq 1 600); do
      ours_port=$(grep -o 'redis-cli -p [0-9]*' "$out/playground.log" | head -1 | awk '{print $3}') || true
      [ -n "$ours_port" ] && break
      sleep 0.5
    done
    [ -n "$ours_port" ] || { echo "the playground printed no Redis port; see $out/playground.log" >&2; exit 1; }
    ;;
  *) echo "usage: $0 [memory|raft-kv] [REQUESTS]" >&2; exit 2 ;;
esac

await_port "$redis_port"
await_port "$ours_port"

run() { # name port args...
  name=$1; port=$2; shift 2
  redis-benchmark -h 127.0.0.1 -p "$port" "$@" -q 2>&1 | tr '\r' '\n' | grep 'requests per second' \
    | sed "s/^/$name /" | tee -a "$out/results.txt"
}

: >"$out/results.txt"
for args in "-t set,get -n $requests -c 50" "-t set,get -n $requests -c 50 -P 16"; do
  echo "== redis-benchmark $args -q"
  # Warm the JVM up once, then measure; redis-server gets the same two runs.
  run warmup "$ours_port" $args >/dev/null
  run redis "$redis_port" $args
  run ours "$ours_port" $args
done

awk '
  { name = $1; test = $2 " " ($0 ~ /P16/ ? "" : ""); rps = $3 }
  name == "redis" { r[++nr] = $2 " " $3; }
  name == "ours"  { o[++no] = $3 }
  END {
    print ""
    printf "%-6s %14s %14s %8s\n", "test", "redis-server", "'"$target"'", "ratio"
    for (i = 1; i <= nr; i++) {
      split(r[i], f, " ")
      printf "%-6s %14.0f %14.0f %8.2f\n", f[1], f[2], o[i], o[i] / f[2]
    }
  }' "$out/results.txt"
