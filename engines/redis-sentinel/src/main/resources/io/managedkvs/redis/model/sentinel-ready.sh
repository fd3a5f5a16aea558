#!/bin/sh
# Readiness of a Sentinel: it answers, and it monitors the instance (the platform has registered it).
# Until then it must not serve Sentinel-aware clients through the Sentinel Service (it would tell them
# the instance does not exist), and a rolling update of the Sentinels waits for each one to be
# registered before it replaces the next. Redis members and the platform reach Sentinels through the
# headless Service, which lists Sentinels that are not ready yet, so an instance's first start, before
# any Sentinel is registered, does not wait for this.
# The password comes from REDISCLI_AUTH in the environment, never from the command line.
set -eu
reply=$(timeout 3 redis-cli ${REDIS_CLI_TLS:-} --no-auth-warning -p "${SENTINEL_PORT:-26379}" SENTINEL get-master-addr-by-name "$MASTER_NAME" \
  2>/dev/null </dev/null) || exit 1
port=$(printf '%s\n' "$reply" | sed -n 2p)
case "$port" in
  ''|*[!0-9]*) exit 1 ;;
esac
