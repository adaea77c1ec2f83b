#!/usr/bin/env bash
# Compiles the public API with jsii (the cdktf ecosystem's compiler for Python/Go/Java/C# bindings) in a
# scratch copy, so that a union, an unexported type or any other jsii-incompatible construct fails the build;
# then regenerates the API reference from that assembly and fails when the committed API.md differs.
# `scripts/jsii-check.sh --update-api` rewrites API.md instead.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$repo/src" "$repo/README.md" "$repo/package.json" "$work/"
ln -s "$repo/node_modules" "$work/node_modules"
cd "$work"
"$repo/node_modules/.bin/jsii" --silence-warnings=reserved-word 2>&1 | grep -v '^!!' || true
test -s "$work/.jsii" || { echo "jsii-check: the public API is not jsii-compatible (see the errors above)"; exit 1; }
echo "jsii-check: the public API compiles with jsii"

"$repo/node_modules/.bin/jsii-docgen" --output "$work/API.md" 2>&1 | grep -v '^!!' || true
test -s "$work/API.md" || { echo "jsii-check: jsii-docgen produced no API reference"; exit 1; }
if [ "${1:-}" = --update-api ]; then
  cp "$work/API.md" "$repo/API.md"
  echo "jsii-check: API.md regenerated"
elif ! diff -u "$repo/API.md" "$work/API.md" > "$work/api.diff"; then
  head -n 40 "$work/api.diff"
  echo "jsii-check: API.md is stale (the doc comments or the public API changed); run: npm run docgen"
  exit 1
else
  echo "jsii-check: API.md is up to date"
fi
