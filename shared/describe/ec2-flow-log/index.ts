import { FLOW_LOG_TYPE, VPC_TYPE } from '#shared/resources/ec2';
import { ec2TagTriggers } from '../ec2-tags';
import type { CloudTrailExtractor, DescribableType } from '../resource-type';

/**
 * The strings of a value in the wrapped shape CloudTrail logs newer EC2 calls in: `"x"`, `{content: "x"}`,
 * `{item: "x"}`, or a list of these (one id per element when the call named several).
 */
function wrappedStrings(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (Array.isArray(value)) return value.flatMap(wrappedStrings);
  if (value === null || typeof value !== 'object') return [];
  const wrapper = value as Readonly<Record<string, unknown>>;
  return [...wrappedStrings(wrapper.content), ...wrappedStrings(wrapper.item)];
}

function member(root: unknown, ...path: string[]): unknown {
  let current = root;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Readonly<Record<string, unknown>>)[step];
  }
  return current;
}

/**
 * CreateFlowLogs, as CloudTrail logs it: `requestParameters.CreateFlowLogsRequest.ResourceId` (one
 * `{tag, content}` per captured resource) and `responseElements.CreateFlowLogsResponse.flowLogIdSet.item`.
 * The new flow logs come first, then the VPCs they capture, so each VPC is judged with its new flow log.
 */
const createdFlowLogs: CloudTrailExtractor = (record) => [
  ...wrappedStrings(member(record.responseElements, 'CreateFlowLogsResponse', 'flowLogIdSet')).map(
    (id) => [FLOW_LOG_TYPE, id] as const,
  ),
  ...wrappedStrings(member(record.requestParameters, 'CreateFlowLogsRequest', 'ResourceId'))
    .filter((id) => id.startsWith('vpc-'))
    .map((id) => [VPC_TYPE, id] as const),
];

/**
 * DeleteFlowLogs names only flow-log ids (`requestParameters.DeleteFlowLogsRequest.FlowLogId`), not the
 * VPC whose flow log went away: each flow log is re-described (and found deleted), and the VPC's verdict
 * follows at the next change to the VPC or the next sweep.
 */
const deletedFlowLogs: CloudTrailExtractor = (record) =>
  wrappedStrings(member(record.requestParameters, 'DeleteFlowLogsRequest', 'FlowLogId')).map(
    (id) => [FLOW_LOG_TYPE, id] as const,
  );

/** VPC, subnet and network-interface flow logs, read by the VPC flow-log rules. */
export const EC2_FLOW_LOG: DescribableType = {
  resourceType: FLOW_LOG_TYPE,
  services: ['ec2'],
  permissions: [
    {
      actions: ['ec2:DescribeFlowLogs'],
      resources: ['*'],
      reason: 'EC2 Describe* calls support no resource-level permissions; read-only.',
    },
  ],
  cloudTrail: {
    'ec2.amazonaws.com': {
      CreateFlowLogs: createdFlowLogs,
      DeleteFlowLogs: deletedFlowLogs,
      ...ec2TagTriggers(FLOW_LOG_TYPE, 'fl-'),
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeFlowLog(await clients.client('ec2'), ref),
  list: async (clients, base) => (await import('./describe')).listFlowLogs(await clients.client('ec2'), base),
};
