import type { Rule } from '#shared/rules/rule';
import { ec2Imdsv2Check } from './ec2-imdsv2-check';

/** ec2 rules. */
export const ec2Rules: readonly Rule[] = [ec2Imdsv2Check];
