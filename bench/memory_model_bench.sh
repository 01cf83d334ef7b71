#!/bin/sh
# The cost of the kernel memory model (issue 15, item 4): three swap scenarios searched under
# `sc` and under `kernel`, one classic DPOR search each (--threads 0), in one run on one machine.
# Prints executions and seconds under each model and the ratios kernel / sc.
#
#   bench/memory_model_bench.sh [SWAPCHECK] [BUDGET]
#
# SWAPCHECK defaults to build/release/model/swapcheck; BUDGET (default 200000) caps each search's
# executions so that a search the kernel model makes too large still ends (its stop column then
# says execution_budget).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
exec python3 - "${1:-$root/build/release/model/swapcheck}" "${2:-200000}" "$root" <<'PY'
import json, subprocess, sys
swapcheck, budget, root = sys.argv[1:]
files = ["scenarios/vswap/free_cluster.json", "scenarios/vswap/swapout_vs_fault.json",
         "scenarios/table/races/hibernate_vs_swapout.json"]
print(f"{'scenario':<50} {'model':<7} {'executions':>10} {'seconds':>8} {'verdict':<16} stop")
for f in files:
    row = {}
    for m in ("sc", "kernel"):
        out = subprocess.run([swapcheck, "run", f, "--memory-model", m, "--threads", "0", "--max-executions", budget,
                              "--format", "json", "--timing"], cwd=root, capture_output=True, text=True).stdout
        r = json.loads(out)["results"][0]
        row[m] = r
        print(f"{f:<50} {m:<7} {r['search']['executions']:>10} {r['seconds']:>8.3f} {r['verdict']['kind']:<16} "
              f"{r['search']['stop']}")
    e = row["kernel"]["search"]["executions"] / max(1, row["sc"]["search"]["executions"])
    t = row["kernel"]["seconds"] / max(1e-9, row["sc"]["seconds"])
    print(f"{'':<50} kernel/sc: executions x{e:.2f}, time x{t:.2f}")
PY
