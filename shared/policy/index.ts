/** The policy analyser's public surface: parse with `parsePolicyDocument`, then ask the analyser. */
export * from './analyzer';
export * from './conditions';
export * from './errors';
export * from './matchers';
export * from './policy-document';
