#!/usr/bin/env bash
# Compiles the public API with jsii (the cdktf ecosystem's compiler for Python/Go/Java/C# bindings) in a
# scratch copy, so that a union, an unexported type or any other jsii-incompatible construct fails the build;
# then keeps internal types out of the public API; then regenerates the API reference from that assembly and
# fails when the committed API.md differs.
#
# The public API is an explicit, committed list: scripts/public-api-allowlist.txt names every type the jsii
# assembly may contain. The rule is on the assembly rather than on source paths because the assembly is exactly
# what other languages bind to: a type counts as public when jsii exports it, wherever it is declared (public
# types live in src/*.ts and the target folders, src/model/ only internal ones), and a type reached only through an
# exported member cannot slip in, since jsii refuses a public member whose type is not exported. Any type
# not on the list fails the check with its name and the fix; so does a listed type that is gone.
#
#   scripts/jsii-check.sh               the checks above (run by npm test)
#   scripts/jsii-check.sh --update-api  rewrites API.md instead of comparing it
#   scripts/jsii-check.sh --self-test   proves the allow-list check fails: exports an internal model type
#                                    (RestEndpoint) in the scratch copy and expects the check to name it
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-}
allowlist=scripts/public-api-allowlist.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$repo/src" "$repo/README.md" "$repo/package.json" "$work/"
ln -s "$repo/node_modules" "$work/node_modules"
if [ "$mode" = --self-test ]; then
  echo "export { RestEndpoint } from './model/nodes';" >> "$work/src/index.ts"
fi
cd "$work"
"$repo/node_modules/.bin/jsii" --silence-warnings=reserved-word 2>&1 | grep -v '^!!' || true
test -s "$work/.jsii" || { echo "jsii-check: the public API is not jsii-compatible (see the errors above)"; exit 1; }
echo "jsii-check: the public API compiles with jsii"

status=0
PUBLIC_API_ALLOWLIST_NAME=$allowlist "$repo/node_modules/.bin/ts-node" --transpile-only "$repo/scripts/public-api-check.ts" "$work/.jsii" "$repo/$allowlist" > "$work/public-api.out" || status=$?
cat "$work/public-api.out"
if [ "$mode" = --self-test ]; then
  if [ "$status" -eq 1 ] && grep -q "interface RestEndpoint (src/model/nodes.ts) is public but not on the allow-list" "$work/public-api.out"; then
    echo "jsii-check --self-test: ok: an exported internal type fails the check, named with its fix"
    exit 0
  fi
  echo "jsii-check --self-test: FAILED: exporting the internal type RestEndpoint did not fail the allow-list check"
  exit 1
fi
[ "$status" -eq 0 ] || exit 1

"$repo/node_modules/.bin/jsii-docgen" --output "$work/API.md" 2>&1 | grep -v '^!!' || true
test -s "$work/API.md" || { echo "jsii-check: jsii-docgen produced no API reference"; exit 1; }
if [ "$mode" = --update-api ]; then
  cp "$work/API.md" "$repo/API.md"
  echo "jsii-check: API.md regenerated"
elif ! diff -u "$repo/API.md" "$work/API.md" > "$work/api.diff"; then
  head -n 40 "$work/api.diff"
  echo "jsii-check: API.md is stale (the doc comments or the public API changed); run: npm run docgen"
  exit 1
else
  echo "jsii-check: API.md is up to date"
fi
