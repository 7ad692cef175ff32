#!/usr/bin/env bash
# Validates serverless.yml offline: Serverless Framework v3 (the last that runs without an account) prints and
# packages the stack with dummy credentials, then the generated CloudFormation is checked for what matters:
# runtime, trigger filters, and least-privilege write permissions.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=target/serverless-cli
if [ ! -x "$tools/node_modules/.bin/serverless" ]; then
  command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs npm; }
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error serverless@3.40.0 >/dev/null
fi
sls="$tools/node_modules/.bin/serverless"
export AWS_ACCESS_KEY_ID=dummy AWS_SECRET_ACCESS_KEY=dummy AWS_REGION=eu-central-1 SLS_TELEMETRY_DISABLED=1 \
  SLS_NOTIFICATIONS_MODE=off SERVERLESS_PLATFORM_STAGE=none
created_zips=()
for zip in target/function-native.zip target/function.zip; do
  if [ ! -f "$zip" ]; then
    # package only needs an artifact to exist; it is not deployed from here
    mkdir -p target && python3 -c "import sys, zipfile; zipfile.ZipFile(sys.argv[1], 'w').writestr('bootstrap', 'placeholder')" "$zip"
    created_zips+=("$zip")
  fi
done
check() {
  local label=$1; shift
  rm -rf .serverless
  "$sls" print "$@" > /dev/null
  "$sls" package "$@" > /dev/null
  python3 - "$label" <<'PY'
import json, sys
label = sys.argv[1]
t = json.load(open('.serverless/cloudformation-template-update-stack.json'))
res = t['Resources']
fn = [r for r in res.values() if r['Type'] == 'AWS::Lambda::Function']
assert len(fn) == 1, 'one function'
props = fn[0]['Properties']
expect = {'native': 'provided.al2023', 'jvm': 'java21', 'arm64': 'provided.al2023', 'sqs': 'provided.al2023'}[label]
assert props['Runtime'] == expect, (label, props['Runtime'])
if label == 'arm64':
    assert props['Architectures'] == ['arm64'], props.get('Architectures')
assert props['MemorySize'] == 256
bucket = [r for r in res.values() if r['Type'] == 'AWS::S3::Bucket' and 'NotificationConfiguration' in r.get('Properties', {})
          and (label == 'sqs') == ('Condition' in r)]
assert len(bucket) == 1, 'the stack owns the upload bucket'
notif = bucket[0]['Properties']['NotificationConfiguration']
cfgs = notif['QueueConfigurations' if label == 'sqs' else 'LambdaConfigurations']
if label == 'sqs':
    esm = [r for r in res.values() if r['Type'] == 'AWS::Lambda::EventSourceMapping']
    assert esm and esm[0]['Properties'].get('FunctionResponseTypes') == ['ReportBatchItemFailures'], esm
    q = res['UploadQueue']['Properties']
    assert q['RedrivePolicy']['maxReceiveCount'] == 3, 'poison messages end in the DLQ'
    assert res['UploadQueue'].get('Condition') == 'QueueMode' and t['Conditions']['QueueMode']
else:
    assert not [r for r in res.values() if r['Type'] == 'AWS::Lambda::EventSourceMapping'], 'no queue in S3 mode'
suffixes = sorted(rule['Value'] for c in cfgs for rule in c['Filter']['S3Key']['Rules'] if rule['Name'] == 'suffix')
assert suffixes == sorted(['.tif', '.TIF', '.tiff', '.TIFF', '.emd', '.EMD', '.txt', '.TXT']), suffixes
assert all(c['Event'] == 's3:ObjectCreated:*' for c in cfgs)
role = [r for r in res.values() if r['Type'] == 'AWS::IAM::Role'][0]
stmts = [s for p in role['Properties']['Policies'] for s in p['PolicyDocument']['Statement']]
def resources(s):
    r = s['Resource']; r = r if isinstance(r, list) else [r]
    return [json.dumps(x) if not isinstance(x, str) else x for x in r]
puts = [s for s in stmts if 's3:PutObject' in (s['Action'] if isinstance(s['Action'], list) else [s['Action']])]
assert puts, 'a put statement'
for s in puts:
    for r in resources(s):
        assert r.endswith('.metadata.json') or r.endswith('.extraction.json'), 'PutObject beyond our outputs: ' + r
for s in stmts:
    acts = s['Action'] if isinstance(s['Action'], list) else [s['Action']]
    assert not any(a in ('s3:*', '*') or a.startswith('s3:Delete') for a in acts), acts
cfg = [r for r in res.values() if r['Type'] == 'AWS::Lambda::EventInvokeConfig']
assert cfg and cfg[0]['Properties']['MaximumRetryAttempts'] == 2, 'async retries bounded'
assert 'OnFailure' in cfg[0]['Properties']['DestinationConfig'], 'failed invocations parked'
assert props.get('ReservedConcurrentExecutions') == 50, props.get('ReservedConcurrentExecutions')
print(f'serverless.yml [{label}]: runtime {props["Runtime"]}, {len(cfgs)} suffix triggers, puts limited to our outputs')
PY
}
check native
check jvm --param=runtime=jvm
check arm64 --param=arch=arm64
check sqs --param=trigger=sqs
rm -rf .serverless
if [ "${#created_zips[@]}" -gt 0 ]; then rm -f "${created_zips[@]}"; fi
echo "deployment file: OK"
