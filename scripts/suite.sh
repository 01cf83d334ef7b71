#!/usr/bin/env bash
# Installs what is missing, builds swapcheck and runs the main job.
# (Until the scenario suite lands this runs the engine benchmark as a demo model check.)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/release -j "$(nproc)"
build/release/bench/engine_bench
