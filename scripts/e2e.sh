#!/usr/bin/env bash
# scripts/e2e.sh — end-to-end test of the library's output (npm run test:e2e; E2E_TARGET=kubernetes: npm run test:e2e:kubernetes).
#
#   scripts/e2e.sh               type-check e2e/, run the assertion self-test, then the end-to-end run (e2e/run.ts)
#   scripts/e2e.sh --self-test   only the type-check and the self-test (proves the checks can fail; seconds)
#
# The run: a private dockerd (scripts/dockerd.sh, host networking only), the local images (scripts/images/build.sh),
# OpenTofu + the pinned providers built from their release sources (scripts/toolchain.sh), a private PostgreSQL, and
# the cdktf app e2e/stack.ts: tofu apply, then the steps and assertions of e2e/scenario.ts (one scenario for every
# target), then tofu destroy. What is specific to a target is its driver: e2e/docker.ts (host networking,
# PostgreSQL on 127.0.0.1) or e2e/kubernetes.ts (a real single-node cluster from scripts/kube.sh, started and stopped
# by the run unless it was already up; PostgreSQL and a Maven mirror on the pods' bridge).
# Exits 0 when every assertion held, 1 with the reason otherwise. Everything the run created is removed on exit.
#
# Environment:
#   CDKTF_DEBEZIUM_CACHE   caches + work dir, outside the repo (default ~/.cache/cdktf-debezium-connect):
#                          images, toolchain/ (tofu, provider mirror), go/ (Go caches), e2e/work/ (state, logs)
#   TOOLCHAIN_PROVIDER_SOURCES  where the providers' release source archives are (default ../shared/providers)
#   E2E_TARGET             docker (default) or kubernetes
#   E2E_STREAM             the Debezium image stream: 3.1 (default; ZooKeeper, 1 broker) or 3.6 (KRaft: 3 controllers
#                          + 3 brokers, and a broker and a controller lost under load); e2e/streams.ts
#   E2E_MIGRATE=1          Docker, stream 3.1 (npm run test:e2e sets it): instead of destroying the cluster, move it
#                          to a KRaft cluster of the 3.6 stream as the README describes, then destroy that
#   E2E_IMAGES=debezium   use quay.io/debezium/{zookeeper,kafka,connect}:<stream> (a machine that reaches quay.io)
#                          instead of building the images locally
#   E2E_TIMEOUT_SECONDS    budget of the whole run (default 1800); the run aborts and cleans up after it
#   CDKTF_DEBEZIUM_DOCKERD_VERSION=25.0.6  Docker: run on Docker Engine 25.0.6 built from its Go module (scripts/dockerd.sh)
#                          instead of Debian's 20.10 (npm run test:e2e:kraft sets it; empty: Debian's). On an engine
#                          with health-check start intervals (API 1.44) the stack sets healthStartIntervalSeconds: 1
#                          and the run checks that every container got it
#   E2E_STOP_DOCKERD=1     also stop the private dockerd at the end (default: left running for the next run)
#   E2E_KEEP=1             debugging: leave the cluster and PostgreSQL running on exit
#   E2E_KEEP_KUBE=1        Kubernetes: leave the scripts/kube.sh cluster running for the next run
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
log() { printf '[e2e %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "E2E FAILED: $*"; exit 1; }

SELF_TEST_ONLY=0
for a in "$@"; do
  case "$a" in
    --self-test) SELF_TEST_ONLY=1 ;;
    -h|--help) sed -n '2,/^set -E/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $a (see --help)" ;;
  esac
done

export CDKTF_DEBEZIUM_CACHE="${CDKTF_DEBEZIUM_CACHE:-$HOME/.cache/cdktf-debezium-connect}"
case "$(realpath -m "$CDKTF_DEBEZIUM_CACHE")" in
  "$ROOT" | "$ROOT"/*) die "CDKTF_DEBEZIUM_CACHE ($CDKTF_DEBEZIUM_CACHE) must live outside the repository" ;;
esac
[[ -x node_modules/.bin/ts-node && -x node_modules/.bin/tsc ]] || die "node_modules missing: run npm ci first"

t=$SECONDS
node_modules/.bin/tsc --noEmit -p e2e/tsconfig.json || die "e2e/ does not type-check"
log "e2e/ type-checks ($((SECONDS - t))s)"
node_modules/.bin/ts-node --transpile-only e2e/selftest.ts || die "the assertion self-test failed: the e2e checks cannot be trusted"
[[ $SELF_TEST_ONLY == 1 ]] && exit 0

[[ "$(id -u)" == 0 ]] || die "needs root (private dockerd, PostgreSQL as user postgres)"
mkdir -p "$CDKTF_DEBEZIUM_CACHE/e2e"
# One run at a time per cache. -o: the lock is held by flock itself, not inherited by the run's children
# (a dockerd started during the run would otherwise keep it forever).
lock="$CDKTF_DEBEZIUM_CACHE/e2e/.lock"
rc=0
flock -n -o -E 75 "$lock" node_modules/.bin/ts-node --transpile-only e2e/run.ts || rc=$?
[[ $rc == 75 ]] && die "another e2e run holds $lock"
exit "$rc"
