import type { Rule } from '#shared/rules/rule';
import { dynamodbPitrEnabled } from './dynamodb-pitr-enabled';
import { dynamodbTableDeletionProtectionEnabled } from './dynamodb-table-deletion-protection-enabled';
import { dynamodbTableEncryptedKms } from './dynamodb-table-encrypted-kms';

/** DynamoDB rules. */
export const dynamodbRules: readonly Rule[] = [
  dynamodbPitrEnabled,
  dynamodbTableEncryptedKms,
  dynamodbTableDeletionProtectionEnabled,
];
