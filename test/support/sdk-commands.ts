import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The IAM service prefix of each SDK v3 client package (`@aws-sdk/client-<package>`). */
const IAM_PREFIX: Readonly<Record<string, string>> = {
  acm: 'acm',
  'api-gateway': 'apigateway',
  backup: 'backup',
  cloudfront: 'cloudfront',
  cloudtrail: 'cloudtrail',
  'cloudwatch-logs': 'logs',
  'config-service': 'config',
  dynamodb: 'dynamodb',
  ec2: 'ec2',
  ecr: 'ecr',
  efs: 'elasticfilesystem',
  eks: 'eks',
  elasticache: 'elasticache',
  'elastic-load-balancing': 'elasticloadbalancing',
  'elastic-load-balancing-v2': 'elasticloadbalancing',
  guardduty: 'guardduty',
  iam: 'iam',
  kinesis: 'kinesis',
  kms: 'kms',
  lambda: 'lambda',
  opensearch: 'es',
  rds: 'rds',
  redshift: 'redshift',
  s3: 's3',
  's3-control': 's3',
  'secrets-manager': 'secretsmanager',
  securityhub: 'securityhub',
  sns: 'sns',
  wafv2: 'wafv2',
  sqs: 'sqs',
};

/**
 * Commands whose IAM action is not `<prefix>:<CommandName>`, keyed `<package>:<CommandName>`.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
const ACTION_EXCEPTIONS: Readonly<Record<string, string>> = {
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:GetBucketReplication': 's3:GetReplicationConfiguration',
  's3:GetObjectLockConfiguration': 's3:GetBucketObjectLockConfiguration',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:GetBucketLifecycleConfiguration': 's3:GetLifecycleConfiguration',
  's3:GetBucketNotificationConfiguration': 's3:GetBucketNotification',
  's3-control:GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
  // API Gateway's REST management API authorizes by HTTP verb on the resource path.
  'api-gateway:GetRestApis': 'apigateway:GET',
  'api-gateway:GetStages': 'apigateway:GET',
  'api-gateway:GetStage': 'apigateway:GET',
  'api-gateway:GetTags': 'apigateway:GET',
  'elastic-load-balancing-v2:DescribeListeners': 'elasticloadbalancing:DescribeListeners',
  'iam:GenerateCredentialReport': 'iam:GenerateCredentialReport',
};

/** One SDK command a source file sends, with the IAM action it needs. */
export interface SdkCommandUse {
  readonly file: string;
  readonly command: string;
  readonly action: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Every SDK command (`new XCommand(`, `paginateX(`) sent by the `.ts` files under `dir`, with its IAM action,
 * taken from the client package the file imports it from.
 */
export function sdkCommandsUnder(dir: string): SdkCommandUse[] {
  const uses: SdkCommandUse[] = [];
  for (const file of sourceFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    for (const block of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-([a-z0-9-]+)'/g)) {
      const pkg = block[2] ?? '';
      const names = (block[1] ?? '').split(',').map((name) => name.replace(/^\s*type\s+/, '').trim());
      for (const name of names) {
        const command =
          /^([A-Z][A-Za-z0-9]+)Command$/.exec(name)?.[1] ?? /^paginate([A-Z][A-Za-z0-9]+)$/.exec(name)?.[1];
        if (command === undefined) continue;
        const prefix = IAM_PREFIX[pkg];
        if (prefix === undefined) throw new Error(`${file}: no IAM prefix for @aws-sdk/client-${pkg}`);
        uses.push({
          file,
          command,
          action: ACTION_EXCEPTIONS[`${pkg}:${command}`] ?? `${prefix}:${command}`,
        });
      }
    }
  }
  return uses;
}
