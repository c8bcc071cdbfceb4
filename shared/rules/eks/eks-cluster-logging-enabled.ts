import { EKS_LOG_TYPES, type EksClusterConfiguration, readEksCluster } from '#shared/resources/eks';
import { compliant, nonCompliant, type Rule } from '#shared/rules/rule';

/**
 * EKS clusters send every control-plane log type to CloudWatch Logs.
 * Keeps the managed rule's semantics (all five types: api, audit, authenticator, controllerManager,
 * scheduler), which is stricter than the audit log SOC 2 evidence needs at minimum; the annotation
 * says first whether the audit log itself is missing.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/eks-cluster-logging-enabled.html
 */
export const eksClusterLoggingEnabled = {
  id: 'eks-cluster-logging-enabled',
  title: 'EKS clusters send every control-plane log type to CloudWatch Logs',
  resourceTypes: ['AWS::EKS::Cluster'],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'Kubernetes audit and API server logs are the only record of who changed what inside the cluster.',
  remediationAdvice:
    'Enable all control-plane logs: `aws eks update-cluster-config --name <cluster> --logging \'{"clusterLogging":[{"types":["api","audit","authenticator","controllerManager","scheduler"],"enabled":true}]}\'`.',
  evaluate(item) {
    // Config's (CloudFormation-shaped) item leaves Logging out when no log type is enabled, so a missing
    // key means "none enabled", not "not collected": failing it is right.
    const cluster = readEksCluster(item);
    const enabled = new Set(cluster.enabledLogTypes);
    const missing = EKS_LOG_TYPES.filter((type) => !enabled.has(type));
    if (missing.length === 0) {
      return compliant(`EKS cluster ${cluster.name} sends all control-plane log types to CloudWatch Logs.`);
    }
    if (missing.length === EKS_LOG_TYPES.length) {
      return nonCompliant(`EKS cluster ${cluster.name} sends no control-plane logs, not even the audit log.`);
    }
    const audit = enabled.has('audit') ? '' : 'the audit log is off; ';
    return nonCompliant(`EKS cluster ${cluster.name}: ${audit}log types not enabled: ${missing.join(', ')}.`);
  },
} as const satisfies Rule<Record<string, never>, EksClusterConfiguration>;
