import {
  GetGroupCommand,
  GetGroupPolicyCommand,
  IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import type { ResourceRef } from '#shared/describe/describer';
import { describeIamGroup, listIamGroups } from '#shared/describe/iam-group/describe';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import { createInventory } from '#shared/rules/inventory';
import { RULES } from '#shared/rules/registry';
import { evaluateFixture, loadFixture } from '#test/support/fixtures';

const ACCOUNT = '123456789012';
const TYPE = 'AWS::IAM::Group';
const CAPTURE = '2026-11-23T09:30:00.000Z';
const iam = mockClient(IAMClient);
const client = () => new IAMClient({ region: 'us-east-1' });
const ref = (lookupId: string, resourceId?: string): ResourceRef => ({
  accountId: ACCOUNT,
  region: 'us-east-1',
  resourceType: TYPE,
  lookupId,
  ...(resourceId === undefined ? {} : { resourceId }),
  captureTime: CAPTURE,
});

function awsError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

const arnOf = (name: string) => `arn:aws:iam::${ACCOUNT}:group/${name}`;

/** IAM's answers for the groups of the fixtures. */
function answer(fixtureName: string): void {
  const fixture = loadFixture(TYPE, fixtureName);
  const configuration = fixture.item.configuration as Record<string, unknown> & {
    groupName: string;
    groupId: string;
    groupPolicyList: { policyName: string; policyDocument: string }[];
    attachedManagedPolicies: { policyName: string; policyArn: string }[];
  };
  const users = fixture.item.relationships
    .filter((entry) => entry.resourceType === 'AWS::IAM::User')
    .map((entry) => ({
      UserName: entry.resourceName ?? '',
      UserId: entry.resourceId ?? '',
      Arn: `arn:aws:iam::${ACCOUNT}:user/${entry.resourceName}`,
      Path: '/',
      CreateDate: new Date('2024-01-01T00:00:00Z'),
    }));
  iam.on(GetGroupCommand, { GroupName: configuration.groupName }).resolves({
    Group: {
      GroupName: configuration.groupName,
      GroupId: configuration.groupId,
      Arn: arnOf(configuration.groupName),
      Path: '/',
      CreateDate: new Date(String(configuration.createDate)),
    },
    Users: users,
  });
  iam
    .on(ListGroupPoliciesCommand)
    .resolves({ PolicyNames: configuration.groupPolicyList.map((policy) => policy.policyName) });
  for (const policy of configuration.groupPolicyList) {
    iam.on(GetGroupPolicyCommand, { PolicyName: policy.policyName }).resolves({
      GroupName: configuration.groupName,
      ...{ PolicyName: policy.policyName, PolicyDocument: policy.policyDocument },
    });
  }
  iam.on(ListAttachedGroupPoliciesCommand).resolves({
    AttachedPolicies: configuration.attachedManagedPolicies.map((policy) => ({
      PolicyName: policy.policyName,
      PolicyArn: policy.policyArn,
    })),
  });
}

describe('describeIamGroup', () => {
  beforeEach(() => iam.reset());

  it.each([['developers-two-members'], ['break-glass-empty-with-inline-policy']])(
    'builds the item Config records for %s (global, group id as resource id) and reaches its verdicts',
    async (name) => {
      const fixture = loadFixture(TYPE, name);
      answer(name);
      const item = await describeIamGroup(client(), ref(fixture.item.resourceName ?? ''));
      expect(item).toMatchObject({
        region: 'global',
        resourceType: TYPE,
        resourceId: fixture.item.resourceId,
        resourceName: fixture.item.resourceName,
        arn: fixture.item.arn,
        status: 'OK',
      });
      expect(item.configuration).toEqual(fixture.item.configuration);
      expect(item.supplementaryConfiguration).toEqual(fixture.item.supplementaryConfiguration);
      expect(item.relationships).toEqual(
        fixture.item.relationships.filter((entry) => entry.resourceType === 'AWS::IAM::User'),
      );
      const rules = RULES.filter((rule) => rule.resourceTypes.includes(TYPE));
      expect(rules.map((rule) => rule.id).sort()).toEqual([
        'iam-group-has-users-check',
        'iam-no-inline-policy-check',
      ]);
      for (const rule of rules) {
        const described = evaluateFixture(rule, { name, item, inventory: createInventory([item]) });
        expect(described.compliance, rule.id).toBe(evaluateFixture(rule, fixture).compliance);
      }
    },
  );

  it('reads every page of members', async () => {
    iam
      .on(GetGroupCommand)
      .resolvesOnce({
        Group: {
          GroupName: 'ops',
          GroupId: 'AGPAOPS',
          Arn: arnOf('ops'),
          Path: '/',
          CreateDate: new Date(0),
        },
        Users: [{ UserName: 'a', UserId: 'A', Arn: 'a', Path: '/', CreateDate: new Date(0) }],
        IsTruncated: true,
        Marker: 'm',
      })
      .resolvesOnce({
        Group: {
          GroupName: 'ops',
          GroupId: 'AGPAOPS',
          Arn: arnOf('ops'),
          Path: '/',
          CreateDate: new Date(0),
        },
        Users: [{ UserName: 'b', UserId: 'B', Arn: 'b', Path: '/', CreateDate: new Date(0) }],
        IsTruncated: false,
      });
    iam.on(ListGroupPoliciesCommand).resolves({ PolicyNames: [] });
    iam.on(ListAttachedGroupPoliciesCommand).resolves({ AttachedPolicies: [] });
    const item = await describeIamGroup(client(), ref('ops'));
    expect(item.supplementaryConfiguration).toEqual({ Users: ['a', 'b'] });
    expect(iam.commandCalls(GetGroupCommand)).toHaveLength(2);
  });

  it.each([
    ['before the describe', 'GetGroup'],
    ['between two reads', 'ListGroupPolicies'],
  ])('a group deleted %s is deleted under the id the event gave', async (_label, failing) => {
    answer('developers-two-members');
    if (failing === 'GetGroup') iam.on(GetGroupCommand).rejects(awsError('NoSuchEntityException'));
    else iam.on(ListGroupPoliciesCommand).rejects(awsError('NoSuchEntity'));
    expect(await describeIamGroup(client(), ref('developers', 'AGPAEXAMPLEDEVELOPER'))).toMatchObject({
      status: 'ResourceDeleted',
      region: 'global',
      resourceId: 'AGPAEXAMPLEDEVELOPER',
      resourceName: 'developers',
    });
  });

  it('fails when the group may not be read', async () => {
    iam.on(GetGroupCommand).rejects(awsError('AccessDenied'));
    await expect(describeIamGroup(client(), ref('developers'))).rejects.toThrow('AccessDenied');
  });

  it('lists every group of the account once, in the global region, across pages', async () => {
    iam
      .on(ListGroupsCommand)
      .resolvesOnce({
        Groups: [{ GroupName: 'a', GroupId: 'AGPAA', Arn: arnOf('a'), Path: '/', CreateDate: new Date(0) }],
        IsTruncated: true,
        Marker: 'm',
      })
      .resolvesOnce({
        Groups: [{ GroupName: 'b', GroupId: 'AGPAB', Arn: arnOf('b'), Path: '/', CreateDate: new Date(0) }],
        IsTruncated: false,
      });
    const refs = await listIamGroups(client(), {
      accountId: ACCOUNT,
      region: 'us-east-1',
      captureTime: CAPTURE,
    });
    expect(refs.map((entry) => [entry.region, entry.lookupId, entry.resourceId])).toEqual([
      ['global', 'a', 'AGPAA'],
      ['global', 'b', 'AGPAB'],
    ]);
  });
});

describe('CloudTrail mapping of IAM group calls', () => {
  const record = (
    eventName: string,
    requestParameters: Record<string, unknown>,
    responseElements: Record<string, unknown> | null = null,
  ): CloudTrailRecord => ({
    eventID: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9',
    eventTime: CAPTURE,
    eventSource: 'iam.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    recipientAccountId: ACCOUNT,
    requestParameters,
    responseElements,
  });
  const groups = (entry: CloudTrailRecord) =>
    refsFromCloudTrail(entry, ACCOUNT)
      .filter((found) => found.resourceType === TYPE)
      .map((found) => [found.lookupId, found.resourceId]);

  it('CreateGroup re-describes the new group under the group id the response gives', () => {
    expect(
      groups(
        record('CreateGroup', { groupName: 'ops' }, { group: { groupName: 'ops', groupId: 'AGPAOPS' } }),
      ),
    ).toEqual([['ops', 'AGPAOPS']]);
  });

  it.each([
    ['AddUserToGroup'],
    ['RemoveUserFromGroup'],
    ['PutGroupPolicy'],
    ['DetachGroupPolicy'],
    ['DeleteGroup'],
  ])('%s re-describes the group it names', (eventName) => {
    expect(groups(record(eventName, { groupName: 'ops', userName: 'alice' }))).toEqual([['ops', undefined]]);
  });

  it('UpdateGroup re-describes the group under its new name', () => {
    expect(groups(record('UpdateGroup', { groupName: 'ops', newGroupName: 'operations' }))).toEqual([
      ['operations', undefined],
    ]);
  });
});
