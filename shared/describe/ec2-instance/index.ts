import { INSTANCE_TYPE } from '#shared/resources/ec2';
import { ec2TagTriggers } from '../ec2-tags';
import { type CloudTrailExtractor, type DescribableType, itemIds, stringAt } from '../resource-type';

const instancesInRequest: CloudTrailExtractor = (record) =>
  itemIds(record.requestParameters, 'instancesSet', 'instanceId').map((id) => [INSTANCE_TYPE, id] as const);

const instanceInRequest: CloudTrailExtractor = (record) => [
  [INSTANCE_TYPE, stringAt(record.requestParameters, 'instanceId')],
];

/** CloudTrail logs ModifyInstanceMetadataOptions in the wrapped shape of newer EC2 calls. */
const metadataOptionsInstance: CloudTrailExtractor = (record) => [
  [
    INSTANCE_TYPE,
    stringAt(record.requestParameters, 'ModifyInstanceMetadataOptionsRequest', 'InstanceId') ??
      stringAt(record.requestParameters, 'instanceId'),
  ],
];

/**
 * The instance of an instance-profile association call: AssociateIamInstanceProfile names it in its request
 * (wrapped, like the newer EC2 calls, or flat), and all three calls return the association with its
 * `instanceId`; Disassociate and Replace name only the association id in their request.
 */
const profileAssociationInstance: CloudTrailExtractor = (record) => {
  const association = (wrapper: string) =>
    stringAt(record.responseElements, wrapper, 'iamInstanceProfileAssociation', 'instanceId');
  return [
    [
      INSTANCE_TYPE,
      stringAt(record.requestParameters, 'AssociateIamInstanceProfileRequest', 'InstanceId') ??
        stringAt(record.requestParameters, 'instanceId') ??
        association('AssociateIamInstanceProfileResponse') ??
        association('DisassociateIamInstanceProfileResponse') ??
        association('ReplaceIamInstanceProfileAssociationResponse') ??
        stringAt(record.responseElements, 'iamInstanceProfileAssociation', 'instanceId'),
    ],
  ];
};

/** EC2 instances that are not terminated. */
export const EC2_INSTANCE: DescribableType = {
  resourceType: INSTANCE_TYPE,
  services: ['ec2'],
  permissions: [
    {
      actions: ['ec2:DescribeInstances'],
      resources: ['*'],
      reason: 'EC2 Describe* calls support no resource-level permissions; read-only.',
    },
  ],
  cloudTrail: {
    'ec2.amazonaws.com': {
      RunInstances: (record) =>
        itemIds(record.responseElements, 'instancesSet', 'instanceId').map(
          (id) => [INSTANCE_TYPE, id] as const,
        ),
      TerminateInstances: instancesInRequest,
      StartInstances: instancesInRequest,
      StopInstances: instancesInRequest,
      MonitorInstances: instancesInRequest,
      UnmonitorInstances: instancesInRequest,
      ModifyInstanceAttribute: instanceInRequest,
      ModifyInstanceMetadataOptions: metadataOptionsInstance,
      AssociateIamInstanceProfile: profileAssociationInstance,
      DisassociateIamInstanceProfile: profileAssociationInstance,
      ReplaceIamInstanceProfileAssociation: profileAssociationInstance,
      ...ec2TagTriggers(INSTANCE_TYPE, 'i-'),
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeInstance(await clients.client('ec2'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listInstances(await clients.client('ec2'), base),
};
