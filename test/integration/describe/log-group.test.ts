import { DeleteLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { LOG_GROUP_SEEDER } from '#test/support/estate/log-group';
import { provesSeededPair } from './seeded-pair';

provesSeededPair(LOG_GROUP_SEEDER, {
  deleteMisconfigured: async (clients, pair) => {
    const logGroupName = pair.misconfigured.resourceId;
    await (await clients.client('logs')).send(new DeleteLogGroupCommand({ logGroupName }));
    return {
      eventSource: 'logs.amazonaws.com',
      eventName: 'DeleteLogGroup',
      requestParameters: { logGroupName },
      responseElements: null,
    };
  },
});
