#!/usr/bin/env bash
# Installs the wheel from `npm run package` (dist/python) as the README's Install says, in a fresh virtual
# environment, and runs the README's Python quick start; then, in a virtual environment with the pinned
# requirements, runs test/bindings/parity.ts: the Python examples and README snippets against the
# TypeScript ones, and the validation error text. The environment and pip's downloads are cached in
# ${CDKTF_DEBEZIUM_CACHE:-$HOME/.cache/cdktf-debezium-connect}/python, keyed by Python version and requirements.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cache="${CDKTF_DEBEZIUM_CACHE:-$HOME/.cache/cdktf-debezium-connect}/python"
export PIP_CACHE_DIR="${PIP_CACHE_DIR:-$cache/pip}" PIP_DISABLE_PIP_VERSION_CHECK=1
requirements="$repo/examples/python/requirements.txt"

shopt -s nullglob
wheels=("$repo"/dist/python/*.whl)
[ ${#wheels[@]} -eq 1 ] || { echo "python-parity: expected one wheel in dist/python; run: npm run package"; exit 1; }

python=${PYTHON:-python3}
key=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')-$(sha256sum "$requirements" | cut -c1-12)
venv="$cache/venv-$key"
if [ ! -x "$venv/bin/python" ] || [ ! -e "$venv/.complete" ]; then
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet -r "$requirements"
  touch "$venv/.complete"
fi
# The package's version does not change between builds: replace it every run, and fail if it would pull in
# anything the requirements did not pin.
"$venv/bin/pip" install --quiet --force-reinstall --no-deps "${wheels[0]}"
"$venv/bin/pip" check

# On Node 20 (end of life), where this still runs, jsii's banner would fill the log of every Python run below; on
# the lines CI runs (22, 24, 26) the variable changes nothing.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

# The README's Install for Python, as a new user follows it: a fresh virtual environment, `pip install` of the wheel
# in place of the package name (its dependencies from PyPI), and the README's Python quick start run as main.py.
# shellcheck disable=SC2016 # JavaScript for node: the shell expands nothing in it
install_command=$(node -e '
  const readme = require("fs").readFileSync(process.argv[1], "utf8");
  const start = readme.indexOf("\n## Install\n");
  const install = readme.slice(start, readme.indexOf("\n## ", start + 1));
  const blocks = [...install.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1].trim());
  process.stdout.write(blocks.find((b) => b.startsWith("pip install")) ?? "");
' "$repo/README.md")
[ "$install_command" = "pip install cdktf-debezium-connect" ] || { echo "python-parity: the README's Install has no 'pip install cdktf-debezium-connect' block (found: '$install_command')"; exit 1; }
fresh=$(mktemp -d "${TMPDIR:-/tmp}/python-install.XXXXXX")
trap 'rm -rf "$fresh"' EXIT
"$python" -m venv "$fresh/venv"
"$fresh/venv/bin/pip" install --quiet "${wheels[0]}"
# shellcheck disable=SC2016 # JavaScript for node: the shell expands nothing in it
node -e '
  const fs = require("fs");
  const readme = fs.readFileSync(process.argv[1], "utf8");
  const quick = readme.slice(readme.indexOf("\n## Quick start\n"));
  const m = /```python\n([\s\S]*?)```/.exec(quick);
  if (!m) { console.error("python-parity: no python snippet under ## Quick start"); process.exit(1); }
  fs.writeFileSync(process.argv[2], m[1]);
' "$repo/README.md" "$fresh/main.py"
(cd "$fresh" && venv/bin/python main.py)
node -e '
  const j = require(process.argv[1]);
  if (!j.resource?.docker_container || !j.output?.["inventory-rest-urls"]) { console.error("python-parity: the quick start synthesized no containers or outputs"); process.exit(1); }
' "$fresh/cdktf.out/stacks/cdc/cdk.tf.json"
echo "ok   the wheel installs as the README says (pip install <wheel>) and the README's Python quick start synthesizes"

cd "$repo"
node_modules/.bin/ts-node --transpile-only test/bindings/parity.ts "$venv/bin/python"
