import { DeleteTrailCommand } from '@aws-sdk/client-cloudtrail';
import { TRAIL_SEEDER } from '#test/support/estate/trail';
import { provesSeededPair } from './seeded-pair';

provesSeededPair(TRAIL_SEEDER, {
  deleteMisconfigured: async (clients, pair) => {
    const name = pair.misconfigured.resourceId;
    await (await clients.client('cloudtrail')).send(new DeleteTrailCommand({ Name: name }));
    return {
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'DeleteTrail',
      requestParameters: { name },
      responseElements: null,
    };
  },
});
