import { describe, expect, it } from 'vitest';
import type { AwsTemplateMapping } from '#shared/frameworks/aws-templates';
import type { FrameworkPack } from '#shared/frameworks/framework';
import { FRAMEWORK_PACKS } from '#shared/frameworks/registry';
import { loadAwsTemplates } from '#test/support/aws-templates';
import { renderPackSuggestions } from '../../../scripts/pack-suggestions/render';

const pack: FrameworkPack = {
  framework: {
    id: 'pci',
    versionedId: 'tiny-2',
    title: 'Tiny',
    version: '2',
    sources: ['https://example.org'],
    controls: [
      { id: '1.1', title: 'One one' },
      { id: '1.2', title: 'One two' },
      { id: '2.1', title: 'Two one' },
    ],
  },
  mappingSources: ['https://example.org/map'],
  mapping: { a: ['1.1'] },
  awsTemplates: [
    {
      template: 'tiny.yaml',
      version: '2',
      compared: 'controls',
      note: 'same version',
      awsControlsLeftOut: { 'X.9': 'an appendix' },
      differencesFromAws: { d: { leaves: ['2.1'], why: 'd is out of scope' } },
    },
    { template: 'names.yaml', version: '1', compared: 'rules', note: 'rules only' },
  ],
};
const template: AwsTemplateMapping = {
  template: 'tiny.yaml',
  repository: 'example/templates',
  path: 'tiny.yaml',
  commit: '0123456789abcdef0123456789abcdef01234567',
  readOn: '2026-12-07',
  framework: 'pci',
  version: '2',
  controlsFrom: 'the template',
  rules: { a: ['1.1'], b: ['1.2', 'X.9'], d: ['2.1', 'X.9'] },
};
const names: AwsTemplateMapping = { ...template, template: 'names.yaml', version: '1', rules: { b: [] } };

describe('renderPackSuggestions', () => {
  it('prints, per pack, each rule it leaves out with every template deploying it, its reasons, and the rules none deploys', () => {
    expect(renderPackSuggestions([pack, FRAMEWORK_PACKS.soc2], [template, names], ['a', 'b', 'c', 'd'])).toBe(
      [
        'Tiny 2 (tiny-2): 3 rules of the catalog have no entry',
        '  b',
        '    tiny.yaml (2): 1.2 X.9 → tiny-2: 1.2 (not carried: X.9)',
        '    names.yaml (1): no control ids given',
        '  d',
        '    tiny.yaml (2): 2.1 X.9 → tiny-2: 2.1 (not carried: X.9)',
        "      the pack's reason: d is out of scope",
        '  no AWS template deploys: c',
        '',
      ].join('\n'),
    );
  });

  it('gives a rule new to the catalog the PCI DSS 4.0 requirements of AWS 4.0 template and the 3.2.1 ones carried over', () => {
    // The shipped PCI pack with its entries taken out, so that these real rules read as new ones.
    const text = renderPackSuggestions([{ ...FRAMEWORK_PACKS.pci, mapping: {} }], loadAwsTemplates(), [
      'redshift-cluster-public-access-check',
      'docdb-cluster-encrypted',
      'api-gw-xray-enabled',
      'lambda-dlq-check',
    ]);
    const lines = text.split('\n');
    const at = lines.indexOf('  redshift-cluster-public-access-check');
    expect(lines[at + 1]).toBe(
      '    Operational-Best-Practices-for-PCI-DSS.yaml (3.2.1): 1.2.1 1.3 7.2 → pci-dss-4.0: 1.3.1 1.3.2 1.4.1 1.4.2 1.4.3 1.4.4 1.4.5 7.3.1 7.3.2 7.3.3',
    );
    const docdb = lines.indexOf('  docdb-cluster-encrypted');
    expect(lines[docdb + 1]).toBe(
      '    Operational-Best-Practices-for-PCI-DSS-v4.0-including-global-resourcetypes.yaml (4.0): 3.5.1 8.3.2 → pci-dss-4.0: 3.5.1 8.3.2',
    );
    expect(lines[0]).toBe('PCI DSS 4.0 (pci-dss-4.0): 4 rules of the catalog have no entry');
    expect(lines.at(-2)).toBe('  no AWS template deploys: lambda-dlq-check');
    expect(text).toContain("      the pack's reason: X-Ray traces are debugging data");
  });
});
