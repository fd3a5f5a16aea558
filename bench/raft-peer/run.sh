#!/bin/sh
# The Raft core's ClusterBenchmark beside its peer, etcd's raft, driven the same way (see main.go),
# one after the other on this machine; ends with one line per case giving both and their ratios.
#
#   bench/raft-peer/run.sh            (from anywhere; installs Go and etcd's sources when missing)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/bench/raft-peer/target"
mkdir -p "$out"

missing=""
command -v go >/dev/null 2>&1 || missing="golang-go"
[ -d /usr/share/gocode/src/go.etcd.io/etcd/raft ] || missing="$missing golang-etcd-server-dev"
if [ -n "$missing" ]; then
  echo "Installing $missing (Debian's packages: Go and etcd's sources, whose raft package is the peer)"
  $(command -v sudo || true) apt-get install -y $missing
fi

# Debian ships etcd's sources for GOPATH builds; no module download is needed or possible here.
(cd "$root/bench/raft-peer" && GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$out/go-cache" go build -o "$out/raft-peer" .)

cd "$root"
rm -f "$out/jmh.csv"
./mvnw -q -pl engines/raft-kv/raft test-compile exec:exec \
  -Djmh.args="-prof gc -rf csv -rff $out/jmh.csv ClusterBenchmark"
"$out/raft-peer" -rounds 3 | tee "$out/peer.txt"

awk -F, '
  FNR == NR {
    gsub(/["\r]/, "")
    n = split($1, parts, ".")
    name = parts[n]
    if (name ~ /^propose/ && $7 == "ops/s") { core_ops[name] = $5 }
    if ($1 ~ /gc\.alloc\.rate\.norm$/) {
      split($1, head, ":"); m = split(head[1], p2, "."); core_bytes[p2[m]] = $5
    }
    next
  }
  {
    # peer lines: NAME ops_per_s=X bytes_per_op=Y allocs_per_op=Z; keep every round for the median
    split($0, f, " "); name = f[1]
    sub("ops_per_s=", "", f[2]); sub("bytes_per_op=", "", f[3])
    k = ++rounds[name]; peer_ops[name, k] = f[2]; peer_bytes[name, k] = f[3]
  }
  function median(arr, name, count,   i, j, t, v) {
    for (i = 1; i <= count; i++) v[i] = arr[name, i] + 0
    for (i = 1; i <= count; i++) for (j = i + 1; j <= count; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return v[int((count + 1) / 2)]
  }
  END {
    for (name in core_ops) {
      if (!(name in rounds)) continue
      po = median(peer_ops, name, rounds[name]); pb = median(peer_bytes, name, rounds[name])
      printf "raft-peer case=%s core_ops_per_s=%.0f etcd_ops_per_s=%.0f ops_ratio=%.2f core_bytes_per_op=%.0f etcd_bytes_per_op=%.0f bytes_ratio=%.2f\n",
        name, core_ops[name], po, core_ops[name] / po, core_bytes[name], pb, (pb > 0 ? core_bytes[name] / pb : 0)
    }
  }
' FS=, "$out/jmh.csv" FS=' ' "$out/peer.txt" | sort
