#!/usr/bin/env bash
# The function as Lambda runs it, native and JVM side by side, over the whole corpus (issue #11):
#   .ci/native-run.sh [--limit N]
# Needs the two builds (.ci/check-native.sh makes both, then calls this):
#   - the native executable lambda/target/*-runner  (./mvnw package -Dnative ...; see README "Native build")
#   - the JVM Lambda zip target/jvm-lambda/function.zip (a copy of lambda/target/function.zip from a plain ./mvnw package)
# Each is unpacked as Lambda unpacks it (the native one as `bootstrap`, with the verification toolchain's JDK libraries
# beside it when it was built with that toolchain) and started against a Runtime API emulator and S3Proxy on loopback
# by io.emmeta.nativerun.NativeVsJvm (test classpath), which fails on any crash, wrong answer or differing document.
# Then the native cold start five more times against a warmed-up S3 server, with the medians of the parts and issue
# #15's 300 ms PASS/FAIL on the median (printed, never failing the run).
set -euo pipefail
cd "$(dirname "$0")/.."
JDK=${JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
H=${GRAALVM_HOME:-/tmp/graalvm-emmeta-25.0.2}
# the java21 runtime is not here: the default JDK (17, the release the project compiles for) stands in for it
JVM_JAVA=${JVM_JAVA:-$(command -v java)}

runner=$(ls lambda/target/*-runner 2>/dev/null | head -1 || true)
[ -n "$runner" ] || { echo "FAIL: no native executable lambda/target/*-runner (build it first: .ci/check-native.sh)" >&2; exit 1; }
jvmzip=target/jvm-lambda/function.zip
[ -f "$jvmzip" ] || { echo "FAIL: no $jvmzip (./mvnw package -DskipTests && mkdir -p target/jvm-lambda && cp lambda/target/function.zip $jvmzip)" >&2; exit 1; }

# native: the bootstrap as Lambda runs it; the verification toolchain's binaries also need its JDK libraries and its stub
# libjvm.so beside them ($ORIGIN comes first in their RPATH), never HotSpot's libjvm.so
b=target/native-bundle
rm -rf "$b" && mkdir -p "$b"
cp "$runner" "$b/bootstrap"
if [ -f "$H/lib/svm/stubjvm/libjvm.so" ] && readelf -d "$runner" | grep -q "$H"; then
  cp "$H"/lib/lib{java,nio,net,zip,extnet}.so "$H/lib/svm/stubjvm/libjvm.so" "$b/"
fi
# JVM: the zip's contents, as the java runtime unpacks it into /var/task
rm -rf target/jvm-lambda/task && mkdir -p target/jvm-lambda/task
(cd target/jvm-lambda/task && "$JDK/bin/jar" xf ../function.zip)

# the harness's classpath (test scope: S3Proxy, the AWS SDK, Jackson)
JAVA_HOME=$JDK ./mvnw -B -q -pl lambda -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/native-run-classpath.txt > target/native-run-build.log 2>&1 \
  || { tail -30 target/native-run-build.log >&2; exit 1; }
# a 256 MB Lambda's microVM has 256 MB of RAM, which a real GraalVM/Mandrel image sizes its heap from; this machine has
# far more, so the image is told (Lambda itself passes no arguments to bootstrap)
NATIVE_ARGS=${NATIVE_ARGS:--XX:MaxRAM=256m}
build_time=()
[ -f target/native-build.time ] && build_time=(--build-time target/native-build.time)
# JVM options of a 256 MB Lambda (memory ergonomics, the java runtime's serial GC and C1-only tiering)
"$JDK/bin/java" -cp "lambda/target/test-classes:lambda/target/classes:$(cat lambda/target/native-run-classpath.txt)" \
  io.emmeta.nativerun.NativeVsJvm --corpus ../shared/corpus --out target/native-run \
  --native "$b/bootstrap" ${NATIVE_ARGS:+--native-arg "$NATIVE_ARGS"} \
  --jvm-task target/jvm-lambda/task --java "$JVM_JAVA" \
  --jvm-arg -XX:MaxRAM=256m --jvm-arg -XX:+UseSerialGC --jvm-arg -XX:TieredStopAtLevel=1 \
  --native-zip lambda/target/function-native.zip --jvm-zip "$jvmzip" "${build_time[@]}" "$@"
