#!/usr/bin/env bash
# Installs what is missing, builds swapcheck and runs the main job: the scenario suite
# (`swapcheck suite scenarios/`), with a JUnit report in build/junit.xml. Extra arguments go to
# `swapcheck suite` (for example --no-minimize, --format json).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/release -j "$(nproc)" --target swapcheck swapcheck-prove
build/release/model/swapcheck suite scenarios/ --jobs "$(nproc)" --junit build/junit.xml "$@"
