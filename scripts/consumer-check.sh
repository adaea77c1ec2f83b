#!/usr/bin/env bash
# Installs the library as a consumer would and synthesizes the README quick start with it:
#   build → npm pack → a fresh project in a temp dir → npm install <tarball> with the newest constructs 10.x,
#   cdktf 0.21 and the providers from the registry → tsc (strict) → node → cdk.tf.json.
# Catches what the repository's own tests cannot: duplicate constructs copies (peer dependencies), files
# missing from the tarball (LICENSE, typings), source maps pointing at an unpacked src/.
#   bash scripts/consumer-check.sh            (KEEP=1 keeps the temp dir)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/consumer-check.XXXXXX")
if [ "${KEEP:-}" = 1 ]; then echo "consumer-check: working in $work"; else trap 'rm -rf "$work"' EXIT; fi
fail() { echo "consumer-check: $*" >&2; exit 1; }

rm -rf lib
npm run --silent build
tarball=$(npm pack --silent --pack-destination "$work" | tail -1)
tar -tzf "$work/$tarball" > "$work/files"
grep -qx 'package/LICENSE' "$work/files" || fail "LICENSE is not in the tarball"
grep -qx 'package/lib/index.d.ts' "$work/files" || fail "lib/index.d.ts is not in the tarball"
for script in src/scripts/*.sh; do
  grep -qx "package/lib/scripts/${script##*/}" "$work/files" || fail "$script is not in the tarball (lib/scripts/)"
done
if grep -q '\.map$' "$work/files"; then fail "the tarball ships source maps: $(grep '\.map$' "$work/files" | head -3 | tr '\n' ' ')"; fi
if grep -q '^package/src/' "$work/files"; then fail "the tarball ships src/"; fi
if tar -xzOf "$work/$tarball" --wildcards 'package/lib/*.js' | grep -q 'sourceMappingURL'; then fail "lib/*.js reference source maps"; fi

mkdir "$work/consumer"
cd "$work/consumer"
cat > package.json <<'JSON'
{ "name": "consumer-check", "version": "0.0.0", "private": true }
JSON
# The newest releases a new user gets, not the library's own pins.
npm install --no-audit --no-fund --loglevel=error \
  "$work/$tarball" 'constructs@^10' 'cdktf@~0.21' '@cdktf/provider-docker@^12' '@cdktf/provider-kubernetes@^12' \
  "typescript@$(node -p "require('$repo/package.json').devDependencies.typescript")" "@types/node@$(node -p "require('$repo/package.json').devDependencies['@types/node']")"
[ "$(find node_modules -path '*/constructs/package.json' -not -path '*/constructs/*/*' | wc -l)" = 1 ] || fail "more than one copy of constructs is installed: $(find node_modules -path '*/constructs/package.json' -not -path '*/constructs/*/*' | tr '\n' ' ')"

# The README's quick start, as written.
# shellcheck disable=SC2016 # JavaScript for node: the shell expands nothing in it
node -e '
  const readme = require("fs").readFileSync(process.argv[1], "utf8");
  const section = readme.slice(readme.indexOf("## Quick start"));
  const m = /```ts\n([\s\S]*?)```/.exec(section);
  if (!m) { console.error("consumer-check: no ts snippet under ## Quick start"); process.exit(1); }
  require("fs").writeFileSync("main.ts", m[1]);
' "$repo/README.md"
cat > tsconfig.json <<'JSON'
{ "compilerOptions": { "target": "ES2020", "module": "commonjs", "strict": true, "esModuleInterop": true, "types": ["node"] }, "files": ["main.ts"] }
JSON
npx --no-install tsc -p . || fail "the quick start does not compile against the installed package"
CDKTF_OUTDIR="$work/consumer/cdktf.out" node main.js || fail "the quick start does not run"
out=$(find cdktf.out/stacks -name cdk.tf.json | head -1)
[ -n "$out" ] || fail "no stack was synthesized"
node -e 'const j = require(process.argv[1]); if (!j.resource || !j.resource.docker_container) { console.error("consumer-check: no docker_container in " + process.argv[1]); process.exit(1); }' "$(pwd)/$out"
echo "consumer-check: ok ($tarball with constructs $(node -p 'require("constructs/package.json").version'), cdktf $(node -p 'require("cdktf/package.json").version'); $out)"
