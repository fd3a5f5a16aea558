#!/bin/sh
# Starts redis-sentinel in a Managed KVS pod. Sentinel rewrites its configuration file as it learns
# the primary, replicas and peers, so it runs from a copy on the pod's own volume; the copy survives
# container restarts. A new pod starts from the base file and the platform registers the primary.
set -eu

# The directories are fixed in pods; tests point them elsewhere.
DATA_DIR="${DATA_DIR:-/data}"
CONFIG_DIR="${CONFIG_DIR:-/etc/managedkvs}"
CONF="$DATA_DIR/sentinel.conf"
quote() {
  printf '"%s"' "$(printf '%s' "$1" | sed 's/[\\"]/\\&/g')"
}

if [ ! -s "$CONF" ]; then
  {
    cat "$CONFIG_DIR/sentinel.conf"
    # printf, not echo: the shell's echo would interpret backslashes in the password.
    printf 'sentinel announce-ip %s\n' "$ANNOUNCE_HOST"
    if [ -n "${REDIS_PASSWORD:-}" ]; then
      printf 'requirepass %s\n' "$(quote "$REDIS_PASSWORD")"
      printf 'sentinel sentinel-pass %s\n' "$(quote "$REDIS_PASSWORD")"
    fi
  } > "$CONF.tmp"
  mv "$CONF.tmp" "$CONF"
fi

exec redis-sentinel "$CONF"
