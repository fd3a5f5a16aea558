#!/bin/sh
# Starts redis-sentinel in a Managed KVS pod. Sentinel rewrites its configuration file as it learns
# the primary, replicas and peers, so it runs from a copy on the pod's own volume; the copy survives
# container restarts. A new pod starts from the base file and the platform registers the primary.
set -eu

CONF=/data/sentinel.conf
quote() {
  printf '"%s"' "$(printf '%s' "$1" | sed 's/[\\"]/\\&/g')"
}

if [ ! -s "$CONF" ]; then
  {
    cat /etc/managedkvs/sentinel.conf
    echo "sentinel announce-ip $ANNOUNCE_HOST"
    if [ -n "${REDIS_PASSWORD:-}" ]; then
      echo "requirepass $(quote "$REDIS_PASSWORD")"
      echo "sentinel sentinel-pass $(quote "$REDIS_PASSWORD")"
    fi
  } > "$CONF.tmp"
  mv "$CONF.tmp" "$CONF"
fi

exec redis-sentinel "$CONF"
