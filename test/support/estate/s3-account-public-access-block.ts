import { PutPublicAccessBlockCommand, type S3ControlClient } from '@aws-sdk/client-s3-control';
import { S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE } from '#shared/resources/s3';
import { motoAccountClients, motoAccountId } from './accounts';
import type { PairSeeder, SeededCall } from './pair';

/**
 * S3 Control PutPublicAccessBlock, and the call as CloudTrail records it: event source `s3.amazonaws.com`,
 * name `PutAccountPublicAccessBlock`, the configuration as sent in the XML body.
 */
async function putAccountBlock(
  client: S3ControlClient,
  accountId: string,
  region: string,
  on: boolean,
): Promise<SeededCall> {
  const settings = {
    BlockPublicAcls: on,
    IgnorePublicAcls: on,
    BlockPublicPolicy: on,
    RestrictPublicBuckets: on,
  };
  await client.send(
    new PutPublicAccessBlockCommand({ AccountId: accountId, PublicAccessBlockConfiguration: settings }),
  );
  return {
    eventSource: 's3.amazonaws.com',
    eventName: 'PutAccountPublicAccessBlock',
    requestParameters: {
      PublicAccessBlockConfiguration: { xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/', ...settings },
      Host: `${accountId}.s3-control.${region}.amazonaws.com`,
    },
  };
}

/**
 * The account-level S3 Block Public Access, one item per account: the seeded account gets a configuration
 * with all four settings off (explicitly off, so bucket-level misconfigurations seeded beside it stay
 * visible), and its twin, a second moto account (`compliant.accountId`), all four on.
 */
export const S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_SEEDER: PairSeeder = {
  resourceType: S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE,
  async seed(clients, { accountId, region, suffix }) {
    const misconfigured = await putAccountBlock(await clients.client('s3control'), accountId, region, false);
    const twin = await motoAccountClients(
      clients,
      motoAccountId(`${S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE}:${suffix}`),
    );
    try {
      const compliant = await putAccountBlock(
        await twin.clients.client('s3control'),
        twin.accountId,
        region,
        true,
      );
      return {
        misconfigured: { resourceType: S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE, resourceId: accountId },
        compliant: {
          resourceType: S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE,
          resourceId: twin.accountId,
          accountId: twin.accountId,
        },
        failingRules: ['s3-account-level-public-access-blocks-periodic'],
        events: [misconfigured, { ...compliant, accountId: twin.accountId }],
        motoGaps: [
          'S3 Control sends account-level calls to `<account>.s3-control…`, which moto cannot serve: the ' +
            's3control client is pointed at the moto endpoint as given (shared/aws/service-clients.ts).',
        ],
      };
    } finally {
      twin.destroy();
    }
  },
};
