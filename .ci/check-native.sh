#!/usr/bin/env bash
# The native function, built for real and run as Lambda runs it (issue #11). Fails on a missing toolchain, a failed
# native build, a registration/resource gap in the image's inputs, a crash, a wrong answer to any trigger shape, or any
# document that differs from the JVM build's over the whole corpus.
#   1. the GraalVM verification toolchain (../shared/tools/native-image/setup.sh; cached in $GRAALVM_HOME)
#   2. the JVM Lambda zip (plain package, lambda/target/function.zip), kept as target/jvm-lambda/function.zip
#   3. the native build (timed: target/native-build.time), which leaves lambda/target/function-native.zip
#   4. static checks of the image's inputs
#   5. .ci/native-run.sh: native vs JVM over the corpus, with the figures table
set -euo pipefail
cd "$(dirname "$0")/.."
JDK=${JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
export GRAALVM_HOME=${GRAALVM_HOME:-/tmp/graalvm-emmeta-25.0.2}
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -x "$JDK/bin/javac" ] || fail "no Temurin 25 at $JDK (the native toolchain is built on it; set JDK=...)"
mkdir -p target

echo "-- toolchain ($GRAALVM_HOME)"
if [ -z "${MVN:-}" ]; then
  command -v mvn >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven >/dev/null; }
  MVN=mvn
fi
JDK=$JDK MVN=$MVN ../shared/tools/native-image/setup.sh "$GRAALVM_HOME" > target/native-setup.log 2>&1 \
  || { tail -30 target/native-setup.log >&2; fail "native toolchain setup"; }
tail -1 target/native-setup.log

echo "-- JVM build (the java runtime's zip)"
JAVA_HOME=$JDK ./mvnw -B -q package -DskipTests > target/jvm-build.log 2>&1 \
  || { tail -40 target/jvm-build.log >&2; fail "JVM package"; }
rm -rf target/jvm-lambda && mkdir -p target/jvm-lambda && cp lambda/target/function.zip target/jvm-lambda/function.zip

echo "-- native build"
rm -f lambda/target/*-runner lambda/target/function-native.zip
set +e
/usr/bin/time -v -o target/native-build.time env JAVA_HOME=$JDK GRAALVM_HOME=$GRAALVM_HOME \
  ./mvnw -B package -Dnative -DskipTests -Dquarkus.native.native-image-xmx=6g > target/native-build.log 2>&1
rc=$?
set -e
if [ "$rc" -ne 0 ]; then
  grep -E "Error|ERROR|FATAL|Exception" target/native-build.log | head -30 >&2
  tail -40 target/native-build.log >&2
  fail "the native build failed (exit $rc; log target/native-build.log)"
fi
ls lambda/target/*-runner > /dev/null 2>&1 || fail "no native executable lambda/target/*-runner"
[ -f lambda/target/function-native.zip ] || fail "no lambda/target/function-native.zip"
[ ! -f lambda/target/function.zip ] || fail "lambda/target/function.zip left beside the native zip (the JVM deployment would take it)"
python3 - <<'PY' || fail "lambda/target/function-native.zip must hold an executable bootstrap"
import stat, zipfile
z = zipfile.ZipFile('lambda/target/function-native.zip')
i = z.getinfo('bootstrap')
assert (i.external_attr >> 16) & stat.S_IXUSR, 'bootstrap not executable'
assert z.read('bootstrap')[:4] == b'\x7fELF', 'bootstrap is not an ELF executable'
PY
grep -E "Elapsed \(wall|Maximum resident" target/native-build.time | sed 's/^\s*/   /'

echo "-- image inputs (registrations, resources, no class loading by name)"
jar=$(ls lambda/target/*-native-image-source-jar/*-runner.jar 2>/dev/null | head -1 || true)
[ -n "$jar" ] || fail "no native-image source jar"
python3 - "$jar" <<'PY'
import json, pathlib, re, sys, zipfile
jar = zipfile.ZipFile(sys.argv[1])
reflect = {e['name'] for e in json.loads(jar.read('META-INF/native-image/reflect-config.json'))}
required = [l.strip() for l in open('.ci/native-required-classes.txt') if l.strip() and not l.startswith('#')]
missing = [c for c in required if c not in reflect]
res = json.loads(jar.read('META-INF/native-image/resource-config.json'))
def java_regex(p):
    # Java's \Q...\E quoting has no Python twin: escape the quoted part instead
    return re.compile(re.sub(r'\\Q(.*?)\\E', lambda m: re.escape(m.group(1)), p))
patterns = [java_regex(i['pattern']) for i in res['resources']['includes']]
root = pathlib.Path('core/src/main/resources')
resources = sorted(str(p.relative_to(root)) for p in (root / 'emmeta').rglob('*') if p.is_file())
unincluded = [r for r in resources if not any(p.fullmatch(r) for p in patterns)]
if missing or unincluded:
    print('FAIL: not registered for reflection:', missing, '; resources not included:', unincluded)
    sys.exit(1)
print(f'   {len(required)} serialised classes registered ({len(reflect)} entries in all), '
      f'{len(resources)} run-time resources included')
PY
if grep -rnE "Class\.forName|loadClass\(|ServiceLoader" core/src/main/java s3/src/main/java cli/src/main/java lambda/src/main/java; then
  fail "class loading by name in our code (not native-ready)"
fi

echo "-- native vs JVM, as Lambda runs them, over the corpus"
bash .ci/native-run.sh
echo "native: OK"
