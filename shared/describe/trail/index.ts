import { TRAIL_RESOURCE_TYPE } from '#shared/resources/cloudtrail';
import { ACCOUNT_RESOURCE_TYPE } from '#shared/rules/rule';
import { type DescribableType, sameExtractor, stringAt } from '../resource-type';

/** CloudTrail trails with their logging status and event selectors. */
export const TRAIL: DescribableType = {
  resourceType: TRAIL_RESOURCE_TYPE,
  services: ['cloudtrail'],
  permissions: [
    {
      actions: ['cloudtrail:DescribeTrails'],
      resources: ['*'],
      reason: 'cloudtrail:DescribeTrails supports no resource-level permissions; read-only.',
    },
    {
      actions: ['cloudtrail:GetEventSelectors', 'cloudtrail:GetTrailStatus'],
      // A multi-region trail lives in its home region, which may differ from the region Vigil runs in.
      resources: ['arn:{partition}:cloudtrail:*:{account}:trail/*'],
      reason: 'Vigil judges every trail visible in this region, whatever its home region; read-only.',
    },
  ],
  cloudTrail: {
    // The trail the call names, and the account item, whose multi-region trail rule reads the trails.
    'cloudtrail.amazonaws.com': sameExtractor(
      ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging', 'PutEventSelectors'],
      (record) => [
        [
          TRAIL_RESOURCE_TYPE,
          stringAt(record.requestParameters, 'name') ??
            stringAt(record.responseElements, 'trailARN') ??
            stringAt(record.requestParameters, 'trailName'),
        ],
        [ACCOUNT_RESOURCE_TYPE, record.recipientAccountId ?? 'self'],
      ],
    ),
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeTrail(await clients.client('cloudtrail'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listTrails(await clients.client('cloudtrail'), base),
};
