#!/usr/bin/env bash
# Security scan of everything the examples synthesize.
#
#   scripts/scan.sh                 # every example under examples/
#   scripts/scan.sh docker-cluster  # some of them
#
# Synthesizes each example (CDKTF_OUTDIR=<tmp> npx ts-node --transpile-only examples/<name>/main.ts) and runs
# checkov (pinned, installed into a venv in a cache outside the repo) over each stack's cdk.tf.json with the
# terraform_json framework:
#   - checkov's own Terraform checks, which include the CKV_K8S_* pod checks. Those checks know only
#     kubernetes_pod(_v1) and kubernetes_deployment(_v1), not the StatefulSets the library renders, so the
#     scan hands checkov a copy of each stack in which kubernetes_stateful_set(_v1) is renamed to
#     kubernetes_deployment(_v1): both carry the same pod template (spec.template), which is what the
#     CKV_K8S_* checks read. (kube-linter, the other offline option, is not available from the Go module
#     proxy; checkov's kubernetes framework would need manifests converted from the Terraform JSON.)
#   - the Docker checks in scripts/scan-policies/ (checkov has none for kreuzwerker/docker resources; ours
#     follow the CIS Docker Benchmark), proven to fire by a canary stack before the real scan.
# Fails on any failed check that scripts/scan-skips.txt does not list, and on any stack in which checkov
# evaluated no resource at all (a scan that sees nothing is not a pass). Runs offline (--skip-download).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

CHECKOV_VERSION=3.3.30
CACHE="${CDKTF_DEBEZIUM_CACHE:-$HOME/.cache/cdktf-debezium-connect}"
VENV="$CACHE/venv-checkov"
POLICIES="$ROOT/scripts/scan-policies"
SKIPS_FILE="$ROOT/scripts/scan-skips.txt"

log() { printf '%s\n' "$*" >&2; }

if [ "$("$VENV/bin/checkov" --version 2>/dev/null || true)" != "$CHECKOV_VERSION" ]; then
  log "installing checkov $CHECKOV_VERSION into $VENV"
  rm -rf "$VENV"
  mkdir -p "$CACHE"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION"
fi
CHECKOV="$VENV/bin/checkov"

# The skip list: "<check id> <reason>" per line; '#' starts a comment. Every skip must carry a reason.
SKIPS=""
if [ -f "$SKIPS_FILE" ]; then
  while read -r id reason; do
    case "$id" in '' | '#'*) continue ;; esac
    [ -n "$reason" ] || { log "scan-skips.txt: $id has no reason"; exit 2; }
    SKIPS="${SKIPS:+$SKIPS,}$id"
  done < "$SKIPS_FILE"
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# One checkov run over one cdk.tf.json; prints "passed failed skipped evaluated-resources resources" and the
# failed checks, and returns non-zero on an unlisted failure or a blind scan.
scan_file() {
  local file="$1" label="$2" expect="${3:-pass}"
  local out="$WORK/result.json" scanned="$WORK/scanned/$label/cdk.tf.json"
  mkdir -p "$(dirname "$scanned")"
  python3 - "$file" "$scanned" <<'PY'
import json, sys
tf = json.load(open(sys.argv[1]))
resources = tf.get("resource") or {}
for sts, deployment in (("kubernetes_stateful_set_v1", "kubernetes_deployment_v1"), ("kubernetes_stateful_set", "kubernetes_deployment")):
    if sts in resources:
        resources.setdefault(deployment, {}).update(resources.pop(sts))
json.dump(tf, open(sys.argv[2], "w"))
PY
  (cd "$(dirname "$scanned")" && "$CHECKOV" -f cdk.tf.json --framework terraform_json --skip-download \
    --external-checks-dir "$POLICIES" ${SKIPS:+--skip-check "$SKIPS"} -o json >"$out" 2>"$WORK/checkov.err") || true
  python3 - "$out" "$file" "$label" "$expect" <<'PY'
import json, sys
out, file, label, expect = sys.argv[1:5]
try:
    raw = json.load(open(out))
except Exception as e:
    print(f"{label}: checkov produced no JSON ({e}); see its stderr", file=sys.stderr)
    sys.exit(3)
reports = raw if isinstance(raw, list) else [raw]
results = {"passed_checks": [], "failed_checks": [], "skipped_checks": []}
for r in reports:
    for k in results:
        results[k] += (r.get("results") or {}).get(k, [])
tf = json.load(open(file))
resources = {f"{t}.{i}" for t, by_id in (tf.get("resource") or {}).items() for i in by_id}
# checkov names some resources "<type>.<id>" and others "resource.<id>": match by logical id.
ids = {r.split(".", 1)[1]: r for r in resources}
evaluated = {ids[c["resource"].rsplit(".", 1)[-1]] for k in results for c in results[k] if c["resource"].rsplit(".", 1)[-1] in ids}
p, f, s = (len(results[k]) for k in ("passed_checks", "failed_checks", "skipped_checks"))
unscanned = sorted({r.split(".")[0] for r in resources - evaluated})
print(f"{label}: {len(resources)} resources, checkov evaluated {len(evaluated & resources)}; checks passed {p}, failed {f}, skipped {s}"
      + (f"; no check applies to: {', '.join(unscanned)}" if unscanned else ""))
if expect == "canary":
    # Every custom policy must fire on the canary, or the scan could pass without looking.
    failed_ids = {c["check_id"] for c in results["failed_checks"]}
    print("canary failed checks: " + " ".join(sorted(failed_ids)))
    open(out + ".canary", "w").write("\n".join(sorted(failed_ids)))
    sys.exit(0)
if len(evaluated & resources) == 0:
    print(f"{label}: checkov evaluated no resource: the scan saw nothing, which is a failure, not a pass", file=sys.stderr)
    sys.exit(4)
for c in sorted(results["failed_checks"], key=lambda c: (c["check_id"], c["resource"])):
    print(f"  FAILED {c['check_id']} {c['resource'].rsplit('.', 1)[-1]}: {c['check_name']}")
sys.exit(1 if f else 0)
PY
}

# Canary: a container that breaks every Docker policy. Each policy must fail on it.
CANARY="$WORK/canary/cdk.tf.json"
mkdir -p "$(dirname "$CANARY")"
cat >"$CANARY" <<'JSON'
{ "resource": {
  "docker_image": { "img": { "name": "busybox:latest" } },
  "docker_network": { "net": { "name": "n", "driver": "host" } },
  "docker_volume": { "vol": { "name": "v", "driver_opts": { "type": "none", "o": "bind", "device": "/etc" } } },
  "docker_container": { "bad": { "name": "bad", "image": "busybox", "privileged": true, "network_mode": "host",
    "ports": [ { "internal": 80, "external": 80, "ip": "0.0.0.0" } ],
    "volumes": [ { "host_path": "/var/run/docker.sock", "container_path": "/var/run/docker.sock" } ] } } } }
JSON
SKIPS_SAVED="$SKIPS"; SKIPS=""
scan_file "$CANARY" canary canary >/dev/null
SKIPS="$SKIPS_SAVED"
missing=""
for policy in "$POLICIES"/*.yaml; do
  id="$(sed -n 's/^ *id: *"\(.*\)"/\1/p' "$policy")"
  grep -qx "$id" "$WORK/result.json.canary" || missing="$missing $id"
done
if [ -n "$missing" ]; then
  log "scan policies that did not fire on the canary (they would pass anything):$missing"
  exit 5
fi
# shellcheck disable=SC2012 # counts the policy files; no name is parsed
log "canary: all $(ls "$POLICIES"/*.yaml | wc -l) Docker policies fire"

if [ "$#" -gt 0 ]; then EXAMPLES=("$@"); else
  EXAMPLES=()
  for main in examples/*/main.ts; do EXAMPLES+=("$(basename "$(dirname "$main")")"); done
fi

status=0
stacks=0
for name in "${EXAMPLES[@]}"; do
  outdir="$WORK/out/$name"
  mkdir -p "$outdir"
  log "synthesizing examples/$name"
  if ! CDKTF_OUTDIR="$outdir" npx ts-node --transpile-only "examples/$name/main.ts" >"$WORK/synth.log" 2>&1; then
    cat "$WORK/synth.log" >&2
    log "examples/$name: synth failed"
    status=1
    continue
  fi
  for file in "$outdir"/stacks/*/cdk.tf.json; do
    [ -f "$file" ] || { log "examples/$name: no stack synthesized"; status=1; continue; }
    stacks=$((stacks + 1))
    scan_file "$file" "$name/$(basename "$(dirname "$file")")" || status=1
  done
done

if [ "$stacks" -eq 0 ]; then log "no stack scanned"; exit 1; fi
if [ "$status" -ne 0 ]; then
  log "scan FAILED: fix the findings above, or list a check that does not apply in scripts/scan-skips.txt with the reason"
else
  log "scan passed ($stacks stacks)"
fi
exit "$status"
