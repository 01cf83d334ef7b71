#!/usr/bin/env bash
# Installs the Debian 12 packages swapcheck needs, only those missing (apt-get update first).
set -euo pipefail
packages=(cmake ninja-build g++ pkg-config libz3-dev catch2 nlohmann-json3-dev libboost-context-dev libcli11-dev
          clang libclang-rt-14-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "setup: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
