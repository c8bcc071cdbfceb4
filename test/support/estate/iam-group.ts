import {
  AddUserToGroupCommand,
  CreateGroupCommand,
  CreateUserCommand,
  PutGroupPolicyCommand,
} from '@aws-sdk/client-iam';
import type { PairSeeder, SeededPair } from './pair';

/** A read-only statement, so the seeded inline policy grants nothing that matters. */
const INLINE_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }],
});

/**
 * An IAM group with no members and an inline policy beside a twin with one member and no inline policy:
 * the first fails `iam-group-has-users-check` and `iam-no-inline-policy-check`, the second passes them.
 */
export const IAM_GROUP_SEEDER: PairSeeder = {
  resourceType: 'AWS::IAM::Group',
  async seed(clients, { suffix }) {
    const iam = await clients.client('iam');
    const events: SeededPair['events'][number][] = [];
    const ids: string[] = [];
    const [empty, staffed] = [`vigil-group-empty-${suffix}`, `vigil-group-staffed-${suffix}`];
    for (const groupName of [empty, staffed]) {
      const { Group } = await iam.send(new CreateGroupCommand({ GroupName: groupName }));
      if (Group?.GroupId === undefined) throw new Error(`CreateGroup ${groupName} returned no group id`);
      ids.push(Group.GroupId);
      events.push({
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateGroup',
        requestParameters: { groupName },
        responseElements: {
          group: { path: '/', groupName, groupId: Group.GroupId, arn: Group.Arn ?? null },
        },
      });
    }
    await iam.send(
      new PutGroupPolicyCommand({
        GroupName: empty,
        PolicyName: 'inline-whoami',
        PolicyDocument: INLINE_POLICY,
      }),
    );
    events.push({
      eventSource: 'iam.amazonaws.com',
      eventName: 'PutGroupPolicy',
      requestParameters: { groupName: empty, policyName: 'inline-whoami', policyDocument: INLINE_POLICY },
      responseElements: null,
    });
    const member = `vigil-group-member-${suffix}`;
    const { User } = await iam.send(new CreateUserCommand({ UserName: member }));
    events.push({
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser',
      requestParameters: { userName: member },
      responseElements: { user: { path: '/', userName: member, userId: User?.UserId ?? null } },
    });
    await iam.send(new AddUserToGroupCommand({ GroupName: staffed, UserName: member }));
    events.push({
      eventSource: 'iam.amazonaws.com',
      eventName: 'AddUserToGroup',
      requestParameters: { groupName: staffed, userName: member },
      responseElements: null,
    });
    return {
      misconfigured: { resourceType: 'AWS::IAM::Group', resourceId: ids[0] ?? '' },
      compliant: { resourceType: 'AWS::IAM::Group', resourceId: ids[1] ?? '' },
      failingRules: ['iam-group-has-users-check', 'iam-no-inline-policy-check'],
      events,
    };
  },
};
