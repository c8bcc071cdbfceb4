import type { Rule } from '#shared/rules/rule';
import { multiRegionCloudtrailEnabled } from './multi-region-cloudtrail-enabled';

/** cloudtrail rules. */
export const cloudtrailRules: readonly Rule[] = [multiRegionCloudtrailEnabled];
