import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shortResource, ruleLabel, catchLabel, truncate } from './labels.js';

test('shortResource names service integrations, SDK calls, activities and functions', () => {
  const cases = [
    ['arn:aws:states:::lambda:invoke', 'Lambda Invoke'],
    ['arn:aws:states:::lambda:invoke.waitForTaskToken', 'Lambda Invoke.waitForTaskToken'],
    ['arn:aws:states:::sqs:sendMessage', 'SQS SendMessage'],
    ['arn:aws:states:::sns:publish', 'SNS Publish'],
    ['arn:aws:states:::dynamodb:putItem', 'DynamoDB PutItem'],
    ['arn:aws:states:::http:invoke', 'HTTP Invoke'],
    ['arn:aws:states:::states:startExecution.sync', 'StartExecution.sync'],
    ['arn:aws:states:::states:startExecution.sync:2', 'StartExecution.sync:2'],
    ['arn:aws:states:::aws-sdk:s3:getObject', 'S3 GetObject'],
    ['arn:aws:states:::aws-sdk:sfn:listStateMachines', 'Step Functions ListStateMachines'],
    ['arn:aws:states:::events:putEvents', 'EventBridge PutEvents'],
    ['arn:aws:states:us-east-1:123456789012:activity:approve-order', 'approve-order'],
    ['arn:aws:lambda:us-east-1:123456789012:function:resize', 'Lambda resize'],
    ['arn:aws:lambda:us-east-1:123456789012:function:resize:live', 'Lambda resize'],
    ['{% $states.input.arn %}', 'JSONata resource'],
    ['not-an-arn', 'not-an-arn'],
    [undefined, ''],
    [42, ''],
  ];
  for (const [arn, want] of cases) assert.equal(shortResource(arn), want, String(arn));
});

test('ruleLabel renders comparisons', () => {
  assert.equal(ruleLabel({ Variable: '$.x', NumericEquals: 3, Next: 'A' }), '$.x == 3');
  assert.equal(ruleLabel({ Variable: '$.x', NumericGreaterThanEquals: 1.5, Next: 'A' }), '$.x >= 1.5');
  assert.equal(ruleLabel({ Variable: '$.x', NumericLessThanPath: '$.max', Next: 'A' }), '$.x < $.max');
  assert.equal(ruleLabel({ Variable: '$.s', StringEquals: 'go', Next: 'A' }), '$.s == "go"');
  assert.equal(ruleLabel({ Variable: '$.s', StringMatches: 'a*', Next: 'A' }), '$.s matches "a*"');
  assert.equal(ruleLabel({ Variable: '$.s', StringGreaterThan: 'm', Next: 'A' }), '$.s > "m"');
  assert.equal(ruleLabel({ Variable: '$.b', BooleanEquals: false, Next: 'A' }), '$.b == false');
  assert.equal(ruleLabel({ Variable: '$.t', TimestampLessThan: '2026-01-01T00:00:00Z', Next: 'A' }), '$.t < "2026-01-01T00:00:00Z"');
  assert.equal(ruleLabel({ Variable: '$.v', IsNull: true, Next: 'A' }), '$.v is null');
  assert.equal(ruleLabel({ Variable: '$.v', IsNull: false, Next: 'A' }), '$.v is not null');
  assert.equal(ruleLabel({ Variable: '$.v', IsPresent: false, Next: 'A' }), '$.v is absent');
  assert.equal(ruleLabel({ Variable: '$.v', IsNumeric: true, Next: 'A' }), '$.v is numeric');
  assert.equal(ruleLabel({ Variable: '$.v', IsTimestamp: false, Next: 'A' }), '$.v is not timestamp');
});

test('ruleLabel combines And / Or / Not', () => {
  const rule = {
    And: [
      { Variable: '$.a', NumericGreaterThan: 1 },
      { Or: [{ Variable: '$.s', StringMatches: 'x*' }, { Variable: '$.b', BooleanEquals: true }] },
      { Not: { Variable: '$.c', IsNull: true } },
    ],
    Next: 'A',
  };
  assert.equal(ruleLabel(rule), '$.a > 1 and ($.s matches "x*" or $.b == true) and not ($.c is null)');
});

test('ruleLabel shows a JSONata Condition as its expression', () => {
  assert.equal(ruleLabel({ Condition: '{% $states.input.n > 3 %}', Next: 'A' }), '$states.input.n > 3');
  assert.equal(ruleLabel({ Condition: true, Next: 'A' }), 'true');
  assert.equal(ruleLabel(null), '');
});

test('catchLabel and truncate', () => {
  assert.equal(catchLabel({ ErrorEquals: ['States.TaskFailed', 'My.Error'], Next: 'X' }), 'States.TaskFailed, My.Error');
  assert.equal(catchLabel({ Next: 'X' }), 'catch');
  assert.equal(truncate('abcdef', 4), 'abc…');
  assert.equal(truncate('abc', 4), 'abc');
});
