import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExport } from '#cli/commands/export';
import type { DigestSigner } from '#shared/evidence/digest-signer';
import { verifyBundle } from '#shared/evidence/verify-bundle';
import { exportBundle } from '#shared/export/bundle';
import { DirectoryEvidenceSource } from '#shared/export/evidence-source';
import { parsePeriod } from '#shared/export/period';
import { FRAMEWORK_PACKS } from '#shared/frameworks/registry';
import { captureIo } from '#test/support/cli-io';
import { checkBundle } from './check-bundle';
import { buildFindings, SCENARIO, writeEvidenceDir } from './scenario';

const SSL = 's3-bucket-ssl-requests-only';
const ROTATION = 'cmk-backing-key-rotation-enabled';
const NOW = () => new Date('2026-11-02T00:00:00Z');

/** The one control of a framework the pack maps a rule to (the scenario's two rules each serve one). */
function onlyControl(framework: 'pci' | 'cis', ruleId: string): string {
  const controls = FRAMEWORK_PACKS[framework].mapping[ruleId] ?? [];
  expect(controls).toHaveLength(1);
  return controls[0] ?? '';
}

describe('vigil export --framework', () => {
  let root = '';
  let digestSigner: DigestSigner;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'vigil-export-frameworks-'));
    digestSigner = await writeEvidenceDir(join(root, 'evidence'), buildFindings(SCENARIO));
    await exportBundle({
      source: new DirectoryEvidenceSource(join(root, 'evidence')),
      period: parsePeriod('2026-10-01', '2026-10-03'),
      outDir: join(root, 'bundle'),
      signer: { kind: 'key', signer: digestSigner },
      frameworks: ['pci', 'cis', 'pci'],
      now: NOW,
    });
  });

  afterAll(() => rm(root, { recursive: true, force: true }));

  it('gives summary.json per framework each control its rules’ figures, by hand from the scenario', async () => {
    const { summary } = await checkBundle(join(root, 'bundle'));
    expect(summary.frameworks?.map((entry) => [entry.framework, entry.versionedId])).toEqual([
      ['pci', 'pci-dss-4.0'],
      ['cis', 'cis-aws-5.0.0'],
    ]);
    for (const entry of summary.frameworks ?? []) {
      const framework = entry.framework as 'pci' | 'cis';
      const ssl = onlyControl(framework, SSL);
      const rotation = onlyControl(framework, ROTATION);
      expect(ssl).not.toBe(rotation);
      expect(entry.automated).toBe(2);
      expect(entry.total).toBe(FRAMEWORK_PACKS[framework].framework.controls.length);
      expect(entry.manual).toBe(entry.total - 2);
      const byId = new Map(entry.controls.map((control) => [control.id, control]));
      // See scenario.ts: SSL 6 evaluations (3 C, 3 NC), 3 failures, 2 remediated, 1 open at the end.
      expect(byId.get(ssl)).toMatchObject({
        evidence: 'automated',
        rules: [SSL],
        figures: {
          evaluations: 6,
          compliant: 3,
          nonCompliant: 3,
          passRate: 0.5,
          failures: 3,
          remediated: 2,
          openFailuresAtEnd: 1,
          accepted: 0,
        },
      });
      // ROTATION: 3 evaluations (1 C, 1 NC, 1 N/A), 1 failure remediated.
      expect(byId.get(rotation)).toMatchObject({
        evidence: 'automated',
        rules: [ROTATION],
        figures: {
          evaluations: 3,
          compliant: 1,
          nonCompliant: 1,
          notApplicable: 1,
          failures: 1,
          remediated: 1,
        },
      });
      const manual = entry.controls.filter((control) => control.evidence === 'manual');
      expect(manual).toHaveLength(entry.manual);
      expect(manual.every((control) => control.rules.length === 0 && control.figures === undefined)).toBe(
        true,
      );
    }
  });

  it('writes controls.csv: every control of each framework in order, figures only where rules evidence it', async () => {
    const { summary, controlsCsv } = await checkBundle(join(root, 'bundle'));
    const [header = [], ...rows] = controlsCsv;
    const column = (name: string) => header.indexOf(name);
    expect(header.slice(0, 6)).toEqual([
      'framework',
      'framework_version',
      'control_id',
      'control_title',
      'evidence',
      'rules',
    ]);
    const expectedIds = ['pci', 'cis'].flatMap((framework) =>
      FRAMEWORK_PACKS[framework as 'pci' | 'cis'].framework.controls.map(
        (control) => `${framework}|${control.id}`,
      ),
    );
    expect(rows.map((row) => `${row[0]}|${row[2]}`)).toEqual(expectedIds);
    const fingerprint = `sha256:${summary.signing?.publicKeyFingerprint}`;
    expect(rows.every((row) => row.at(-1) === fingerprint)).toBe(true);
    const ssl = rows.find((row) => row[0] === 'pci' && row[2] === onlyControl('pci', SSL)) ?? [];
    expect(ssl[column('evidence')]).toBe('automated');
    expect(ssl[column('rules')]).toBe(SSL);
    expect(ssl[column('evaluations')]).toBe('6');
    expect(ssl[column('pass_rate_percent')]).toBe('50.00');
    expect(ssl[column('open_failures_at_end')]).toBe('1');
    const manual = rows.filter((row) => row[column('evidence')] === 'manual');
    expect(manual).toHaveLength((summary.frameworks ?? []).reduce((total, entry) => total + entry.manual, 0));
    expect(manual.every((row) => row[column('rules')] === '' && row[column('evaluations')] === '')).toBe(
      true,
    );
  });

  it('records the frameworks and pack versions in the signed manifest, and the bundle still verifies', async () => {
    const dir = join(root, 'bundle');
    const { manifest } = await checkBundle(dir);
    expect(manifest.frameworks).toEqual([
      { id: 'pci', versionedId: 'pci-dss-4.0' },
      { id: 'cis', versionedId: 'cis-aws-5.0.0' },
    ]);
    const pin = { kind: 'key', key: await digestSigner.publicKey() } as const;
    expect((await verifyBundle({ dir, pin })).problems).toEqual([]);

    // Claiming another framework after signing breaks the manifest signature.
    const path = join(dir, 'manifest.json');
    const original = await readFile(path, 'utf8');
    const forged = JSON.parse(original) as { frameworks: { id: string; versionedId: string }[] };
    forged.frameworks = [{ id: 'soc2', versionedId: 'soc2-2017' }];
    await writeFile(path, `${JSON.stringify(forged, null, 2)}\n`);
    try {
      const report = await verifyBundle({ dir, pin });
      expect(report.problems.length).toBeGreaterThan(0);
      expect(JSON.stringify(report.problems)).toMatch(/signature/i);
    } finally {
      await writeFile(path, original);
    }
  });

  it('shows a section per framework in report.html, controls left to manual evidence marked', async () => {
    const { html } = await checkBundle(join(root, 'bundle'));
    expect(html).toContain('<h2 id="framework-pci">PCI DSS 4.0 (pci-dss-4.0)</h2>');
    expect(html).toContain('<h2 id="framework-cis">');
    expect(html.indexOf('id="framework-pci"')).toBeLessThan(html.indexOf('id="framework-cis"'));
    const table = html.split('<table id="framework-pci-table">')[1]?.split('</table>')[0] ?? '';
    expect(table.match(/<tr class="manual">/g)).toHaveLength(
      FRAMEWORK_PACKS.pci.framework.controls.length - 2,
    );
    expect(table.match(/<tr class="automated">/g)).toHaveLength(2);
    expect(table).toContain(`<code>${SSL}</code>`);
    expect(html).toContain('2 of');
    expect(html).toContain('versioned id (manifest.json frameworks)');
  });

  it('defaults to SOC 2 from the CLI, takes --framework, and exits 2 on an unknown id before writing', async () => {
    const argv = (out: string, ...extra: string[]) => [
      '--from',
      '2026-10-01',
      '--to',
      '2026-10-03',
      '--source',
      join(root, 'evidence'),
      '--out',
      join(root, out),
      '--unsigned',
      '--quiet',
      ...extra,
    ];
    const plainIo = captureIo();
    expect(await runExport(argv('cli-default'), plainIo)).toBe(0);
    expect((await checkBundle(join(root, 'cli-default'))).manifest.frameworks).toEqual([
      { id: 'soc2', versionedId: 'soc2-2017' },
    ]);
    expect(plainIo.out()).toMatch(
      /SOC 2 Trust Services Criteria .* \(soc2-2017\): \d+ of \d+ controls have automated rules/,
    );

    const io = captureIo();
    expect(await runExport(argv('cli-iso', '--framework', 'iso27001-2022,soc2'), io)).toBe(0);
    const { summary } = await checkBundle(join(root, 'cli-iso'));
    expect(summary.frameworks?.map((entry) => entry.framework)).toEqual(['iso27001', 'soc2']);
    expect(io.out()).toContain('ISO/IEC 27001:2022 Annex A 2022 (iso27001-2022): ');

    const bad = captureIo();
    expect(await runExport(argv('cli-bad', '--framework', 'hipaa'), bad)).toBe(2);
    expect(bad.err()).toMatch(
      /^vigil: export: --framework: unknown framework "hipaa": use one of soc2 \(soc2-2017\), cis/,
    );
    expect(bad.out()).toBe('');
    await expect(readFile(join(root, 'cli-bad', 'manifest.json'))).rejects.toThrow(/ENOENT/);
  });
});
