import type { ConfigurationItem } from '#shared/config-item/configuration-item';

/** A normalized log-group item of account 123456789012 in us-east-1, with `overrides` applied. */
export function logGroupItem(overrides: Partial<ConfigurationItem> = {}): ConfigurationItem {
  return {
    accountId: '123456789012',
    region: 'us-east-1',
    resourceType: 'AWS::Logs::LogGroup',
    resourceId: '/aws/lambda/payments-api',
    resourceName: '/aws/lambda/payments-api',
    captureTime: '2026-11-20T09:14:02.118Z',
    status: 'OK',
    configuration: { retentionInDays: 30 },
    supplementaryConfiguration: {},
    tags: {},
    relationships: [],
    ...overrides,
  };
}
