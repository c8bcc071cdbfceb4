import { type CloudTrailExtractor, type DescribableType, sameExtractor, stringAt } from '../resource-type';

/** AWS Config's type of a private ECR repository. */
export const ECR_REPOSITORY_TYPE = 'AWS::ECR::Repository';

const repositoryInCall: CloudTrailExtractor = (record) => [
  [
    ECR_REPOSITORY_TYPE,
    stringAt(record.requestParameters, 'repositoryName') ??
      stringAt(record.responseElements, 'repository', 'repositoryName'),
  ],
];

/** Tag calls name the repository by ARN (`…:repository/<name>`, the name may hold slashes). */
const taggedRepository: CloudTrailExtractor = (record) => {
  const match = /^arn:[^:]+:ecr:[^:]*:\d*:repository\/(.+)$/.exec(
    stringAt(record.requestParameters, 'resourceArn') ?? '',
  );
  return match?.[1] === undefined ? [] : [[ECR_REPOSITORY_TYPE, match[1]]];
};

/**
 * Private ECR repositories: scan on push (and the registry's scanning configuration for the repository), tag
 * immutability, lifecycle policy, encryption. `PutRegistryScanningConfiguration` changes many repositories
 * at once and names none, so the sweep, not a CloudTrail trigger, picks that change up.
 */
export const ECR_REPOSITORY: DescribableType = {
  resourceType: ECR_REPOSITORY_TYPE,
  services: ['ecr'],
  permissions: [
    {
      actions: [
        'ecr:BatchGetRepositoryScanningConfiguration',
        'ecr:DescribeRepositories',
        'ecr:GetLifecyclePolicy',
        'ecr:ListTagsForResource',
      ],
      resources: ['arn:{partition}:ecr:{region}:{account}:repository/*'],
      reason:
        'Vigil judges every repository of this account and region; repository settings only (no image ' +
        'layers or pulls).',
    },
  ],
  cloudTrail: {
    'ecr.amazonaws.com': {
      ...sameExtractor(
        [
          'CreateRepository',
          'DeleteRepository',
          'PutImageScanningConfiguration',
          'PutImageTagMutability',
          'PutLifecyclePolicy',
          'DeleteLifecyclePolicy',
        ],
        repositoryInCall,
      ),
      ...sameExtractor(['TagResource', 'UntagResource'], taggedRepository),
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeEcrRepository(await clients.client('ecr'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listEcrRepositories(await clients.client('ecr'), base),
};
