import type { Rule } from '#shared/rules/rule';
import { snsEncryptedKms } from './sns-encrypted-kms';

/** SNS rules. */
export const snsRules: readonly Rule[] = [snsEncryptedKms];
