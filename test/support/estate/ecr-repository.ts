import {
  CreateRepositoryCommand,
  PutImageScanningConfigurationCommand,
  PutImageTagMutabilityCommand,
  PutLifecyclePolicyCommand,
} from '@aws-sdk/client-ecr';
import type { PairSeeder, SeededPair } from './pair';

const TYPE = 'AWS::ECR::Repository';

/** Expires untagged images 400 days after push: a policy, and one that keeps images for a year. */
const LIFECYCLE_POLICY = JSON.stringify({
  rules: [
    {
      rulePriority: 1,
      description: 'Expire untagged images after 400 days',
      selection: {
        tagStatus: 'untagged',
        countType: 'sinceImagePushed',
        countUnit: 'days',
        countNumber: 400,
      },
      action: { type: 'expire' },
    },
  ],
});

/**
 * A repository with mutable tags, no scan on push and no lifecycle policy beside one created the same way
 * and then made immutable, scanned on push and given a lifecycle policy: the first fails the scanning,
 * immutability and lifecycle-policy rules, the second passes them (and keeps images a year).
 */
export const ECR_REPOSITORY_SEEDER: PairSeeder = {
  resourceType: TYPE,
  async seed(clients, { suffix }): Promise<SeededPair> {
    const ecr = await clients.client('ecr');
    const looseName = `vigil-seed/loose-${suffix}`;
    const strictName = `vigil-seed/strict-${suffix}`;
    const events: SeededPair['events'][number][] = [];
    for (const repositoryName of [looseName, strictName]) {
      const created = await ecr.send(
        new CreateRepositoryCommand({
          repositoryName,
          imageTagMutability: 'MUTABLE',
          imageScanningConfiguration: { scanOnPush: false },
        }),
      );
      events.push({
        eventSource: 'ecr.amazonaws.com',
        eventName: 'CreateRepository',
        requestParameters: {
          repositoryName,
          imageTagMutability: 'MUTABLE',
          imageScanningConfiguration: { scanOnPush: false },
        },
        responseElements: {
          repository: {
            repositoryName,
            repositoryArn: created.repository?.repositoryArn ?? null,
            registryId: created.repository?.registryId ?? null,
            imageTagMutability: 'MUTABLE',
          },
        },
      });
    }
    await ecr.send(
      new PutImageTagMutabilityCommand({ repositoryName: strictName, imageTagMutability: 'IMMUTABLE' }),
    );
    events.push({
      eventSource: 'ecr.amazonaws.com',
      eventName: 'PutImageTagMutability',
      requestParameters: { repositoryName: strictName, imageTagMutability: 'IMMUTABLE' },
      responseElements: { repositoryName: strictName, imageTagMutability: 'IMMUTABLE' },
    });
    await ecr.send(
      new PutImageScanningConfigurationCommand({
        repositoryName: strictName,
        imageScanningConfiguration: { scanOnPush: true },
      }),
    );
    events.push({
      eventSource: 'ecr.amazonaws.com',
      eventName: 'PutImageScanningConfiguration',
      requestParameters: { repositoryName: strictName, imageScanningConfiguration: { scanOnPush: true } },
      responseElements: { repositoryName: strictName, imageScanningConfiguration: { scanOnPush: true } },
    });
    await ecr.send(
      new PutLifecyclePolicyCommand({ repositoryName: strictName, lifecyclePolicyText: LIFECYCLE_POLICY }),
    );
    events.push({
      eventSource: 'ecr.amazonaws.com',
      eventName: 'PutLifecyclePolicy',
      requestParameters: { repositoryName: strictName, lifecyclePolicyText: LIFECYCLE_POLICY },
      responseElements: { repositoryName: strictName, lifecyclePolicyText: LIFECYCLE_POLICY },
    });
    return {
      misconfigured: { resourceType: TYPE, resourceId: looseName },
      compliant: { resourceType: TYPE, resourceId: strictName },
      failingRules: [
        'ecr-private-image-scanning-enabled',
        'ecr-private-lifecycle-policy-configured',
        'ecr-private-tag-immutability-enabled',
      ],
      events,
      motoGaps: [
        'ecr:BatchGetRepositoryScanningConfiguration reports scanFrequency MANUAL and scanOnPush false for ' +
          'every repository outside a registry scanning rule, even one that scans on push (AWS reports ' +
          'SCAN_ON_PUSH); the rule still reads the repository flag, so the verdicts hold.',
      ],
    };
  },
};
