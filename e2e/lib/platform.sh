# The Managed KVS platform on the e2e control plane: the chart installed by the helm CLI, then the
# operator, the scheduler extender and the Managed KVS kube-scheduler run as local processes under
# the identities of the chart's ServiceAccounts (docs/e2e.md says why), configured from what the
# chart rendered. Sourced by e2e/run.

RELEASE=managed-kvs
RELEASE_NS=managed-kvs
FIELD_MANAGER=managed-kvs-operator
MANAGED_SCHEDULER=""
EXTENDER_PORT=""
OPERATOR_PORT=""

install_chart() {
  EXTENDER_PORT="$(free_port)"
  # The extender listens where the chart's scheduler configuration says: a free port here
  # instead of 8080, which other tests on this machine may hold.
  "$BIN/helm" install "$RELEASE" "$CHART" -n "$RELEASE_NS" --create-namespace \
    --set scheduler.enabled=true --set "scheduler.extender.port=$EXTENDER_PORT" \
    --wait --timeout 3m >"$WORK/logs/helm-install.log"
}

# deployment_env DEPLOYMENT CONTAINER: the container's environment as NAME=VALUE lines.
deployment_env() {
  kubectl -n "$RELEASE_NS" get deployment "$1" -o go-template="{{range .spec.template.spec.containers}}{{if eq .name \"$2\"}}{{range .env}}{{.name}}={{.value}}
{{end}}{{end}}{{end}}"
}

# deployment_account DEPLOYMENT: the ServiceAccount its pods run as.
deployment_account() {
  kubectl -n "$RELEASE_NS" get deployment "$1" -o jsonpath='{.spec.template.spec.serviceAccountName}'
}

# run_as_deployment NAME DEPLOYMENT CONTAINER JAR [NAME=VALUE...]: starts JAR with the container's
# environment plus the given overrides, authenticated as the Deployment's ServiceAccount.
run_as_deployment() {
  local name="$1" deployment="$2" container="$3" jar="$4"; shift 4
  local account kubeconfig
  account="$(deployment_account "$deployment")" || return 1
  kubeconfig="$(token_kubeconfig "$RELEASE_NS" "$account")" || return 1
  local -a environment=()
  mapfile -t environment < <(deployment_env "$deployment" "$container")
  mkdir -p "$WORK/$name-tmp"
  start "$name" env "${environment[@]}" "$@" KUBECONFIG="$kubeconfig" \
    java -Djava.io.tmpdir="$WORK/$name-tmp" -jar "$jar"
}

start_extender() {
  run_as_deployment extender "$RELEASE-scheduler" extender "$EXTENDER_JAR" \
    QUARKUS_HTTP_PORT="$EXTENDER_PORT" QUARKUS_LOG_CONSOLE_JSON_ENABLED=false
  wait_until 120 "the extender's readiness" curl -fsS "http://127.0.0.1:$EXTENDER_PORT/q/health/ready"
}

start_operator() {
  OPERATOR_PORT="$(free_port)"
  run_as_deployment operator "$RELEASE-operator" operator "$OPERATOR_JAR" \
    QUARKUS_HTTP_PORT="$OPERATOR_PORT" QUARKUS_LOG_CONSOLE_JSON_ENABLED=false
  wait_until 120 "the operator's readiness" curl -fsS "http://127.0.0.1:$OPERATOR_PORT/q/health/ready"
}

# The chart's kube-scheduler: its configuration is the chart's ConfigMap as rendered, plus the
# connection a pod would get from its ServiceAccount.
start_managed_scheduler() {
  local account kubeconfig config="$WORK/managed-scheduler.yaml"
  account="$(deployment_account "$RELEASE-scheduler")" || return 1
  kubeconfig="$(token_kubeconfig "$RELEASE_NS" "$account")" || return 1
  kubectl -n "$RELEASE_NS" get configmap "$RELEASE-scheduler-config" -o go-template='{{index .data "config.yaml"}}' >"$config" || return 1
  grep -q '^clientConnection:' "$config" && { echo "the chart's scheduler configuration sets clientConnection" >&2; return 1; }
  printf 'clientConnection:\n  kubeconfig: %s\n' "$kubeconfig" >>"$config"
  MANAGED_SCHEDULER="$(awk '/schedulerName:/ {print $NF; exit}' "$config")"
  start kube-scheduler-managed "$BIN/kube-scheduler" --config "$config" --secure-port 0
}
