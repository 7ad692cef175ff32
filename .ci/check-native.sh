#!/usr/bin/env bash
# Native readiness without a GraalVM toolchain: `./mvnw package -Dnative` runs every Quarkus build step and writes
# target/*-native-image-source-jar/ before it stops for want of native-image or a container runtime. We check those
# inputs: every class we serialise is registered for reflection, every resource the chain loads at run time is
# included, and our code does no class loading by name.
set -euo pipefail
cd "$(dirname "$0")/.."
log=target/native-build.log
mkdir -p target
set +e
./mvnw -B -q package -Dnative -DskipTests > "$log" 2>&1
rc=$?
set -e
jar=$(ls target/*-native-image-source-jar/*-runner.jar 2>/dev/null | head -1 || true)
if [ -z "$jar" ]; then
  echo "FAIL: no native-image source jar (build exit $rc); last lines of $log:" >&2
  tail -40 "$log" >&2
  exit 1
fi
if [ "$rc" -ne 0 ] && ! grep -qE "no container runtime|native-image|GraalVM|Mandrel" "$log"; then
  echo "FAIL: the native build failed for another reason than the missing toolchain:" >&2
  tail -40 "$log" >&2
  exit 1
fi
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
root = pathlib.Path('src/main/resources')
resources = sorted(str(p.relative_to(root)) for p in (root / 'emmeta').rglob('*') if p.is_file())
unincluded = [r for r in resources if not any(p.fullmatch(r) for p in patterns)]
if missing or unincluded:
    print('FAIL: not registered for reflection:', missing, '; resources not included:', unincluded)
    sys.exit(1)
print(f'native inputs: {len(required)} serialised classes registered ({len(reflect)} entries in all), '
      f'{len(resources)} run-time resources included')
PY
if grep -rnE "Class\.forName|loadClass\(|ServiceLoader" src/main/java; then
  echo "FAIL: class loading by name in our code (not native-ready)" >&2
  exit 1
fi
echo "native-image inputs: OK (the native compile itself needs GraalVM/Mandrel or a container runtime)"
