import type { Rule } from '#shared/rules/rule';
import { ecrLifecyclePolicyRetains365Days } from './ecr-lifecycle-policy-retains-365-days';
import { ecrPrivateImageScanningEnabled } from './ecr-private-image-scanning-enabled';
import { ecrPrivateLifecyclePolicyConfigured } from './ecr-private-lifecycle-policy-configured';
import { ecrPrivateTagImmutabilityEnabled } from './ecr-private-tag-immutability-enabled';

/** ECR rules. */
export const ecrRules: readonly Rule[] = [
  ecrPrivateLifecyclePolicyConfigured,
  ecrPrivateImageScanningEnabled,
  ecrPrivateTagImmutabilityEnabled,
  ecrLifecyclePolicyRetains365Days,
];
