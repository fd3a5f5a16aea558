#!/bin/sh
# Liveness: the process answers (PONG, or LOADING while it reads its data). Nothing about roles or
# replication is checked, so that a liveness failure never causes a failover by itself.
set -eu
reply=$(timeout 5 redis-cli ${REDIS_CLI_TLS:-} --no-auth-warning -p "${1:-6379}" ping 2>&1) || exit 1
case "$reply" in
  *PONG*|*LOADING*) exit 0 ;;
  *) exit 1 ;;
esac
