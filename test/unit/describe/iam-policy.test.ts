import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import { describeIamPolicy, listIamPolicies } from '#shared/describe/iam-policy/describe';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import type { IamPolicyConfiguration } from '#shared/resources/iam';
import { RuleEngine } from '#shared/rules/engine';
import { iamPolicyNoStatementsWithAdminAccess } from '#shared/rules/iam/iam-policy-no-statements-with-admin-access';
import { createInventory } from '#shared/rules/inventory';
import { loadFixture } from '#test/support/fixtures';

const ACCOUNT = '123456789012';
const ARN = `arn:aws:iam::${ACCOUNT}:policy/DeployPipeline`;
const NOW = new Date('2026-11-23T12:00:00Z');

function awsError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

function ref(lookupId: string, extra: { resourceId?: string } = {}) {
  return {
    accountId: ACCOUNT,
    region: 'us-east-1',
    resourceType: 'AWS::IAM::Policy',
    lookupId,
    captureTime: '2026-11-23T09:30:00.000Z',
    ...extra,
  };
}

function verdict(item: ConfigurationItem): string | undefined {
  return new RuleEngine([iamPolicyNoStatementsWithAdminAccess]).evaluate(item, {
    now: NOW,
    inventory: createInventory([item]),
  })[0]?.compliance;
}

describe('describeIamPolicy', () => {
  const client = new IAMClient({ region: 'us-east-1' });
  const iam = mockClient(client);
  const fixture = loadFixture('AWS::IAM::Policy', 'scoped-deploy-with-old-admin-version').item;
  const recorded = fixture.configuration as IamPolicyConfiguration & Record<string, unknown>;

  beforeEach(() => {
    iam.reset();
    // DeployPipeline of test/fixtures/aws-iam-policy/scoped-deploy-with-old-admin-version.json, through IAM.
    iam.on(GetPolicyCommand, { PolicyArn: ARN }).resolves({
      Policy: {
        PolicyName: 'DeployPipeline',
        PolicyId: 'ANPAQ3EXAMPLEDEPLOY2',
        Arn: ARN,
        Path: '/',
        DefaultVersionId: 'v2',
        AttachmentCount: 1,
        PermissionsBoundaryUsageCount: 0,
        IsAttachable: true,
        CreateDate: new Date('2024-09-02T07:00:00Z'),
        UpdateDate: new Date('2025-02-11T10:30:00Z'),
      },
    });
    iam.on(ListPolicyVersionsCommand, { PolicyArn: ARN }).resolves({
      Versions: [
        { VersionId: 'v1', IsDefaultVersion: false, CreateDate: new Date('2024-09-02T07:00:00Z') },
        { VersionId: 'v2', IsDefaultVersion: true, CreateDate: new Date('2025-02-11T10:30:00Z') },
      ],
    });
    for (const version of recorded.policyVersionList ?? []) {
      iam.on(GetPolicyVersionCommand, { PolicyArn: ARN, VersionId: version.versionId }).resolves({
        PolicyVersion: {
          // IAM returns the document URL-encoded, as Config records it.
          Document: version.document as string,
          VersionId: version.versionId,
          IsDefaultVersion: version.isDefaultVersion,
          CreateDate: new Date(version.createDate ?? ''),
        },
      });
    }
  });

  it('builds the item Config records: every version with its document, ids, region "global"', async () => {
    const item = await describeIamPolicy(client, ref(ARN));
    expect(item).toMatchObject({
      region: 'global',
      resourceType: 'AWS::IAM::Policy',
      resourceId: fixture.resourceId,
      resourceName: fixture.resourceName,
      arn: fixture.arn,
      status: 'OK',
    });
    expect(item.region).toBe(fixture.region);
    expect(item.configuration).toEqual(fixture.configuration);
    expect(verdict(item)).toBe('COMPLIANT');
  });

  it('judges the default version: making the old admin version default fails the rule', async () => {
    iam.on(GetPolicyCommand, { PolicyArn: ARN }).resolves({
      Policy: {
        PolicyName: 'DeployPipeline',
        PolicyId: 'ANPAQ3EXAMPLEDEPLOY2',
        Arn: ARN,
        DefaultVersionId: 'v1',
      },
    });
    iam.on(ListPolicyVersionsCommand, { PolicyArn: ARN }).resolves({
      Versions: [
        { VersionId: 'v1', IsDefaultVersion: true },
        { VersionId: 'v2', IsDefaultVersion: false },
      ],
    });
    const v1 = recorded.policyVersionList?.[0]?.document as string;
    iam.on(GetPolicyVersionCommand, { PolicyArn: ARN, VersionId: 'v1' }).resolves({
      PolicyVersion: { Document: v1, VersionId: 'v1', IsDefaultVersion: true },
    });
    const item = await describeIamPolicy(client, ref(ARN));
    expect(verdict(item)).toBe('NON_COMPLIANT');
    expect(item.configuration).toMatchObject({ description: null });
  });

  it('a policy IAM no longer knows is ResourceDeleted, under the policy id the event gave', async () => {
    iam.on(GetPolicyCommand).rejects(awsError('NoSuchEntityException'));
    expect(await describeIamPolicy(client, ref(ARN, { resourceId: 'ANPAQ3EXAMPLEDEPLOY2' }))).toEqual({
      accountId: ACCOUNT,
      region: 'global',
      resourceType: 'AWS::IAM::Policy',
      resourceId: 'ANPAQ3EXAMPLEDEPLOY2',
      resourceName: 'DeployPipeline',
      arn: ARN,
      captureTime: '2026-11-23T09:30:00.000Z',
      status: 'ResourceDeleted',
      configuration: null,
      supplementaryConfiguration: {},
      tags: {},
      relationships: [],
    });
    // DeletePolicy names only the ARN: it stands in for the id.
    expect((await describeIamPolicy(client, ref(ARN))).resourceId).toBe(ARN);
  });

  it('a policy deleted between GetPolicy and its versions is ResourceDeleted under its policy id', async () => {
    iam.on(ListPolicyVersionsCommand).rejects(awsError('NoSuchEntityException'));
    expect(await describeIamPolicy(client, ref(ARN))).toMatchObject({
      status: 'ResourceDeleted',
      resourceId: 'ANPAQ3EXAMPLEDEPLOY2',
    });
  });
});

describe('listIamPolicies', () => {
  const client = new IAMClient({ region: 'us-east-1' });
  const iam = mockClient(client);

  it('lists the customer managed policies (scope Local) once for the account, through every page', async () => {
    iam.reset();
    iam
      .on(ListPoliciesCommand)
      .resolvesOnce({ Policies: [{ Arn: ARN, PolicyId: 'ANPA1' }], IsTruncated: true, Marker: 'm' })
      .resolves({ Policies: [{ Arn: `${ARN}2`, PolicyId: 'ANPA2' }] });
    const refs = await listIamPolicies(client, {
      accountId: ACCOUNT,
      region: 'eu-west-1',
      captureTime: NOW.toISOString(),
    });
    expect(refs.map((entry) => [entry.region, entry.lookupId, entry.resourceId])).toEqual([
      ['global', ARN, 'ANPA1'],
      ['global', `${ARN}2`, 'ANPA2'],
    ]);
    const calls = iam.commandCalls(ListPoliciesCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input).toMatchObject({ Scope: 'Local', Marker: 'm' });
  });
});

function record(
  eventName: string,
  requestParameters: Record<string, unknown> | null,
  responseElements: Record<string, unknown> | null = null,
): CloudTrailRecord {
  return {
    eventID: 'd1f0c7a2-4c1e-4a55-9d8e-1f0e2d3c4b5a',
    eventTime: '2026-11-23T09:30:00Z',
    eventSource: 'iam.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    recipientAccountId: ACCOUNT,
    userIdentity: { type: 'IAMUser', accountId: ACCOUNT, userName: 'admin' },
    requestParameters,
    responseElements,
  };
}

function policyRefs(input: CloudTrailRecord): (string | undefined)[][] {
  return refsFromCloudTrail(input, ACCOUNT)
    .filter((entry) => entry.resourceType === 'AWS::IAM::Policy')
    .map((entry) => [entry.lookupId, entry.resourceId]);
}

describe('CloudTrail calls that change a customer managed policy', () => {
  it('CreatePolicy gives the policy id Config uses as resource id', () => {
    const created = record(
      'CreatePolicy',
      { policyName: 'DeployPipeline', policyDocument: '{}' },
      {
        policy: {
          policyName: 'DeployPipeline',
          policyId: 'ANPAQ3EXAMPLEDEPLOY2',
          arn: ARN,
          path: '/',
          defaultVersionId: 'v1',
          attachmentCount: 0,
          isAttachable: true,
          createDate: 'Nov 23, 2026 9:30:00 AM',
          updateDate: 'Nov 23, 2026 9:30:00 AM',
        },
      },
    );
    expect(policyRefs(created)).toEqual([[ARN, 'ANPAQ3EXAMPLEDEPLOY2']]);
  });

  it('CreatePolicy without a response: the ARN from the request (account, path, name)', () => {
    expect(
      policyRefs(record('CreatePolicy', { policyName: 'Deploy', path: '/ci/', policyDocument: '{}' })),
    ).toEqual([[`arn:aws:iam::${ACCOUNT}:policy/ci/Deploy`, undefined]]);
  });

  it.each([
    ['CreatePolicyVersion', { policyArn: ARN, policyDocument: '{}', setAsDefault: true }],
    ['DeletePolicyVersion', { policyArn: ARN, versionId: 'v1' }],
    ['SetDefaultPolicyVersion', { policyArn: ARN, versionId: 'v2' }],
    ['DeletePolicy', { policyArn: ARN }],
    ['TagPolicy', { policyArn: ARN, tags: [{ key: 'team', value: 'x' }] }],
    ['UntagPolicy', { policyArn: ARN, tagKeys: ['team'] }],
    ['AttachUserPolicy', { policyArn: ARN, userName: 'bob' }],
    ['AttachRolePolicy', { policyArn: ARN, roleName: 'deployer' }],
    ['AttachGroupPolicy', { policyArn: ARN, groupName: 'Engineers' }],
    ['DetachRolePolicy', { policyArn: ARN, roleName: 'deployer' }],
    ['PutRolePermissionsBoundary', { roleName: 'deployer', permissionsBoundary: ARN }],
  ])('%s re-describes the policy it names', (eventName, params) => {
    expect(policyRefs(record(eventName, params))).toEqual([[ARN, undefined]]);
  });

  it('ignores AWS managed policies, which Config does not record', () => {
    expect(
      policyRefs(
        record('AttachRolePolicy', { policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', roleName: 'r' }),
      ),
    ).toEqual([]);
  });
});
