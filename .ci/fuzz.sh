#!/usr/bin/env bash
# Coverage-guided fuzzing for a bounded time (issue #6, #12): Jazzer targets in lambda/src/test/java/io/emmeta/fuzz, each in
# its own JVM, seeded from ../shared/corpus. A finding fails the build and is written next to the target's seeds
# (src/test/resources/io/emmeta/fuzz/<Target>Inputs/<method>/crash-*): fix it and keep the file, so `verify` replays it.
#
# Each target costs its fuzzing time plus a fixed start-up (JVM, Jazzer's agent, instrumenting the chain, replaying
# its seeds): about 60 s on two shared cores. All 15 targets at 15 s each would take ~19 minutes, so a run fuzzes as
# many as fit the step's budget and the set rotates from run to run (every target's seeds are still replayed by
# `./mvnw verify`). The script prints which targets ran and the estimated total.
#
# Usage: .ci/fuzz.sh [seconds per target, default 15]      (longer, every target: FUZZ_ALL=1 .ci/fuzz.sh 600)
#   FUZZ_BUDGET=420     seconds for the fuzzing part of the step (the seed writer adds ~30 s)
#   FUZZ_OVERHEAD=60    start-up seconds per target used in the estimate (measured 56-71 s, seed replay included)
#   FUZZ_ROTATION=n     which slice of the targets to run (default: the day of the year)
#   FUZZ_ALL=1          every target, whatever the budget
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-${FUZZ_SECONDS:-15}}"
budget="${FUZZ_BUDGET:-420}"
overhead="${FUZZ_OVERHEAD:-60}"
rotation="${FUZZ_ROTATION:-$((10#$(date +%j)))}"
mkdir -p target
mapfile -t all < <(ls lambda/src/test/java/io/emmeta/fuzz/*FuzzTest.java | xargs -n1 basename | sed 's/\.java$//' | sort)
n=${#all[@]}
per_run=$(( budget / (seconds + overhead) ))
if [ "${FUZZ_ALL:-0}" = 1 ] || [ "$per_run" -gt "$n" ]; then per_run=$n; fi
if [ "$per_run" -lt 1 ]; then per_run=1; fi
start=$(( (rotation * per_run) % n ))
picked=()
for (( i = 0; i < per_run; i++ )); do picked+=("${all[$(( (start + i) % n ))]}"); done
echo "fuzzing ${per_run} of ${n} targets, ${seconds}s each (rotation ${rotation}): ${picked[*]}"
echo "estimated: ${per_run} x (${seconds}s + ~${overhead}s start-up) = ~$(( per_run * (seconds + overhead) ))s, plus ~30s of seeds"
./mvnw -B -q test -Dtest=SeedCorpusWriter -Dsurefire.failIfNoSpecifiedTests=false -Demmeta.seeds.write=true > target/fuzz-seeds.log 2>&1 \
  || { cat target/fuzz-seeds.log; exit 1; }
set +e
# progress as it goes: each target's start, its result, and any finding (the full log goes to target/fuzz.log)
./mvnw -B -Pfuzz test -Dsurefire.failIfNoSpecifiedTests=false -Dtest="$(IFS=,; echo "${picked[*]}")" -Djazzer.max_duration="${seconds}s" 2>&1 \
  | tee target/fuzz.log \
  | grep --line-buffered -E '^\[(INFO|ERROR)\] (Tests run|Running)|Test unit written|FuzzTestFindingException'
status=${PIPESTATUS[0]}
set -e
echo "fuzzing: $(grep -c '^\[INFO\] Running io.emmeta.fuzz' target/fuzz.log) targets, ${seconds}s each, ${SECONDS}s in all; full log in target/fuzz.log"
if [ "$status" -ne 0 ]; then
  echo "FAIL: a fuzz target found an input that breaks the contract (see above and target/fuzz.log)" >&2
fi
exit "$status"
