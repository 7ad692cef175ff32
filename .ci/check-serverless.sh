#!/usr/bin/env bash
# Validates serverless.yml offline: Serverless Framework v3 (the last that runs without an account) prints and
# packages the stack with dummy credentials, then the generated CloudFormation is checked for what matters:
# runtime, the trigger (every supported corpus file reaches the function, our outputs never do), and
# least-privilege write permissions.
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
for zip in lambda/target/function-native.zip lambda/target/function.zip; do
  if [ ! -f "$zip" ]; then
    # package only needs an artifact to exist; it is not deployed from here
    mkdir -p lambda/target && python3 -c "import sys, zipfile; zipfile.ZipFile(sys.argv[1], 'w').writestr('bootstrap', 'placeholder')" "$zip"
    created_zips+=("$zip")
  fi
done
# The supported corpus files (what the trigger must deliver): every file the CLI read (not unsupported) plus the
# sidecars it read with their image, from the CLI's run over the corpus (.ci/run makes it first).
if [ ! -s target/corpus.jsonl ] || [ ! -s target/corpus.log ]; then
  java -jar cli/target/emmeta-cli.jar extract --stdout ../shared/corpus > target/corpus.jsonl 2> target/corpus.log
fi
check() {
  local label=$1; shift
  rm -rf .serverless
  "$sls" print "$@" > /dev/null
  "$sls" package "$@" > /dev/null
  python3 - "$label" <<'PY'
import json, re, sys
label = sys.argv[1]
t = json.load(open('.serverless/cloudformation-template-update-stack.json'))
res = t['Resources']
conds = t.get('Conditions', {})
def holds(name):
    c = conds[name]
    a, b = c['Fn::Equals']
    return a == b
def exists(r):
    return 'Condition' not in r or holds(r['Condition'])
live = {k: r for k, r in res.items() if exists(r)}
fn = [r for r in live.values() if r['Type'] == 'AWS::Lambda::Function']
assert len(fn) == 1, 'one function'
props = fn[0]['Properties']
expect = {'native': 'provided.al2023', 'jvm': 'java21', 'arm64': 'provided.al2023', 'sqs': 'provided.al2023',
          's3': 'provided.al2023'}[label]
assert props['Runtime'] == expect, (label, props['Runtime'])
if label == 'arm64':
    assert props['Architectures'] == ['arm64'], props.get('Architectures')
assert props['MemorySize'] == 256
mode = {'sqs': 'sqs', 's3': 's3'}.get(label, 'eventbridge')
buckets = [r for r in live.values() if r['Type'] == 'AWS::S3::Bucket' and 'NotificationConfiguration' in r.get('Properties', {})]
assert len(buckets) == 1, f'the stack owns exactly one upload bucket in {mode} mode: {len(buckets)}'
notif = buckets[0]['Properties']['NotificationConfiguration']
esm = [r for r in live.values() if r['Type'] == 'AWS::Lambda::EventSourceMapping']
rules = [r for r in live.values() if r['Type'] == 'AWS::Events::Rule']
# matcher(key, event) -> does this key reach the function for 'created' / 'removed'
if mode == 'eventbridge':
    assert notif == {'EventBridgeConfiguration': {'EventBridgeEnabled': True}}, notif
    assert not esm and len(rules) == 1, 'one EventBridge rule, no queue'
    pat = rules[0]['Properties']['EventPattern']
    assert pat['source'] == ['aws.s3'] and sorted(pat['detail-type']) == ['Object Created', 'Object Deleted'], pat
    assert pat['detail']['bucket']['name'] == [buckets[0]['Properties']['BucketName']], pat['detail']['bucket']
    endings = []
    for m in pat['detail']['object']['key']:
        assert set(m) == {'suffix'} and set(m['suffix']) == {'equals-ignore-case'}, m
        endings.append(m['suffix']['equals-ignore-case'].lower())
    match = lambda key, event: any(key.lower().endswith(e) for e in endings)
else:
    cfgs = notif['QueueConfigurations' if mode == 'sqs' else 'LambdaConfigurations']
    assert not rules, 'no EventBridge rule outside eventbridge mode'
    if mode == 'sqs':
        assert esm and esm[0]['Properties'].get('FunctionResponseTypes') == ['ReportBatchItemFailures'], esm
        q = res['UploadQueue']['Properties']
        assert q['RedrivePolicy']['maxReceiveCount'] == 3, 'poison messages end in the DLQ'
    else:
        assert not esm, 'no queue in s3 mode'
    by_event = {}
    for c in cfgs:
        suffixes = [r['Value'] for r in c['Filter']['S3Key']['Rules'] if r['Name'] == 'suffix']
        assert len(suffixes) == 1, c
        by_event.setdefault(c['Event'], []).append(suffixes[0])
    assert set(by_event) == {'s3:ObjectCreated:*', 's3:ObjectRemoved:*'}, set(by_event)
    for ev, sfx in by_event.items():
        assert len(sfx) == len(set(sfx)), f'duplicate suffixes for {ev}'
        overlap = [(a, b) for a in sfx for b in sfx if a != b and a.endswith(b)]
        assert not overlap, f'S3 rejects overlapping suffixes: {overlap[:3]}'
    assert sorted(by_event['s3:ObjectCreated:*']) == sorted(by_event['s3:ObjectRemoved:*'])
    match = lambda key, event: any(key.endswith(s) for s in by_event[
        's3:ObjectCreated:*' if event == 'created' else 's3:ObjectRemoved:*'])
# Done-when: every corpus file the extractor supports reaches the function, on upload and on removal.
supported = []
for line in open('target/corpus.jsonl'):
    r = json.loads(line)
    if r['status'] != 'unsupported':
        supported.append(r['source']['path'])
for line in open('target/corpus.log'):
    m = re.search(r'\] (.*): read with its image$', line.rstrip('\n'))
    if m:
        supported.append(m.group(1))
assert len(supported) > 60, f'too few supported corpus files to judge the trigger: {len(supported)}'
missed = [p for p in supported if not (match(p.rsplit('/', 1)[-1], 'created') and match(p.rsplit('/', 1)[-1], 'removed'))]
assert not missed, f'{len(missed)} supported corpus files would never reach the function: {missed[:10]}'
# ... and mixed-case spellings of the common endings (a TIFF saved as .Tif).
for key in ['raw/a.Tif', 'raw/a.TIFF', 'raw/b.Dm3', 'raw/c.Emd']:
    assert match(key, 'created'), f'{key} misses the trigger'
# ... and never our own outputs (the function must not be invoked by its own writes or deletes).
for key in ['raw/a.tif.metadata.json', 'raw/a.tif.extraction.json', 'raw/.emmeta.json', 'raw/A.TIF.METADATA.JSON']:
    assert not match(key, 'created') and not match(key, 'removed'), f'{key} would trigger the function'
role = [r for k, r in live.items() if r['Type'] == 'AWS::IAM::Role' and k != 'BatchOperationsRole'][0]
stmts = [s for p in role['Properties']['Policies'] for s in p['PolicyDocument']['Statement']]
def resources(s):
    r = s['Resource']; r = r if isinstance(r, list) else [r]
    return [json.dumps(x) if not isinstance(x, str) else x for x in r]
def actions(s):
    return s['Action'] if isinstance(s['Action'], list) else [s['Action']]
writes = [s for s in stmts if any(a in ('s3:PutObject', 's3:DeleteObject') for a in actions(s))]
assert writes and any('s3:DeleteObject' in actions(s) for s in writes), 'put and delete statements'
for s in writes:
    for r in resources(s):
        assert r.endswith('.metadata.json') or r.endswith('.extraction.json'), 'write/delete beyond our outputs: ' + r
for s in stmts:
    acts = actions(s)
    assert not any(a in ('s3:*', '*') or (a.startswith('s3:Delete') and a != 's3:DeleteObject') for a in acts), acts
cfg = [r for r in live.values() if r['Type'] == 'AWS::Lambda::EventInvokeConfig']
assert cfg and cfg[0]['Properties']['MaximumRetryAttempts'] == 2, 'async retries bounded'
assert 'OnFailure' in cfg[0]['Properties']['DestinationConfig'], 'failed invocations parked'
assert props.get('ReservedConcurrentExecutions') == 50, props.get('ReservedConcurrentExecutions')
batch = res['BatchOperationsRole']['Properties']
assert batch['AssumeRolePolicyDocument']['Statement'][0]['Principal'] == {'Service': 'batchoperations.s3.amazonaws.com'}
bstmts = [s for p in batch['Policies'] for s in p['PolicyDocument']['Statement']]
inv = [s for s in bstmts if 'lambda:InvokeFunction' in actions(s)]
assert inv and all('ExtractLambdaFunction' in r for s in inv for r in resources(s)), 'batch jobs invoke only our function'
assert 'BatchOperationsRoleArn' in t['Outputs'], 'the batch role is a stack output'
print(f'serverless.yml [{label}]: runtime {props["Runtime"]}, {mode} trigger delivers all {len(supported)} '
      f'supported corpus files and none of our outputs; writes and deletes limited to our outputs')
PY
}
check native
check jvm --param=runtime=jvm
check arm64 --param=arch=arm64
check sqs --param=trigger=sqs
check s3 --param=trigger=s3
rm -rf .serverless
if [ "${#created_zips[@]}" -gt 0 ]; then rm -f "${created_zips[@]}"; fi
echo "deployment file: OK"
