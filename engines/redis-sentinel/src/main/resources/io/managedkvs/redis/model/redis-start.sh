#!/bin/sh
# Starts redis-server in a Managed KVS pod. With spec.tls, REDIS_CLI_TLS holds redis-cli's TLS options.
#
# The password never enters the ConfigMap: it arrives in the environment from the credentials
# Secret and is written to a file on the pod's own emptyDir.
#
# Before starting, the member asks every Sentinel of the instance (by its pod's DNS name through the
# headless Service, listed one "host port" per line in $SENTINELS_FILE) which member is the primary:
#
#   - a majority of the Sentinels names another member: start as its replica;
#   - a Sentinel names this member the primary and lists replicas: this member was restarted and its
#     replicas may hold newer data than its disk (or all of it, if its volume is new). It does not
#     start until Sentinel has promoted one of them, however long that takes: coming back as the
#     primary would make the replicas copy its older or empty data;
#   - a majority names this member and none lists replicas: start as the primary;
#   - every Sentinel answers and none monitors the instance: the instance's first start (or every
#     Sentinel was replaced): start without a primary; the platform sets up replication;
#   - anything else (a Sentinel that does not answer may be the one that knows; a replaced Sentinel
#     that knows nothing yet proves nothing): ask again.
set -eu

# The directories are fixed in pods; tests point them elsewhere.
RUN_DIR="${RUN_DIR:-/run/redis}"
CONFIG_DIR="${CONFIG_DIR:-/etc/managedkvs}"
SENTINELS_FILE="${SENTINELS_FILE:-$CONFIG_DIR/sentinels}"
RETRY_SECONDS="${RETRY_SECONDS:-2}"
CONF="$RUN_DIR/redis.conf"
SELF="$ANNOUNCE_HOST:${ANNOUNCE_PORT:-6379}"
quote() {
  printf '"%s"' "$(printf '%s' "$1" | sed 's/[\\"]/\\&/g')"
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

sentinel() { # host port command...
  h=$1; p=$2; shift 2
  REDISCLI_AUTH="${REDIS_PASSWORD:-}" timeout 3 redis-cli ${REDIS_CLI_TLS:-} --no-auth-warning -h "$h" -p "$p" "$@" 2>/dev/null </dev/null
}

# One Sentinel's answer: "address HOST:PORT", "none" (it monitors no such instance) or "error".
ask() { # host port
  reply=$(sentinel "$1" "$2" SENTINEL get-master-addr-by-name "$MASTER_NAME") || { echo error; return; }
  if [ -z "$reply" ]; then
    echo none
    return
  fi
  host=$(printf '%s\n' "$reply" | sed -n 1p)
  port=$(printf '%s\n' "$reply" | sed -n 2p)
  case "$port" in
    ''|*[!0-9]*) echo error ;; # an error reply (NOAUTH, LOADING, ...)
    *) case "$host" in ''|*' '*) echo error ;; *) echo "address $host:$port" ;; esac ;;
  esac
}

# How many replicas a Sentinel lists for the instance (0 when unknown).
replicas_listed() { # host port
  sentinel "$1" "$2" SENTINEL master "$MASTER_NAME" | awk 'prev=="num-slaves"{print; found=1; exit} {prev=$0} END{if (!found) print 0}'
}

last=""
say() {
  if [ "$1" != "$last" ]; then
    echo "$1"
    last="$1"
  fi
}

while :; do
  total=0; unknown=0; addresses=""; self_with_replicas=""
  if [ -r "$SENTINELS_FILE" ]; then
    while read -r shost sport; do
      [ -n "$shost" ] || continue
      total=$((total + 1))
      answer=$(ask "$shost" "$sport")
      case "$answer" in
        none) unknown=$((unknown + 1)) ;;
        address\ *)
          addr=${answer#address }
          addresses="$addresses$addr
"
          if [ "$addr" = "$SELF" ] && [ "$(replicas_listed "$shost" "$sport")" != "0" ]; then
            self_with_replicas="$shost"
          fi
          ;;
      esac
    done < "$SENTINELS_FILE"
  fi
  majority=$((total / 2 + 1))
  top=$(printf '%s' "$addresses" | sed '/^$/d' | sort | uniq -c | sort -rn | head -n 1)
  votes=$(echo "$top" | awk '{print $1+0}')
  named=$(echo "$top" | awk '{print $2}')
  if [ "$total" -eq 0 ]; then
    say "No Sentinel is listed in $SENTINELS_FILE; waiting"
  elif [ "$votes" -ge "$majority" ] && [ "$named" != "$SELF" ]; then
    host=${named%:*}
    port=${named##*:}
    echo "Starting as a replica of $host:$port ($votes of $total Sentinels name it)"
    echo "replicaof $host $port" >> "$CONF"
    break
  elif [ -n "$self_with_replicas" ]; then
    say "Sentinel $self_with_replicas still names this restarted member the primary and lists replicas; waiting for it to promote one of them"
  elif [ "$votes" -ge "$majority" ]; then
    echo "Sentinel names this member the primary and lists no replicas; starting as the primary"
    break
  elif [ "$unknown" -eq "$total" ]; then
    echo "No Sentinel monitors the instance yet ($total of $total answered); starting without a primary (the platform sets up replication)"
    break
  else
    say "Waiting for a majority of the Sentinels: $((unknown + $(printf '%s' "$addresses" | sed '/^$/d' | wc -l))) of $total answered, $unknown know no primary, $votes name ${named:-none}"
  fi
  sleep "$RETRY_SECONDS"
done

exec redis-server "$CONF"
