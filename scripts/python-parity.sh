#!/usr/bin/env bash
# Installs the wheel from `npm run package` (dist/python) with PyPI's cdktf and providers in a virtual
# environment, then runs test/bindings/parity.ts: the Python examples and README snippets against the
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

cd "$repo"
exec node_modules/.bin/ts-node --transpile-only test/bindings/parity.ts "$venv/bin/python"
