import { CreatePolicyCommand, CreatePolicyVersionCommand, type IAMClient } from '@aws-sdk/client-iam';
import { IAM_POLICY_RESOURCE_TYPE } from '#shared/resources/iam';
import type { PairSeeder, SeededCall } from './pair';

const ADMIN = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'AllowEverything', Effect: 'Allow', Action: '*', Resource: '*' }],
});

const READ_LOGS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'ReadAppLogs',
      Effect: 'Allow',
      Action: ['logs:GetLogEvents', 'logs:FilterLogEvents'],
      Resource: 'arn:aws:logs:*:*:log-group:/app/*',
    },
  ],
});

/**
 * A customer managed policy (CreatePolicy) whose document is replaced by a second default version
 * (CreatePolicyVersion), and both calls as CloudTrail records them.
 */
async function policyWithTwoVersions(
  iam: IAMClient,
  policyName: string,
  first: string,
  second: string,
): Promise<{ policyId: string; calls: SeededCall[] }> {
  const created = await iam.send(new CreatePolicyCommand({ PolicyName: policyName, PolicyDocument: first }));
  const policy = created.Policy;
  if (policy?.Arn === undefined || policy.PolicyId === undefined) {
    throw new Error(`CreatePolicy ${policyName} returned no ARN or id`);
  }
  const version = await iam.send(
    new CreatePolicyVersionCommand({ PolicyArn: policy.Arn, PolicyDocument: second, SetAsDefault: true }),
  );
  return {
    policyId: policy.PolicyId,
    calls: [
      {
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreatePolicy',
        requestParameters: { policyName, policyDocument: first },
        responseElements: {
          policy: {
            policyName,
            policyId: policy.PolicyId,
            arn: policy.Arn,
            path: policy.Path ?? '/',
            defaultVersionId: 'v1',
            attachmentCount: 0,
            permissionsBoundaryUsageCount: 0,
            isAttachable: true,
          },
        },
      },
      {
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreatePolicyVersion',
        requestParameters: { policyArn: policy.Arn, policyDocument: second, setAsDefault: true },
        responseElements: {
          policyVersion: { versionId: version.PolicyVersion?.VersionId ?? 'v2', isDefaultVersion: true },
        },
      },
    ],
  };
}

/**
 * Customer managed policies: one whose default version grants `*` on `*` (a scoped first version replaced
 * by an admin one), beside one whose admin first version was replaced by a scoped default, so the pair
 * proves the default version is the one judged.
 */
export const IAM_POLICY_SEEDER: PairSeeder = {
  resourceType: IAM_POLICY_RESOURCE_TYPE,
  async seed(clients, { suffix }) {
    const iam = await clients.client('iam');
    const misconfigured = await policyWithTwoVersions(iam, `vigil-admin-${suffix}`, READ_LOGS, ADMIN);
    const compliant = await policyWithTwoVersions(iam, `vigil-read-logs-${suffix}`, ADMIN, READ_LOGS);
    return {
      misconfigured: { resourceType: IAM_POLICY_RESOURCE_TYPE, resourceId: misconfigured.policyId },
      compliant: { resourceType: IAM_POLICY_RESOURCE_TYPE, resourceId: compliant.policyId },
      failingRules: ['iam-policy-no-statements-with-admin-access'],
      events: [...misconfigured.calls, ...compliant.calls],
      motoGaps: [
        'moto returns GetPolicyVersion documents as plain JSON where IAM (and so Config) gives them ' +
          'URL-encoded; the rule reads both, and the unit tests describe a policy from URL-encoded documents.',
        'moto leaves PermissionsBoundaryUsageCount out of GetPolicy (AWS always returns it): the item records ' +
          'none, which only the excludePermissionBoundaryPolicy parameter (off by default) reads.',
      ],
    };
  },
};
