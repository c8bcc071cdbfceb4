import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { oncePerItem } from '#shared/config-item/once-per-item';

/** Control-plane log types an EKS cluster can send to CloudWatch Logs. */
export const EKS_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

/** One EKS control-plane log type. */
export type EksLogType = (typeof EKS_LOG_TYPES)[number];

/**
 * The parts of an `AWS::EKS::Cluster` configuration item Vigil's rules read. AWS Config records EKS
 * clusters in the CloudFormation shape (`ResourcesVpcConfig.EndpointPublicAccess`,
 * `Logging.ClusterLogging.EnabledTypes[].Type`, `EncryptionConfig[].Resources`); a describer calling
 * `eks:DescribeCluster` yields the API shape (`resourcesVpcConfig.endpointPublicAccess`,
 * `logging.clusterLogging[].types`, `encryptionConfig[].resources`). Both are accepted.
 */
export type EksClusterConfiguration = {
  readonly Name?: string;
  readonly Version?: string;
  readonly ResourcesVpcConfig?: {
    readonly EndpointPublicAccess?: boolean;
    readonly EndpointPrivateAccess?: boolean;
    readonly PublicAccessCidrs?: readonly string[];
  };
  readonly EncryptionConfig?: readonly {
    readonly Resources?: readonly string[];
    readonly Provider?: { readonly KeyArn?: string };
  }[];
  readonly Logging?: {
    readonly ClusterLogging?: { readonly EnabledTypes?: readonly { readonly Type?: string }[] };
  };
  readonly name?: string;
  readonly version?: string;
  readonly resourcesVpcConfig?: {
    readonly endpointPublicAccess?: boolean;
    readonly endpointPrivateAccess?: boolean;
    readonly publicAccessCidrs?: readonly string[];
  };
  readonly encryptionConfig?: readonly {
    readonly resources?: readonly string[];
    readonly provider?: { readonly keyArn?: string };
  }[];
  readonly logging?: {
    readonly clusterLogging?: readonly { readonly types?: readonly string[]; readonly enabled?: boolean }[];
  };
};

/** One envelope-encryption setting of a cluster: which Kubernetes resources, under which KMS key. */
export interface EksEncryption {
  readonly resources: readonly string[];
  readonly keyArn?: string;
}

/** The settings the EKS rules judge, whichever shape the item came in; `undefined` means not recorded. */
export interface EksClusterView {
  readonly name: string;
  readonly version?: string;
  readonly endpointPublicAccess?: boolean;
  readonly endpointPrivateAccess?: boolean;
  readonly publicAccessCidrs?: readonly string[];
  readonly encryption: readonly EksEncryption[];
  /** Log types with logging enabled (empty when the item records none). */
  readonly enabledLogTypes: readonly string[];
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value)
    ? value.filter((entry): entry is string => typeof entry === 'string')
    : undefined;
}

function enabledLogTypesOf(configuration: EksClusterConfiguration): string[] {
  const cfn = configuration.Logging?.ClusterLogging;
  if (cfn !== undefined) {
    return (cfn.EnabledTypes ?? []).flatMap((entry) => (typeof entry.Type === 'string' ? [entry.Type] : []));
  }
  const api = configuration.logging?.clusterLogging;
  if (api !== undefined) {
    return api.flatMap((setup) => (setup.enabled === true ? (strings(setup.types) ?? []) : []));
  }
  // The CloudFormation shape omits `Logging` when no log type is enabled.
  return [];
}

/** Reads an EKS cluster item in either recorded shape. */
export const readEksCluster: (item: ConfigurationItem<EksClusterConfiguration>) => EksClusterView =
  oncePerItem((item) => {
    const configuration = item.configuration ?? {};
    const vpc = configuration.ResourcesVpcConfig;
    const apiVpc = configuration.resourcesVpcConfig;
    const encryption: EksEncryption[] = [
      ...(configuration.EncryptionConfig ?? []).map((entry) => ({
        resources: strings(entry.Resources) ?? [],
        ...(entry.Provider?.KeyArn === undefined ? {} : { keyArn: entry.Provider.KeyArn }),
      })),
      ...(configuration.encryptionConfig ?? []).map((entry) => ({
        resources: strings(entry.resources) ?? [],
        ...(entry.provider?.keyArn === undefined ? {} : { keyArn: entry.provider.keyArn }),
      })),
    ];
    const endpointPublicAccess = vpc?.EndpointPublicAccess ?? apiVpc?.endpointPublicAccess;
    const endpointPrivateAccess = vpc?.EndpointPrivateAccess ?? apiVpc?.endpointPrivateAccess;
    const publicAccessCidrs = strings(vpc?.PublicAccessCidrs) ?? strings(apiVpc?.publicAccessCidrs);
    const version = configuration.Version ?? configuration.version;
    const enabledLogTypes = enabledLogTypesOf(configuration);
    return {
      name: configuration.Name ?? configuration.name ?? item.resourceName ?? item.resourceId,
      ...(version === undefined ? {} : { version }),
      ...(endpointPublicAccess === undefined ? {} : { endpointPublicAccess }),
      ...(endpointPrivateAccess === undefined ? {} : { endpointPrivateAccess }),
      ...(publicAccessCidrs === undefined ? {} : { publicAccessCidrs }),
      encryption,
      enabledLogTypes,
    };
  });
