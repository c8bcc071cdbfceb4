import type { CustomRule } from './custom-rule';

/**
 * The custom rules bundled into a function: none here; `scripts/bundle-functions.ts --custom-rules DIR`
 * replaces this module with one importing every rule of the folder it validated.
 */
export const BUNDLED_CUSTOM_RULES: readonly CustomRule[] = [];
