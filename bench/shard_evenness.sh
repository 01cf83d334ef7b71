#!/usr/bin/env bash
# How evenly a search across machines falls into shares (issue 10, docs/sharding.md).
#
#   bench/shard_evenness.sh [N...]        shard counts, default 2 4
#
# For each of the suite's largest cases it runs the shares of one search as separate processes,
# one after another, and prints the executions (complete and cut short) of each share: in one
# round (no budget), and in rounds with a budget of a third of an even share
# (--shard-budget total/(3N)) until nothing is left pending. Executions, not seconds, are the
# measure: they are the same on every machine and every run. "speedup" is the whole search's
# executions over what the slowest share of each round ran, planning included (every share
# plans): what N machines running the shares at once would gain over one running the search.
# Every merge is checked against `run --threads 1` (the same bytes). Needs build/release.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${BUILD:-$root/build/release}/model/swapcheck
if [ $# -gt 0 ]; then counts=("$@"); else counts=(2 4); fi
cases=(
  table/triples/swapin_zap_swapoff.json
  "table/variants.json#thp_swapout_vs_swapoff"
  table/sequences/zap_then_swapout_vs_swapoff.json
  table/triples/swapout_swapout_free.json
  vswap/swapoff_vs_fault.json
)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Prints "executions pending planning" of one share's JSON report.
share_figures() {
  python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["executions"]+d["cut"], d["pending"], d.get("planning_executions", 0))'
}

printf '%-48s %3s  %-34s %8s %8s  %-26s\n' case N "one round: shares (max/mean)" planning speedup "rounds: R, sum of max, speedup"
for c in "${cases[@]}"; do
  file=$root/scenarios/$c
  single=$("$bin" run "$file" --threads 1 --max-executions 0 --format json 2>/dev/null)
  total=$(echo "$single" | python3 -c 'import json,sys; s=json.load(sys.stdin)["results"][0]["search"]; print(s["executions"]+s["cut"])')
  for n in "${counts[@]}"; do
    dir=$work/$n-$(basename "$c" .json)
    mkdir -p "$dir/one"
    shares=()
    planning=0
    for ((i = 0; i < n; i++)); do
      read -r ex _ plan < <("$bin" run "$file" --max-executions 0 --shard "$i/$n" --shard-out "$dir/one/$i.json" \
        --format json 2>/dev/null | share_figures)
      shares+=("$ex")
      planning=$plan
    done
    "$bin" merge "$dir"/one/*.json --format json 2>/dev/null > "$dir/merged.json"
    [ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["search"]["executions"])' "$dir/merged.json")" \
      = "$(echo "$single" | python3 -c 'import json,sys; print(json.load(sys.stdin)["results"][0]["search"]["executions"])')" ] \
      || { echo "merge of $c in $n shards differs from run --threads 1" >&2; exit 1; }
    one=$(python3 -c '
import sys
s=[int(x) for x in sys.argv[3:]]; total=int(sys.argv[1]); plan=int(sys.argv[2])
print("%s (%.2f)" % (" ".join(map(str, s)), max(s) / (sum(s) / len(s))), "%.2f" % (total / (plan + max(s))))' "$total" "$planning" "${shares[@]}")
    # Rounds.
    budget=$((total / (3 * n) + 1))
    round=1
    prev=()
    sum_max=$planning
    while :; do
      mkdir -p "$dir/r$round"
      max=0
      pending=0
      for ((i = 0; i < n; i++)); do
        resume=()
        [ ${#prev[@]} -gt 0 ] && resume=(--resume "${prev[@]}")
        read -r ex pend _ < <("$bin" run "$file" --max-executions 0 --shard "$i/$n" --shard-budget "$budget" \
          --shard-out "$dir/r$round/$i.json" "${resume[@]}" --format json 2>/dev/null | share_figures)
        ((ex > max)) && max=$ex
        pending=$((pending + pend))
      done
      sum_max=$((sum_max + max))
      prev+=("$dir"/r$round/*.json)
      [ "$pending" -eq 0 ] && break
      round=$((round + 1))
    done
    "$bin" merge "${prev[@]}" >/dev/null 2>&1 || { echo "merge of the rounds of $c failed" >&2; exit 1; }
    printf '%-48s %3s  %-34s %8s %8s  %s\n' "$c" "$n" "$(echo "$one" | sed 's/ [0-9.]*$//')" "$planning" \
      "$(echo "$one" | awk '{print $NF}')x" \
      "$round, $sum_max, $(python3 -c "print('%.2fx' % ($total / $sum_max))")"
  done
done
