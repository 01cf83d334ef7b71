#!/usr/bin/env bash
# Model throughput of this tree against an older commit, side by side in one run (issue 10).
#
#   bench/compare.sh [COMMIT]      default f1be600, the commit before the incremental invariants
#
# What is compared, and why it is a fair comparison:
#   - COMMIT's libraries (engine, model, CLI library) are built from `git archive COMMIT` in a
#     scratch folder under /tmp, never inside the repository.
#   - The old commit has no model_bench, so this tree's bench/model_bench.cpp is built against
#     COMMIT's libraries. The bench uses only interfaces COMMIT already has (load_scenario, the
#     swap model's CLI interface, explore, bench/workloads), so the measuring code is the same
#     in both binaries and only the engine and model under it differ.
#   - Each binary runs its own commit's scenario files (--root; a case names its file as this
#     tree has it and as older trees had it, before the matrix files and the one op namespace),
#     with the same budgets, and the comparison flags any case whose executions or events
#     differ (different work).
#   - They run back to back on the same machine, and the engine's own refcnt/lockcnt are
#     measured in each run, so a busy machine shows as a lower lockcnt rate in both.
# Timing is wall clock: run it on an otherwise idle machine.
#
# Environment: SCRATCH (default /tmp/swapcheck-compare-<commit>) keeps the old build between
# runs; JOBS (default 2) for the builds; BUILD (default build/release) is this tree's build.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
commit=${1:-f1be600}
hash=$(git -C "$root" rev-parse --short=12 "$commit^{commit}")
scratch=${SCRATCH:-/tmp/swapcheck-compare-$hash}
jobs=${JOBS:-2}
build=${BUILD:-$root/build/release}

case "$scratch" in
  "$root"|"$root"/*) echo "compare.sh: SCRATCH must be outside the repository" >&2; exit 2 ;;
esac

# The old tree, with this tree's bench added.
if [ ! -f "$scratch/src/CMakeLists.txt" ]; then
  mkdir -p "$scratch/src"
  git -C "$root" archive "$hash" | tar -x -C "$scratch/src"
fi
cp "$root/bench/model_bench.cpp" "$scratch/src/bench/model_bench.cpp"
if ! grep -q model_bench "$scratch/src/bench/CMakeLists.txt"; then
  cat >>"$scratch/src/bench/CMakeLists.txt" <<'EOF'

add_executable(model_bench model_bench.cpp)
target_link_libraries(model_bench PRIVATE workloads swapmodel_cli)
target_compile_definitions(model_bench PRIVATE SWAPCHECK_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
EOF
fi

echo "building $hash in $scratch ..." >&2
cmake -S "$scratch/src" -B "$scratch/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$scratch/build" --target model_bench -j "$jobs" >/dev/null
echo "building this tree in $build ..." >&2
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" --target model_bench -j "$jobs" >/dev/null

echo "running $hash ..." >&2
"$scratch/build/bench/model_bench" --root "$scratch/src" --json >"$scratch/base.json"
echo "running this tree ($(git -C "$root" rev-parse --short=12 HEAD)$(git -C "$root" diff --quiet HEAD || echo ', with uncommitted changes')) ..." >&2
echo "base: $hash; new: this tree"
"$build/bench/model_bench" --root "$root" --baseline "$scratch/base.json"
