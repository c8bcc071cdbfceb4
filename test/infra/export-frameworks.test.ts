import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { readSettings } from '#infra/settings';
import { VigilStack } from '#infra/vigil-stack';
import { functionEnvironment, logicalIdOf, synthMonitor, testApp } from '#test/infra/support';

describe('the scheduled export’s frameworks', () => {
  it('default to SOC 2', () => {
    const { stack, monitor, template } = synthMonitor();
    expect(functionEnvironment(template, logicalIdOf(stack, monitor.exporter.function))).toMatchObject({
      EXPORT_FRAMEWORKS: 'soc2',
    });
  });

  it('take the exportFrameworks prop as short ids, each once', () => {
    const { stack, monitor, template } = synthMonitor({ exportFrameworks: ['pci-dss-4.0', 'cis', 'pci'] });
    expect(functionEnvironment(template, logicalIdOf(stack, monitor.exporter.function))).toMatchObject({
      EXPORT_FRAMEWORKS: 'pci,cis',
    });
  });

  it('come from the CDK context (cdk deploy -c exportFrameworks=soc2,iso27001)', () => {
    const app = testApp({ exportFrameworks: 'soc2,iso27001' });
    const stack = new VigilStack(app, 'Vigil', { settings: readSettings(app.node) });
    const environment = functionEnvironment(
      Template.fromStack(stack),
      logicalIdOf(stack, stack.monitor.exporter.function),
    );
    expect(environment.EXPORT_FRAMEWORKS).toBe('soc2,iso27001');
  });

  it('fail the synth on an id Vigil has no pack for, naming it and the valid ones', () => {
    expect(() => synthMonitor({ exportFrameworks: ['iso27001', 'nist-800-53'] })).toThrow(
      /exportFrameworks: .*nist-800-53.*soc2/,
    );
  });
});
