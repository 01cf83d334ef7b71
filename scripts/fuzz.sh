#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang, AddressSanitizer and UndefinedBehaviorSanitizer,
# and runs each for SECONDS (default 60) on its seed corpus and past crashes.
#
#   scripts/fuzz.sh [SECONDS]
#
# New interesting inputs accumulate in build/fuzz/corpus/<target>/ (kept between runs). A crash
# stops the run with exit 1 and leaves the input in build/fuzz/crashes/<target>/: reproduce it
# with build/fuzz/fuzz/<target>_fuzzer FILE, fix it, and copy FILE to fuzz/regressions/<target>/
# so cli_test replays it in every build from then on.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
build=build/fuzz
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
flags="$flags -include $PWD/fuzz/source_location_compat.h"

CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSWAPCHECK_FUZZ=ON \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" \
  -DCMAKE_CXX_FLAGS="$flags" >/dev/null
cmake --build "$build" --target scenario_fuzzer trace_fuzzer

status=0
for target in scenario trace; do
  corpus="$build/corpus/$target"
  crashes="$build/crashes/$target"
  mkdir -p "$corpus" "$crashes"
  echo "fuzz: $target for ${seconds}s"
  if ! UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 "$build/fuzz/${target}_fuzzer" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 \
      -artifact_prefix="$crashes/" "$corpus" "fuzz/corpus/$target" "fuzz/regressions/$target" \
      2>"$build/$target.log"; then
    echo "fuzz: $target FOUND A CRASH, input in $crashes/ (log: $build/$target.log)" >&2
    tail -n 40 "$build/$target.log" >&2
    status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "$build/$target.log" | tail -n 2
  fi
done
exit $status
