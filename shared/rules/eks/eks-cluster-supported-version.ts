import { type EksClusterConfiguration, readEksCluster } from '#shared/resources/eks';
import { RuleParameterError } from '#shared/rules/parameters';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** `1.29` → [1, 29]; `undefined` when the text is not a dotted list of numbers (an optional `v` prefix is allowed). */
function parseVersion(text: string): number[] | undefined {
  const parts = text.trim().replace(/^v/i, '').split('.');
  if (parts.length === 0 || parts.some((part) => !/^\d+$/.test(part))) return undefined;
  return parts.map(Number);
}

/** Negative when `a` is older than `b`; missing trailing parts count as 0 (`1.30` = `1.30.0`). */
function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * EKS clusters run a Kubernetes version AWS still supports (not older than `oldestVersionSupported`).
 * The managed rule requires `oldestVersionSupported` and has no default; Vigil defaults it to `1.32`,
 * the oldest minor version still in EKS extended support after November 2026 — raise it as AWS retires
 * versions (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html). A version that
 * is unreadable is NON_COMPLIANT (safer reading); one that was not recorded (EKS and Config always give
 * it) is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/eks-cluster-supported-version.html
 */
export const eksClusterSupportedVersion = {
  id: 'eks-cluster-supported-version',
  title: 'EKS clusters run a Kubernetes version AWS still supports',
  resourceTypes: ['AWS::EKS::Cluster'],
  severity: 'medium',
  managedRule: true,
  deviation:
    "AWS's page lists oldestVersionSupported with no default (it must be set) and fails a cluster \"running an unsupported version (less than the parameter 'oldestVersionSupported')\"; Vigil defaults it to 1.32, the oldest version in EKS extended support after November 2026. Raise it as AWS retires versions.",
  parameters: {
    oldestVersionSupported: {
      type: 'string',
      default: '1.32',
      description: 'Oldest Kubernetes version AWS still supports on EKS, e.g. "1.32".',
    },
  },
  rationale: 'Unsupported Kubernetes versions stop receiving security patches.',
  remediationAdvice:
    'Upgrade the control plane one minor version at a time: `aws eks update-cluster-version --name <cluster> --kubernetes-version <next>`, then the node groups and add-ons.',
  evaluate(item, { parameters }) {
    const cluster = readEksCluster(item);
    const oldest = parseVersion(parameters.oldestVersionSupported);
    if (oldest === undefined) {
      throw new RuleParameterError(
        `rule eks-cluster-supported-version: oldestVersionSupported "${parameters.oldestVersionSupported}" is not a version`,
        { context: { ruleId: 'eks-cluster-supported-version', parameter: 'oldestVersionSupported' } },
      );
    }
    if (cluster.version === undefined) {
      return notApplicable(`The Kubernetes version of EKS cluster ${cluster.name} was not recorded.`);
    }
    const version = parseVersion(cluster.version);
    if (version === undefined) {
      return nonCompliant(
        `EKS cluster ${cluster.name} runs Kubernetes "${cluster.version}", which is not a readable version.`,
      );
    }
    if (compareVersions(version, oldest) < 0) {
      return nonCompliant(
        `EKS cluster ${cluster.name} runs Kubernetes ${cluster.version}, older than the oldest supported ${parameters.oldestVersionSupported}.`,
      );
    }
    return compliant(
      `EKS cluster ${cluster.name} runs Kubernetes ${cluster.version} (oldest supported ${parameters.oldestVersionSupported}).`,
    );
  },
} as const satisfies Rule<{ oldestVersionSupported: string }, EksClusterConfiguration>;
