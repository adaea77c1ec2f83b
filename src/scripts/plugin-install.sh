# shellcheck shell=sh
# The functions of the plugin install script (model/plugin.ts writes the calls, one per plugin directory and
# artifact, after them). POSIX sh: busybox (the Kubernetes fetch image) and bash (the Docker build stage) run it.

set -eu
# prepare DIR: an empty plugin directory (an init container may run again in the same pod)
prepare() {
  mkdir -p "$1"
  # shellcheck disable=SC2115 # the generated calls always pass an absolute plugin directory, never ""
  rm -rf "$1"/* "$1"/.[!.]* "$1"/..?*
}
# verify FILE SHA512: a file whose SHA-512 differs is removed and the install fails
verify() {
  if ! echo "$2  $1" | sha512sum -c - >/dev/null 2>&1; then
    actual=$(sha512sum "$1" 2>/dev/null | cut -d ' ' -f 1) || actual=unreadable
    echo "plugin artifact $1: SHA-512 mismatch (expected $2, got $actual); nothing was installed" >&2
    rm -f "$1"
    exit 1
  fi
}
# unpack ARCHIVE DIR: a single top-level directory (as in Debezium's plugin archives) is unwrapped
unpack() {
  tmp=$(mktemp -d "$2/.plugin-unpack.XXXXXX")
  tar -xzf "$1" -C "$tmp"
  top=$(ls -A "$tmp")
  # shellcheck disable=SC2012 # counts the archive's top-level entries; no name is parsed
  if [ "$(ls -A "$tmp" | wc -l)" -eq 1 ] && [ -d "$tmp/$top" ]; then src="$tmp/$top"; else src="$tmp"; fi
  cp -R "$src"/. "$2"/
  rm -rf "$tmp"
}
# place JAR DIR/NAME
place() {
  cp "$1" "$2"
}
# copydir SOURCE DIR
copydir() {
  cp -R "$1"/. "$2"/
}
