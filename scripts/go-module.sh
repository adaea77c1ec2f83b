# shellcheck shell=bash
# Sourced, not run: building a Go program from the Go module proxy, for scripts/toolchain.sh (OpenTofu, the
# providers) and scripts/dockerd.sh (Docker Engine). One module and build cache for every build.
#
# The sourcing script sets:
#   GO_CACHE_ROOT  GOPATH; GOMODCACHE and GOCACHE are its mod/ and build/
#   GO_WORK_DIR    an existing directory `go mod download` runs in
#   GO_ERR_FILE    where go_download writes why it failed (go_err prints it)

# The environment of every build: the shared caches, no cgo, no VCS stamping (a module has no .git).
go_env() {
  export GOPATH="$GO_CACHE_ROOT" GOMODCACHE="$GO_CACHE_ROOT/mod" GOCACHE="$GO_CACHE_ROOT/build"
  export CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -buildvcs=false"
  mkdir -p "$GOMODCACHE" "$GOCACHE"
}

# go_download MODULE VERSION -> prints the module's extracted Dir, or returns 1 (the reason in $GO_ERR_FILE)
go_err() { cat "$GO_ERR_FILE" 2>/dev/null; }
go_download() {
  local out
  out=$(cd "$GO_WORK_DIR" && go mod download -json "$1@$2" 2>&1) || true
  local dir err
  dir=$(printf '%s' "$out" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{const j=JSON.parse(s);process.stdout.write(j.Error?"":(j.Dir||""))}catch(e){}})')
  if [[ -n "$dir" && -d "$dir" ]]; then printf '%s\n' "$dir"; return 0; fi
  err=$(printf '%s' "$out" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{const j=JSON.parse(s);process.stdout.write(j.Error||s)}catch(e){process.stdout.write(s)}})')
  printf '%s\n' "${err:-$1@$2: unknown error}" > "$GO_ERR_FILE"
  return 1
}

# stage_source FROM TO: copies a (read-only) module dir to a writable build dir, so that go.mod replace
# directives and the module's own go.sum apply exactly as in the release build
stage_source() {
  local from=$1 to=$2
  rm -rf "$to"; mkdir -p "$(dirname "$to")"
  cp -R "$from" "$to"; chmod -R u+w "$to"
}
