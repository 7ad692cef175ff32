#!/usr/bin/env bash
# Coverage-guided fuzzing for a bounded time (issue #6): every Jazzer target in src/test/java/io/emmeta/fuzz, each in
# its own JVM, seeded from ../shared/corpus. A finding fails the build and is written next to the target's seeds
# (src/test/resources/io/emmeta/fuzz/<Target>Inputs/<method>/crash-*): fix it and keep the file, so `verify` replays it.
# Usage: .ci/fuzz.sh [seconds per target, default 15]   (longer on demand: .ci/fuzz.sh 600)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-${FUZZ_SECONDS:-15}}"
mkdir -p target
./mvnw -B -q test -Dtest=SeedCorpusWriter -Demmeta.seeds.write=true > target/fuzz-seeds.log 2>&1 \
  || { cat target/fuzz-seeds.log; exit 1; }
set +e
# progress as it goes: each target's start, its result, and any finding (the full log goes to target/fuzz.log)
./mvnw -B -Pfuzz test -Djazzer.max_duration="${seconds}s" 2>&1 | tee target/fuzz.log \
  | grep --line-buffered -E '^\[(INFO|ERROR)\] (Tests run|Running)|Test unit written|FuzzTestFindingException'
status=${PIPESTATUS[0]}
set -e
echo "fuzzing: $(grep -c '^\[INFO\] Running io.emmeta.fuzz' target/fuzz.log) targets, ${seconds}s each; full log in target/fuzz.log"
if [ "$status" -ne 0 ]; then
  echo "FAIL: a fuzz target found an input that breaks the contract (see above and target/fuzz.log)" >&2
fi
exit "$status"
