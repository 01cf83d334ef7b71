#!/usr/bin/env bash
# Runs GenMC on the programs of this folder and prints one row per run: program, -D flags,
# GenMC options, complete executions, blocked executions, GenMC's own wall-clock time.
# Usage: GENMC=/tmp/genmc/genmc bench/genmc/run.sh [quick]
# The figures in README.md came from this script; see there for building GenMC.
set -u
here=$(cd "$(dirname "$0")" && pwd)
genmc=${GENMC:-/tmp/genmc/genmc}
quick=${1:-}

"$genmc" --version 2>&1 | grep -E 'GenMC v|LLVM'
printf '%-10s %-12s %-34s %10s %8s %8s\n' program defines options complete blocked time

# One GenMC run; the counts are GenMC's own summary lines ("Number of complete executions
# explored", "Number of blocked executions seen", printed only when non-zero).
run() {
	local prog=$1 defs=$2 opts=$3 out complete blocked secs
	# shellcheck disable=SC2086
	out=$("$genmc" --disable-estimation $opts -- $defs "$here/$prog.c" 2>&1)
	complete=$(sed -n 's/^Number of complete executions explored: //p' <<<"$out")
	blocked=$(sed -n 's/^Number of blocked executions seen: //p' <<<"$out")
	secs=$(sed -n 's/^Total wall-clock time: //p' <<<"$out")
	if [ -z "$complete" ]; then
		complete="error" blocked="-"; echo "  ($prog $defs $opts: $(grep -m1 -E "ERROR|rror" <<<"$out"))" >&2
	fi
	printf '%-10s %-12s %-34s %10s %8s %8s\n' "$prog" "$defs" "$opts" "$complete" "${blocked:-0}" "${secs:--}"
}

if [ "$quick" = quick ]; then
	lockslots_sizes="2,1 3,1 3,3 4,1 4,2 4,4"
else
	lockslots_sizes="2,1 2,2 3,1 3,3 4,1 4,2 4,4 6,1 6,2 6,3 6,4 6,6 7,1 7,7 8,1 8,2 8,4 8,8"
fi
for nm in $lockslots_sizes; do
	n=${nm%,*} m=${nm#*,}
	run lockslots "-DN=$n -DM=$m" "--sc"
	run lockslots "-DN=$n -DM=$m" "--rc11"
	run lockslots "-DN=$n -DM=$m" "--sc --disable-ipr --disable-sr"
done
run lockslots "-DN=4 -DM=2" "--sc --lapor"

for n in 2 3 4 5 6 7 8; do run casrot "-DN=$n" "--sc"; done
for n in 2 3 4 5 6 7; do run wcas "-DN=$n" "--sc"; done
for n in 2 3 4 5; do
	run casw "-DN=$n" "--sc"
	run casw "-DN=$n" "--sc --disable-ipr --disable-sr"
done
for n in 1 2 3 4; do
	run refwait "-DN=$n" "--sc"
	run refwait "-DN=$n" "--sc --disable-ipr --disable-sr"
done
for p in sb mp; do
	run $p "" "--sc"
	run $p "" "--rc11"
done
