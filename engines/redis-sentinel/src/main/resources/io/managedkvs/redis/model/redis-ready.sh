#!/bin/sh
# Readiness of a redis member: it answers, and a replica is connected to its primary.
# The password comes from REDISCLI_AUTH in the environment, never from the command line.
set -eu
[ "$(timeout 3 redis-cli ${REDIS_CLI_TLS:-} --no-auth-warning -p "${REDIS_PORT:-6379}" ping 2>/dev/null)" = "PONG" ] || exit 1
info=$(timeout 3 redis-cli ${REDIS_CLI_TLS:-} --no-auth-warning -p "${REDIS_PORT:-6379}" info replication 2>/dev/null) || exit 1
case "$info" in
  *role:slave*) echo "$info" | grep -q 'master_link_status:up' || exit 1 ;;
esac
