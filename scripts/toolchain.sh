#!/usr/bin/env bash
# scripts/toolchain.sh — build (or adopt) the offline OpenTofu toolchain used by scripts/validate.ts.
#
# Produces, under .cache/toolchain/ (git-ignored; TOOLCHAIN_CACHE moves it):
#   bin/tofu                 OpenTofu built from the Go module proxy (or a symlink to TOOLCHAIN_TOFU)
#   mirror/<host>/<ns>/<type>/<version>/<os>_<arch>/terraform-provider-<type>_v<version>
#                            the providers at exactly the versions pinned by the installed @cdktf/provider-*
#                            bindings, built from their release source archives ("unpacked" filesystem-mirror
#                            layout), published under registry.opentofu.org AND registry.terraform.io
#   tofurc                   CLI config: filesystem_mirror for those providers, direct for nothing else of theirs
#   env                      KEY=VALUE lines (TOFU, TF_CLI_CONFIG_FILE, ...) for other scripts
#   stamps/                  one stamp per component, keyed by version and source checksum: reruns take seconds
#
# Provider sources: <dir>/terraform-provider-<type>-<version>.tar.gz, the unmodified source of release v<version>,
# checked against <dir>/SHA256SUMS before anything is extracted. <dir> is TOOLCHAIN_PROVIDER_SOURCES, by default
# ../shared/providers beside the repository. Their Go dependencies come from the Go module proxy.
#
# Environment overrides (all optional):
#   TOOLCHAIN_TOFU=/path/to/tofu-or-terraform   use this binary instead of building OpenTofu
#   TOOLCHAIN_PROVIDER_SOURCES=/dir             the provider source archives and their SHA256SUMS
#   TOOLCHAIN_MIRROR=/path/to/mirror            use providers from this filesystem mirror / plugin dir
#                                               (unpacked or packed layout) instead of building them
#   TOOLCHAIN_OPENTOFU_VERSION=1.10.10          OpenTofu release to build (Go module github.com/opentofu/opentofu)
#   TOOLCHAIN_ONLY=<type>[,<type>...]           prepare only these providers (e.g. "docker"); the others are left out of
#                                               the mirror, the CLI config and the env file (default: all pinned providers)
#   TOOLCHAIN_CACHE=/dir                        instead of <repo>/.cache/toolchain
#   TOOLCHAIN_GO_CACHE=/dir                     GOPATH/GOMODCACHE/GOCACHE root instead of <repo>/.cache/go
# Flags: --force (rebuild everything), --print-env (print the env file after success)
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${TOOLCHAIN_CACHE:-$ROOT/.cache/toolchain}
GO_CACHE_ROOT=${TOOLCHAIN_GO_CACHE:-$ROOT/.cache/go}
OPENTOFU_VERSION=${TOOLCHAIN_OPENTOFU_VERSION:-1.10.10}
OPENTOFU_MODULE=github.com/opentofu/opentofu
PROVIDER_PACKAGES=(@cdktf/provider-docker @cdktf/provider-kubernetes)
# An unqualified source ("kreuzwerker/docker", "kubernetes" as cdktf writes it) means
# registry.opentofu.org to OpenTofu and registry.terraform.io to Terraform: publish under both.
MIRROR_HOSTS=(registry.opentofu.org registry.terraform.io)

FORCE=0; PRINT_ENV=0
for a in "$@"; do
  case "$a" in
    --force) FORCE=1 ;;
    --print-env) PRINT_ENV=1 ;;
    -h|--help) sed -n '2,/^set -E/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "toolchain: unknown argument: $a" >&2; exit 2 ;;
  esac
done

log()  { printf '[toolchain] %s\n' "$*" >&2; }
die()  { printf '[toolchain] FAILED: %s\n' "$*" >&2; exit 1; }
# shellcheck disable=SC2154 # rc is assigned by the trap's own command
trap 'rc=$?; printf "[toolchain] FAILED (exit %s) at line %s: %s\n" "$rc" "$LINENO" "$BASH_COMMAND" >&2; exit $rc' ERR

case "$(uname -s)" in Linux) OS=linux ;; Darwin) OS=darwin ;; *) die "unsupported OS $(uname -s)" ;; esac
case "$(uname -m)" in x86_64|amd64) ARCH=amd64 ;; aarch64|arm64) ARCH=arm64 ;; *) die "unsupported CPU $(uname -m)" ;; esac
PLATFORM=${OS}_${ARCH}

mkdir -p "$CACHE/bin" "$CACHE/stamps" "$CACHE/src" "$CACHE/mirror" "$CACHE/logs"
T0=$SECONDS

# shellcheck source=scripts/go-module.sh
source "$ROOT/scripts/go-module.sh"
GO_WORK_DIR="$CACHE"
GO_ERR_FILE="$CACHE/logs/go-download.err"

need_go() {
  command -v go >/dev/null 2>&1 || die "Go is needed to build $1 but 'go' is not on PATH (install Go >= 1.24 from go.dev, or set TOOLCHAIN_TOFU / TOOLCHAIN_MIRROR)"
  go_env
}

stamp_ok() { [[ $FORCE == 0 && -f "$CACHE/stamps/$1" && "$(cat "$CACHE/stamps/$1")" == "$2" ]]; }

###############################################################################
# 1. OpenTofu
###############################################################################
TOFU_BIN="$CACHE/bin/tofu"             # always a symlink: to the build below, or to TOOLCHAIN_TOFU
TOFU_BUILT="$CACHE/opentofu/$OPENTOFU_VERSION/tofu"
if [[ -n "${TOOLCHAIN_TOFU:-}" ]]; then
  [[ -x "$TOOLCHAIN_TOFU" ]] || die "TOOLCHAIN_TOFU=$TOOLCHAIN_TOFU is not an executable file"
  v=$(env -u TF_CLI_CONFIG_FILE "$TOOLCHAIN_TOFU" version 2>&1 | sed -n 1p) || die "TOOLCHAIN_TOFU=$TOOLCHAIN_TOFU does not run: $v"
  ln -sfn "$(cd "$(dirname "$TOOLCHAIN_TOFU")" && pwd)/$(basename "$TOOLCHAIN_TOFU")" "$TOFU_BIN"
  log "tofu: using TOOLCHAIN_TOFU=$TOOLCHAIN_TOFU ($v)"
else
  key="opentofu $OPENTOFU_VERSION $PLATFORM"
  if stamp_ok "opentofu-$OPENTOFU_VERSION" "$key" && [[ -x "$TOFU_BUILT" ]]; then
    log "tofu: OpenTofu $OPENTOFU_VERSION already built (cached: $TOFU_BUILT)"
  else
    need_go "OpenTofu"
    log "tofu: building OpenTofu v$OPENTOFU_VERSION from Go module $OPENTOFU_MODULE (takes minutes on a cold cache) ..."
    mkdir -p "$(dirname "$TOFU_BUILT")"
    dir=$(go_download "$OPENTOFU_MODULE" "v$OPENTOFU_VERSION") || die "cannot download OpenTofu: $(go_err) (available: $(go list -m -versions $OPENTOFU_MODULE 2>/dev/null | cut -d' ' -f2- || true))"
    src="$CACHE/src/opentofu-$OPENTOFU_VERSION"
    stage_source "$dir" "$src"
    t=$SECONDS
    ( cd "$src" && go build -trimpath \
        -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" \
        -o "$TOFU_BUILT.tmp" ./cmd/tofu ) >"$CACHE/logs/opentofu.log" 2>&1 \
      || { tail -40 "$CACHE/logs/opentofu.log" >&2; die "go build of OpenTofu v$OPENTOFU_VERSION failed (log: $CACHE/logs/opentofu.log)"; }
    mv -f "$TOFU_BUILT.tmp" "$TOFU_BUILT"
    got=$(env -u TF_CLI_CONFIG_FILE "$TOFU_BUILT" version 2>/dev/null | sed -n 1p)
    [[ "$got" == "OpenTofu v$OPENTOFU_VERSION" ]] || die "built tofu reports '$got', expected 'OpenTofu v$OPENTOFU_VERSION'"
    rm -rf "$src"
    echo "$key" > "$CACHE/stamps/opentofu-$OPENTOFU_VERSION"
    log "tofu: built $got in $((SECONDS - t))s -> $TOFU_BUILT"
  fi
  ln -sfn "$TOFU_BUILT" "$TOFU_BIN"
fi

###############################################################################
# 2. Providers, at the versions pinned by the installed prebuilt bindings
###############################################################################
command -v node >/dev/null 2>&1 || die "node is needed to read the provider pins from node_modules"
PROVIDERS=()   # entries: host/ns/type@version
for pkg in "${PROVIDER_PACKAGES[@]}"; do
  pj="$ROOT/node_modules/$pkg/package.json"
  [[ -f "$pj" ]] || die "$pj not found: run 'npm ci' first (the provider pins are read from the installed bindings)"
  line=$(node -e 'const j=require(process.argv[1]);const p=j.cdktf&&j.cdktf.provider;if(!p||!p.name||!p.version){process.exit(3)}console.log(p.name+"@"+p.version)' "$pj") \
    || die "$pj has no .cdktf.provider.name/.version"
  [[ "$line" =~ ^[a-z0-9.-]+/[a-z0-9-]+/[a-z0-9-]+@[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "$pkg pins an unexpected provider '$line'"
  ptype=${line%@*}; ptype=${ptype##*/}
  if [[ -n "${TOOLCHAIN_ONLY:-}" && ",${TOOLCHAIN_ONLY// /}," != *",$ptype,"* ]]; then
    log "pin: $pkg -> ${line%@*} ${line#*@} (skipped: TOOLCHAIN_ONLY=$TOOLCHAIN_ONLY)"
    continue
  fi
  PROVIDERS+=("$line")
  log "pin: $pkg -> ${line%@*} ${line#*@}"
done
(( ${#PROVIDERS[@]} )) || die "no provider left to prepare (TOOLCHAIN_ONLY=${TOOLCHAIN_ONLY:-} matches no pinned provider type)"
PROVIDER_SOURCES=$(realpath -m "${TOOLCHAIN_PROVIDER_SOURCES:-$ROOT/../shared/providers}")

rm -rf "$CACHE/mirror"; mkdir -p "$CACHE/mirror"   # regenerated every run: only the pinned versions, as symlinks
INCLUDES=()
FAILS=()   # one message per provider that could not be provided; reported together
fail_provider() { FAILS+=("$1"); printf '[toolchain] provider FAILED: %s\n' "$1" >&2; }

# source_archive TYPE VERSION -> prints the path of the verified source archive, or returns 1 (reason in $GO_ERR_FILE)
source_archive() {
  local type=$1 ver=$2 name sums want got
  name="terraform-provider-$type-$ver.tar.gz"
  sums="$PROVIDER_SOURCES/SHA256SUMS"
  if [[ ! -f "$PROVIDER_SOURCES/$name" ]]; then
    printf '%s\n' "no $name in $PROVIDER_SOURCES (set TOOLCHAIN_PROVIDER_SOURCES to the directory holding the source archive of release v$ver and its SHA256SUMS, or TOOLCHAIN_MIRROR to a mirror holding the provider)" > "$GO_ERR_FILE"
    return 1
  fi
  want=$(awk -v n="$name" '{ f=$2; sub(/^\*/, "", f); sub(/^\.\//, "", f); if (f == n) print $1 }' "$sums" 2>/dev/null)
  if [[ ! "$want" =~ ^[0-9a-f]{64}$ ]]; then
    printf '%s\n' "$sums has no SHA-256 line for $name: refusing to build an unverified source" > "$GO_ERR_FILE"
    return 1
  fi
  got=$(sha256sum "$PROVIDER_SOURCES/$name" | cut -d' ' -f1)
  if [[ "$got" != "$want" ]]; then
    printf '%s\n' "$PROVIDER_SOURCES/$name has SHA-256 $got, but $sums says $want: the archive is not the release source" > "$GO_ERR_FILE"
    return 1
  fi
  printf '%s\n' "$PROVIDER_SOURCES/$name"
}

for p in "${PROVIDERS[@]}"; do
  addr=${p%@*}; ver=${p#*@}; host=${addr%%/*}; rest=${addr#*/}; ns=${rest%%/*}; type=${rest#*/}
  HOSTS=("${MIRROR_HOSTS[@]}"); [[ " ${HOSTS[*]} " == *" $host "* ]] || HOSTS+=("$host")
  for h in "${HOSTS[@]}"; do INCLUDES+=("$h/$ns/$type"); done
  exe="terraform-provider-${type}_v${ver}"
  built="$CACHE/providers/$host/$ns/$type/$ver/$PLATFORM/$exe"   # where a source build lands
  target=""                                                         # the executable the mirror links to

  if [[ -n "${TOOLCHAIN_MIRROR:-}" ]]; then
    # adopt a provider from the user's mirror / plugin dir (any of the hosts, unpacked or packed)
    found=""
    for h in "${HOSTS[@]}"; do
      d="$TOOLCHAIN_MIRROR/$h/$ns/$type/$ver/$PLATFORM"
      if [[ -d "$d" ]]; then
        f=$(find -L "$d" -maxdepth 1 -type f -name "terraform-provider-${type}*" -perm -u+x | sed -n 1p)
        [[ -n "$f" ]] && { found=$f; break; }
      fi
      z="$TOOLCHAIN_MIRROR/$h/$ns/$type/terraform-provider-${type}_${ver}_${PLATFORM}.zip"
      if [[ -f "$z" ]]; then
        rm -rf "$CACHE/src/unzip-$type-$ver"; mkdir -p "$CACHE/src/unzip-$type-$ver"
        (cd "$CACHE/src/unzip-$type-$ver" && python3 -c 'import sys,zipfile;zipfile.ZipFile(sys.argv[1]).extractall(".")' "$z")
        f=$(find "$CACHE/src/unzip-$type-$ver" -maxdepth 1 -type f -name "terraform-provider-${type}*" | sed -n 1p)
        [[ -n "$f" ]] && { chmod +x "$f"; found=$f; break; }
      fi
    done
    [[ -n "$found" ]] || { fail_provider "TOOLCHAIN_MIRROR=$TOOLCHAIN_MIRROR has no $addr $ver for $PLATFORM (looked for <host>/$ns/$type/$ver/$PLATFORM/terraform-provider-$type* and .../terraform-provider-${type}_${ver}_${PLATFORM}.zip under hosts: ${HOSTS[*]})"; continue; }
    target=$found
    log "provider: $addr $ver from TOOLCHAIN_MIRROR ($found)"
  else
    archive=$(source_archive "$type" "$ver") || { fail_provider "$addr $ver: $(go_err)"; continue; }
    sum=$(sha256sum "$archive" | cut -d' ' -f1)
    key="$addr $ver $PLATFORM source sha256:$sum"
    stamp="provider-$ns-$type-$ver"
    if stamp_ok "$stamp" "$key" && [[ -x "$built" ]]; then
      log "provider: $addr $ver already built (cached: $built)"
    else
      need_go "$addr $ver"
      log "provider: building $addr $ver from $archive (sha256 $sum, verified) ..."
      src="$CACHE/src/$type-$ver"
      rm -rf "$src"; mkdir -p "$src"
      tar -xzf "$archive" -C "$src" --strip-components=1
      # The archive must be what it says: its CHANGELOG starts with this release.
      head=$(grep -m1 -E '^## ' "$src/CHANGELOG.md" 2>/dev/null || true)
      [[ "$head" =~ (^|[^0-9.])v?${ver//./\\.}([^0-9.]|$) ]] \
        || { fail_provider "$archive does not hold release $ver: its first CHANGELOG.md heading is '${head:-<none>}'"; continue; }
      t=$SECONDS
      mkdir -p "$(dirname "$built")"
      # As the providers' release builds: trimmed paths, stripped, the version stamped where the source has a
      # variable for it (docker's main.version; kubernetes' main.Version is a constant, and its releases stamp nothing).
      ( cd "$src" && go build -trimpath -ldflags "-s -w -X main.version=$ver" -o "$built.tmp" . ) \
          >"$CACHE/logs/provider-$type.log" 2>&1 \
        || { tail -40 "$CACHE/logs/provider-$type.log" >&2; fail_provider "go build of $addr $ver failed (log: $CACHE/logs/provider-$type.log)"; continue; }
      mv -f "$built.tmp" "$built"
      rm -rf "$src"
      echo "$key" > "$CACHE/stamps/$stamp"
      log "provider: built $addr $ver in $((SECONDS - t))s -> $built"
    fi
    target=$built
  fi
  # publish under every registry host an unqualified source may resolve to
  for h in "${HOSTS[@]}"; do
    mkdir -p "$CACHE/mirror/$h/$ns/$type/$ver/$PLATFORM"
    ln -sfn "$target" "$CACHE/mirror/$h/$ns/$type/$ver/$PLATFORM/$exe"
  done
done

if (( ${#FAILS[@]} )); then
  rm -f "$CACHE/env"   # never leave a half toolchain that looks usable
  printf '[toolchain] FAILED: %d of %d provider(s) unavailable:\n' "${#FAILS[@]}" "${#PROVIDERS[@]}" >&2
  printf '  - %s\n' "${FAILS[@]}" >&2
  exit 1
fi

###############################################################################
# 3. CLI config + env file
###############################################################################
q() { local s; s=$(printf '%s, ' "${@/#/\"}"); s=${s//, /\", }; printf '[%s]' "${s%, }"; }
inc=$(q "${INCLUDES[@]}")
cat > "$CACHE/tofurc.tmp" <<RC
# Generated by scripts/toolchain.sh — do not edit. Use with TF_CLI_CONFIG_FILE=$CACHE/tofurc
provider_installation {
  filesystem_mirror {
    path    = "$CACHE/mirror"
    include = $inc
  }
  direct {
    exclude = $inc
  }
}
RC
mv "$CACHE/tofurc.tmp" "$CACHE/tofurc"
{
  echo "TOFU=$TOFU_BIN"
  echo "TF_CLI_CONFIG_FILE=$CACHE/tofurc"
  echo "TOOLCHAIN_MIRROR_DIR=$CACHE/mirror"
  echo "TOOLCHAIN_PLATFORM=$PLATFORM"
  echo "TOOLCHAIN_PROVIDERS=${PROVIDERS[*]}"
} > "$CACHE/env"

# smoke: the binary runs and sees the CLI config
TF_CLI_CONFIG_FILE="$CACHE/tofurc" "$TOFU_BIN" version >/dev/null 2>&1 || die "$TOFU_BIN version failed with the generated CLI config"
log "ready in $((SECONDS - T0))s: $(TF_CLI_CONFIG_FILE="$CACHE/tofurc" "$TOFU_BIN" version | sed -n 1p); providers: ${PROVIDERS[*]}"
log "use: TF_CLI_CONFIG_FILE=$CACHE/tofurc $TOFU_BIN init"
[[ $PRINT_ENV == 1 ]] && cat "$CACHE/env"
exit 0
