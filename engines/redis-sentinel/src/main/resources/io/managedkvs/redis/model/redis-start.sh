#!/bin/sh
# Starts redis-server in a Managed KVS pod.
#
# The password never enters the ConfigMap: it arrives in the environment from the credentials
# Secret and is written to a file on the pod's own emptyDir. The member asks Sentinel who the
# primary is and starts as its replica. A member that Sentinel still names as the primary while it
# has replicas was restarted: its replicas hold newer data than its disk, so it stays down until
# Sentinel has promoted one of them (bounded by WAIT_FOR_FAILOVER_SECONDS), instead of coming back
# as the primary with old or empty data that its replicas would then copy.
set -eu

# The directories are fixed in pods; tests point them elsewhere.
RUN_DIR="${RUN_DIR:-/run/redis}"
CONFIG_DIR="${CONFIG_DIR:-/etc/managedkvs}"
CONF="$RUN_DIR/redis.conf"
quote() {
  printf '"%s"' "$(printf '%s' "$1" | sed 's/[\\"]/\\&/g')"
}

ask_sentinel() {
  REDISCLI_AUTH="${REDIS_PASSWORD:-}" timeout 3 redis-cli --no-auth-warning -h "$SENTINEL_HOST" -p "$SENTINEL_PORT" "$@" 2>/dev/null || true
}

{
  # printf, not echo: the shell's echo would interpret backslashes in the password.
  printf 'include %s\n' "$CONFIG_DIR/redis.conf"
  printf 'replica-announce-ip %s\n' "$ANNOUNCE_HOST"
  if [ -n "${REDIS_PASSWORD:-}" ]; then
    printf 'requirepass %s\n' "$(quote "$REDIS_PASSWORD")"
    printf 'masterauth %s\n' "$(quote "$REDIS_PASSWORD")"
  fi
} > "$CONF"

deadline=$(( $(date +%s) + WAIT_FOR_FAILOVER_SECONDS ))
while :; do
  addr=$(ask_sentinel SENTINEL get-master-addr-by-name "$MASTER_NAME")
  host=$(echo "$addr" | sed -n 1p)
  port=$(echo "$addr" | sed -n 2p)
  if [ -z "$host" ] || [ -z "$port" ] || echo "$host" | grep -q ' '; then
    echo "Sentinel does not know a primary yet; starting without one (the platform sets up replication)"
    break
  fi
  if [ "$host:$port" != "$ANNOUNCE_HOST:${ANNOUNCE_PORT:-6379}" ]; then
    echo "Starting as a replica of $host:$port"
    echo "replicaof $host $port" >> "$CONF"
    break
  fi
  replicas=$(ask_sentinel SENTINEL master "$MASTER_NAME" | awk 'prev=="num-slaves"{print; exit} {prev=$0}')
  if [ "${replicas:-0}" = "0" ]; then
    echo "Sentinel names this member the primary and it has no replicas; starting as the primary"
    break
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "No failover after ${WAIT_FOR_FAILOVER_SECONDS}s; starting as the primary Sentinel names"
    break
  fi
  echo "Sentinel still names this restarted member the primary; waiting for it to promote a replica"
  sleep 2
done

exec redis-server "$CONF"
