import { Aws, CfnCondition, Fn, Token } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { ACCEPTANCES_PREFIX } from '#shared/acceptances/register-chain';
import { REGISTER_PARTITION } from '#shared/acceptances/register-store';
import { configAggregatorPermissions } from '#shared/config-recorder/config-aggregator';
import { describePermissions } from '#shared/describe/registry';
import { type DescribePermission, mergeDescribePermissions } from '#shared/describe/resource-type';
import { FINDINGS_PREFIX, REJECTED_PREFIX } from '#shared/evidence/finding';

export type { DescribePermission };

/** What the configuration recorder port (`shared/config-recorder`) calls: AWS Config reads only. */
const CONFIG_RECORDER_PERMISSIONS: DescribePermission = {
  actions: [
    'config:BatchGetResourceConfig',
    'config:GetResourceConfigHistory',
    'config:ListDiscoveredResources',
  ],
  resources: ['*'],
  reason: 'AWS Config reads support no resource-level permissions; read-only.',
};

/**
 * Every describe permission Vigil's functions get: the Config recorder's reads and what each registered
 * describable type declares (`shared/describe/<type>/index.ts`), merged. Resources are as narrow as IAM
 * allows: the account and region where the API supports resource-level permissions, `*` only where it does
 * not. The first entry holds every `*` action.
 */
export const DESCRIBE_PERMISSIONS: readonly DescribePermission[] = mergeDescribePermissions([
  CONFIG_RECORDER_PERMISSIONS,
  ...describePermissions(),
]);

/** Why each `*` describe action cannot be narrower, from the declaration that asks for it. */
function wildcardDescribeReasons(): [string, string][] {
  return [CONFIG_RECORDER_PERMISSIONS, ...describePermissions()]
    .filter((permission) => permission.resources.includes('*'))
    .flatMap((permission) =>
      permission.actions.map((action): [string, string] => [action, permission.reason]),
    );
}

/**
 * Every IAM action Vigil grants on Resource "*", with why AWS leaves no narrower choice. A template test
 * fails when any other action appears on "*" (and when any statement grants Action "*").
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
export const WILDCARD_RESOURCE_ACTIONS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(wildcardDescribeReasons()),
  'config:PutEvaluations': 'AWS Config PutEvaluations supports no resource-level permissions.',
  'xray:PutTraceSegments':
    'Lambda active tracing: X-Ray segment uploads support no resource-level permissions.',
  'xray:PutTelemetryRecords':
    'Lambda active tracing: X-Ray telemetry supports no resource-level permissions.',
  'ec2:DescribeVpcs':
    'The remediation reader: EC2 Describe* support no resource-level permissions; read-only.',
  'ec2:DescribeFlowLogs':
    'The remediation reader: EC2 Describe* support no resource-level permissions; read-only.',
  'logs:CreateLogDelivery':
    'vpc-flow-logs-enabled with an S3 destination: CloudWatch Logs CreateLogDelivery supports no ' +
    'resource-level permissions; granted only when that remediation is not off.',
  'organizations:ListAccounts':
    'Organization mode without a fixed account list: the sweep planner lists the accounts to sweep; ' +
    'Organizations ListAccounts supports no resource-level permissions; read-only.',
};

/**
 * What the remediation reader calls beyond {@link DESCRIBE_PERMISSIONS}: VPC flow logs, and log group tags
 * for exemptions.
 */
export const REMEDIATION_READ_PERMISSIONS: readonly DescribePermission[] = [
  {
    actions: ['ec2:DescribeVpcs', 'ec2:DescribeFlowLogs'],
    resources: ['*'],
    reason: 'The remediation reader: EC2 Describe* support no resource-level permissions; read-only.',
  },
  {
    actions: ['logs:ListTagsForResource', 'logs:ListTagsLogGroup'],
    resources: ['arn:{partition}:logs:{region}:{account}:log-group:*'],
    reason: 'The remediation reader: tags of any log group of the account and region; read-only.',
  },
];

/** What the Config aggregator source calls (`shared/config-recorder/config-aggregator.ts`): read-only. */
export const CONFIG_AGGREGATOR_PERMISSION: DescribePermission = configAggregatorPermissions();

/**
 * The describe resource pattern as an ARN with CloudFormation pseudo parameters; with `anyRegion`, `*` for
 * the region (a role IAM creates once but every region uses).
 */
export function describeResourceArn(pattern: string, options: { readonly anyRegion?: boolean } = {}): string {
  return pattern
    .replaceAll('{partition}', Aws.PARTITION)
    .replaceAll('{region}', options.anyRegion === true ? '*' : Aws.REGION)
    .replaceAll('{account}', Aws.ACCOUNT_ID);
}

/** The statements allowing these permissions (resources as {@link describeResourceArn} makes them). */
export function permissionStatements(
  permissions: readonly DescribePermission[],
  options: { readonly anyRegion?: boolean } = {},
): iam.PolicyStatement[] {
  return permissions.map(
    (permission) =>
      new iam.PolicyStatement({
        actions: [...permission.actions],
        resources: permission.resources.map((resource) => describeResourceArn(resource, options)),
      }),
  );
}

/**
 * How cdk-nag names a wildcard resource of {@link DESCRIBE_PERMISSIONS} in an IAM5 finding (with
 * `anyRegion`, as {@link describeResourceArn} made it for every region).
 */
export function describeNagFinding(pattern: string, options: { readonly anyRegion?: boolean } = {}): string {
  return `Resource::${pattern
    .replaceAll('{partition}', '<AWS::Partition>')
    .replaceAll('{region}', options.anyRegion === true ? '*' : '<AWS::Region>')
    .replaceAll('{account}', '<AWS::AccountId>')}`;
}

/** Lets the grantee call every action of these permissions, on their resources in this account and region. */
export function grantPermissions(
  grantee: iam.IGrantable,
  permissions: readonly DescribePermission[],
): iam.Grant[] {
  return permissions.map((permission) =>
    iam.Grant.addToPrincipal({
      grantee,
      actions: [...permission.actions],
      resourceArns: permission.resources.map((resource) => describeResourceArn(resource)),
    }),
  );
}

/** Lets the grantee call every read-only describe API in {@link DESCRIBE_PERMISSIONS}. */
export function grantDescribe(grantee: iam.IGrantable): iam.Grant[] {
  return grantPermissions(grantee, DESCRIBE_PERMISSIONS);
}

/**
 * Lets the grantee write findings and rejected inputs to the evidence bucket with Object Lock headers
 * (a put carrying `ObjectLockMode` is also authorized as `s3:PutObjectRetention`) and read findings back.
 */
export function grantEvidenceWrite(grantee: iam.IGrantable, bucket: IBucket): iam.Grant[] {
  return [
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:PutObject', 's3:PutObjectRetention'],
      resourceArns: [
        bucket.arnForObjects(`${FINDINGS_PREFIX}*`),
        bucket.arnForObjects(`${REJECTED_PREFIX}*`),
      ],
    }),
    iam.Grant.addToPrincipal({
      grantee,
      // HeadObject is authorized as s3:GetObject.
      actions: ['s3:GetObject'],
      resourceArns: [bucket.arnForObjects(`${FINDINGS_PREFIX}*`)],
    }),
    iam.Grant.addToPrincipal({
      grantee,
      // Without s3:ListBucket, S3 answers a HEAD/GET of a missing key with 403 instead of 404, and the
      // evidence store could not tell "no finding yet" from "access denied".
      actions: ['s3:ListBucket'],
      resourceArns: [bucket.bucketArn],
    }),
  ];
}

/** Lets the grantee read and write compliance state items (the DynamoDB state store's calls only). */
export function grantStateReadWrite(grantee: iam.IGrantable, table: ITable): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    resourceArns: [table.tableArn],
  });
}

/**
 * Lets the grantee close settle windows: delete state-table rows whose partition key starts with `SETTLE#`
 * (the settle markers), and no other row.
 */
export function grantSettleMarkerDelete(grantee: iam.IGrantable, table: ITable): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['dynamodb:DeleteItem'],
    resourceArns: [table.tableArn],
    conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SETTLE#*'] } },
  });
}

/** Lets the grantee publish alerts to the topic. */
export function grantAlertPublish(grantee: iam.IGrantable, topic: ITopic): iam.Grant {
  return iam.Grant.addToPrincipal({ grantee, actions: ['sns:Publish'], resourceArns: [topic.topicArn] });
}

/**
 * Lets the grantee use the customer managed key for data it reads and writes through S3 (SSE-KMS),
 * DynamoDB and SNS; no key administration.
 */
export function grantKeyUse(grantee: iam.IGrantable, key: IKey): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
    resourceArns: [key.keyArn],
  });
}

/** The `-` and six random characters Secrets Manager appends to a secret's name in its complete ARN. */
const SECRET_ARN_SUFFIX = /-[A-Za-z0-9]{6}$/;

/** The ARN pattern of a secret given by name in this account and region: any random suffix. */
function secretArnOfName(name: string): string {
  return `arn:${Aws.PARTITION}:secretsmanager:${Aws.REGION}:${Aws.ACCOUNT_ID}:secret:${name}-??????`;
}

/**
 * The statement that lets a role read one Secrets Manager secret, given by name or ARN. A name matches the
 * six random characters Secrets Manager appends to the ARN. A complete ARN is granted exactly; a partial one
 * (without the suffix) with any suffix. A parameter token can be either, so the template decides: a
 * condition created in `scope` tests whether the value starts with `arn:`, and an ARN is then granted both
 * as given and with any suffix (the template cannot tell a complete ARN from a partial one).
 */
export function grantSecretRead(scope: Construct, nameOrArn: string): iam.PolicyStatement {
  const statement = (resource: string) =>
    new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [resource] });
  if (!Token.isUnresolved(nameOrArn)) {
    if (!nameOrArn.startsWith('arn:')) return statement(secretArnOfName(nameOrArn));
    const name = nameOrArn.split(':secret:')[1] ?? '';
    return statement(SECRET_ARN_SUFFIX.test(name) ? nameOrArn : `${nameOrArn}-??????`);
  }
  const isArn = new CfnCondition(scope, 'SecretIsArn', {
    expression: Fn.conditionEquals(Fn.select(0, Fn.split(':', nameOrArn)), 'arn'),
  });
  // One Resource value that is a list for an ARN and a single pattern for a name (CDK renders a lone
  // resource as the value itself).
  return statement(
    Token.asString(
      Fn.conditionIf(isArn.logicalId, [nameOrArn, `${nameOrArn}-??????`], secretArnOfName(nameOrArn)),
    ),
  );
}

/** Lets the grantee report evaluation results of an AWS Config custom rule. */
export function grantConfigEvaluations(grantee: iam.IGrantable): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    // config:PutEvaluations supports no resource-level permissions.
    actions: ['config:PutEvaluations'],
    resourceArns: ['*'],
  });
}

/**
 * Lets the grantee read evidence objects under the given prefixes (with their Object Lock headers, which
 * S3 returns only to callers allowed `s3:GetObjectRetention` / `s3:GetObjectLegalHold`) and list the bucket.
 */
export function grantEvidenceRead(
  grantee: iam.IGrantable,
  bucket: IBucket,
  prefixes: readonly string[],
): iam.Grant[] {
  return [
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:GetObject', 's3:GetObjectRetention', 's3:GetObjectLegalHold'],
      resourceArns: prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`)),
    }),
    iam.Grant.addToPrincipal({ grantee, actions: ['s3:ListBucket'], resourceArns: [bucket.bucketArn] }),
  ];
}

/**
 * Lets the grantee list every version of the objects under the given prefixes (`ListObjectVersions` only
 * with an `s3:prefix` inside one of them) and read any of those versions (`GetObject` with or without a
 * `VersionId`, which S3 authorizes as `s3:GetObjectVersion` and `s3:GetObject`).
 */
export function grantEvidenceVersionsRead(
  grantee: iam.IGrantable,
  bucket: IBucket,
  prefixes: readonly string[],
): iam.Grant[] {
  return [
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:ListBucketVersions'],
      resourceArns: [bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': prefixes.map((prefix) => `${prefix}*`) } },
    }),
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resourceArns: prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`)),
    }),
  ];
}

/** Lets the grantee put objects under the given prefixes of the evidence bucket (with Object Lock headers). */
export function grantEvidencePut(
  grantee: iam.IGrantable,
  bucket: IBucket,
  prefixes: readonly string[],
): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:PutObject', 's3:PutObjectRetention'],
    resourceArns: prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`)),
  });
}

/** Lets the grantee read the SSM parameters directly under `path` (`GetParametersByPath` and single reads). */
export function grantParametersRead(grantee: iam.IGrantable, path: string): iam.Grant {
  const base = `arn:${Aws.PARTITION}:ssm:${Aws.REGION}:${Aws.ACCOUNT_ID}:parameter${path}`;
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['ssm:GetParametersByPath', 'ssm:GetParameter', 'ssm:GetParameters'],
    // GetParametersByPath is authorized on the path itself, the single reads on each parameter.
    resourceArns: [base, `${base}/*`],
  });
}

/** Where a remediation's write action may act, and why no narrower. */
interface RemediationActionScope {
  readonly resources: readonly string[];
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/**
 * The resources each write action of a remediation (`Remediation.permissions`) may touch: the account's
 * resources of the one type the remediation fixes. A remediation declaring an action missing here fails
 * synthesis, so every new write permission is a reviewed decision. `iam:PassRole` is handled apart (only
 * the configured flow-log delivery role).
 */
export const REMEDIATION_ACTION_SCOPES: Readonly<Record<string, RemediationActionScope>> = {
  's3:PutBucketPublicAccessBlock': { resources: ['arn:{partition}:s3:::*'] },
  's3:PutBucketPolicy': { resources: ['arn:{partition}:s3:::*'] },
  's3:PutEncryptionConfiguration': { resources: ['arn:{partition}:s3:::*'] },
  's3:PutBucketVersioning': { resources: ['arn:{partition}:s3:::*'] },
  'logs:PutRetentionPolicy': { resources: ['arn:{partition}:logs:{region}:{account}:log-group:*'] },
  'kms:EnableKeyRotation': { resources: ['arn:{partition}:kms:{region}:{account}:key/*'] },
  'ec2:ModifyInstanceMetadataOptions': { resources: ['arn:{partition}:ec2:{region}:{account}:instance/*'] },
  'ec2:RevokeSecurityGroupIngress': {
    resources: ['arn:{partition}:ec2:{region}:{account}:security-group/*'],
  },
  'rds:ModifyDBInstance': { resources: ['arn:{partition}:rds:{region}:{account}:db:*'] },
  'ec2:CreateFlowLogs': {
    resources: [
      'arn:{partition}:ec2:{region}:{account}:vpc/*',
      'arn:{partition}:ec2:{region}:{account}:vpc-flow-log/*',
    ],
  },
  // Tags only on the flow logs it creates, in the same call.
  'ec2:CreateTags': {
    resources: ['arn:{partition}:ec2:{region}:{account}:vpc-flow-log/*'],
    conditions: { StringEquals: { 'ec2:CreateAction': 'CreateFlowLogs' } },
  },
  // Flow logs to S3 create a log delivery; the action supports no resource-level permissions.
  'logs:CreateLogDelivery': { resources: ['*'] },
};

/**
 * The statements granting a remediation's write permissions, scoped by {@link REMEDIATION_ACTION_SCOPES}
 * (with `anyRegion`, in every region); `iam:PassRole` only on `passRoleArn` (the flow-log delivery role) and
 * only to VPC Flow Logs, or dropped when none is configured.
 * @throws Error naming an action with no reviewed scope.
 */
export function remediationStatements(
  permissions: readonly string[],
  passRoleArn: string | undefined,
  options: { readonly anyRegion?: boolean } = {},
): iam.PolicyStatement[] {
  const statements: iam.PolicyStatement[] = [];
  for (const action of permissions) {
    if (action === 'iam:PassRole') {
      if (passRoleArn === undefined) continue;
      statements.push(
        new iam.PolicyStatement({
          actions: [action],
          resources: [passRoleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'vpc-flow-logs.amazonaws.com' } },
        }),
      );
      continue;
    }
    const scope = REMEDIATION_ACTION_SCOPES[action];
    if (scope === undefined) {
      throw new Error(`remediation permission ${action} has no reviewed resource scope in infra/grants.ts`);
    }
    statements.push(
      new iam.PolicyStatement({
        actions: [action],
        resources: scope.resources.map((resource) => describeResourceArn(resource, options)),
        ...(scope.conditions === undefined ? {} : { conditions: scope.conditions }),
      }),
    );
  }
  return statements;
}

/**
 * Lets the grantee read the risk-acceptance register (one Query of its partition) and denies it every write
 * to that partition, whatever else it may write to the table: a role that judges resources must not be able
 * to grant itself an acceptance (`dynamodb:LeadingKeys`; TransactWriteItems is authorized per item).
 */
export function grantRegisterRead(grantee: iam.IGrantable, table: ITable): void {
  iam.Grant.addToPrincipal({
    grantee,
    actions: ['dynamodb:Query'],
    resourceArns: [table.tableArn],
    conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [REGISTER_PARTITION] } },
  });
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'DenyAcceptanceRegisterWrites',
      effect: iam.Effect.DENY,
      actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
      resources: [table.tableArn],
      conditions: { 'ForAnyValue:StringEquals': { 'dynamodb:LeadingKeys': [REGISTER_PARTITION] } },
    }),
  );
}

/**
 * Lets the grantee change the risk-acceptance register: Query and conditional puts of the register
 * partition only, and write-once locked puts and reads of its change objects under `acceptances/`.
 */
export function grantRegisterWrite(grantee: iam.IGrantable, table: ITable, bucket: IBucket): void {
  iam.Grant.addToPrincipal({
    grantee,
    actions: ['dynamodb:Query', 'dynamodb:PutItem'],
    resourceArns: [table.tableArn],
    conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [REGISTER_PARTITION] } },
  });
  grantEvidencePut(grantee, bucket, [ACCEPTANCES_PREFIX]);
  grantEvidenceRead(grantee, bucket, [ACCEPTANCES_PREFIX]);
}
