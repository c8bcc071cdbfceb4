import { type ConfigurationItem, isDeleted } from '#shared/config-item/configuration-item';
import {
  FLOW_LOG_TYPE,
  type FlowLogConfiguration,
  flowLogIdOf,
  flowLogsOfVpc,
  VPC_TYPE,
  type VpcConfiguration,
  vpcIdOf,
} from '#shared/resources/ec2';
import type { Inventory, InventoryKey } from '#shared/rules/inventory';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

const LOG_GROUP_TYPE = 'AWS::Logs::LogGroup';

/** The part of an `AWS::Logs::LogGroup` configuration item this rule reads. */
type LogGroupConfiguration = {
  readonly logGroupName?: string;
  readonly retentionInDays?: number | null;
};

/** The log group a CloudWatch-Logs flow log writes to: `logGroupName`, else the name in `logDestination`. */
function logGroupNameOf(flowLog: ConfigurationItem<FlowLogConfiguration>): string | undefined {
  const configuration = flowLog.configuration;
  if (configuration?.logGroupName) return configuration.logGroupName;
  const match = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+?)(?::\*)?$/.exec(
    configuration?.logDestination ?? '',
  );
  return match?.[1];
}

function isCloudWatchDelivery(flowLog: ConfigurationItem<FlowLogConfiguration>): boolean {
  const type = flowLog.configuration?.logDestinationType;
  return type === undefined ? logGroupNameOf(flowLog) !== undefined : type === 'cloud-watch-logs';
}

function findLogGroup(
  inventory: Inventory,
  region: string,
  name: string,
): ConfigurationItem<LogGroupConfiguration> | undefined {
  return inventory.itemsWithKey(LOG_GROUP_TYPE, logGroupKey, `${region}|${name}`)[0] as
    | ConfigurationItem<LogGroupConfiguration>
    | undefined;
}

/** Files a current log group under `region|resource id` and `region|log group name`. */
const logGroupKey: InventoryKey = (item) => {
  if (isDeleted(item)) return undefined;
  const name = (item as ConfigurationItem<LogGroupConfiguration>).configuration?.logGroupName;
  const byId = `${item.region}|${item.resourceId}`;
  return name === undefined || name === item.resourceId ? byId : [byId, `${item.region}|${name}`];
};

/**
 * Vigil rule (no managed twin): VPC flow logs delivered to CloudWatch Logs are kept at least
 * `MinRetentionTime` days (default 365), judged with the inventory's `AWS::EC2::FlowLog` and
 * `AWS::Logs::LogGroup` items. Every VPC-level flow log with a CloudWatch Logs destination must meet the
 * minimum; a log group that never expires does. A destination log group missing from the inventory (not
 * collected, or in another account) leaves its retention unknown: the VPC is NOT_APPLICABLE with that reason
 * unless a recorded log group already fails it. VPCs whose flow logs all go to
 * S3 or Firehose, or that have none (see `vpc-flow-logs-enabled`), are NOT_APPLICABLE.
 */
export const vpcFlowLogsRetentionCheck = {
  id: 'vpc-flow-logs-retention-check',
  title: 'VPC flow logs in CloudWatch Logs are kept for at least the minimum retention period',
  resourceTypes: [VPC_TYPE],
  reads: [FLOW_LOG_TYPE, LOG_GROUP_TYPE],
  severity: 'medium',
  managedRule: false,
  parameters: {
    MinRetentionTime: {
      type: 'number',
      default: 365,
      description: 'Minimum number of days the flow log group must keep events.',
    },
  },
  rationale:
    'Network evidence must outlive the SOC 2 observation period and any investigation that reaches back into it.',
  remediationAdvice:
    'Raise the retention of the flow log group: `aws logs put-retention-policy --log-group-name <group> --retention-in-days 365` (CloudWatch console › Log groups › Actions › Edit retention setting).',
  evaluate(item, { parameters, inventory }) {
    const vpcId = vpcIdOf(item);
    const minimum = parameters.MinRetentionTime;
    const flowLogs = flowLogsOfVpc(item, inventory);
    if (flowLogs.length === 0) return notApplicable(`VPC ${vpcId} has no VPC-level flow log.`);
    const toCloudWatch = flowLogs.filter(isCloudWatchDelivery);
    if (toCloudWatch.length === 0) {
      return notApplicable(
        `Flow logs of VPC ${vpcId} go to S3 or Firehose; their retention is set by the destination, not checked here.`,
      );
    }
    const problems: string[] = [];
    const kept: string[] = [];
    const unknown: string[] = [];
    for (const flowLog of toCloudWatch) {
      const id = flowLogIdOf(flowLog);
      const name = logGroupNameOf(flowLog);
      const group = name === undefined ? undefined : findLogGroup(inventory, item.region, name);
      if (name === undefined || group === undefined) {
        unknown.push(`${id} writes to log group ${name ?? '(unnamed)'}, which is not recorded`);
        continue;
      }
      const retention = group.configuration?.retentionInDays;
      if (retention === undefined || retention === null || retention === 0) {
        kept.push(`${id} → ${name} (never expires)`);
      } else if (retention < minimum) {
        problems.push(`${id} → ${name} keeps ${retention} days`);
      } else {
        kept.push(`${id} → ${name} (${retention} days)`);
      }
    }
    if (problems.length > 0) {
      return nonCompliant(
        `Flow logs of VPC ${vpcId} are kept less than ${minimum} days: ${problems.slice(0, 3).join('; ')}.`,
      );
    }
    if (unknown.length > 0) {
      return notApplicable(
        `Retention of the flow logs of VPC ${vpcId} was not collected: ${unknown.slice(0, 3).join('; ')}.`,
      );
    }
    return compliant(
      `Flow logs of VPC ${vpcId} are kept at least ${minimum} days: ${kept.slice(0, 3).join('; ')}.`,
    );
  },
} as const satisfies Rule<{ MinRetentionTime: number }, VpcConfiguration>;
