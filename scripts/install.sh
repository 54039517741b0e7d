#!/usr/bin/env bash
# Installs Burrow from this checkout on Debian/Ubuntu: tor (and the tools the tests run) from the
# OS packages, a C++ toolchain when the encrypted database's native module has to be compiled,
# the npm dependencies, a build, and the `burrow` command on PATH (npm link).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  as_root apt-get update
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y "$@"
}

supported_node_help() {
  cat >&2 <<'HELP'
Burrow runs on Node.js 20.19+, 22, 24 and 26. Debian 12 and Ubuntu 24.04 ship Node 18, which is
too old. Get a supported Node, for example:
  - from NodeSource:  curl -fsSL https://deb.nodesource.com/setup_24.x | sudo -E bash -
                      sudo apt-get install -y nodejs
  - with nvm:         nvm install 24   (https://github.com/nvm-sh/nvm)
  - from https://nodejs.org/en/download
then run this script again.
HELP
}

if ! command -v node >/dev/null 2>&1; then
  echo "Node.js is not installed." >&2
  supported_node_help
  exit 1
fi
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  echo "This is Node.js $(node --version)." >&2
  supported_node_help
  exit 1
fi
# tor, and what `npm test` runs besides it (tmux, strace, zsh, fish): this is a checkout, and its
# tests are the README's second command.
bash scripts/install-test-tools.sh
# The encrypted database (better-sqlite3-multiple-ciphers) is a native module. npm downloads a
# prebuilt binary when one fits this Node and machine; otherwise (always on Node 20) it compiles
# it, which takes about 2 minutes and needs python3, make and a C++ compiler.
missing=()
for tool in python3 make g++; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]}: needed to compile the encrypted database's native module when no prebuilt binary fits"
  apt_install python3 make g++
fi
echo "== installing dependencies (npm ci; compiling the database module can take about 2 minutes)"
npm ci
echo "== building"
npm run build
echo "== putting \`burrow\` on PATH (npm link)"
if ! npm link >/dev/null 2>&1; then
  as_root npm link
fi
echo "Done. Run \`burrow\` to start, or \`burrow demo\` to try it offline."
