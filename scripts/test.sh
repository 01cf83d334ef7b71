#!/usr/bin/env bash
# Installs what is missing, builds swapcheck twice (a normal -Werror build and an
# AddressSanitizer + UndefinedBehaviorSanitizer build) and runs every test in both.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
jobs=$(nproc)
run_suite() {  # name, build dir, extra cmake args...
  local name=$1 dir=$2
  shift 2
  # -g1 (line tables: enough for the sanitizers' and gdb's backtraces) instead of -g: full
  # debug info made each of the two builds markedly slower to compile and link.
  cmake -S . -B "$dir" -G Ninja -DSWAPCHECK_WERROR=ON -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
  # A failing build stops the script; failing tests are noted and the other build still runs.
  ctest --test-dir "$dir" --output-on-failure -j "$jobs" >"$dir/ctest.log" 2>&1 || failed=1
  tail -n 3 "$dir/ctest.log"
  grep -E "tests passed" "$dir/ctest.log" | sed "s/^/$name: /" >>build/summary.txt
}
failed=0
mkdir -p build
: >build/summary.txt
run_suite "normal build" build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_suite "asan+ubsan build (without the [normal-build-only] cases)" build/sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSWAPCHECK_SANITIZE=ON
# Fuzz the scenario and trace parsers (clang, libFuzzer) for FUZZ_SECONDS each.
scripts/fuzz.sh "${FUZZ_SECONDS:-30}"
echo "fuzz: scenario and trace parsers, ${FUZZ_SECONDS:-30} s each, no crash" >>build/summary.txt
echo
if [ "$failed" != 0 ]; then
  grep -h -A30 "The following tests FAILED" build/release/ctest.log build/sanitize/ctest.log 2>/dev/null || true
fi
cat build/summary.txt
exit "$failed"
