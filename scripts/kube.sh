#!/usr/bin/env bash
# scripts/kube.sh — a real single-node Kubernetes on this machine, offline, for the Kubernetes end-to-end test.
#
#   scripts/kube.sh build            build/fetch everything into the cache (no process is started)
#   scripts/kube.sh up               build if needed, start the cluster, write the kubeconfig, wait until it is usable
#   scripts/kube.sh down             stop exactly what `up` started and remove everything it created
#   scripts/kube.sh status           what runs (exit 0 when the cluster answers and the node is Ready)
#   scripts/kube.sh env              KEY=VALUE lines for other scripts: eval "$(scripts/kube.sh env)"
#   scripts/kube.sh smoke            prove the cluster: a pod Ready, cluster DNS, a ClusterIP Service, a bound claim
#   scripts/kube.sh images import A  move images into the cluster's containerd: A is a docker-archive tarball or an
#                                 image reference that `docker save` can write (DOCKER_HOST as set by scripts/dockerd.sh)
#   scripts/kube.sh volumes reset    recycle Released volumes of the harness' storage class (wipes their data)
#
# Everything listens on 127.0.0.1 or the private bridge; pods use a private range and a private bridge, their
# traffic never leaves the machine (no masquerade, a FORWARD drop of the bridge towards any other interface).
# Caches (outside the clone): ${CDKTF_DEBEZIUM_CACHE:-~/.cache/cdktf-debezium-connect}/kube/ and the shared Go
# caches in .../go/ (GOMODCACHE=go/mod, GOCACHE=go/build). State: /var/lib/cdktf-debezium/kube,
# /run/cdktf-debezium/kube; logs: /var/log/cdktf-debezium/kube. See scripts/KUBE.md.
#
# Environment (all optional):
#   CDKTF_DEBEZIUM_CACHE   cache root (default ~/.cache/cdktf-debezium-connect)
#   KUBE_POD_CIDR          pod range (default 10.213.0.0/24; the bridge takes its first address)
#   KUBE_SERVICE_CIDR      service range (default 10.214.0.0/24)
#   KUBE_PV_COUNT          volumes in the harness' pool (default 24: 3 ZooKeeper, 3 Kafka and 3 Connect pods claim 15)
#   KUBE_PV_SIZE           capacity each volume claims to have (default 1Ti: local volumes enforce no size, so any
#                          claim fits; the binder picks among equal volumes)
#   KUBE_STORAGE_CLASS     name of the harness' (default) storage class (default cdktf-kube-local)
#   KUBE_UP_TIMEOUT        seconds `up` waits for each component (default 120)
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
K8S_VERSION=v1.34.4
K8S_STAGING_VERSION=v0.34.4
COREDNS_VERSION=v1.14.1
CRICTL_VERSION=v1.34.0
KUBE_ROUTER_VERSION=v2.1.0
PAUSE_TAG=3.10.1
DEBS=(etcd-server containerd runc containernetworking-plugins busybox-static)

CACHE_ROOT="${CDKTF_DEBEZIUM_CACHE:-$HOME/.cache/cdktf-debezium-connect}"
GO_CACHE="$CACHE_ROOT/go"
KCACHE="$CACHE_ROOT/kube"
K8S_BIN="$KCACHE/kubernetes/$K8S_VERSION/bin"
COREDNS_BIN="$KCACHE/coredns/$COREDNS_VERSION/bin"
CRICTL_BIN="$KCACHE/cri-tools/$CRICTL_VERSION/bin"
KUBE_ROUTER_BIN="$KCACHE/kube-router/$KUBE_ROUTER_VERSION/bin"
DEB_DIR="$KCACHE/debs"
PKG_ROOT="$KCACHE/root"            # Debian packages unpacked with dpkg-deb -x (never installed)
IMG_DIR="$KCACHE/images/$K8S_VERSION"

STATE=/var/lib/cdktf-debezium/kube
RUN=/run/cdktf-debezium/kube
LOGS=/var/log/cdktf-debezium/kube
PKI="$STATE/pki"
KUBECONFIG_FILE="$STATE/admin.kubeconfig"
CTR_SOCK="$RUN/containerd/containerd.sock"
CTR_NS=k8s.io
NODE=localhost                     # resolves to 127.0.0.1, so the API server reaches the kubelet (logs, exec)
BRIDGE=cdkkube0
CNI_NET=cdktf-kube
FW_CHAIN=CDKTF-KUBE-FWD
STORAGE_CLASS="${KUBE_STORAGE_CLASS:-cdktf-kube-local}"
POD_CIDR="${KUBE_POD_CIDR:-10.213.0.0/24}"
SERVICE_CIDR="${KUBE_SERVICE_CIDR:-10.214.0.0/24}"
PV_COUNT="${KUBE_PV_COUNT:-24}"
PV_SIZE="${KUBE_PV_SIZE:-1Ti}"
UP_TIMEOUT="${KUBE_UP_TIMEOUT:-120}"

log() { printf '[kube %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[kube %s] FAILED: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }
on_err() {
  local rc=$?
  if [[ $- == *e* ]]; then log "FAILED (exit $rc) at line ${BASH_LINENO[0]}: $BASH_COMMAND"; fi
}
trap on_err ERR

# First and Nth address of a /N range given as a.b.c.d/len (the ranges are small and aligned on an octet).
ip_plus() { local base=${1%/*} n=$2; local a b c d; IFS=. read -r a b c d <<<"$base"; echo "$a.$b.$c.$((d + n))"; }
BRIDGE_IP=$(ip_plus "$POD_CIDR" 1)
APISERVER_SVC_IP=$(ip_plus "$SERVICE_CIDR" 1)
DNS_SVC_IP=$(ip_plus "$SERVICE_CIDR" 10)

case "$(realpath -m "$CACHE_ROOT")" in
  "$ROOT" | "$ROOT"/*) die "CDKTF_DEBEZIUM_CACHE ($CACHE_ROOT) must live outside the repository" ;;
esac

go_env() {
  command -v go >/dev/null || die "Go is needed to build Kubernetes and CoreDNS ('go' not on PATH)"
  export GOPATH="$GO_CACHE" GOMODCACHE="$GO_CACHE/mod" GOCACHE="$GO_CACHE/build"
  export CGO_ENABLED=0 GOTOOLCHAIN=local
  mkdir -p "$GOMODCACHE" "$GOCACHE"
}

# ---------------------------------------------------------------------------------------------------------------
# build
# ---------------------------------------------------------------------------------------------------------------
K8S_CMDS=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl)

build_kubernetes() {
  local stamp="$K8S_BIN/.complete" c
  if [[ -f "$stamp" ]]; then return 0; fi
  go_env
  local t=$SECONDS dir src="$KCACHE/kubernetes/$K8S_VERSION/src"
  log "Kubernetes $K8S_VERSION: fetching the module (first time: ~540 MB)"
  dir=$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [[ -n "$dir" && -d "$dir" ]] || die "go mod download k8s.io/kubernetes@$K8S_VERSION gave no directory"
  rm -rf "$src"; mkdir -p "$(dirname "$src")"
  cp -r "$dir" "$src"; chmod -R u+w "$src"
  # The module zip has no staging/: point every staging module at its published version instead.
  rm -rf "$src/go.work" "$src/go.work.sum" "$src/vendor"
  sed -i -e '/k8s\.io\/sample-cli-plugin =>/d' -e '/k8s\.io\/sample-controller =>/d' \
    -e "s#^\([[:space:]]*\)\(k8s\.io/[A-Za-z0-9._-]*\) => \./staging/src/k8s\.io/[A-Za-z0-9._-]*[[:space:]]*\$#\1\2 => \2 $K8S_STAGING_VERSION#" \
    "$src/go.mod"
  if grep -q '=> \./staging' "$src/go.mod"; then die "go.mod still points at ./staging"; fi
  local minor=${K8S_VERSION#v1.}; minor=${minor%%.*}
  local ld="-s -w" pkg
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ld+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  local args=()
  for c in "${K8S_CMDS[@]}"; do args+=("./cmd/$c"); done
  mkdir -p "$K8S_BIN"
  log "Kubernetes $K8S_VERSION: go build ${K8S_CMDS[*]} (cold: ~6 min, ~2 GB RAM)"
  (cd "$src" && GOFLAGS=-mod=mod go build -trimpath -buildvcs=false -ldflags "$ld" -o "$K8S_BIN/" "${args[@]}") \
    || die "go build of Kubernetes failed"
  for c in "${K8S_CMDS[@]}"; do [[ -x "$K8S_BIN/$c" ]] || die "$c was not built"; done
  # Keep pause.c (for the pause image); drop the rest of the copy.
  cp "$src/build/pause/linux/pause.c" "$KCACHE/kubernetes/$K8S_VERSION/pause.c"
  rm -rf "$src"
  touch "$stamp"
  log "Kubernetes $K8S_VERSION built in $((SECONDS - t))s: $K8S_BIN"
}

build_coredns() {
  [[ -x "$COREDNS_BIN/coredns" ]] && return 0
  go_env
  local t=$SECONDS
  log "CoreDNS $COREDNS_VERSION: go install"
  mkdir -p "$COREDNS_BIN"
  GOBIN="$COREDNS_BIN" go install -trimpath -buildvcs=false -ldflags "-s -w" "github.com/coredns/coredns@$COREDNS_VERSION" \
    || die "go install github.com/coredns/coredns@$COREDNS_VERSION failed"
  log "CoreDNS built in $((SECONDS - t))s"
}

# kube-router, its NetworkPolicy controller only: the bridge CNI enforces no policy, and this kernel lacks the
# nftables `queue` that sigs.k8s.io/kube-network-policies needs; kube-router's iptables + ipset rules work here.
build_kube_router() {
  [[ -x "$KUBE_ROUTER_BIN/kube-router" ]] && return 0
  go_env
  local t=$SECONDS
  log "kube-router $KUBE_ROUTER_VERSION: go install"
  mkdir -p "$KUBE_ROUTER_BIN"
  GOBIN="$KUBE_ROUTER_BIN" go install -trimpath -buildvcs=false \
    -ldflags "-s -w -X github.com/cloudnativelabs/kube-router/v2/pkg/version.Version=$KUBE_ROUTER_VERSION" \
    "github.com/cloudnativelabs/kube-router/v2/cmd/kube-router@$KUBE_ROUTER_VERSION" \
    || die "go install github.com/cloudnativelabs/kube-router/v2/cmd/kube-router@$KUBE_ROUTER_VERSION failed"
  log "kube-router built in $((SECONDS - t))s"
}

build_crictl() {
  [[ -x "$CRICTL_BIN/crictl" ]] && return 0
  go_env
  local t=$SECONDS
  log "crictl $CRICTL_VERSION: go install"
  mkdir -p "$CRICTL_BIN"
  GOBIN="$CRICTL_BIN" go install -trimpath -buildvcs=false -ldflags "-s -w" "sigs.k8s.io/cri-tools/cmd/crictl@$CRICTL_VERSION" \
    || die "go install sigs.k8s.io/cri-tools/cmd/crictl@$CRICTL_VERSION failed"
  log "crictl built in $((SECONDS - t))s"
}

fetch_debs() {
  # Stamp keyed by the candidate versions, so a Debian point release refreshes the root.
  local want p v updated=0
  want=""
  for p in "${DEBS[@]}"; do
    v=$(apt-cache policy "$p" 2>/dev/null | sed -n 's/^ *Candidate: //p')
    if [[ -z "$v" || "$v" == "(none)" ]] && [[ ! -f "$PKG_ROOT/.complete" ]] && ((updated == 0)); then
      log "apt-cache knows no candidate for $p: apt-get update"
      apt-get update -qq || die "apt-get update failed"
      updated=1
      v=$(apt-cache policy "$p" 2>/dev/null | sed -n 's/^ *Candidate: //p')
    fi
    [[ -n "$v" && "$v" != "(none)" ]] || { [[ -f "$PKG_ROOT/.complete" ]] && return 0; die "Debian package $p unknown"; }
    want+="$p=$v"$'\n'
  done
  want=${want%$'\n'}
  if [[ -f "$PKG_ROOT/.complete" && "$(cat "$PKG_ROOT/.complete")" == "$want" ]]; then return 0; fi
  log "Debian packages: apt-get download ${DEBS[*]} (unpacked, not installed)"
  rm -rf "$DEB_DIR" "$PKG_ROOT"; mkdir -p "$DEB_DIR" "$PKG_ROOT"
  (cd "$DEB_DIR" && apt-get download -q -o APT::Sandbox::User=root "${DEBS[@]}" >/dev/null) || die "apt-get download ${DEBS[*]} failed"
  for p in "$DEB_DIR"/*.deb; do dpkg-deb -x "$p" "$PKG_ROOT"; done
  for p in usr/bin/etcd usr/bin/containerd usr/bin/containerd-shim-runc-v2 usr/bin/ctr usr/sbin/runc \
    usr/lib/cni/bridge usr/lib/cni/host-local usr/lib/cni/loopback bin/busybox; do
    [[ -x "$PKG_ROOT/$p" ]] || die "unpacked packages lack $p"
  done
  printf '%s' "$want" >"$PKG_ROOT/.complete"
}

# docker-archive tarball of a one-layer image: mk_image OUT.tar REF LAYER_DIR ENTRYPOINT_JSON
mk_image() {
  local out=$1 ref=$2 layer_dir=$3 entry=$4 tmp layer_sha cfg_sha
  tmp=$(mktemp -d)
  tar --numeric-owner --owner=0 --group=0 --mtime=@0 --sort=name -C "$layer_dir" -cf "$tmp/layer.tar" .
  layer_sha=$(sha256sum "$tmp/layer.tar" | cut -d' ' -f1)
  mkdir "$tmp/$layer_sha"; mv "$tmp/layer.tar" "$tmp/$layer_sha/layer.tar"
  printf '{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z","config":{"Entrypoint":%s,"User":"65535:65535","Env":["PATH=/bin"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$entry" "$layer_sha" >"$tmp/config.json"
  cfg_sha=$(sha256sum "$tmp/config.json" | cut -d' ' -f1)
  mv "$tmp/config.json" "$tmp/$cfg_sha.json"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' "$cfg_sha" "$ref" "$layer_sha" >"$tmp/manifest.json"
  tar --numeric-owner --owner=0 --group=0 --mtime=@0 -C "$tmp" -cf "$out" manifest.json "$cfg_sha.json" "$layer_sha"
  rm -rf "$tmp"
}

PAUSE_REF="registry.k8s.io/pause:$PAUSE_TAG"
BUSYBOX_REF="localhost/cdktf-kube/busybox:1.35"
build_images() {
  [[ -f "$IMG_DIR/.complete" ]] && return 0
  command -v gcc >/dev/null || die "gcc is needed to build the pause image"
  local tmp; tmp=$(mktemp -d); mkdir -p "$IMG_DIR"
  # pause: Kubernetes' own pause.c, static.
  mkdir -p "$tmp/pause"
  gcc -Os -static -DVERSION="v$PAUSE_TAG-cdktf" -o "$tmp/pause/pause" "$KCACHE/kubernetes/$K8S_VERSION/pause.c" \
    || die "gcc -static pause.c failed (is libc6-dev installed?)"
  strip "$tmp/pause/pause" 2>/dev/null || true
  mk_image "$IMG_DIR/pause.tar" "$PAUSE_REF" "$tmp/pause" '["/pause"]'
  # busybox: Debian's static busybox, for the smoke check and for tests.
  mkdir -p "$tmp/bb/bin" "$tmp/bb/tmp" "$tmp/bb/etc"
  cp "$PKG_ROOT/bin/busybox" "$tmp/bb/bin/busybox"
  local a
  for a in sh ls cat echo sleep wget nslookup httpd mkdir touch id env hostname nc ping true false test grep; do
    ln -s busybox "$tmp/bb/bin/$a"
  done
  chmod 1777 "$tmp/bb/tmp"
  echo 'nobody:x:65534:65534:nobody:/tmp:/bin/sh' >"$tmp/bb/etc/passwd"
  mk_image "$IMG_DIR/busybox.tar" "$BUSYBOX_REF" "$tmp/bb" '["/bin/sh"]'
  rm -rf "$tmp"
  touch "$IMG_DIR/.complete"
}

cmd_build() {
  local t=$SECONDS
  mkdir -p "$KCACHE"
  fetch_debs
  build_kubernetes
  build_coredns
  build_crictl
  build_kube_router
  build_images
  log "build complete ($((SECONDS - t))s); cache: $KCACHE"
}

# ---------------------------------------------------------------------------------------------------------------
# processes: started detached, recorded by pid + executable, stopped only after checking both
# ---------------------------------------------------------------------------------------------------------------
PIDS="$RUN/pids"
# Start order; `down` stops in reverse. Each is recorded as $PIDS/<name>.pid and <name>.exe.
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler containerd kubelet kube-proxy coredns kube-router)

# start_proc NAME BINARY ARGS... (environment for the process: prefix with env in the caller via START_ENV)
START_ENV=()
start_proc() {
  local name=$1 bin=$2; shift 2
  mkdir -p "$PIDS" "$LOGS"
  # Not a process-group leader under a non-interactive shell, so setsid execs in place and $! is the daemon.
  setsid env "${START_ENV[@]}" "$bin" "$@" >>"$LOGS/$name.log" 2>&1 </dev/null &
  local pid=$!
  disown "$pid" 2>/dev/null || true
  echo "$pid" >"$PIDS/$name.pid"
  realpath "$bin" >"$PIDS/$name.exe"
  START_ENV=()
}

# Prints the pid when NAME runs as recorded (same pid, same executable), else returns 1.
live_pid() {
  local name=$1 pid exe actual
  [[ -s "$PIDS/$name.pid" && -s "$PIDS/$name.exe" ]] || return 1
  pid=$(<"$PIDS/$name.pid"); exe=$(<"$PIDS/$name.exe")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  actual=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
  [[ "${actual% (deleted)}" == "$exe" ]] || return 1
  echo "$pid"
}

stop_proc() {
  local name=$1 pid i
  if ! pid=$(live_pid "$name"); then
    if [[ -s "$PIDS/$name.pid" ]]; then
      log "$name: pid $(<"$PIDS/$name.pid") is gone or is no longer $name; not touching it"
    fi
    rm -f "$PIDS/$name.pid" "$PIDS/$name.exe"; return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 60; i++)); do
    [[ -d "/proc/$pid" ]] || break
    # A zombie of ours (not reaped because we are not its parent) counts as stopped.
    [[ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" == Z ]] && break
    sleep 0.25
  done
  if [[ -d "/proc/$pid" ]] && live_pid "$name" >/dev/null; then
    log "$name (pid $pid) did not stop on TERM within 15s; KILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$PIDS/$name.pid" "$PIDS/$name.exe"
}

# wait_for DESCRIPTION SECONDS COMMAND... : polls every 0.5 s
wait_for() {
  local what=$1 secs=$2 i; shift 2
  for ((i = 0; i < secs * 2; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  log "gave up waiting for $what after ${secs}s"
  return 1
}

kctl() { "$K8S_BIN/kubectl" --kubeconfig "$KUBECONFIG_FILE" "$@"; }
ctr_() { "$PKG_ROOT/usr/bin/ctr" --address "$CTR_SOCK" --namespace "$CTR_NS" "$@"; }
crictl_() { "$CRICTL_BIN/crictl" --runtime-endpoint "unix://$CTR_SOCK" --image-endpoint "unix://$CTR_SOCK" --timeout 20s "$@"; }

# ---------------------------------------------------------------------------------------------------------------
# PKI and kubeconfigs (EC P-256 certificates, an RSA service-account key), made fresh on each `up`
# ---------------------------------------------------------------------------------------------------------------
# mkcert NAME SUBJECT EXTKEYUSAGE [SUBJECTALTNAMES]
mkcert() {
  local name=$1 subj=$2 eku=$3 san=${4:-} ext
  ext=$(mktemp)
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$eku"
    [[ -n "$san" ]] && echo "subjectAltName=$san"
  } >"$ext"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "$subj" \
    -keyout "$PKI/$name.key" -out "$PKI/$name.csr" 2>/dev/null
  openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial \
    -days 30 -sha256 -extfile "$ext" -out "$PKI/$name.crt" 2>/dev/null
  rm -f "$ext" "$PKI/$name.csr"
}

# mkkubeconfig FILE CERTNAME
mkkubeconfig() {
  local file=$1 cert=$2
  cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: cdktf-kube
  cluster:
    server: https://127.0.0.1:$APISERVER_PORT
    certificate-authority: $PKI/ca.crt
users:
- name: $cert
  user:
    client-certificate: $PKI/$cert.crt
    client-key: $PKI/$cert.key
contexts:
- name: cdktf-kube
  context: {cluster: cdktf-kube, user: $cert}
current-context: cdktf-kube
EOF
}

make_pki() {
  rm -rf "$PKI"; mkdir -p "$PKI"; chmod 700 "$PKI"
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 -sha256 \
    -subj "/CN=cdktf-kube-ca" -keyout "$PKI/ca.key" -out "$PKI/ca.crt" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
  mkcert apiserver "/CN=kube-apiserver" serverAuth \
    "IP:127.0.0.1,IP:$APISERVER_SVC_IP,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  mkcert admin "/O=system:masters/CN=cdktf-kube-admin" clientAuth
  mkcert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" clientAuth
  mkcert controller-manager "/CN=system:kube-controller-manager" clientAuth
  mkcert scheduler "/CN=system:kube-scheduler" clientAuth
  mkcert kubelet "/O=system:nodes/CN=system:node:$NODE" clientAuth
  mkcert kube-proxy "/CN=system:kube-proxy" clientAuth
  mkcert coredns "/CN=cdktf-kube:coredns" clientAuth
  openssl genrsa -out "$PKI/sa.key" 2048 2>/dev/null
  openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
  local c
  for c in admin controller-manager scheduler kubelet kube-proxy coredns; do mkkubeconfig "$STATE/$c.kubeconfig" "$c"; done
}

# ---------------------------------------------------------------------------------------------------------------
# ports, ranges and host checks
# ---------------------------------------------------------------------------------------------------------------
ETCD_PORT=12379
ETCD_PEER_PORT=12380
APISERVER_PORT=16443
KCM_PORT=10257
SCHED_PORT=10259
KUBELET_PORT=10250
KUBELET_HEALTHZ_PORT=10248
PROXY_HEALTHZ_PORT=10256
PROXY_METRICS_PORT=10249
COREDNS_READY_PORT=18181
PORTS=("$ETCD_PORT" "$ETCD_PEER_PORT" "$APISERVER_PORT" "$KCM_PORT" "$SCHED_PORT" "$KUBELET_PORT" "$KUBELET_HEALTHZ_PORT"
  "$PROXY_HEALTHZ_PORT" "$PROXY_METRICS_PORT" "$COREDNS_READY_PORT")

preflight() {
  [[ "$(id -u)" == 0 ]] || die "needs root (containers, mounts, a bridge, iptables)"
  local c
  for c in iptables iptables-save iptables-restore ip ss openssl mount; do
    command -v "$c" >/dev/null || die "$c not found (Debian: apt-get install -y iptables iproute2 openssl)"
  done
  [[ -d /sys/fs/cgroup/memory && -d /sys/fs/cgroup/cpu ]] || die "expected cgroup v1 hierarchies under /sys/fs/cgroup (cpu, memory)"
  local p busy=()
  for p in "${PORTS[@]}"; do
    if ss -Hltn "sport = :$p" | grep -q .; then busy+=("$p"); fi
  done
  [[ ${#busy[@]} == 0 ]] || die "TCP port(s) ${busy[*]} already in use on this machine"
  local r
  for r in "$POD_CIDR" "$SERVICE_CIDR"; do
    if ip -4 route show | awk '{print $1}' | grep -qxF "$r"; then die "$r is already routed on this machine (set KUBE_POD_CIDR / KUBE_SERVICE_CIDR)"; fi
    if ip -4 route get "$(ip_plus "$r" 2)" 2>/dev/null | grep -qv ' via '; then
      ip -4 route get "$(ip_plus "$r" 2)" | grep -q "dev lo\| via " ||
        die "$r overlaps a network this machine is attached to: $(ip -4 route get "$(ip_plus "$r" 2)")"
    fi
  done
  ip link show "$BRIDGE" >/dev/null 2>&1 && die "bridge $BRIDGE exists already (a previous cluster? run: $0 down)"
  return 0
}

# ---------------------------------------------------------------------------------------------------------------
# configuration files
# ---------------------------------------------------------------------------------------------------------------
write_configs() {
  mkdir -p "$STATE/containerd" "$RUN/containerd" "$STATE/cni/net.d" "$STATE/cni/ipam" "$STATE/kubelet" "$STATE/pod-logs" \
    "$STATE/volumes" "$STATE/coredns"
  cat >"$STATE/containerd/config.toml" <<EOF
version = 2
root = "$STATE/containerd/root"
state = "$RUN/containerd/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.zfs", "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]

[grpc]
  address = "$CTR_SOCK"

[ttrpc]
  address = "$RUN/containerd/containerd.sock.ttrpc"

[plugins]
  [plugins."io.containerd.internal.v1.opt"]
    path = "$STATE/containerd/opt"
  [plugins."io.containerd.grpc.v1.cri"]
    sandbox_image = "$PAUSE_REF"
    restrict_oom_score_adj = true
    disable_apparmor = true
    netns_mounts_under_state_dir = true
    enable_unprivileged_ports = false
    stream_server_address = "127.0.0.1"
    stream_server_port = "0"
    [plugins."io.containerd.grpc.v1.cri".cni]
      bin_dir = "$PKG_ROOT/usr/lib/cni"
      conf_dir = "$STATE/cni/net.d"
      max_conf_num = 1
    [plugins."io.containerd.grpc.v1.cri".containerd]
      snapshotter = "overlayfs"
      default_runtime_name = "runc"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
        runtime_type = "io.containerd.runc.v2"
        [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
          BinaryName = "$PKG_ROOT/usr/sbin/runc"
          Root = "$RUN/containerd/runc"
          SystemdCgroup = false
EOF
  cat >"$STATE/cni/net.d/10-$CNI_NET.conflist" <<EOF
{
  "cniVersion": "0.4.0",
  "name": "$CNI_NET",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$BRIDGE",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{"subnet": "$POD_CIDR", "gateway": "$BRIDGE_IP"}]],
        "routes": [{"dst": "0.0.0.0/0"}],
        "dataDir": "$STATE/cni/ipam"
      }
    }
  ]
}
EOF
  cat >"$STATE/kubelet/config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: 127.0.0.1
port: $KUBELET_PORT
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $KUBELET_HEALTHZ_PORT
enableServer: true
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $PKI/ca.crt}
authorization: {mode: Webhook}
cgroupDriver: cgroupfs
cgroupRoot: /$CGROUP_ROOT
cgroupsPerQOS: true
failSwapOn: false
containerRuntimeEndpoint: unix://$CTR_SOCK
imageServiceEndpoint: unix://$CTR_SOCK
clusterDNS: [$DNS_SVC_IP]
clusterDomain: cluster.local
resolvConf: ""
podLogsDir: $STATE/pod-logs
evictionHard: {memory.available: 100Mi, nodefs.available: "1%", imagefs.available: "1%", nodefs.inodesFree: "1%"}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
serializeImagePulls: false
rotateCertificates: false
serverTLSBootstrap: false
maxPods: 60
EOF
  cat >"$STATE/coredns/Corefile" <<EOF
cluster.local:53 in-addr.arpa:53 ip6.arpa:53 {
    bind $BRIDGE_IP
    errors
    ready 127.0.0.1:$COREDNS_READY_PORT
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        kubeconfig $STATE/coredns.kubeconfig cdktf-kube
        pods insecure
        ttl 5
    }
    cache 5
}
.:53 {
    bind $BRIDGE_IP
    errors
    template ANY ANY {
        rcode NXDOMAIN
    }
}
EOF
}

CGROUP_ROOT=cdktf-kube
SHARED_DIRS=(/run/containerd/s /run/containerd /var/lib/cni/results /var/lib/cni /var/log/containers)
make_cgroup_root() {
  local h
  for h in /sys/fs/cgroup/*/; do
    h=${h%/}
    [[ -f "$h/cgroup.procs" ]] || continue
    mkdir -p "$h/$CGROUP_ROOT"
    if [[ -f "$h/cpuset.cpus" ]]; then
      cat "$h/cpuset.cpus" >"$h/$CGROUP_ROOT/cpuset.cpus"
      cat "$h/cpuset.mems" >"$h/$CGROUP_ROOT/cpuset.mems"
    fi
  done
}

# The node's pod traffic stays on the bridge: nothing the bridge sends is forwarded to another interface. The
# chain hangs off mangle/FORWARD, which runs before filter/FORWARD, where kube-proxy puts its own ACCEPTs first
# (its KUBE-FORWARD accepts any masqueraded Service packet, wherever its endpoint is).
FWD_RULE=(FORWARD -i "$BRIDGE" -j "$FW_CHAIN")
firewall_up() {
  local out_if
  out_if=$(ip -4 route show default | awk '{for (i = 1; i < NF; i++) if ($i == "dev") {print $(i+1); exit}}')
  iptables -w -t mangle -N "$FW_CHAIN"
  iptables -w -t mangle -A "$FW_CHAIN" -o "$BRIDGE" -j RETURN
  if [[ -n "$out_if" ]]; then iptables -w -t mangle -A "$FW_CHAIN" -s "$POD_CIDR" -o "$out_if" -j DROP; fi
  iptables -w -t mangle -A "$FW_CHAIN" -j DROP
  iptables -w -t mangle -I "${FWD_RULE[@]}"
  # Routing between the bridge and Service addresses needs forwarding; restored by `down`.
  echo 1 >/proc/sys/net/ipv4/ip_forward
}

firewall_down() {
  local table
  for table in mangle filter; do   # filter: where an earlier version of this script put it
    while iptables -w -t "$table" -D "${FWD_RULE[@]}" 2>/dev/null; do :; done
    if iptables -w -t "$table" -L "$FW_CHAIN" -n >/dev/null 2>&1; then
      iptables -w -t "$table" -F "$FW_CHAIN"; iptables -w -t "$table" -X "$FW_CHAIN"
    fi
  done
}

# Host settings that `up` or the kubelet (its kernel tunables) or kube-proxy may change: recorded before `up`,
# put back by `down`.
SYSCTLS=(net/ipv4/ip_forward vm/overcommit_memory vm/panic_on_oom kernel/panic kernel/panic_on_oops
  kernel/keys/root_maxkeys kernel/keys/root_maxbytes net/ipv4/conf/all/route_localnet)
save_sysctls() {
  local k
  for k in "${SYSCTLS[@]}"; do
    [[ -r "/proc/sys/$k" ]] && printf '%s %s\n' "$k" "$(cat "/proc/sys/$k")"
  done >"$RUN/sysctl.before"
}
restore_sysctls() {
  [[ -f "$RUN/sysctl.before" ]] || return 0
  local k v
  while read -r k v; do
    if [[ "$(cat "/proc/sys/$k")" != "$v" ]]; then
      if echo "$v" >"/proc/sys/$k" 2>/dev/null; then log "restored $k = $v"; else log "could not restore $k to $v"; fi
    fi
  done <"$RUN/sysctl.before"
  rm -f "$RUN/sysctl.before"
}

# iptables chains that exist before `up` ("table chain" lines, IPv4 and IPv6); `down` removes the KUBE-*/CNI-*
# chains that were not among them (kube-proxy's leftovers and the kubelet's canary and firewall chains).
snapshot_chains() {
  local fam
  for fam in iptables ip6tables; do
    command -v "$fam-save" >/dev/null || continue
    "$fam-save" 2>/dev/null | awk -v f="$fam" '/^\*/ {t = substr($0, 2)} /^:/ {print f, t, substr($1, 2)}'
  done | sort -u
}

# The ipsets kube-router made (after remove_new_chains: a set is destroyed only once no rule refers to it).
remove_new_ipsets() {
  [[ -f "$RUN/ipsets.before" ]] || return 0
  local set
  for set in $(ipset list -n 2>/dev/null | sort | comm -13 "$RUN/ipsets.before" -); do
    ipset destroy "$set" 2>/dev/null || log "could not remove ipset $set"
  done
}

remove_new_chains() {
  [[ -f "$RUN/chains.before" ]] || return 0
  local fam table chain line
  snapshot_chains | grep -E ' (KUBE-|CNI-)' | comm -13 "$RUN/chains.before" - >"$RUN/chains.new" || true
  [[ -s "$RUN/chains.new" ]] || return 0
  while read -r fam table chain; do
    # Drop every rule that jumps to the chain, then the chain.
    { "$fam-save" -t "$table" 2>/dev/null | grep -E -- "^-A .* -j $chain( |\$)" || true; } | while IFS= read -r line; do
      eval "$fam -w -t $table -D ${line#-A }" 2>/dev/null || true
    done
  done <"$RUN/chains.new"
  while read -r fam table chain; do "$fam" -w -t "$table" -F "$chain" 2>/dev/null || true; done <"$RUN/chains.new"
  while read -r fam table chain; do "$fam" -w -t "$table" -X "$chain" 2>/dev/null || log "could not remove $fam $table $chain"; done <"$RUN/chains.new"
}

# ---------------------------------------------------------------------------------------------------------------
# cluster objects the harness adds: DNS Service + EndpointSlice, CoreDNS' read access, the storage class and volumes
# ---------------------------------------------------------------------------------------------------------------
apply_cluster_objects() {
  kctl apply -f - >/dev/null <<EOF
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "cdktf-kube:coredns"}
rules:
- apiGroups: [""]
  resources: [endpoints, services, pods, namespaces]
  verbs: [list, watch]
- apiGroups: [discovery.k8s.io]
  resources: [endpointslices]
  verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "cdktf-kube:coredns"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "cdktf-kube:coredns"}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: "cdktf-kube:coredns"}]
---
apiVersion: v1
kind: Service
metadata:
  name: kube-dns
  namespace: kube-system
  labels: {k8s-app: kube-dns, kubernetes.io/name: CoreDNS}
spec:
  clusterIP: $DNS_SVC_IP
  ports:
  - {name: dns, port: 53, protocol: UDP, targetPort: 53}
  - {name: dns-tcp, port: 53, protocol: TCP, targetPort: 53}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: kube-dns-host
  namespace: kube-system
  labels: {kubernetes.io/service-name: kube-dns, endpointslice.kubernetes.io/managed-by: cdktf-kube}
addressType: IPv4
endpoints:
- addresses: [$BRIDGE_IP]
  conditions: {ready: true}
ports:
- {name: dns, port: 53, protocol: UDP}
- {name: dns-tcp, port: 53, protocol: TCP}
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: $STORAGE_CLASS
  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Retain
EOF
  local i
  for ((i = 1; i <= PV_COUNT; i++)); do make_pv "$(printf 'cdktf-kube-pv-%02d' "$i")"; done
}

make_pv() {
  local name=$1 dir="$STATE/volumes/$1"
  rm -rf "$dir"; mkdir -p "$dir"; chmod 0777 "$dir"
  kctl apply -f - >/dev/null <<EOF
apiVersion: v1
kind: PersistentVolume
metadata:
  name: $name
  labels: {cdktf-kube/pool: "true"}
spec:
  capacity: {storage: $PV_SIZE}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: $STORAGE_CLASS
  volumeMode: Filesystem
  local: {path: $dir}
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions:
        - {key: kubernetes.io/hostname, operator: In, values: [$NODE]}
EOF
}

cmd_volumes_reset() {
  local pv n=0
  for pv in $(kctl get pv -l cdktf-kube/pool=true -o jsonpath='{range .items[?(@.status.phase!="Bound")]}{.metadata.name}{" "}{.status.phase}{"\n"}{end}' | awk '$2 != "Available" {print $1}'); do
    kctl delete pv "$pv" --wait=true >/dev/null
    make_pv "$pv"; n=$((n + 1))
  done
  log "volumes: recycled $n; $(kctl get pv -l cdktf-kube/pool=true --no-headers | awk '{print $5}' | sort | uniq -c | xargs)"
}

# ---------------------------------------------------------------------------------------------------------------
# up
# ---------------------------------------------------------------------------------------------------------------
apiserver_ready() { kctl get --raw /readyz >/dev/null 2>&1; }
node_ready() {
  [[ "$(kctl get node "$NODE" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" == True ]]
}
http_ok() { curl -fsS -o /dev/null --max-time 2 "$1"; }
https_ok() { curl -fsSk -o /dev/null --max-time 2 "$1"; }

require_running() {
  local name=$1
  live_pid "$name" >/dev/null || { tail -n 30 "$LOGS/$name.log" >&2 || true; die "$name exited (log: $LOGS/$name.log)"; }
}

cmd_up() {
  local t0=$SECONDS t
  if [[ -d "$PIDS" ]] && compgen -G "$PIDS/*.pid" >/dev/null; then
    local c alive=0
    for c in "${COMPONENTS[@]}"; do live_pid "$c" >/dev/null && alive=$((alive + 1)); done
    if ((alive == ${#COMPONENTS[@]})) && apiserver_ready; then log "already up"; cmd_env; return 0; fi
    # None of the recorded processes runs: a run was killed or the machine restarted. What is left (mounts, bridge,
    # rules, cgroups, state) is this script's own, so it is cleared as "down" would, and the cluster starts afresh.
    # Some still running means another run may be using or starting it: that is left to the user.
    ((alive == 0)) || die "a previous cluster is partly there ($alive of ${#COMPONENTS[@]} components run): $0 down first"
    log "a previous cluster left its state behind with none of its components running: clearing it first"
    (cmd_down) || die "the previous cluster's leftovers could not all be cleared (above): $0 down, then look"
  fi
  command -v curl >/dev/null || die "curl not found"
  cmd_build
  preflight
  t=$SECONDS
  if grep -qE " ($STATE|$RUN)[/ ]" /proc/self/mounts; then die "mounts remain under $STATE or $RUN: $0 down first"; fi
  rm -rf "$STATE" "$RUN"; mkdir -p "$STATE" "$RUN" "$LOGS" "$PIDS"
  chmod 700 "$STATE"
  for f in "$LOGS"/*.log; do [[ -e "$f" ]] && mv -f "$f" "$f.prev"; done
  snapshot_chains >"$RUN/chains.before"
  save_sysctls
  # Shared directories that containerd 1.6 (shim sockets), libcni (its cache) and the kubelet (log links) use
  # whatever they are told: those that do not exist yet are removed by `down` when empty again.
  for f in "${SHARED_DIRS[@]}"; do [[ -e "$f" ]] || echo "$f"; done >"$RUN/dirs.created"
  make_pki
  write_configs
  # Clean up on a failed `up` (everything below is recorded, so `down` can undo it).
  trap 'rc=$?; if ((rc != 0)); then log "up failed; tearing down what it started"; cmd_down || true; fi' EXIT

  start_proc etcd "$PKG_ROOT/usr/bin/etcd" --name cdktf-kube --data-dir "$STATE/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "cdktf-kube=http://127.0.0.1:$ETCD_PEER_PORT" --initial-cluster-state new \
    --quota-backend-bytes 2147483648 --log-level warn
  wait_for etcd "$UP_TIMEOUT" http_ok "http://127.0.0.1:$ETCD_PORT/health" || { require_running etcd; die "etcd not healthy"; }
  log "etcd healthy ($((SECONDS - t))s)"

  start_proc kube-apiserver "$K8S_BIN/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$APISERVER_PORT" \
    --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" --client-ca-file "$PKI/ca.crt" \
    --kubelet-client-certificate "$PKI/apiserver-kubelet-client.crt" --kubelet-client-key "$PKI/apiserver-kubelet-client.key" \
    --kubelet-preferred-address-types Hostname,InternalIP \
    --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --authorization-mode Node,RBAC --service-cluster-ip-range "$SERVICE_CIDR" \
    --allow-privileged=true --profiling=false --endpoint-reconciler-type none \
    --enable-admission-plugins NodeRestriction
  wait_for apiserver "$UP_TIMEOUT" apiserver_ready || { require_running kube-apiserver; die "kube-apiserver not ready"; }
  log "kube-apiserver ready on https://127.0.0.1:$APISERVER_PORT ($((SECONDS - t))s)"

  start_proc kube-controller-manager "$K8S_BIN/kube-controller-manager" \
    --kubeconfig "$STATE/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$STATE/controller-manager.kubeconfig" --authorization-kubeconfig "$STATE/controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$KCM_PORT" --controllers '*,-nodeipam' --leader-elect=false \
    --use-service-account-credentials --cluster-signing-cert-file "$PKI/ca.crt" --cluster-signing-key-file "$PKI/ca.key" \
    --root-ca-file "$PKI/ca.crt" --service-account-private-key-file "$PKI/sa.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" --allocate-node-cidrs=false --profiling=false
  start_proc kube-scheduler "$K8S_BIN/kube-scheduler" \
    --kubeconfig "$STATE/scheduler.kubeconfig" \
    --authentication-kubeconfig "$STATE/scheduler.kubeconfig" --authorization-kubeconfig "$STATE/scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$SCHED_PORT" --leader-elect=false --profiling=false

  # The bridge exists before the first pod so that CoreDNS can bind its address; the CNI bridge plugin adopts it.
  ip link add "$BRIDGE" type bridge
  ip addr add "$BRIDGE_IP/${POD_CIDR#*/}" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  firewall_up
  make_cgroup_root

  START_ENV=(PATH="$PKG_ROOT/usr/bin:$PKG_ROOT/usr/sbin:$PATH")
  start_proc containerd "$PKG_ROOT/usr/bin/containerd" --config "$STATE/containerd/config.toml"
  wait_for containerd "$UP_TIMEOUT" ctr_ version || { require_running containerd; die "containerd does not answer on $CTR_SOCK"; }
  import_archive "$IMG_DIR/pause.tar" >/dev/null
  import_archive "$IMG_DIR/busybox.tar" >/dev/null
  ctr_ images label "$PAUSE_REF" io.cri-containerd.pinned=pinned >/dev/null
  log "containerd ready on $CTR_SOCK, pause image imported ($((SECONDS - t))s)"

  start_proc kubelet "$K8S_BIN/kubelet" --config "$STATE/kubelet/config.yaml" --kubeconfig "$STATE/kubelet.kubeconfig" \
    --root-dir "$STATE/kubelet" --cert-dir "$STATE/kubelet/pki" --hostname-override "$NODE" --node-ip "$BRIDGE_IP" --v 1
  start_proc kube-proxy "$K8S_BIN/kube-proxy" --kubeconfig "$STATE/kube-proxy.kubeconfig" \
    --proxy-mode iptables --cluster-cidr "$POD_CIDR" --hostname-override "$NODE" --bind-address 127.0.0.1 \
    --healthz-bind-address "127.0.0.1:$PROXY_HEALTHZ_PORT" --metrics-bind-address "127.0.0.1:$PROXY_METRICS_PORT" \
    --masquerade-all --nodeport-addresses "$BRIDGE_IP/32" --conntrack-max-per-core 0 \
    --conntrack-tcp-timeout-established 0 --conntrack-tcp-timeout-close-wait 0 --iptables-localhost-nodeports=false \
    --profiling=false
  start_proc coredns "$COREDNS_BIN/coredns" -conf "$STATE/coredns/Corefile"

  wait_for node "$UP_TIMEOUT" node_ready || { require_running kubelet; die "node $NODE not Ready"; }
  log "node $NODE Ready ($((SECONDS - t))s)"
  # NetworkPolicy enforcement, once the node exists (kube-router finds its node by name at start) (ingress rules in iptables and ipsets); no routing, no service proxy, no CNI.
  ipset list -n 2>/dev/null | sort >"$RUN/ipsets.before" || true
  start_proc kube-router "$KUBE_ROUTER_BIN/kube-router" --run-firewall=true --run-router=false --run-service-proxy=false \
    --run-loadbalancer=false --enable-cni=false --kubeconfig "$KUBECONFIG_FILE" --hostname-override "$NODE" \
    --health-port=0 --metrics-port=0
  apply_cluster_objects
  wait_for kube-proxy "$UP_TIMEOUT" http_ok "http://127.0.0.1:$PROXY_HEALTHZ_PORT/healthz" || { require_running kube-proxy; die "kube-proxy not healthy"; }
  wait_for coredns "$UP_TIMEOUT" http_ok "http://127.0.0.1:$COREDNS_READY_PORT/ready" || { require_running coredns; die "CoreDNS not ready"; }
  wait_for serviceaccount "$UP_TIMEOUT" kctl get serviceaccount default -n default || die "the default ServiceAccount did not appear"
  local c
  for c in "${COMPONENTS[@]}"; do require_running "$c"; done
  cmd_env >"$STATE/env"
  trap - EXIT
  log "cluster up in $((SECONDS - t))s ($((SECONDS - t0))s with the build check); kubeconfig: $KUBECONFIG_FILE"
  cmd_env
}

# ---------------------------------------------------------------------------------------------------------------
# down: undo `up`, in reverse; safe to run repeatedly and after a failed `up`
# ---------------------------------------------------------------------------------------------------------------
cmd_down() {
  local t=$SECONDS pid c f
  [[ "$(id -u)" == 0 ]] || die "needs root"
  # Best effort from here on: one step that fails must not leave the rest behind; `leftovers` judges.
  set +e
  # Pods first, through the CRI while containerd still runs: that runs CNI DEL (veth, IPAM) and removes each netns.
  stop_proc kubelet
  if live_pid containerd >/dev/null; then
    local pods=()
    mapfile -t pods < <(crictl_ pods -q 2>/dev/null || true)
    if ((${#pods[@]} > 0)); then crictl_ stopp "${pods[@]}" >/dev/null 2>&1 || true; fi
    crictl_ rmp -a -f >/dev/null 2>&1 || true
    # Anything left that the CRI does not know: kill and delete the tasks and containers.
    local ids
    ids=$(ctr_ tasks ls -q 2>/dev/null || true)
    for c in $ids; do ctr_ tasks kill -s SIGKILL "$c" >/dev/null 2>&1 || true; done
    for c in $ids; do ctr_ tasks delete -f "$c" >/dev/null 2>&1 || true; done
    ids=$(ctr_ containers ls -q 2>/dev/null || true)
    for c in $ids; do ctr_ containers delete "$c" >/dev/null 2>&1 || true; done
  fi
  stop_proc coredns
  stop_proc kube-router
  if live_pid kube-proxy >/dev/null; then
    stop_proc kube-proxy
  fi
  if [[ -x "$K8S_BIN/kube-proxy" ]] && [[ -f "$RUN/chains.before" ]]; then
    "$K8S_BIN/kube-proxy" --cleanup --proxy-mode iptables >>"$LOGS/kube-proxy-cleanup.log" 2>&1 || true
  fi
  stop_proc containerd
  # Shims of this containerd only (their command line names its socket).
  for pid in $(pgrep -f "containerd-shim-runc-v2 .*-address $CTR_SOCK" || true); do
    [[ "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" == *"-address $CTR_SOCK"* ]] || continue
    log "killing leftover shim $pid"; kill -KILL "$pid" 2>/dev/null || true
  done
  stop_proc kube-scheduler
  stop_proc kube-controller-manager
  stop_proc kube-apiserver
  stop_proc etcd
  # Network.
  firewall_down
  remove_new_chains
  remove_new_ipsets
  restore_sysctls
  if ip link show "$BRIDGE" >/dev/null 2>&1; then ip link delete "$BRIDGE"; fi
  rm -f /var/lib/cni/results/"$CNI_NET"-* 2>/dev/null || true
  # Mounts under our directories, deepest first.
  local m
  awk -v s="$STATE" -v r="$RUN" '$2 == s || index($2, s "/") == 1 || $2 == r || index($2, r "/") == 1 {print $2}' \
    /proc/self/mounts | sort -r | while IFS= read -r m; do
    m=$(printf '%b' "$m")
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || log "could not unmount $m"
  done
  # Cgroups under our root, deepest first (processes are gone, so they are empty).
  local h
  for h in /sys/fs/cgroup/*/; do
    [[ -d "$h$CGROUP_ROOT" ]] || continue
    find "$h$CGROUP_ROOT" -depth -type d -exec rmdir {} + 2>/dev/null || true
    [[ -d "$h$CGROUP_ROOT" ]] && log "cgroup $h$CGROUP_ROOT could not be removed"
  done
  # Container log links the kubelet made (it always puts them in /var/log/containers).
  if [[ -d /var/log/containers ]]; then
    find /var/log/containers -maxdepth 1 -type l -lname "$STATE/*" -delete 2>/dev/null || true
  fi
  if [[ -f "$RUN/dirs.created" ]]; then
    while read -r f; do rmdir "$f" 2>/dev/null || true; done <"$RUN/dirs.created"
  fi
  # Never delete through a mount that would not go away (a pod's hostPath bind mount would take host files with it).
  if grep -qE " ($STATE|$RUN)[/ ]" /proc/self/mounts; then
    log "mounts remain under $STATE or $RUN: not deleting them"
  else
    rm -rf --one-file-system "$STATE" "$RUN"
  fi
  log "down ($((SECONDS - t))s)"
  leftovers
}

# Prints what of this harness is still on the machine; returns 1 when anything is.
leftovers() {
  local found=0
  if pgrep -fa "$STATE|$RUN" >/dev/null 2>&1; then log "left: processes: $(pgrep -fa "$STATE|$RUN" | head -5 | tr '\n' ';')"; found=1; fi
  if grep -qE " ($STATE|$RUN)[/ ]" /proc/self/mounts; then log "left: mounts under $STATE or $RUN"; found=1; fi
  if ip link show "$BRIDGE" >/dev/null 2>&1; then log "left: bridge $BRIDGE"; found=1; fi
  if ip -o link show | grep -q "master $BRIDGE"; then log "left: veth on $BRIDGE"; found=1; fi
  if iptables-save 2>/dev/null | grep -qE "$FW_CHAIN|KUBE-SVC|KUBE-SERVICES|KUBE-ROUTER|KUBE-POD-FW|KUBE-NWPLCY"; then log "left: iptables rules ($FW_CHAIN or KUBE-*)"; found=1; fi
  if ipset list -n 2>/dev/null | grep -qE "^(KUBE-SRC-|KUBE-DST-|kube-router)"; then log "left: kube-router ipsets"; found=1; fi
  if compgen -G "/sys/fs/cgroup/*/$CGROUP_ROOT" >/dev/null; then log "left: cgroups /sys/fs/cgroup/*/$CGROUP_ROOT"; found=1; fi
  if [[ -e "$STATE" || -e "$RUN" ]]; then log "left: $STATE or $RUN"; found=1; fi
  if ((found == 0)); then log "nothing left behind (processes, mounts, bridge, iptables, cgroups, state)"; fi
  return "$found"
}

# ---------------------------------------------------------------------------------------------------------------
# status, env, images
# ---------------------------------------------------------------------------------------------------------------
cmd_status() {
  local c pid ok=0
  for c in "${COMPONENTS[@]}"; do
    if pid=$(live_pid "$c"); then
      printf '%-24s running  pid %-7s rss %s MiB\n' "$c" "$pid" "$(($(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024))"
    else
      printf '%-24s stopped\n' "$c"; ok=1
    fi
  done
  if apiserver_ready; then
    echo "api server: ready (https://127.0.0.1:$APISERVER_PORT)"
    kctl get nodes -o wide 2>/dev/null || true
    kctl get pods -A --no-headers 2>/dev/null | awk '{print "pod " $1 "/" $2 " " $4}' | head -40
    echo "volumes: $(kctl get pv -l cdktf-kube/pool=true --no-headers 2>/dev/null | awk '{print $5}' | sort | uniq -c | xargs)"
    node_ready || ok=1
  else
    echo "api server: not answering"; ok=1
  fi
  return "$ok"
}

cmd_env() {
  cat <<EOF
KUBECONFIG=$KUBECONFIG_FILE
KUBECTL=$K8S_BIN/kubectl
KUBE_BIN=$K8S_BIN
KUBE_NODE=$NODE
KUBE_STORAGE_CLASS=$STORAGE_CLASS
KUBE_POD_CIDR=$POD_CIDR
KUBE_SERVICE_CIDR=$SERVICE_CIDR
KUBE_DNS_IP=$DNS_SVC_IP
KUBE_BRIDGE_IP=$BRIDGE_IP
KUBE_BUSYBOX_IMAGE=$BUSYBOX_REF
CONTAINERD_ADDRESS=$CTR_SOCK
CONTAINERD_NAMESPACE=$CTR_NS
CTR=$PKG_ROOT/usr/bin/ctr
CRICTL=$CRICTL_BIN/crictl
CONTAINER_RUNTIME_ENDPOINT=unix://$CTR_SOCK
KUBE_LOGS=$LOGS
EOF
}

import_archive() { ctr_ images import "$1"; }

cmd_images() {
  [[ "${1:-}" == import ]] || die "usage: $0 images import <docker-archive.tar | image reference>..."
  shift
  [[ $# -gt 0 ]] || die "usage: $0 images import <docker-archive.tar | image reference>..."
  live_pid containerd >/dev/null || die "the cluster's containerd is not running ($0 up)"
  local a refs=()
  for a in "$@"; do
    if [[ -f "$a" ]]; then import_archive "$a"; else refs+=("$a"); fi
  done
  [[ ${#refs[@]} -gt 0 ]] || return 0
  if [[ -z "${DOCKER_HOST:-}" && -x "$ROOT/scripts/dockerd.sh" ]]; then
    eval "$("$ROOT/scripts/dockerd.sh" env)"
  fi
  command -v docker >/dev/null || die "${refs[0]} is no file and docker is not installed"
  # One archive for all of them: layers the images share (the base system, the JDK) are written and read once.
  docker save "${refs[@]}" | ctr_ images import -
}

# ---------------------------------------------------------------------------------------------------------------
# smoke: an imported image runs Ready, cluster DNS resolves a Service, a ClusterIP Service answers, a claim binds
# ---------------------------------------------------------------------------------------------------------------
SMOKE_NS=cdktf-kube-smoke
# A stand-in for "anywhere else": a network namespace of our own (no mount: it lives as long as its sleep), joined
# to the host by a veth, with a listener. The host reaches it; a pod must not (the FORWARD drop).
PROBE_NET=10.215.0.0/30
PROBE_HOST_IP=10.215.0.1
PROBE_IP=10.215.0.2
PROBE_IF=cdkkprobe0
PROBE_PIDS=()
probe_up() {
  [[ -z "$(ip -4 route show "$PROBE_NET")" ]] || die "smoke: $PROBE_NET is routed on this machine already"
  local bb="$PKG_ROOT/bin/busybox" pid
  unshare -n sleep 300 &
  pid=$!; PROBE_PIDS+=("$pid")
  sleep 0.2
  ip link add "$PROBE_IF" type veth peer name probe1 netns "$pid"
  ip addr add "$PROBE_HOST_IP/30" dev "$PROBE_IF"; ip link set "$PROBE_IF" up
  nsenter -t "$pid" -n sh -c "ip link set lo up && ip addr add $PROBE_IP/30 dev probe1 && ip link set probe1 up && ip route add default via $PROBE_HOST_IP"
  # Answers every connection with one line until the probe is torn down.
  nsenter -t "$pid" -n timeout 300 "$bb" nc -ll -p 9999 -e echo probe-reached >/dev/null 2>&1 &
  PROBE_PIDS+=("$!")
  wait_for "the probe listener" 10 probe_answers || die "smoke: the host cannot reach its own probe namespace"
}
probe_answers() { [[ "$(echo | timeout 3 "$PKG_ROOT/bin/busybox" nc "$PROBE_IP" 9999 2>/dev/null)" == probe-reached ]]; }
probe_down() {
  local pid
  for pid in "${PROBE_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  PROBE_PIDS=()
  if ip link show "$PROBE_IF" >/dev/null 2>&1; then ip link delete "$PROBE_IF"; fi
}

cmd_smoke() {
  local t=$SECONDS
  apiserver_ready || die "the cluster is not up ($0 up)"
  kctl delete namespace "$SMOKE_NS" --ignore-not-found --wait=true >/dev/null
  kctl apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Namespace
metadata:
  name: $SMOKE_NS
  labels: {pod-security.kubernetes.io/enforce: restricted}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: $SMOKE_NS}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: $SMOKE_NS, labels: {app: web}}
spec:
  terminationGracePeriodSeconds: 1
  securityContext: {runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534, seccompProfile: {type: RuntimeDefault}}
  containers:
  - name: web
    image: $BUSYBOX_REF
    imagePullPolicy: Never
    command: [sh, -c, 'echo smoke-ok >/data/index.html && exec httpd -f -p 8080 -h /data']
    ports: [{containerPort: 8080, name: http}]
    readinessProbe: {httpGet: {path: /index.html, port: 8080}, periodSeconds: 1}
    securityContext: {allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: {drop: [ALL]}}
    volumeMounts: [{name: data, mountPath: /data}]
  volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: $SMOKE_NS}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}]
EOF
  kctl -n "$SMOKE_NS" wait pod/web --for=condition=Ready --timeout=90s >/dev/null ||
    { kctl -n "$SMOKE_NS" describe pod web >&2; die "smoke: pod web not Ready"; }
  log "smoke: pod web Ready ($((SECONDS - t))s)"
  [[ "$(kctl -n "$SMOKE_NS" get pvc data -o jsonpath='{.status.phase}')" == Bound ]] || die "smoke: claim data not Bound"
  log "smoke: claim data Bound to $(kctl -n "$SMOKE_NS" get pvc data -o jsonpath='{.spec.volumeName}')"
  local ip; ip=$(kctl -n "$SMOKE_NS" get service web -o jsonpath='{.spec.clusterIP}')
  trap probe_down EXIT
  probe_up
  kctl apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: $SMOKE_NS}
spec:
  restartPolicy: Never
  terminationGracePeriodSeconds: 1
  securityContext: {runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: {type: RuntimeDefault}}
  containers:
  - name: client
    image: $BUSYBOX_REF
    imagePullPolicy: Never
    command:
    - sh
    - -c
    - |
      set -e
      echo "resolv.conf: \$(grep nameserver /etc/resolv.conf)"
      nslookup web.$SMOKE_NS.svc.cluster.local
      nslookup web.$SMOKE_NS.svc.cluster.local | grep -q "$ip"
      # (Debian's static busybox wget crashes; nc speaks the HTTP request itself.)
      get() { printf 'GET /index.html HTTP/1.0\\r\\nHost: web\\r\\n\\r\\n' | nc -w 5 "\$1" 80 | tail -n 1; }
      echo "by ClusterIP $ip: \$(get $ip)"; test "\$(get $ip)" = smoke-ok
      echo "by short name: \$(get web)"; test "\$(get web)" = smoke-ok
      echo "by FQDN: \$(get web.$SMOKE_NS.svc.cluster.local)"; test "\$(get web.$SMOKE_NS.svc.cluster.local)" = smoke-ok
      # Pod traffic must not leave the bridge: the probe namespace answers the host, never a pod.
      if echo | nc -w 3 $PROBE_IP 9999; then echo "LEAK: a pod reached $PROBE_IP outside the bridge"; exit 1; fi
      echo "outside the bridge ($PROBE_IP): unreachable, as it must be"
      echo CLIENT-OK
    securityContext: {allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: {drop: [ALL]}}
EOF
  local phase i
  for ((i = 0; i < 120; i++)); do
    phase=$(kctl -n "$SMOKE_NS" get pod client -o jsonpath='{.status.phase}')
    [[ "$phase" == Succeeded || "$phase" == Failed ]] && break
    sleep 0.5
  done
  kctl -n "$SMOKE_NS" logs client >&2 || true
  [[ "$phase" == Succeeded ]] || die "smoke: the client pod ended $phase (DNS or Service not reachable)"
  probe_answers || die "smoke: the probe stopped answering the host, so the pod's failure to reach it proves nothing"
  probe_down; trap - EXIT
  log "smoke: cluster DNS resolved web.$SMOKE_NS to $ip, the ClusterIP Service answered, nothing outside the bridge did ($((SECONDS - t))s)"
  kctl delete namespace "$SMOKE_NS" --wait=true --timeout=60s >/dev/null
  cmd_volumes_reset
  log "smoke passed in $((SECONDS - t))s"
}

usage() { sed -n '2,/^set -E/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

case "${1:-}" in
  build) cmd_build ;;
  up) cmd_up ;;
  down) cmd_down || exit 1 ;;
  status) cmd_status || exit 1 ;;
  env) cmd_env ;;
  smoke) cmd_smoke ;;
  images) shift; cmd_images "$@" ;;
  volumes) [[ "${2:-}" == reset ]] || die "usage: $0 volumes reset"; cmd_volumes_reset ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
