import type { PutRetentionPolicyCommandInput } from '@aws-sdk/client-cloudwatch-logs';
import type {
  CreateFlowLogsCommandInput,
  ModifyInstanceMetadataOptionsCommandInput,
  RevokeSecurityGroupIngressCommandInput,
} from '@aws-sdk/client-ec2';
import type { EnableKeyRotationCommandInput } from '@aws-sdk/client-kms';
import type { ModifyDBInstanceCommandInput } from '@aws-sdk/client-rds';
import type {
  PutBucketEncryptionCommandInput,
  PutBucketPolicyCommandInput,
  PutBucketVersioningCommandInput,
  PutPublicAccessBlockCommandInput,
} from '@aws-sdk/client-s3';

/**
 * Every API call a remediation may plan, per service and operation, with the SDK v3 input type of each.
 * Only the types are imported, so a plan stays pure data and evaluation never loads an SDK client. The
 * catalog holds no call that deletes data or resources: it is the guard rail the executor enforces.
 */
export interface CallCatalog {
  readonly s3: {
    readonly PutPublicAccessBlock: PutPublicAccessBlockCommandInput;
    readonly PutBucketPolicy: PutBucketPolicyCommandInput;
    readonly PutBucketEncryption: PutBucketEncryptionCommandInput;
    readonly PutBucketVersioning: PutBucketVersioningCommandInput;
  };
  readonly logs: { readonly PutRetentionPolicy: PutRetentionPolicyCommandInput };
  readonly kms: { readonly EnableKeyRotation: EnableKeyRotationCommandInput };
  readonly ec2: {
    readonly ModifyInstanceMetadataOptions: ModifyInstanceMetadataOptionsCommandInput;
    readonly RevokeSecurityGroupIngress: RevokeSecurityGroupIngressCommandInput;
    readonly CreateFlowLogs: CreateFlowLogsCommandInput;
  };
  readonly rds: { readonly ModifyDBInstance: ModifyDBInstanceCommandInput };
}

/** A service a remediation may call. */
export type CallService = keyof CallCatalog;

/** One API call a remediation would make, exactly as the executor will send it. */
export type PlannedCall = {
  readonly [S in CallService]: {
    readonly [O in keyof CallCatalog[S]]: {
      readonly service: S;
      readonly operation: O;
      readonly input: CallCatalog[S][O];
      /** What the call changes, for a person: "Turn on all four Block Public Access settings of bucket x". */
      readonly description: string;
    };
  }[keyof CallCatalog[S]];
}[CallService];

/** A `service:Operation` name, e.g. `s3:PutBucketPolicy`. */
export type CallName = {
  readonly [S in CallService]: `${S}:${keyof CallCatalog[S] & string}`;
}[CallService];

/**
 * The IAM action each call needs. Most match `service:Operation`; S3's do not (PutPublicAccessBlock is
 * authorized by `s3:PutBucketPublicAccessBlock`, PutBucketEncryption by `s3:PutEncryptionConfiguration`).
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
 */
export const CALL_IAM_ACTIONS = {
  's3:PutPublicAccessBlock': 's3:PutBucketPublicAccessBlock',
  's3:PutBucketPolicy': 's3:PutBucketPolicy',
  's3:PutBucketEncryption': 's3:PutEncryptionConfiguration',
  's3:PutBucketVersioning': 's3:PutBucketVersioning',
  'logs:PutRetentionPolicy': 'logs:PutRetentionPolicy',
  'kms:EnableKeyRotation': 'kms:EnableKeyRotation',
  'ec2:ModifyInstanceMetadataOptions': 'ec2:ModifyInstanceMetadataOptions',
  'ec2:RevokeSecurityGroupIngress': 'ec2:RevokeSecurityGroupIngress',
  'ec2:CreateFlowLogs': 'ec2:CreateFlowLogs',
  'rds:ModifyDBInstance': 'rds:ModifyDBInstance',
} as const satisfies Record<CallName, string>;

/** `s3:PutBucketPolicy` for a planned call. */
export function callName(call: PlannedCall): CallName {
  return `${call.service}:${call.operation}` as CallName;
}

/** The IAM action a planned call needs. */
export function iamActionOf(call: PlannedCall): string {
  return CALL_IAM_ACTIONS[callName(call)];
}
