import { spawnSync } from 'node:child_process';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, Aws, DockerImage, Duration, RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Code, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type Organization, organizationEnvironment } from './constructs/organization';
import { InfraConfigError } from './errors';

/** The repository root: handler entries, the lock file and tsconfig.json are resolved from here. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Lambda caps all environment variables of a function at 4 KB together; keep headroom for the rest. */
const MAX_RULE_PARAMETERS_BYTES = 3_072;

/**
 * The function's code: `scripts/bundle-functions.ts` run at synth time (esbuild with code splitting and
 * zod's English-only locales, which NodejsFunction cannot express as it takes no esbuild plugins), so the
 * deployed bundle is the one `npm run bench` measures. Bundling runs locally; there is no Docker fallback.
 */
function bundledCode(entry: string, customRules: string | undefined): Code {
  const name = basename(entry, '.ts');
  if (dirname(entry) !== 'functions' || !entry.endsWith('.ts')) {
    throw new InfraConfigError(`a Vigil function entry is functions/<name>.ts, got ${entry}`, {
      context: { entry },
    });
  }
  const customRulesArgs = customRules === undefined ? [] : ['--custom-rules', customRules];
  return Code.fromAsset(PROJECT_ROOT, {
    // The hash of the bundle, not of the whole project directory.
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required by the type, never pulled: local bundling either succeeds or fails the synth.
      image: DockerImage.fromRegistry('vigil/no-docker-bundling'),
      // What tryBundle runs. CDK also keys its per-synth bundling cache on these options (a function
      // object does not count), so without the name every function would get the first one's bundle.
      command: ['scripts/bundle-functions.ts', '--only', name, '--flat', '--source-map', ...customRulesArgs],
      local: {
        tryBundle(outputDir: string): boolean {
          const script = `${PROJECT_ROOT}scripts/bundle-functions.ts`;
          const args = [
            '--import',
            'tsx',
            script,
            '--only',
            name,
            '--flat',
            '--source-map',
            '--out',
            outputDir,
            ...customRulesArgs,
          ];
          const result = spawnSync(process.execPath, args, { cwd: PROJECT_ROOT, encoding: 'utf8' });
          if (result.status !== 0) {
            throw new InfraConfigError(
              `bundling ${entry} failed: ${result.error?.message ?? result.stderr.trim()}`,
              { context: { entry } },
            );
          }
          return true;
        },
      },
    },
  });
}

/**
 * The AWS managed policy `config.CustomRule` attaches to its function's role. It allows config:Get*, List*,
 * Describe*, Put* and reads of Config delivery objects; Vigil needs only config:PutEvaluations, which
 * `grantConfigEvaluations` grants explicitly.
 */
const CONFIG_RULES_MANAGED_POLICY = 'service-role/AWSConfigRulesExecutionRole';

/** An execution role that refuses AWS managed policies: Vigil grants explicit, least-privilege statements. */
class LeastPrivilegeRole extends iam.Role {
  override addManagedPolicy(policy: iam.IManagedPolicy): void {
    if (policy.managedPolicyArn.endsWith(CONFIG_RULES_MANAGED_POLICY)) return;
    throw new InfraConfigError(
      `Vigil function roles take no managed policies (got ${policy.managedPolicyArn}); add explicit grants`,
      { context: { path: this.node.path } },
    );
  }
}

/** The default Security Hub product of the stack's account and region, the one Vigil imports findings under. */
export function securityHubProductArn(): string {
  return `arn:${Aws.PARTITION}:securityhub:${Aws.REGION}:${Aws.ACCOUNT_ID}:product/${Aws.ACCOUNT_ID}/default`;
}

/** Log levels the Powertools logger understands. */
export type VigilLogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'CRITICAL' | 'SILENT';

/**
 * What every Vigil function is told about its deployment. The construct turns it into the environment
 * variables `shared/config.ts` parses; nothing else sets them.
 */
export interface VigilRuntimeSettings {
  /** Evidence bucket (Object Lock): `EVIDENCE_BUCKET`. */
  readonly evidenceBucket: IBucket;
  /** Compliance state table: `STATE_TABLE`. */
  readonly stateTable: ITable;
  /** Alert topic: `ALERT_TOPIC_ARN`. */
  readonly alertTopic: ITopic;
  /** Days each finding stays locked (may be a Number parameter token): `EVIDENCE_RETENTION_DAYS`. */
  readonly evidenceRetentionDays: number;
  /** `{"<ruleId>": {"<parameter>": value}}` as JSON (may be a CloudFormation parameter): `RULE_PARAMETERS`. */
  readonly ruleParametersJson: string;
  /** Comma-separated rule ids, empty for the whole catalog (may be a parameter): `ENABLED_RULES`. */
  readonly enabledRules: string;
  /** Powertools log level (may be a parameter): `LOG_LEVEL`. */
  readonly logLevel: string;
  /** Powertools service name: `POWERTOOLS_SERVICE_NAME`. */
  readonly serviceName: string;
  /** CloudWatch metrics namespace: `POWERTOOLS_METRICS_NAMESPACE`. */
  readonly metricsNamespace: string;
  /** Lowest severity that alerts, empty for all (may be a parameter): `ALERT_MIN_SEVERITY`. */
  readonly alertMinSeverity: string;
  /** Name or ARN of the secret holding the Slack webhook URL, empty for none: `SLACK_WEBHOOK_SECRET_ID`. */
  readonly slackWebhookSecretId: string;
  /**
   * Whether status changes are imported into AWS Security Hub under this account's default product:
   * `SECURITY_HUB` (`on`/`off`) and `SECURITY_HUB_PRODUCT_ARN`.
   * @default false
   */
  readonly securityHub?: boolean;
  /**
   * Absolute folder of custom rules bundled into the function (already validated by `customRuleFolderOf`);
   * no variable: the rules are part of the code.
   * @default - none: the built-in catalog only
   */
  readonly customRules?: string;
  /** Where the sweep reads the inventory: `INVENTORY_SOURCE`. */
  readonly inventorySource: 'config' | 'describe' | 'aggregator';
  /** The Config aggregator read with the `aggregator` source: `CONFIG_AGGREGATOR_NAME`. */
  readonly aggregatorName?: string;
  /**
   * Organization mode: how to reach member accounts (`MEMBER_ROLE_NAME`, `MEMBER_EXTERNAL_ID`,
   * `MEMBER_REGIONS`, `MEMBER_ACCOUNTS`), and no `ACCOUNT_ID` (events of every account are judged).
   * @default - single-account mode: `ACCOUNT_ID` is this account
   */
  readonly organization?: Organization;
}

/** Properties of {@link VigilFunction}. */
export interface VigilFunctionProps {
  /** Handler module relative to the repository root; it must `export const handler`, e.g. `functions/sweep.ts`. */
  readonly entry: string;
  /** What the function does, shown in the Lambda console. */
  readonly description: string;
  /** Deployment settings turned into environment variables. */
  readonly settings: VigilRuntimeSettings;
  /** Customer managed key for the log group and the dead-letter queue. */
  readonly encryptionKey: IKey;
  /**
   * Maximum run time of one invocation.
   * @default Duration.seconds(60)
   */
  readonly timeout?: Duration;
  /**
   * Memory in MB (CPU grows with it).
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * Concurrency reserved for (and capped at) this function.
   * @default - none: the function shares the account's unreserved concurrency (new accounts cannot reserve any)
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Retention of the function's log group; Vigil's own rule `cw-loggroup-retention-period-check` wants ≥ 365 days.
   * @default RetentionDays.ONE_YEAR
   */
  readonly logRetention?: RetentionDays;
  /**
   * Give the function a KMS-encrypted dead-letter queue for failed asynchronous invocations (EventBridge,
   * AWS Config). Functions fed only by an SQS event source rely on that queue's redrive policy instead.
   * @default true
   */
  readonly deadLetterQueue?: boolean;
  /**
   * Variables this function reads beyond the shared settings (its own queue, key, …).
   * @default {}
   */
  readonly environment?: Readonly<Record<string, string>>;
}

/**
 * Vigil's one opinionated Lambda function: nodejs22.x on arm64, a minified ESM bundle (entry plus chunks
 * loaded on demand) with source maps built by `scripts/bundle-functions.ts`, an explicit KMS-encrypted log group with retention, active X-Ray tracing,
 * its own role (no managed policies) and an optional KMS-encrypted dead-letter queue.
 */
export class VigilFunction extends Construct {
  /** The Lambda function. */
  readonly function: LambdaFunction;
  /** The function's execution role; grant helpers add least-privilege statements to it. */
  readonly role: iam.Role;
  /** The function's log group. */
  readonly logGroup: LogGroup;
  /** Where failed asynchronous invocations land, when enabled. */
  readonly deadLetterQueue: Queue | undefined;

  constructor(scope: Construct, id: string, props: VigilFunctionProps) {
    super(scope, id);
    const key = props.encryptionKey;

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_YEAR,
      encryptionKey: key,
      // Logs are audit records of what Vigil did; they outlive the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.role = new LeastPrivilegeRole(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.entry}`,
    });
    // Instead of the AWSLambdaBasicExecutionRole managed policy: write to this function's log group only.
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    if (props.deadLetterQueue ?? true) {
      this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: key,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      // Lambda adds sqs:SendMessage itself; the queue's key also has to let the role encrypt.
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [key.keyArn],
        }),
      );
    }

    // The AWS SDK is bundled, not taken from the runtime: the functions run the SDK version the lock file
    // pins and the tests ran (Object Lock puts rely on its checksum and If-None-Match support), and the
    // bundled SDK also starts faster (docs/performance.md, "Bundling and cold start").
    this.function = new LambdaFunction(this, 'Function', {
      code: bundledCode(props.entry, props.settings.customRules),
      handler: 'index.handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(60),
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      deadLetterQueue: this.deadLetterQueue,
      environment: environmentOf(this, props.settings, props.environment ?? {}),
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Vigil pins nodejs22.x (an LTS runtime Lambda supports), builds its bundles for node22 and runs its tests on Node 22; ' +
        'moving to a newer runtime is a deliberate, tested upgrade, not a synth-time default.',
    });
  }
}

function environmentOf(
  scope: Construct,
  settings: VigilRuntimeSettings,
  extra: Readonly<Record<string, string>>,
): Record<string, string> {
  const retention = settings.evidenceRetentionDays;
  if (
    !Token.isUnresolved(retention) &&
    (!Number.isInteger(retention) || retention < 1 || retention > 36_500)
  ) {
    throw new InfraConfigError(
      `evidenceRetentionDays must be a whole number of days from 1 to 36500, got ${retention}`,
      { context: { path: scope.node.path } },
    );
  }
  const json = settings.ruleParametersJson;
  if (!Token.isUnresolved(json) && Buffer.byteLength(json, 'utf8') > MAX_RULE_PARAMETERS_BYTES) {
    throw new InfraConfigError(
      `rule parameters take ${Buffer.byteLength(json, 'utf8')} bytes; Lambda environments hold 4 KB in all, ` +
        `so keep them under ${MAX_RULE_PARAMETERS_BYTES}`,
      { context: { path: scope.node.path } },
    );
  }
  return {
    EVIDENCE_BUCKET: settings.evidenceBucket.bucketName,
    STATE_TABLE: settings.stateTable.tableName,
    ALERT_TOPIC_ARN: settings.alertTopic.topicArn,
    EVIDENCE_RETENTION_DAYS: Token.isUnresolved(retention) ? Token.asString(retention) : String(retention),
    RULE_PARAMETERS: json,
    ENABLED_RULES: settings.enabledRules,
    // Powertools reads POWERTOOLS_LOG_LEVEL first; LOG_LEVEL is its older name.
    POWERTOOLS_LOG_LEVEL: settings.logLevel,
    LOG_LEVEL: settings.logLevel,
    POWERTOOLS_SERVICE_NAME: settings.serviceName,
    POWERTOOLS_METRICS_NAMESPACE: settings.metricsNamespace,
    ALERT_MIN_SEVERITY: settings.alertMinSeverity,
    SLACK_WEBHOOK_SECRET_ID: settings.slackWebhookSecretId,
    SECURITY_HUB: settings.securityHub === true ? 'on' : 'off',
    ...(settings.securityHub === true ? { SECURITY_HUB_PRODUCT_ARN: securityHubProductArn() } : {}),
    INVENTORY_SOURCE: settings.inventorySource,
    ...(settings.aggregatorName === undefined ? {} : { CONFIG_AGGREGATOR_NAME: settings.aggregatorName }),
    ...(settings.organization === undefined
      ? // Events about any other account are rejected by the pipeline.
        { ACCOUNT_ID: Aws.ACCOUNT_ID }
      : organizationEnvironment(settings.organization)),
    ...extra,
    // Stack traces point into the TypeScript sources through the bundled source maps.
    NODE_OPTIONS: '--enable-source-maps',
  };
}
