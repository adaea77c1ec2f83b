#!/usr/bin/env bash
# Installs the library as the README's "Install" tells a new user to, and synthesizes the quick start with it:
#   the tarball of `npm run package` (dist/js) → a fresh project in a temp dir → the README's two `npm install`
#   lines with the tarball in place of the package name (the newest constructs 10.x, cdktf 0.21 and providers 12.x
#   from the registry; cdktf-cli, typescript, ts-node as development dependencies) → the README's cdktf.json and
#   tsconfig.json → the quick start as main.ts → tsc (strict) → `npx cdktf synth` → cdk.tf.json.
# Catches what the repository's own tests cannot: duplicate constructs copies (peer dependencies), files
# missing from the tarball (LICENSE, typings, the shell scripts), maintainer scripts in the published manifest,
# and a README install path that does not work (`npx cdktf` without cdktf-cli: "could not determine executable").
#   bash scripts/consumer-check.sh            (expects dist/js from `npm run package`; KEEP=1 keeps the temp dir)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/consumer-check.XXXXXX")
if [ "${KEEP:-}" = 1 ]; then echo "consumer-check: working in $work"; else trap 'rm -rf "$work"' EXIT; fi
fail() { echo "consumer-check: $*" >&2; exit 1; }

shopt -s nullglob
tarballs=("$repo"/dist/js/*.tgz)
[ ${#tarballs[@]} -eq 1 ] || fail "expected one tarball in dist/js; run: npm run package"
tarball=${tarballs[0]}
tar -tzf "$tarball" > "$work/files"
grep -qx 'package/LICENSE' "$work/files" || fail "LICENSE is not in the tarball"
grep -qx 'package/lib/index.d.ts' "$work/files" || fail "lib/index.d.ts is not in the tarball"
grep -qx 'package/.jsii' "$work/files" || fail ".jsii (the assembly) is not in the tarball"
for script in src/scripts/*.sh; do
  grep -qx "package/lib/scripts/${script##*/}" "$work/files" || fail "$script is not in the tarball (lib/scripts/)"
done
if grep -q '\.map$' "$work/files"; then fail "the tarball ships source maps: $(grep '\.map$' "$work/files" | head -3 | tr '\n' ' ')"; fi
if grep -Eq '^package/(src|scripts|test|e2e|bench|examples)/' "$work/files"; then
  fail "the tarball ships repository files: $(grep -E '^package/(src|scripts|test|e2e|bench|examples)/' "$work/files" | head -3 | tr '\n' ' ')"
fi
if tar -xzOf "$tarball" --wildcards 'package/lib/*.js' | grep -q 'sourceMappingURL'; then fail "lib/*.js reference source maps"; fi
tar -xzOf "$tarball" package/package.json > "$work/manifest.json"
node -e 'const m = require(process.argv[1]); if (m.scripts) { console.error("consumer-check: the published package.json has scripts: " + Object.keys(m.scripts).join(", ")); process.exit(1); }' "$work/manifest.json"

mkdir "$work/consumer"
cd "$work/consumer"
npm init -y >/dev/null

# The README's Install section: its `sh` block's npm lines, its two json blocks (cdktf.json, tsconfig.json).
# shellcheck disable=SC2016 # JavaScript for node: the shell expands nothing in it
node -e '
  const fs = require("fs");
  const readme = fs.readFileSync(process.argv[1], "utf8");
  const start = readme.indexOf("\n## Install\n");
  const install = readme.slice(start, readme.indexOf("\n## ", start + 1));
  const sh = /```sh\n([\s\S]*?)```/.exec(install);
  const json = [...install.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]);
  if (start < 0 || !sh || json.length < 2) { console.error("consumer-check: no sh block and two json blocks under ## Install"); process.exit(1); }
  const lines = sh[1].trim().split("\n");
  if (lines.length !== 2 || !lines.every((l) => l.startsWith("npm install "))) { console.error("consumer-check: the Install sh block is not two npm install lines"); process.exit(1); }
  fs.writeFileSync("install.sh", lines.join("\n") + "\n");
  fs.writeFileSync("cdktf.json", json[0]);
  fs.writeFileSync("tsconfig.json", json[1]);
  const quick = readme.slice(readme.indexOf("\n## Quick start\n"));
  const m = /```ts\n([\s\S]*?)```/.exec(quick);
  if (!m) { console.error("consumer-check: no ts snippet under ## Quick start"); process.exit(1); }
  fs.writeFileSync("main.ts", m[1]);
' "$repo/README.md"
node -e 'JSON.parse(require("fs").readFileSync("cdktf.json","utf8")); JSON.parse(require("fs").readFileSync("tsconfig.json","utf8"))' || fail "the README's cdktf.json or tsconfig.json is not JSON"
# The package name, as the README says, replaced by the tarball (the first word after `npm install` of line 1).
grep -q '^npm install cdktf-debezium-connect ' install.sh || fail "the README's first install line does not install cdktf-debezium-connect"
sed -i "1s|^npm install cdktf-debezium-connect |npm install $tarball |" install.sh
sed -i 's|^npm install |npm install --no-audit --no-fund --loglevel=error |' install.sh
echo "consumer-check: installing as the README says:"; sed 's/^/  /' install.sh
bash -e install.sh
# One constructs for the app: the library, cdktf and the providers resolve the project's copy (the CLI keeps its own).
# shellcheck disable=SC2016 # JavaScript for node: the shell expands nothing in it
node -e '
  const path = require("path");
  const from = (pkg) => require.resolve("constructs", { paths: [path.dirname(require.resolve(pkg + "/package.json"))] });
  const mine = require.resolve("constructs");
  const other = ["cdktf-debezium-connect", "cdktf", "@cdktf/provider-docker", "@cdktf/provider-kubernetes"].filter((p) => from(p) !== mine);
  if (other.length > 0) { console.error("consumer-check: " + other.map((p) => p + " loads " + from(p)).join(", ") + ", not the project copy " + mine); process.exit(1); }
'

npx --no-install tsc --noEmit -p . || fail "the quick start does not compile against the installed package"
CHECKPOINT_DISABLE=1 npx cdktf synth || fail "npx cdktf synth of the quick start failed"
out=$(find cdktf.out/stacks -name cdk.tf.json | head -1)
[ -n "$out" ] || fail "no stack was synthesized"
node -e 'const j = require(process.argv[1]); if (!j.resource || !j.resource.docker_container) { console.error("consumer-check: no docker_container in " + process.argv[1]); process.exit(1); } if (!j.output || !j.output["inventory-rest-urls"]) { console.error("consumer-check: no output inventory-rest-urls"); process.exit(1); }' "$(pwd)/$out"
echo "consumer-check: ok (${tarball##*/} with constructs $(node -p 'require("constructs/package.json").version'), cdktf $(node -p 'require("cdktf/package.json").version'), cdktf-cli $(node -p 'require("cdktf-cli/package.json").version'); $out)"
