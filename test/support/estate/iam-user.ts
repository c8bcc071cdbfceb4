import {
  AddUserToGroupCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  type IAMClient,
  PutUserPolicyCommand,
  type User,
} from '@aws-sdk/client-iam';
import { IAM_USER_RESOURCE_TYPE } from '#shared/resources/iam';
import type { PairSeeder, SeededCall } from './pair';

/** A password any sensible account password policy accepts (moto checks none). */
const PASSWORD = 'Vigil-Estate-Seed-2026!';

const ADMIN_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});

/** CreateUser, and the call as CloudTrail records it (with the user id in its response). */
async function createUser(iam: IAMClient, userName: string): Promise<{ user: User; call: SeededCall }> {
  const created = await iam.send(new CreateUserCommand({ UserName: userName }));
  const user = created.User;
  if (user?.UserId === undefined) throw new Error(`CreateUser ${userName} returned no user id`);
  return {
    user,
    call: {
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser',
      requestParameters: { userName },
      responseElements: {
        user: { path: user.Path ?? '/', userName, userId: user.UserId, arn: user.Arn },
      },
    },
  };
}

/** CreateLoginProfile (a console password); CloudTrail never logs the password itself. */
async function createLoginProfile(iam: IAMClient, userName: string): Promise<SeededCall> {
  await iam.send(
    new CreateLoginProfileCommand({ UserName: userName, Password: PASSWORD, PasswordResetRequired: false }),
  );
  return {
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateLoginProfile',
    requestParameters: { userName, passwordResetRequired: false },
    responseElements: { loginProfile: { userName, passwordResetRequired: false } },
  };
}

/** CreateAccessKey; CloudTrail logs the key id, never its secret. */
async function createAccessKey(iam: IAMClient, userName: string): Promise<SeededCall> {
  const created = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
  return {
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateAccessKey',
    requestParameters: { userName },
    responseElements: {
      accessKey: { userName, accessKeyId: created.AccessKey?.AccessKeyId, status: 'Active' },
    },
  };
}

/**
 * IAM users: a console user with no MFA and an inline admin policy of its own, beside a console user with a
 * virtual MFA device whose permissions come from a group only. Each has a fresh access key, so describing
 * them reads the account's credential report.
 */
export const IAM_USER_SEEDER: PairSeeder = {
  resourceType: IAM_USER_RESOURCE_TYPE,
  async seed(clients, { suffix }) {
    const iam = await clients.client('iam');
    const events: SeededCall[] = [];

    const misconfiguredName = `vigil-console-no-mfa-${suffix}`.slice(0, 64);
    const misconfigured = await createUser(iam, misconfiguredName);
    events.push(
      misconfigured.call,
      await createLoginProfile(iam, misconfiguredName),
      await createAccessKey(iam, misconfiguredName),
    );
    await iam.send(
      new PutUserPolicyCommand({
        UserName: misconfiguredName,
        PolicyName: 'break-glass',
        PolicyDocument: ADMIN_POLICY,
      }),
    );
    events.push({
      eventSource: 'iam.amazonaws.com',
      eventName: 'PutUserPolicy',
      requestParameters: {
        userName: misconfiguredName,
        policyName: 'break-glass',
        policyDocument: ADMIN_POLICY,
      },
    });

    const compliantName = `vigil-console-mfa-${suffix}`.slice(0, 64);
    const groupName = `vigil-engineers-${suffix}`.slice(0, 128);
    const compliant = await createUser(iam, compliantName);
    events.push(compliant.call);
    await iam.send(new CreateGroupCommand({ GroupName: groupName }));
    events.push({
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateGroup',
      requestParameters: { groupName },
    });
    await iam.send(new AddUserToGroupCommand({ GroupName: groupName, UserName: compliantName }));
    events.push({
      eventSource: 'iam.amazonaws.com',
      eventName: 'AddUserToGroup',
      requestParameters: { groupName, userName: compliantName },
    });
    events.push(await createLoginProfile(iam, compliantName), await createAccessKey(iam, compliantName));
    const device = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: compliantName }));
    const serialNumber = device.VirtualMFADevice?.SerialNumber;
    if (serialNumber === undefined) throw new Error('CreateVirtualMFADevice returned no serial number');
    events.push({
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateVirtualMFADevice',
      requestParameters: { virtualMFADeviceName: compliantName, path: '/' },
      responseElements: { virtualMFADevice: { serialNumber } },
    });
    // moto accepts any two codes; AWS checks them against the device.
    await iam.send(
      new EnableMFADeviceCommand({
        UserName: compliantName,
        SerialNumber: serialNumber,
        AuthenticationCode1: '123456',
        AuthenticationCode2: '654321',
      }),
    );
    events.push({
      eventSource: 'iam.amazonaws.com',
      eventName: 'EnableMFADevice',
      requestParameters: { userName: compliantName, serialNumber },
    });

    return {
      misconfigured: { resourceType: IAM_USER_RESOURCE_TYPE, resourceId: misconfigured.user.UserId ?? '' },
      compliant: { resourceType: IAM_USER_RESOURCE_TYPE, resourceId: compliant.user.UserId ?? '' },
      failingRules: [
        'iam-user-mfa-enabled',
        'mfa-enabled-for-iam-console-access',
        'iam-user-no-policies-check',
      ],
      events,
      motoGaps: [
        'IAM (moto as AWS) stamps every credential with the time it is created, so neither an access key ' +
          'older than 90 days (access-keys-rotated) nor a credential unused for 90 days ' +
          '(iam-user-unused-credentials-check) can be seeded: unit tests judge both on AWS-shaped items and ' +
          'credential reports.',
      ],
    };
  },
};
