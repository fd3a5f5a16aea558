# The control plane of one e2e run, on 127.0.0.1: etcd, kube-apiserver (client-certificate and
# service-account-token authentication, RBAC authorization, an audit log), kube-controller-manager,
# the cluster's default kube-scheduler, and kwok with fake nodes over three zones.
# Sourced by e2e/run; expects $WORK and $BIN, and the functions of processes.sh.

PKI=""
ADMIN_KUBECONFIG=""
API_PORT=""
KWOK_POD_CIDR="127.77.0.0/16"
SERVICE_CIDR="10.96.0.0/16"
SERVICE_IP="10.96.0.1"  # the first address: the kubernetes Service

# pki: a CA, the API server's serving certificate, client certificates for the admin and the
# control-plane components, and the service-account signing key. openssl, plain and predictable.
pki() {
  PKI="$WORK/pki"
  mkdir -p "$PKI"
  (
    cd "$PKI"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
      -keyout ca.key -out ca.crt -subj "/CN=managed-kvs-e2e-ca" 2>/dev/null
    issue apiserver "/CN=kube-apiserver" \
      "subjectAltName=IP:127.0.0.1,IP:$SERVICE_IP,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local
extendedKeyUsage=serverAuth"
    issue admin "/O=system:masters/CN=e2e-admin" "extendedKeyUsage=clientAuth"
    issue controller-manager "/CN=system:kube-controller-manager" "extendedKeyUsage=clientAuth"
    issue scheduler "/CN=system:kube-scheduler" "extendedKeyUsage=clientAuth"
    # kwok acts for every fake node; system:masters keeps its permissions out of this test's way.
    issue kwok "/O=system:masters/CN=kwok" "extendedKeyUsage=clientAuth"
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
  )
}

# issue NAME SUBJECT EXTENSIONS: a key and a certificate signed by the CA (run inside $PKI).
issue() {
  local name="$1" subject="$2" extensions="$3"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$name.key" -out "$name.csr" -subj "$subject" 2>/dev/null
  printf '%s\n' "$extensions" >"$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
    -extfile "$name.ext" -out "$name.crt" 2>/dev/null
}

# write_kubeconfig FILE USER NAMESPACE CREDENTIALS: a kubeconfig for the API server on loopback;
# CREDENTIALS is the user's entry in flow style ({token: ...} or {client-certificate: ...}).
write_kubeconfig() {
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster: {server: "https://127.0.0.1:$API_PORT", certificate-authority: "$PKI/ca.crt"}
users:
- name: $2
  user: $4
contexts:
- name: e2e
  context: {cluster: e2e, user: $2, namespace: $3}
current-context: e2e
EOF
  echo "$1"
}

# cert_kubeconfig NAME: a kubeconfig that authenticates with the client certificate NAME.
cert_kubeconfig() {
  write_kubeconfig "$WORK/$1.kubeconfig" "$1" default \
    "{client-certificate: \"$PKI/$1.crt\", client-key: \"$PKI/$1.key\"}"
}

# token_kubeconfig NAMESPACE SERVICEACCOUNT: a kubeconfig that authenticates as that
# ServiceAccount with a bound token from the TokenRequest API, as a pod running as it would.
token_kubeconfig() {
  local token
  token="$(kubectl -n "$1" create token "$2" --duration=3h)" || return 1
  write_kubeconfig "$WORK/sa-$2.kubeconfig" "$2" "$1" "{token: \"$token\"}"
}

start_etcd() {
  local client peer
  client="$(free_port)"; peer="$(free_port)"
  ETCD_URL="http://127.0.0.1:$client"
  # Throwaway data: no fsync, which keeps a shared disk's latency out of the API server's way.
  start etcd "$BIN/etcd" --name e2e --data-dir "$WORK/etcd" \
    --listen-client-urls "$ETCD_URL" --advertise-client-urls "$ETCD_URL" \
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
    --initial-cluster "e2e=http://127.0.0.1:$peer" --unsafe-no-fsync --log-level warn
  wait_for_process etcd 60 "etcd" curl -fsS "$ETCD_URL/health"
}

start_apiserver() {
  API_PORT="$(free_port)"
  cat >"$WORK/audit-policy.yaml" <<'EOF'
# Every request of the chart's service accounts, to prove that RBAC allowed each of them.
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
- level: Metadata
  userGroups: ["system:serviceaccounts"]
- level: None
EOF
  start kube-apiserver "$BIN/kube-apiserver" \
    --etcd-servers "$ETCD_URL" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$API_PORT" \
    --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" \
    --client-ca-file "$PKI/ca.crt" \
    --authorization-mode RBAC \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --endpoint-reconciler-type none \
    --audit-policy-file "$WORK/audit-policy.yaml" --audit-log-path "$WORK/logs/audit.jsonl" \
    --audit-log-format json --audit-log-mode blocking
  ADMIN_KUBECONFIG="$(cert_kubeconfig admin)"
  export KUBECONFIG="$ADMIN_KUBECONFIG"
  wait_for_process kube-apiserver 120 "kube-apiserver /readyz" kubectl get --raw /readyz
}

start_controller_manager() {
  # Each controller acts as its own service account, as kubeadm sets it up.
  start kube-controller-manager "$BIN/kube-controller-manager" \
    --kubeconfig "$(cert_kubeconfig controller-manager)" \
    --secure-port 0 --leader-elect=false \
    --use-service-account-credentials=true \
    --service-account-private-key-file "$PKI/sa.key" --root-ca-file "$PKI/ca.crt" \
    --cluster-signing-cert-file "$PKI/ca.crt" --cluster-signing-key-file "$PKI/ca.key"
  wait_until 60 "the default ServiceAccount from kube-controller-manager" \
    kubectl -n default get serviceaccount default
}

# The cluster's own scheduler, for every pod that does not name the Managed KVS one (the chart's
# Deployments among them).
start_default_scheduler() {
  start kube-scheduler-default "$BIN/kube-scheduler" \
    --kubeconfig "$(cert_kubeconfig scheduler)" --secure-port 0 --leader-elect=false
}

# kwok fakes the kubelet of every node annotated kwok.x-k8s.io/node=fake: the nodes are Ready and
# their pods Running and Ready without containers. Pod IPs come from a loopback range, so that the
# operator, which dials members at their pod IPs, never sends a packet off this machine.
start_kwok() {
  start kwok "$BIN/kwok" \
    --kubeconfig "$(cert_kubeconfig kwok)" \
    --manage-all-nodes=false \
    --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
    --cidr "$KWOK_POD_CIDR" --node-ip 127.0.0.1 --node-lease-duration-seconds 40 \
    $(for stage in "$BIN"/../kwok-stages/*.yaml; do printf -- '--config %s ' "$stage"; done) \
    --server-address "127.0.0.1:$(free_port)"
}

# add_nodes ZONES PER_ZONE: PER_ZONE fake nodes in each zone, labelled with their zone.
add_nodes() {
  local zone i name
  for zone in $1; do
    for i in $(seq 1 "$2"); do
      name="kwok-$zone-$i"
      cat <<EOF
---
apiVersion: v1
kind: Node
metadata:
  name: $name
  annotations: {kwok.x-k8s.io/node: fake, node.alpha.kubernetes.io/ttl: "0"}
  labels:
    kubernetes.io/hostname: $name
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    topology.kubernetes.io/zone: $zone
    type: kwok
status:
  allocatable: {cpu: "16", memory: 64Gi, pods: "110"}
  capacity: {cpu: "16", memory: 64Gi, pods: "110"}
EOF
    done
  done | kubectl apply -f - >/dev/null
}

nodes_ready() {
  local want="$1" ready
  ready="$(kubectl get nodes -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c '^True$')"
  [ "$ready" -eq "$want" ]
}
