import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { parseAdditionalLogs, rdsLoggingEnabled as rule } from '#shared/rules/rds/rds-logging-enabled';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::RDS::DBInstance';

function postgresWith(patch: Record<string, unknown>) {
  return withConfiguration(loadFixture(TYPE, 'postgres-private-multi-az'), patch);
}

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a PostgreSQL instance exporting postgresql and upgrade logs', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'postgres-private-multi-az'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'DB instance orders-prod (postgres) exports all required log types: postgresql, upgrade.',
    });
  });

  it('fails a MySQL instance exporting only the error log and lists the missing types', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'mysql-public-single-az'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'DB instance legacy-reporting (mysql) does not export log types: audit, general, slowquery.',
    });
  });

  it.each([
    ['oracle-ee', ['alert', 'audit', 'trace', 'listener'], 'COMPLIANT'],
    ['oracle-se2-cdb', ['alert', 'audit', 'trace'], 'NON_COMPLIANT'],
    ['sqlserver-se', ['error', 'agent'], 'COMPLIANT'],
    ['sqlserver-ex', ['error'], 'NON_COMPLIANT'],
    ['mariadb', ['audit', 'error', 'general', 'slowquery'], 'COMPLIANT'],
    ['postgres', ['postgresql'], 'NON_COMPLIANT'],
    ['postgres', ['PostgreSQL', 'Upgrade'], 'COMPLIANT'],
  ] as const)('judges %s exporting %j as %s', (engine, enabledCloudwatchLogsExports, expected) => {
    const verdict = evaluateFixture(rule, postgresWith({ engine, enabledCloudwatchLogsExports }));
    expect(verdict.compliance).toBe(expected);
  });

  it('counts the exports of the recorded Aurora cluster for its member instance', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'aurora-postgresql-cluster-member'))).toEqual({
      compliance: 'COMPLIANT',
      annotation:
        'DB instance ledger-aurora-1 (aurora-postgresql) exports all required log types: postgresql.',
    });
  });

  it('gives no verdict on an Aurora member short of logs whose cluster was not collected, and says so', () => {
    const fixture = { ...loadFixture(TYPE, 'aurora-postgresql-cluster-member'), inventory: EMPTY_INVENTORY };
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation:
        'DB instance ledger-aurora-1 (aurora-postgresql) does not export postgresql itself, and its DB cluster ledger-aurora was not collected.',
    });
  });

  it('gives no verdict on an instance whose engine was not recorded', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'postgres-private-multi-az'), { engine: undefined });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
  });

  it.each([
    ['absent', undefined],
    ['null', null],
    ['empty', []],
  ])('fails a PostgreSQL instance whose exports list is %s', (_label, enabledCloudwatchLogsExports) => {
    expect(evaluateFixture(rule, postgresWith({ enabledCloudwatchLogsExports })).compliance).toBe(
      'NON_COMPLIANT',
    );
  });

  it.each(['stopped', 'creating', 'modifying', 'storage-full'])(
    'evaluates only running states (status %s)',
    (status) => {
      const verdict = evaluateFixture(
        rule,
        postgresWith({ dBInstanceStatus: status, enabledCloudwatchLogsExports: [] }),
      );
      expect(verdict.compliance).toBe(status === 'storage-full' ? 'NON_COMPLIANT' : 'NOT_APPLICABLE');
    },
  );

  it('adds additionalLogs for engines they name, matching engine families by prefix', () => {
    const fixture = postgresWith({
      engine: 'oracle-ee',
      enabledCloudwatchLogsExports: ['alert', 'audit', 'trace', 'listener'],
    });
    const verdict = evaluateFixture(rule, fixture, {
      parameters: { additionalLogs: 'oracle: oemagent ; aurora: alert' },
    });
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'DB instance orders-prod (oracle-ee) does not export log types: oemagent.',
    });
  });

  it('ignores additionalLogs of other engines', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'postgres-private-multi-az'), {
      parameters: { additionalLogs: 'oracle: general, slowquery ; aurora: alert, slowquery' },
    });
    expect(verdict.compliance).toBe('COMPLIANT');
  });

  it.each([
    [['diag.log'], 'COMPLIANT'],
    [[], 'NON_COMPLIANT'],
  ] as const)(
    'requires at least one export from an engine AWS lists no logs for (db2-se exporting %j → %s)',
    (exports, expected) => {
      const verdict = evaluateFixture(
        rule,
        postgresWith({ engine: 'db2-se', enabledCloudwatchLogsExports: exports }),
      );
      expect(verdict.compliance).toBe(expected);
    },
  );

  it('requires the additionalLogs of an engine AWS lists no logs for', () => {
    const fixture = postgresWith({ engine: 'db2-se', enabledCloudwatchLogsExports: ['diag.log'] });
    const verdict = evaluateFixture(rule, fixture, {
      parameters: { additionalLogs: 'db2: diag.log, notify.log' },
    });
    expect(verdict.annotation).toContain('does not export log types: notify.log');
  });

  it('parses the StringMap format of additionalLogs', () => {
    expect(
      Object.fromEntries(parseAdditionalLogs(' Oracle: General, slowquery ; aurora:alert;; oracle: trace ')),
    ).toEqual({
      oracle: ['general', 'slowquery', 'trace'],
      aurora: ['alert'],
    });
  });

  it('turns a malformed additionalLogs into an ERROR evaluation through the engine', () => {
    const [evaluation] = new RuleEngine([rule], { [rule.id]: { additionalLogs: 'oracle general' } }).evaluate(
      loadFixture(TYPE, 'postgres-private-multi-az').item,
      { now: new Date('2026-11-23T12:00:00Z'), inventory: EMPTY_INVENTORY },
    );
    expect(evaluation?.compliance).toBe('ERROR');
    expect(evaluation?.annotation).toContain('RuleParameterError');
  });

  it('reports a deleted instance as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
