import type { Rule } from '#shared/rules/rule';
import { eksClusterLoggingEnabled } from './eks-cluster-logging-enabled';
import { eksClusterSupportedVersion } from './eks-cluster-supported-version';
import { eksEndpointNoPublicAccess } from './eks-endpoint-no-public-access';
import { eksEndpointPublicAccessRestricted } from './eks-endpoint-public-access-restricted';
import { eksSecretsEncrypted } from './eks-secrets-encrypted';

/** EKS rules. */
export const eksRules: readonly Rule[] = [
  eksEndpointNoPublicAccess,
  eksSecretsEncrypted,
  eksClusterLoggingEnabled,
  eksClusterSupportedVersion,
  eksEndpointPublicAccessRestricted,
];
