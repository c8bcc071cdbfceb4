import { DeleteRepositoryCommand } from '@aws-sdk/client-ecr';
import { ECR_REPOSITORY_SEEDER } from '#test/support/estate/ecr-repository';
import { provesSeededPair } from './seeded-pair';

provesSeededPair(ECR_REPOSITORY_SEEDER, {
  deleteMisconfigured: async (clients, pair) => {
    const repositoryName = pair.misconfigured.resourceId;
    await (await clients.client('ecr')).send(new DeleteRepositoryCommand({ repositoryName, force: true }));
    return {
      eventSource: 'ecr.amazonaws.com',
      eventName: 'DeleteRepository',
      requestParameters: { repositoryName, force: true },
      responseElements: { repository: { repositoryName } },
    };
  },
});
