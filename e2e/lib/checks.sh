# The checks of the e2e. Each is a function that returns non-zero, with the reason on stderr, when
# what it checks does not hold; e2e/run counts them. Sourced by e2e/run.

OWNED_KINDS="statefulsets,services,poddisruptionbudgets,secrets,configmaps"
E2E_NS=e2e

# --- helpers -----------------------------------------------------------------------------------

fail() { echo "$*" >&2; return 1; }

instance_selector() { echo "app.kubernetes.io/instance=$1,app.kubernetes.io/managed-by=managed-kvs"; }

# owned_json NAMESPACE INSTANCE: every object of the owned kinds labelled for the instance.
owned_json() {
  kubectl -n "$1" get "$OWNED_KINDS" -l "$(instance_selector "$2")" -o json --show-managed-fields
}

count_kind() { # count_kind JSON KIND
  jq --arg k "$2" '[.items[] | select(.kind == $k)] | length' <<<"$1"
}

# --- the control plane ---------------------------------------------------------------------------

check_server_version() {
  local version
  version="$(kubectl version -o json | jq -r .serverVersion.gitVersion)"
  [ "$version" = "$KUBE_VERSION" ] || { fail "the API server reports $version, built $KUBE_VERSION"; return 1; }
}

check_rbac_enforced() {
  # A ServiceAccount with no binding is refused: authorization is RBAC, not AlwaysAllow.
  kubectl -n default create serviceaccount e2e-nobody >/dev/null || return 1
  local answer
  answer="$(kubectl auth can-i list secrets -n default --as system:serviceaccount:default:e2e-nobody || true)"
  [ "$answer" = "no" ] || { fail "an unbound ServiceAccount may list secrets: RBAC is not in force"; return 1; }
}

check_nodes_over_zones() {
  local zones
  zones="$(kubectl get nodes -l type=kwok -o jsonpath='{range .items[*]}{.metadata.labels.topology\.kubernetes\.io/zone}{"\n"}{end}' | sort -u | wc -l)"
  [ "$zones" -eq 3 ] || { fail "the kwok nodes span $zones zones, not 3"; return 1; }
  nodes_ready "$NODE_COUNT" || { fail "not all $NODE_COUNT kwok nodes are Ready"; return 1; }
}

# --- the chart ----------------------------------------------------------------------------------

check_helm_lint() {
  "$BIN/helm" lint "$CHART" --strict --set scheduler.enabled=true
}

check_helm_install() {
  install_chart || return 1
  local deployments
  deployments="$(kubectl -n "$RELEASE_NS" get deployments -o jsonpath='{range .items[*]}{.metadata.name}={.status.availableReplicas}{"\n"}{end}')"
  echo "$deployments" | grep -q "^$RELEASE-operator=1$" || { fail "operator Deployment not available: $deployments"; return 1; }
  echo "$deployments" | grep -q "^$RELEASE-scheduler=1$" || { fail "scheduler Deployment not available: $deployments"; return 1; }
}

check_crds_established() {
  local crd
  crd="$(ls "$CHART/crds/")" || return 1
  [ -n "$crd" ] || { fail "the chart holds no CRD"; return 1; }
  kubectl wait --for=condition=Established --timeout=60s -f "$CHART/crds/" >/dev/null
  kubectl get --raw /apis/managedkvs.io/v1alpha1 | jq -e '.resources[] | select(.name == "managedkvses")' >/dev/null \
    || { fail "managedkvs.io/v1alpha1 does not serve managedkvses"; return 1; }
}

check_operator_identity() {
  start_operator || return 1
  local who expected
  expected="system:serviceaccount:$RELEASE_NS:$(deployment_account "$RELEASE-operator")"
  who="$(kubectl --kubeconfig "$WORK/sa-$(deployment_account "$RELEASE-operator").kubeconfig" auth whoami -o jsonpath='{.status.userInfo.username}')"
  [ "$who" = "$expected" ] || { fail "the operator's credentials are $who, not $expected"; return 1; }
  # The operator holds the chart's Lease: it is the one reconciling.
  wait_until 60 "the operator's Lease" sh -c \
    "kubectl -n $RELEASE_NS get lease managed-kvs-operator -o jsonpath='{.spec.holderIdentity}' | grep -q ."
}

check_scheduler_up() {
  start_extender || return 1
  start_managed_scheduler || return 1
  [ "$MANAGED_SCHEDULER" = "managed-kvs-scheduler" ] || { fail "unexpected schedulerName $MANAGED_SCHEDULER"; return 1; }
  wait_until 60 "the managed scheduler's Lease" sh -c \
    "kubectl -n $RELEASE_NS get lease $MANAGED_SCHEDULER -o jsonpath='{.spec.holderIdentity}' | grep -q ."
}

# --- the bad-spec corpus -------------------------------------------------------------------------

# check_corpus_invalid FILE: the first line says '# rejects: FIELD (by the schema|operator)'. Schema
# refusals must come from the real API server naming FIELD; operator refusals must pass the server
# and come back as SpecValid=False naming FIELD.
check_corpus_invalid() {
  local file="$1" header field by out
  header="$(head -1 "$file")"
  field="$(sed -nE 's/^# rejects: (\S+) \(by the (schema|operator)\)$/\1/p' <<<"$header")"
  by="$(sed -nE 's/^# rejects: (\S+) \(by the (schema|operator)\)$/\2/p' <<<"$header")"
  [ -n "$field" ] || { fail "$file does not start with '# rejects: <field> (by the schema|operator)'"; return 1; }
  if [ "$by" = schema ]; then
    if out="$(kubectl create --dry-run=server -f "$file" 2>&1)"; then
      fail "the API server accepted it: $out"; return 1
    fi
    grep -qF "$field: " <<<"$out" || { fail "the API server refused it without naming $field: $out"; return 1; }
    grep -oF "$field: " <<<"$out" >/dev/null && echo "${out:0:300}" >&2
  else
    out="$(kubectl create --dry-run=server -f "$file" 2>&1)" || { fail "the API server refused what the operator should judge: $out"; return 1; }
    kubectl create -f "$file" >/dev/null || return 1
    local name namespace message=""
    name="$(kubectl create --dry-run=client -f "$file" -o jsonpath='{.metadata.name}')"
    namespace="$(kubectl create --dry-run=client -f "$file" -o jsonpath='{.metadata.namespace}')"
    namespace="${namespace:-default}"
    if wait_until 60 "SpecValid=False on $name" sh -c \
        "kubectl -n $namespace get managedkvs $name -o jsonpath='{.status.conditions[?(@.type==\"SpecValid\")].status}' | grep -qx False"; then
      message="$(kubectl -n "$namespace" get managedkvs "$name" -o jsonpath='{.status.conditions[?(@.type=="SpecValid")].message}')"
    fi
    local owned
    owned="$(owned_json "$namespace" "$name" | jq '.items | length')"
    kubectl -n "$namespace" delete managedkvs "$name" --wait=true >/dev/null
    [ -n "$message" ] || { fail "no SpecValid=False condition"; return 1; }
    grep -qF "$field" <<<"$message" || { fail "SpecValid does not name $field: $message"; return 1; }
    [ "$owned" -eq 0 ] || { fail "a refused spec created $owned objects"; return 1; }
    echo "SpecValid=False: ${message:0:300}" >&2
  fi
}

check_corpus_valid() {
  local out
  out="$(kubectl create --dry-run=server -f "$1" 2>&1)" || { fail "the API server refused a valid manifest: $out"; return 1; }
}

# --- the examples --------------------------------------------------------------------------------

# check_example FILE: the operator renders the instance with server-side apply under its field
# manager: StatefulSets, Services and PodDisruptionBudgets at least, a Secret when it generates the
# credentials, each owned by the ManagedKVS. Engine-independent: any example under examples/.
check_example() {
  local file="$1" name uid engine secret_name auth
  name="$(kubectl create --dry-run=client -f "$file" -o jsonpath='{.metadata.name}')"
  engine="$(kubectl create --dry-run=client -f "$file" -o jsonpath='{.spec.engine}')"
  secret_name="$(kubectl create --dry-run=client -f "$file" -o jsonpath='{.spec.auth.secretName}')"
  auth="$(kubectl create --dry-run=client -f "$file" -o jsonpath='{.spec.auth.enabled}')"
  if [ -n "$secret_name" ]; then
    # The example's own instructions: the user creates the named Secret first.
    kubectl -n "$E2E_NS" create secret generic "$secret_name" --from-literal=password="e2e-$RANDOM$RANDOM" >/dev/null || return 1
  fi
  kubectl -n "$E2E_NS" apply -f "$file" >/dev/null || return 1
  uid="$(kubectl -n "$E2E_NS" get managedkvs "$name" -o jsonpath='{.metadata.uid}')"
  wait_until 90 "$name rendered" example_rendered "$name" || {
    kubectl -n "$E2E_NS" get managedkvs "$name" -o jsonpath='{.status.conditions}' >&2; return 1; }
  local json wrong
  json="$(owned_json "$E2E_NS" "$name")"
  # Every owned object: a controller owner reference to the instance and an Apply entry of the
  # operator's field manager in its managed fields. The generated credentials Secret is the one
  # exception, by design: it is created once and never applied again (a later apply must never
  # replace the password), and the Operator SDK's create carries no field manager, so the API server
  # records the client's default one. Its creator is proven by the audit log instead: the operator's
  # ServiceAccount created a Secret there (at the audit level Metadata a create names no object:
  # the request body, a password, is kept out of the log).
  local misfits operator_user
  operator_user="system:serviceaccount:$RELEASE_NS:$(deployment_account "$RELEASE-operator")"
  misfits="$(jq -c --arg uid "$uid" --arg fm "$FIELD_MANAGER" '.items[] | .kind as $k
      | select(([.metadata.ownerReferences[]? | select(.uid == $uid and .controller == true)] | length) == 0
            or ([.metadata.managedFields[]? | select((.manager == $fm and .operation == "Apply")
                   or ($k == "Secret" and .operation == "Update"))] | length) == 0)
      | {object: "\(.kind)/\(.metadata.name)", owners: [.metadata.ownerReferences[]? | "\(.kind)/\(.name) controller=\(.controller)"],
         managers: [.metadata.managedFields[]? | "\(.manager) \(.operation)"]}' <<<"$json")"
  local secret
  for secret in $(jq -r --arg fm "$FIELD_MANAGER" '.items[] | select(.kind == "Secret")
      | select(([.metadata.managedFields[]? | select(.manager == $fm and .operation == "Apply")] | length) == 0)
      | .metadata.name' <<<"$json"); do
    jq -c --arg u "$operator_user" --arg n "$secret" --arg ns "$E2E_NS" 'select(.user.username == $u and .verb == "create"
        and .objectRef.resource == "secrets" and .objectRef.namespace == $ns and (.objectRef.name // $n) == $n
        and .responseStatus.code == 201)' "$WORK/logs/audit.jsonl" | grep -q . \
      || misfits+=$'\n'"Secret/$secret: not created by $operator_user"
  done
  if [ -n "$misfits" ]; then
    fail "not applied by $FIELD_MANAGER or not owned by $name:"
    echo "$misfits" >&2
    return 1
  fi
  if [ "$auth" != false ] && [ -z "$secret_name" ]; then
    [ "$(count_kind "$json" Secret)" -ge 1 ] || { fail "$engine instance $name has no generated Secret"; return 1; }
  fi
  echo "$name: $(jq -r '[.items[] | .kind] | group_by(.) | map("\(length) \(.[0])") | join(", ")' <<<"$json")" >&2
}

example_rendered() {
  local json
  json="$(owned_json "$E2E_NS" "$1")" || return 1
  [ "$(count_kind "$json" StatefulSet)" -ge 1 ] && [ "$(count_kind "$json" Service)" -ge 1 ] \
    && [ "$(count_kind "$json" PodDisruptionBudget)" -ge 1 ]
}

# check_printer_columns FILE: `kubectl get` shows the CRD's columns, filled from the instance.
check_printer_columns() {
  local name expected header row
  name="$(kubectl create --dry-run=client -f "$1" -o jsonpath='{.metadata.name}')"
  expected="NAME $(kubectl get crd managedkvses.managedkvs.io -o json \
    | jq -r '[.spec.versions[0].additionalPrinterColumns[] | select((.priority // 0) == 0) | .name | ascii_upcase] | join(" ")')"
  wait_until 60 "a phase on $name" sh -c \
    "kubectl -n $E2E_NS get managedkvs $name -o jsonpath='{.status.phase}' | grep -q ."
  header="$(kubectl -n "$E2E_NS" get managedkvs "$name" | head -1 | tr -s ' ')"
  [ "$header" = "$expected" ] || { fail "columns '$header', the CRD declares '$expected'"; return 1; }
  row="$(kubectl -n "$E2E_NS" get managedkvs "$name" --no-headers | tr -s ' ')"
  local engine version phase
  read -r _ engine version _ phase _ <<<"$row"
  [ "$engine" = "$(kubectl -n "$E2E_NS" get managedkvs "$name" -o jsonpath='{.spec.engine}')" ] || { fail "ENGINE column: $row"; return 1; }
  [ "$version" = "$(kubectl -n "$E2E_NS" get managedkvs "$name" -o jsonpath='{.spec.version}')" ] || { fail "VERSION column: $row"; return 1; }
  [ "$phase" = "$(kubectl -n "$E2E_NS" get managedkvs "$name" -o jsonpath='{.status.phase}')" ] || { fail "PHASE column: $row"; return 1; }
  echo "$row" >&2
}

# --- scheduling -----------------------------------------------------------------------------------

# pods_placed NAMESPACE INSTANCE COUNT: COUNT pods of the instance bound to nodes and Running.
pods_placed() {
  local running
  running="$(kubectl -n "$1" get pods -l "$(instance_selector "$2")" \
    -o jsonpath='{range .items[*]}{.spec.nodeName}/{.status.phase}{"\n"}{end}' | grep -c '^[^/]\+/Running$')"
  [ "$running" -eq "$3" ]
}

check_spread() {
  kubectl -n "$E2E_NS" apply -f "$E2E_DIR/manifests/spread.yaml" >/dev/null || return 1
  local expected
  expected="$(expected_members spread)"
  wait_until 120 "$expected members of spread Running" pods_placed "$E2E_NS" spread "$expected" || {
    kubectl -n "$E2E_NS" get pods -o wide >&2; return 1; }
  local pods
  pods="$(kubectl -n "$E2E_NS" get pods -l "$(instance_selector spread)" -o json)"
  local not_ours
  not_ours="$(jq -r --arg s "$MANAGED_SCHEDULER" '.items[] | select(.spec.schedulerName != $s) | .metadata.name' <<<"$pods")"
  [ -z "$not_ours" ] || { fail "pods not scheduled by $MANAGED_SCHEDULER: $not_ours"; return 1; }
  local zones_of_node component members nodes zones
  zones_of_node="$(kubectl get nodes -o json | jq -c 'reduce .items[] as $n ({}; .[$n.metadata.name] = $n.metadata.labels["topology.kubernetes.io/zone"])')"
  for component in $(jq -r '[.items[].metadata.labels["app.kubernetes.io/component"]] | unique | .[]' <<<"$pods"); do
    members="$(jq --arg c "$component" '[.items[] | select(.metadata.labels["app.kubernetes.io/component"] == $c)] | length' <<<"$pods")"
    nodes="$(jq --arg c "$component" '[.items[] | select(.metadata.labels["app.kubernetes.io/component"] == $c) | .spec.nodeName] | unique | length' <<<"$pods")"
    zones="$(jq --arg c "$component" --argjson z "$zones_of_node" '[.items[] | select(.metadata.labels["app.kubernetes.io/component"] == $c) | $z[.spec.nodeName]] | unique | length' <<<"$pods")"
    echo "$component: $members members on $nodes nodes in $zones zones" >&2
    [ "$nodes" -eq "$members" ] || { fail "$component: $members members share $nodes nodes"; return 1; }
    [ "$zones" -eq "$(( members < 3 ? members : 3 ))" ] || { fail "$component: $members members in only $zones zones"; return 1; }
  done
}

# expected_members INSTANCE: the replicas of every StatefulSet the operator rendered for it.
expected_members() {
  wait_until 60 "StatefulSets of $1" sh -c "kubectl -n $E2E_NS get statefulsets -l app.kubernetes.io/instance=$1 -o name | grep -q ." || return 1
  kubectl -n "$E2E_NS" get statefulsets -l "$(instance_selector "$1")" -o json | jq '[.items[].spec.replicas] | add'
}

check_extender_metrics() {
  local metrics filtered
  metrics="$(curl -fsS "http://127.0.0.1:$EXTENDER_PORT/q/metrics")" || return 1
  grep '^managedkvs_scheduler_decisions_total' <<<"$metrics" | grep -v ' 0.0$' >&2
  filtered="$(grep '^managedkvs_scheduler_decisions_total{.*verb="filter"' <<<"$metrics" | awk '{s += $NF} END {print s + 0}')"
  awk -v n="$filtered" 'BEGIN {exit !(n > 0)}' || { fail "no filter decision counted by the extender"; return 1; }
  local prioritized
  prioritized="$(grep '^managedkvs_scheduler_decisions_total{.*verb="prioritize"' <<<"$metrics" | awk '{s += $NF} END {print s + 0}')"
  awk -v n="$prioritized" 'BEGIN {exit !(n > 0)}' || { fail "no prioritize decision counted by the extender"; return 1; }
}

check_scheduling_without_extender() {
  stop extender
  ! curl -fsS "http://127.0.0.1:$EXTENDER_PORT/q/health/ready" >/dev/null 2>&1 || { fail "the extender still answers"; return 1; }
  sed 's/name: spread$/name: fallback/' "$E2E_DIR/manifests/spread.yaml" | kubectl -n "$E2E_NS" apply -f - >/dev/null || return 1
  local expected
  expected="$(expected_members fallback)"
  wait_until 120 "$expected members of fallback Running without the extender" pods_placed "$E2E_NS" fallback "$expected" || {
    kubectl -n "$E2E_NS" get pods -l app.kubernetes.io/instance=fallback -o wide >&2; return 1; }
  local others
  others="$(kubectl -n "$E2E_NS" get pods -l "$(instance_selector fallback)" -o jsonpath='{range .items[*]}{.spec.schedulerName}{"\n"}{end}' | sort -u)"
  [ "$others" = "$MANAGED_SCHEDULER" ] || { fail "scheduled by '$others'"; return 1; }
}

# --- TLS is chosen at creation --------------------------------------------------------------------

# check_tls_fixed: the operator records the TLS setting in status.tls (kept by the API server, so the
# schema has it), and the CRD's transition rule refuses turning TLS on for a running instance, naming
# spec.tls, while another change passes (decision 0015).
check_tls_fixed() {
  local name=tls-fixed out
  kubectl -n "$E2E_NS" apply -f - >/dev/null <<MANIFEST || return 1
apiVersion: managedkvs.io/v1alpha1
kind: ManagedKVS
metadata: {name: $name}
spec: {engine: redis-sentinel, version: "7.2", replicas: 1}
MANIFEST
  wait_until 60 "status.tls recorded on $name" sh -c \
    "kubectl -n $E2E_NS get managedkvs $name -o jsonpath='{.status.tls}' | grep -qx false" || return 1
  if out="$(kubectl -n "$E2E_NS" patch managedkvs "$name" --dry-run=server --type=merge \
      -p '{"spec":{"tls":{"enabled":true,"secretName":"tls-fixed-tls"}}}' 2>&1)"; then
    fail "turning TLS on was accepted: $out"; return 1
  fi
  grep -qF "spec.tls: " <<<"$out" || { fail "the API server refused it without naming spec.tls: $out"; return 1; }
  kubectl -n "$E2E_NS" patch managedkvs "$name" --dry-run=server --type=merge -p '{"spec":{"replicas":2}}' >/dev/null ||
    { fail "another change was refused"; return 1; }
  kubectl -n "$E2E_NS" delete managedkvs "$name" --wait=true --timeout=60s >/dev/null || return 1
  echo "${out:0:300}" >&2
}

# --- drift and deletion ---------------------------------------------------------------------------

check_scale_taken_back() {
  local sts desired generation
  sts="$(kubectl -n "$E2E_NS" get statefulsets -l "$(instance_selector spread)" -o name | head -1)"
  [ -n "$sts" ] || { fail "spread has no StatefulSet"; return 1; }
  desired="$(kubectl -n "$E2E_NS" get "$sts" -o jsonpath='{.spec.replicas}')"
  generation="$(kubectl -n "$E2E_NS" get "$sts" -o jsonpath='{.metadata.generation}')"
  kubectl -n "$E2E_NS" scale "$sts" --replicas=$((desired + 2)) >/dev/null || return 1
  wait_until 90 "$sts back at $desired replicas" sh -c "
    [ \"\$(kubectl -n $E2E_NS get $sts -o jsonpath='{.spec.replicas}')\" = $desired ] &&
    [ \"\$(kubectl -n $E2E_NS get $sts -o jsonpath='{.metadata.generation}')\" -ge $((generation + 2)) ]" || {
    kubectl -n "$E2E_NS" get "$sts" -o jsonpath='{.spec.replicas} {.metadata.generation}' >&2; return 1; }
  local instance
  instance="$(kubectl -n "$E2E_NS" get "$sts" -o jsonpath='{.metadata.labels.app\.kubernetes\.io/instance}')"
  wait_until 30 "a DriftReverted Event on $instance" sh -c \
    "kubectl -n $E2E_NS get events --field-selector reason=DriftReverted,involvedObject.name=$instance -o name | grep -q ." || return 1
  echo "$sts: scaled to $((desired + 2)), taken back to $desired, DriftReverted Event on $instance" >&2
  wait_until 90 "spread back at its members" pods_placed "$E2E_NS" spread "$(expected_members spread)"
}

check_delete_removes_owned() {
  local before
  before="$(owned_json "$E2E_NS" spread | jq '.items | length')"
  [ "$before" -gt 0 ] || { fail "spread owns nothing to remove"; return 1; }
  kubectl -n "$E2E_NS" delete managedkvs spread --wait=true --timeout=60s >/dev/null || return 1
  wait_until 120 "the objects and pods of spread gone" sh -c "
    [ -z \"\$(kubectl -n $E2E_NS get $OWNED_KINDS,pods -l app.kubernetes.io/instance=spread -o name)\" ]" || {
    kubectl -n "$E2E_NS" get "$OWNED_KINDS,pods" -l app.kubernetes.io/instance=spread >&2; return 1; }
  echo "spread: $before objects removed with it" >&2
}

# --- RBAC -----------------------------------------------------------------------------------------

# check_rbac_sufficient ACCOUNT: no request of the ServiceAccount was refused (the API server's audit
# log holds every one of them), and it made some.
check_rbac_sufficient() {
  local user="system:serviceaccount:$RELEASE_NS:$1" requests refused
  requests="$(jq -c --arg u "$user" 'select(.user.username == $u)' "$WORK/logs/audit.jsonl" | wc -l)"
  [ "$requests" -gt 0 ] || { fail "no request of $user in the audit log"; return 1; }
  refused="$(jq -r --arg u "$user" 'select(.user.username == $u and .responseStatus.code == 403)
      | "\(.verb) \(.objectRef.resource)\(if .objectRef.subresource then "/" + .objectRef.subresource else "" end) in \(.objectRef.namespace // "cluster")"' \
      "$WORK/logs/audit.jsonl" | sort | uniq -c)"
  [ -z "$refused" ] || { fail "$user was refused: $refused"; return 1; }
  echo "$user: $requests requests, none refused" >&2
}
