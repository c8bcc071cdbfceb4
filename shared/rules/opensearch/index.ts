import type { Rule } from '#shared/rules/rule';
import { opensearchAccessControlEnabled } from './opensearch-access-control-enabled';
import { opensearchAuditLoggingEnabled } from './opensearch-audit-logging-enabled';
import { opensearchEncryptedAtRest } from './opensearch-encrypted-at-rest';
import { opensearchHttpsRequired } from './opensearch-https-required';
import { opensearchInVpcOnly } from './opensearch-in-vpc-only';
import { opensearchNodeToNodeEncryptionCheck } from './opensearch-node-to-node-encryption-check';

/** OpenSearch Service rules. */
export const opensearchRules: readonly Rule[] = [
  opensearchEncryptedAtRest,
  opensearchNodeToNodeEncryptionCheck,
  opensearchInVpcOnly,
  opensearchHttpsRequired,
  opensearchAuditLoggingEnabled,
  opensearchAccessControlEnabled,
];
