# Background processes of one e2e run: started with their output in a log file, remembered by
# process id, and stopped (TERM, then KILL) by stop_all, which the run's EXIT trap calls.
# Sourced by e2e/run; expects $WORK (the run's directory).

PIDS_FILE=""
USED_PORTS=" "

processes_init() {
  PIDS_FILE="$WORK/pids"
  : >"$PIDS_FILE"
  mkdir -p "$WORK/logs"
}

# start NAME COMMAND...: runs COMMAND in the background, its output in $WORK/logs/NAME.log.
start() {
  local name="$1"; shift
  "$@" >"$WORK/logs/$name.log" 2>&1 &
  local pid=$!
  echo "$name $pid" >>"$PIDS_FILE"
  eval "PID_${name//-/_}=$pid"
}

# stop NAME: stops one process started by start, waiting up to 15 s before killing it.
stop() {
  local name="$1" pid
  pid="$(awk -v n="$name" '$1==n {print $2}' "$PIDS_FILE" | tail -1)"
  [ -n "$pid" ] || return 0
  stop_pid "$pid"
  awk -v n="$name" '$1!=n' "$PIDS_FILE" >"$PIDS_FILE.new" && mv "$PIDS_FILE.new" "$PIDS_FILE"
}

stop_pid() {
  local pid="$1" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.5
  done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
  return 0
}

# stop_all: stops every process still running, the last started first (the control plane last).
stop_all() {
  [ -n "$PIDS_FILE" ] && [ -f "$PIDS_FILE" ] || return 0
  local line
  local -a lines=()
  mapfile -t lines < <(tac "$PIDS_FILE")
  # In this shell, not a pipeline's subshell: only the parent can reap its children.
  for line in "${lines[@]}"; do
    stop_pid "${line#* }"
  done
  : >"$PIDS_FILE"
}

# running NAME: whether the process started under NAME is still alive.
running() {
  local pid
  pid="$(awk -v n="$1" '$1==n {print $2}' "$PIDS_FILE" | tail -1)"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# free_port: a loopback port nothing listens on, never the same one twice in a run. Other people's
# tests share this loopback, so the port is probed rather than assumed.
free_port() {
  local port
  while :; do
    port=$(( (RANDOM << 15 | RANDOM) % 30000 + 20000 ))
    case "$USED_PORTS" in *" $port "*) continue ;; esac
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      USED_PORTS+="$port "
      echo "$port"
      return 0
    fi
  done
}

# wait_until SECONDS DESCRIPTION COMMAND...: retries COMMAND every second until it succeeds.
wait_until() {
  wait_for_process "" "$@"
}

# wait_for_process NAME SECONDS DESCRIPTION COMMAND...: as wait_until, but gives up at once when
# the process started as NAME has exited.
wait_for_process() {
  local process="$1" seconds="$2" what="$3"; shift 3
  local deadline=$((SECONDS + seconds))
  while ! "$@" >/dev/null 2>&1; do
    if [ -n "$process" ] && ! running "$process"; then
      echo "$process exited while waiting for $what" >&2
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "timed out after ${seconds}s waiting for $what" >&2
      return 1
    fi
    sleep 1
  done
}
