import { type OpenSearchDomainConfiguration, openSearchDomainName } from '#shared/resources/opensearch';
import { compliant, nonCompliant, type Rule } from '#shared/rules/rule';

/** A log group ARN without the `:*` suffix CloudWatch Logs ARNs may carry. */
function bareLogGroupArn(arn: string): string {
  return arn.trim().replace(/:\*$/, '');
}

/**
 * OpenSearch Service domains publish audit logs to CloudWatch Logs (`LogPublishingOptions.AUDIT_LOGS`
 * enabled), to one of `cloudWatchLogsLogGroupArnList` when it is set (ARNs compared with or without the
 * trailing `:*`). Config and Vigil's describer leave out the log types a domain does not publish, so a
 * recorded domain without `AUDIT_LOGS` has audit logging off.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/opensearch-audit-logging-enabled.html
 */
export const opensearchAuditLoggingEnabled = {
  id: 'opensearch-audit-logging-enabled',
  title: 'OpenSearch domains publish audit logs to CloudWatch Logs',
  resourceTypes: ['AWS::OpenSearch::Domain'],
  severity: 'medium',
  managedRule: true,
  parameters: {
    cloudWatchLogsLogGroupArnList: {
      type: 'string-list',
      default: [],
      description:
        'Log group ARNs audit logs must go to (with or without a trailing ":*"); empty accepts any.',
    },
  },
  rationale:
    'Audit logs record who read, changed or was refused which index, the evidence needed to investigate access to search data.',
  remediationAdvice:
    'Enable fine-grained access control, then publish audit logs: `aws opensearch update-domain-config --domain-name <domain> --log-publishing-options "AUDIT_LOGS={CloudWatchLogsLogGroupArn=<log-group-arn>,Enabled=true}"`, and turn audit logging on in OpenSearch Dashboards.',
  evaluate(item, { parameters }) {
    const name = openSearchDomainName(item);
    const audit = item.configuration?.LogPublishingOptions?.AUDIT_LOGS;
    if (audit?.Enabled !== true) {
      return nonCompliant(`OpenSearch domain ${name} does not publish audit logs to CloudWatch Logs.`);
    }
    const target = audit.CloudWatchLogsLogGroupArn;
    const allowed = parameters.cloudWatchLogsLogGroupArnList.map(bareLogGroupArn);
    if (allowed.length === 0) {
      return compliant(`OpenSearch domain ${name} publishes audit logs to ${target ?? 'CloudWatch Logs'}.`);
    }
    if (target !== undefined && allowed.includes(bareLogGroupArn(target))) {
      return compliant(`OpenSearch domain ${name} publishes audit logs to allowed log group ${target}.`);
    }
    return nonCompliant(
      `OpenSearch domain ${name} publishes audit logs to ${target ?? 'an unrecorded log group'}, not one of cloudWatchLogsLogGroupArnList.`,
    );
  },
} as const satisfies Rule<
  { cloudWatchLogsLogGroupArnList: readonly string[] },
  OpenSearchDomainConfiguration
>;
