import { Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { FINDINGS_PREFIX, REJECTED_PREFIX } from '#shared/evidence/finding';
import { DESCRIBE_PERMISSIONS, describeNagFinding, REMEDIATION_ACTION_SCOPES } from '../grants';
import type { VigilFunction } from '../vigil-function';
import { keptLogicalId } from './logical-ids';

/** Acknowledges the wildcard of an SSM path read: the parameters under it are created at run time too. */
export function acknowledgeParameterRead(role: iam.IRole, path: string): void {
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:parameter${path}/*]`,
    reason:
      `Reads only the run-time switches directly under ${path} (GetParametersByPath needs every parameter ` +
      'of the path); operators may add parameters there (e.g. "all") without a redeploy.',
  });
}

/** The cdk-nag IAM5 finding names of the wildcard resources a remediation's writes are scoped to. */
export function remediationNagFindings(permissions: readonly string[]): string[] {
  const findings = new Set<string>();
  for (const action of permissions) {
    for (const resource of REMEDIATION_ACTION_SCOPES[action]?.resources ?? []) {
      if (resource.includes('*')) findings.add(describeNagFinding(resource));
    }
  }
  return [...findings];
}

/**
 * Acknowledges, on the worker, the cdk-nag findings its least-privilege policy cannot avoid, each with the
 * reason the wildcard cannot be narrower.
 */
export function acknowledgeWorkerFindings(
  worker: VigilFunction,
  evidenceBucket: s3.Bucket,
  prefixes: readonly string[] = [FINDINGS_PREFIX, REJECTED_PREFIX],
): void {
  const role = Validations.of(worker.role);
  role.acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Resource "*" only for actions without resource-level permissions: X-Ray PutTraceSegments/' +
      'PutTelemetryRecords (active tracing), config:PutEvaluations, and the read-only describe APIs ' +
      `${DESCRIBE_PERMISSIONS[0]?.actions.join(', ')} (see infra/grants.ts).`,
  });
  for (const permission of DESCRIBE_PERMISSIONS) {
    for (const resource of permission.resources) {
      if (resource === '*') continue;
      role.acknowledge({
        id: `AwsSolutions-IAM5[${describeNagFinding(resource)}]`,
        reason: `${permission.actions.join(', ')}: ${permission.reason}`,
      });
    }
  }
  const bucket = evidenceBucket.node.defaultChild;
  if (bucket instanceof s3.CfnBucket) {
    const bucketArn = `<${keptLogicalId(bucket)}.Arn>`;
    for (const prefix of prefixes) {
      role.acknowledge({
        id: `AwsSolutions-IAM5[Resource::${bucketArn}/${prefix}*]`,
        reason:
          `Evidence keys (findings, rejected inputs, remediation records, digests, exports) are derived from ` +
          `content and time and unknown at deploy time; access is limited to the ${prefix} prefix.`,
      });
    }
  }
}
