#!/usr/bin/env bash
# Builds the jsii assembly and packages it for each language with jsii-pacmak:
#   dist/js/      the npm tarball
#   dist/python/  the wheel (and sdist)
# Java is generated only when PACKAGE_TARGETS names it: the jar depends on com.hashicorp:cdktf 0.21.0 and the
# provider jars, which Maven Central does not serve (see the README's "Other languages").
# The build runs in .gen/package, a copy of src/, README.md and package.json, so that jsii's generated
# tsconfig.json never meets the repository's own and lib/ stays tsc's.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cache="${CDKTF_DEBEZIUM_CACHE:-$HOME/.cache/cdktf-debezium-connect}"
export PIP_CACHE_DIR="${PIP_CACHE_DIR:-$cache/python/pip}" PIP_DISABLE_PIP_VERSION_CHECK=1
targets=${PACKAGE_TARGETS:-js python}
stage="$repo/.gen/package"
rm -rf "$stage" "$repo/dist"
mkdir -p "$stage"
cp -r "$repo/src" "$repo/README.md" "$repo/API.md" "$repo/LICENSE" "$repo/package.json" "$stage/"
ln -s "$repo/node_modules" "$stage/node_modules"
cd "$stage"
"$repo/node_modules/.bin/jsii" --silence-warnings=reserved-word
# The shell scripts the library reads at synth (src/scripts/*.sh) go beside the compiled loader, as `npm run build` does.
npm run --silent build:scripts
# The published manifest carries no npm scripts: they are the repository's maintainer commands (tests, e2e,
# toolchain) whose files are not in the package, and no lifecycle script may run in a consumer's install.
node -e '
  const fs = require("fs");
  const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
  delete pkg.scripts;
  fs.writeFileSync("package.json", JSON.stringify(pkg, null, 2) + "\n");
'
# The README's TypeScript snippets, compiled against the assembly and translated for each language's README.
"$repo/node_modules/.bin/jsii-rosetta" extract --compile --fail .jsii
# shellcheck disable=SC2086 # the target list is meant to split
"$repo/node_modules/.bin/jsii-pacmak" --outdir "$repo/dist" --targets $targets \
  --rosetta-tablet .jsii.tabl.json --rosetta-unknown-snippets fail
find "$repo/dist" -type f \( -name '*.tgz' -o -name '*.whl' -o -name '*.jar' \) -printf 'package: dist/%P\n'
case " $targets " in
  *" java "*) ;;
  *) echo "package: Java not built: Maven Central serves no com.hashicorp:cdktf 0.21.x nor cdktf-provider-docker/-kubernetes 12.x for the jar to depend on (PACKAGE_TARGETS adds it)" ;;
esac
