#!/usr/bin/env bash
# Installs, from the OS packages, what Burrow and its tests run besides Node: tor (Burrow starts
# its own tor process; the tests a private Tor network), tmux (the terminal UI's end-to-end
# tests), strace (the test that proves nothing leaves except through tor), zsh and fish (the
# completion scripts run in them), zbarimg (reads the QR code the address card draws). One
# apt-get for whatever is missing; nothing when all are there.
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
# command:package
for tool in tor:tor tmux:tmux strace:strace zsh:zsh fish:fish zbarimg:zbar-tools; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool#*:}")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== installing ${missing[*]} (apt-get install -y)"
  as_root apt-get update
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y "${missing[@]}"
fi
