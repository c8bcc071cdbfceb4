import { describe, expect, it } from 'vitest';
import { apiGwExecutionLoggingEnabled as rule } from '#shared/rules/apigateway/api-gw-execution-logging-enabled';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const STAGE = 'AWS::ApiGateway::Stage';
const all = (loggingLevel: string) => ({ '*/*': { loggingLevel, metricsEnabled: true } });

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    ['with-client-certificate', 'COMPLIANT'],
    ['without-client-certificate', 'COMPLIANT'],
    ['sandbox-no-logging-no-tracing', 'NON_COMPLIANT'],
    ['deleted', 'NOT_APPLICABLE'],
  ] as const)('judges %s as %s', (name, compliance) => {
    expect(evaluateFixture(rule, loadFixture(STAGE, name)).compliance).toBe(compliance);
  });

  it('names the missing stage-wide setting and the method override that turns logging off', () => {
    expect(evaluateFixture(rule, loadFixture(STAGE, 'sandbox-no-logging-no-tracing')).annotation).toBe(
      'Stage sandbox of REST API k1l2m3n4o5 does not log every method at ERROR or INFO: */* OFF (no stage-wide setting), orders/POST OFF.',
    );
  });

  it.each([
    ['stage-wide ERROR', all('ERROR'), {}, 'COMPLIANT'],
    ['stage-wide OFF', all('OFF'), {}, 'NON_COMPLIANT'],
    ['stage-wide lower-case info', all('info'), {}, 'COMPLIANT'],
    [
      'stage-wide INFO, one method OFF',
      { ...all('INFO'), 'orders/GET': { loggingLevel: 'OFF' } },
      {},
      'NON_COMPLIANT',
    ],
    [
      'stage-wide INFO, one method without a level',
      { ...all('INFO'), 'orders/GET': { metricsEnabled: true } },
      {},
      'NON_COMPLIANT',
    ],
    [
      'only one method logged, the rest inherit nothing',
      { 'orders/GET': { loggingLevel: 'INFO' } },
      {},
      'NON_COMPLIANT',
    ],
    ['no method settings at all', {}, {}, 'NON_COMPLIANT'],
    [
      'stage-wide INFO with loggingLevel ERROR required',
      all('INFO'),
      { loggingLevel: 'ERROR' },
      'NON_COMPLIANT',
    ],
    ['stage-wide INFO with loggingLevel INFO required', all('INFO'), { loggingLevel: 'INFO' }, 'COMPLIANT'],
  ] as const)('%s is %s', (_case, methodSettings, parameters, compliance) => {
    const fixture = withConfiguration(loadFixture(STAGE, 'sandbox-no-logging-no-tracing'), {
      methodSettings,
    });
    expect(evaluateFixture(rule, fixture, { parameters }).compliance).toBe(compliance);
  });

  it('gives no verdict when the method settings were not recorded', () => {
    const fixture = withConfiguration(loadFixture(STAGE, 'sandbox-no-logging-no-tracing'), {
      methodSettings: undefined,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'Stage sandbox of REST API k1l2m3n4o5: method settings were not recorded.',
    });
  });
});
