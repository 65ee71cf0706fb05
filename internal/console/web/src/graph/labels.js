// Short texts for the graph: Task resource subtitles and Choice rule labels.
// Pure functions (no DOM), unit-tested with `node --test`.

// Display names for service integration prefixes; anything else is
// capitalised as written.
const SERVICES = {
  lambda: 'Lambda',
  sqs: 'SQS',
  sns: 'SNS',
  dynamodb: 'DynamoDB',
  http: 'HTTP',
  ecs: 'ECS',
  eks: 'EKS',
  batch: 'Batch',
  glue: 'Glue',
  events: 'EventBridge',
  apigateway: 'API Gateway',
  sagemaker: 'SageMaker',
  athena: 'Athena',
  emr: 'EMR',
  'emr-containers': 'EMR on EKS',
  'emr-serverless': 'EMR Serverless',
  codebuild: 'CodeBuild',
  bedrock: 'Bedrock',
  s3: 'S3',
  ec2: 'EC2',
  iam: 'IAM',
  sfn: 'Step Functions',
  mediaconvert: 'MediaConvert',
  databrew: 'DataBrew',
};

const upperFirst = (s) => (s ? s[0].toUpperCase() + s.slice(1) : s);
const serviceName = (s) => SERVICES[s] || upperFirst(s);

// "invoke" → "Invoke", "startExecution.sync:2" → "StartExecution.sync:2".
function actionName(a) {
  const dot = a.indexOf('.');
  return dot < 0 ? upperFirst(a) : upperFirst(a.slice(0, dot)) + a.slice(dot);
}

// shortResource turns a Task's Resource ARN into the subtitle shown under the
// state name: "Lambda Invoke", "SQS SendMessage", "S3 GetObject" (AWS SDK
// integrations), "StartExecution.sync" (Step Functions itself), the activity
// name for activities, "Lambda <function>" for plain function ARNs.
export function shortResource(resource) {
  if (typeof resource !== 'string' || resource === '') return '';
  if (resource.startsWith('{%')) return 'JSONata resource';
  const parts = resource.split(':');
  if (parts[0] !== 'arn' || parts.length < 6) return resource;
  const service = parts[2];
  if (service === 'states') {
    const kind = parts[5];
    if (kind === 'activity') return parts.slice(6).join(':') || 'Activity';
    if (kind === 'aws-sdk') {
      const svc = parts[6] || '';
      const action = parts.slice(7).join(':');
      return action ? `${serviceName(svc)} ${actionName(action)}` : serviceName(svc);
    }
    if (kind === 'states') return actionName(parts.slice(6).join(':'));
    if (kind && parts.length > 6) return `${serviceName(kind)} ${actionName(parts.slice(6).join(':'))}`;
    return resource;
  }
  if (service === 'lambda' && parts[5] === 'function') {
    return `Lambda ${parts[6] || ''}`.trim();
  }
  return parts.slice(5).join(':') || resource;
}

const COMPARATORS = [
  // [suffix, operator]; order matters: longer names first.
  ['GreaterThanEquals', '>='],
  ['LessThanEquals', '<='],
  ['GreaterThan', '>'],
  ['LessThan', '<'],
  ['Equals', '=='],
];

// Rule keys that test a type or presence: Is* → "is null" / "is not null".
const TESTS = {
  IsNull: 'null',
  IsPresent: 'present',
  IsNumeric: 'numeric',
  IsString: 'string',
  IsBoolean: 'boolean',
  IsTimestamp: 'timestamp',
};

const quote = (v) => JSON.stringify(v);

// jsonataExpr strips the {% %} delimiters of a JSONata Condition.
function jsonataExpr(s) {
  const t = String(s).trim();
  return t.startsWith('{%') && t.endsWith('%}') ? t.slice(2, -2).trim() : t;
}

function comparison(rule) {
  const v = rule.Variable ?? '?';
  for (const [key, value] of Object.entries(rule)) {
    if (key === 'Variable' || key === 'Next' || key === 'Comment' || key === 'Assign' || key === 'Output') continue;
    if (key in TESTS) {
      if (key === 'IsPresent') return `${v} ${value ? 'is present' : 'is absent'}`;
      return `${v} is ${value ? '' : 'not '}${TESTS[key]}`;
    }
    const path = key.endsWith('Path');
    const op = path ? key.slice(0, -4) : key;
    const rhs = path ? String(value) : quote(value);
    if (op === 'StringMatches') return `${v} matches ${rhs}`;
    for (const [suffix, sym] of COMPARATORS) {
      if (op.endsWith(suffix) && /^(String|Numeric|Boolean|Timestamp)/.test(op)) return `${v} ${sym} ${rhs}`;
    }
  }
  return `${v} ?`;
}

// ruleLabel renders a Choice rule (or a nested And/Or/Not operand) as a short
// expression: `$.x == 3`, `$.s matches "a*"`, `$.a > 1 and not ($.b is null)`.
// A JSONata rule shows its Condition expression.
export function ruleLabel(rule) {
  if (!rule || typeof rule !== 'object') return '';
  if ('Condition' in rule) {
    return typeof rule.Condition === 'string' ? jsonataExpr(rule.Condition) : JSON.stringify(rule.Condition);
  }
  const sub = (r) => {
    const s = ruleLabel(r);
    return r && typeof r === 'object' && (Array.isArray(r.And) || Array.isArray(r.Or)) ? `(${s})` : s;
  };
  if (Array.isArray(rule.And)) return rule.And.map(sub).join(' and ');
  if (Array.isArray(rule.Or)) return rule.Or.map(sub).join(' or ');
  if (rule.Not && typeof rule.Not === 'object') return `not (${ruleLabel(rule.Not)})`;
  return comparison(rule);
}

// catchLabel names the errors a Catch handles.
export function catchLabel(catcher) {
  const errs = catcher && Array.isArray(catcher.ErrorEquals) ? catcher.ErrorEquals : [];
  return errs.length ? errs.join(', ') : 'catch';
}

// truncate shortens s to at most max characters, ending with an ellipsis.
export function truncate(s, max) {
  s = String(s ?? '');
  return s.length <= max ? s : s.slice(0, Math.max(1, max - 1)) + '…';
}
