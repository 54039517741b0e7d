#!/usr/bin/env bash
# Installs Burrow from this checkout on Debian/Ubuntu: tor from the OS packages, the npm
# dependencies, a build, and the `burrow` command on PATH (npm link).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v node >/dev/null 2>&1; then
  echo "Burrow needs Node.js 20.19 or newer: install it first (https://nodejs.org or your distribution's nodejs package)." >&2
  exit 1
fi
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  echo "Burrow needs Node.js 20.19 or newer; this is $(node --version)." >&2
  exit 1
fi
if ! command -v tor >/dev/null 2>&1; then
  echo "== installing tor (apt-get install -y tor)"
  as_root apt-get update
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y tor
fi
echo "== installing dependencies (npm ci)"
npm ci
echo "== building"
npm run build
echo "== putting \`burrow\` on PATH (npm link)"
if ! npm link >/dev/null 2>&1; then
  as_root npm link
fi
echo "Done. Run \`burrow\` to start, or \`burrow demo\` to try it offline."
