import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '#shared/export/bundle';
import { DirectoryEvidenceSource } from '#shared/export/evidence-source';
import { parsePeriod } from '#shared/export/period';
import { FRAMEWORK_PACKS } from '#shared/frameworks/registry';
import { resolveChromium } from '#test/support/chromium';
import { LocalSigner } from '#test/unit/evidence/fakes';
import { buildFindings, SCENARIO, type ScenarioStep, writeEvidenceDir } from '#test/unit/export/scenario';

const HOSTILE =
  '<img src="https://example.invalid/x.png" onerror="document.title=\'pwned\'"><script>document.title="pwned"</script>';

/** Thirty days of a flapping rule on a resource whose name and rule title are HTML, on top of the scenario. */
function hostileMonth(): ScenarioStep[] {
  return Array.from({ length: 30 }, (_, day) => ({
    ruleId: 'rds-storage-encrypted',
    soc2: ['CC6.1', 'C1.1', 'A1.2'],
    severity: 'critical',
    resourceType: 'AWS::RDS::DBInstance',
    resourceId: `db-${HOSTILE}`,
    annotation: HOSTILE,
    captureTime: new Date(Date.UTC(2026, 9, 1 + day, 6)).toISOString(),
    compliance: day % 3 === 2 ? 'NON_COMPLIANT' : 'COMPLIANT',
  }));
}

describe('report.html in a real headless Chromium', () => {
  let root = '';
  let browser: Browser | undefined;

  beforeAll(async () => {
    // The headless build inside the @sparticuz/chromium devDependency, else Debian's /usr/bin/chromium.
    const chromiumBuild = await resolveChromium();
    root = await mkdtemp(join(tmpdir(), 'vigil-report-'));
    await writeEvidenceDir(join(root, 'evidence'), buildFindings([...SCENARIO, ...hostileMonth()]), {
      sealUntil: new Date('2026-11-01T00:10:00Z'),
    });
    await exportBundle({
      source: new DirectoryEvidenceSource(join(root, 'evidence')),
      period: parsePeriod('2026-10-01', '2026-10-31'),
      outDir: join(root, 'bundle'),
      signer: { kind: 'key', signer: new LocalSigner() },
      frameworks: ['soc2', 'pci'],
    });
    browser = await chromium.launch({
      executablePath: chromiumBuild.executablePath,
      env: { ...process.env, ...chromiumBuild.env },
    });
  });

  afterAll(async () => {
    await browser?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('renders offline, draws both charts and the accounts without errors, and takes a screenshot', async () => {
    if (browser === undefined) throw new Error('browser did not start');
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const reportUrl = pathToFileURL(join(root, 'bundle', 'report.html')).href;
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('request', (request) => requests.push(request.url()));
    await page.route('**/*', (route) =>
      route.request().url() === reportUrl ? route.continue() : route.abort('blockedbyclient'),
    );

    await page.goto(reportUrl, { waitUntil: 'load' });

    expect(await page.title()).toBe('SOC 2 evidence report 2026-10-01 to 2026-10-31');
    const lines = page.locator('#compliance-chart path.series');
    expect(await lines.count()).toBe(4);
    const drawn = await lines.evaluateAll((paths) =>
      paths.map((path) =>
        'getTotalLength' in path && typeof path.getTotalLength === 'function'
          ? Number(path.getTotalLength())
          : 0,
      ),
    );
    expect(drawn.every((length) => length > 100)).toBe(true);
    expect(await page.locator('#compliance-chart circle.point').count()).toBeGreaterThan(30);
    expect(await page.locator('#timeline-chart rect.bar').count()).toBeGreaterThan(10);
    expect(await page.locator('#timeline-chart path.series').count()).toBe(1);
    const box = await page.locator('#compliance-chart svg').first().boundingBox();
    expect(box?.width).toBeGreaterThan(600);
    expect(box?.height).toBeGreaterThan(100);
    expect(await page.locator('#criteria-table tbody tr').count()).toBe(4);

    // By account: one row per account with its regions and pass rate, the scope, and the chains covered.
    const accounts = page.locator('#accounts-table tbody tr');
    expect(await accounts.count()).toBe(2);
    expect(await accounts.locator('td:nth-child(1)').allInnerTexts()).toEqual([
      '111111111111',
      '222222222222',
    ]);
    expect(await accounts.locator('td:nth-child(2)').allInnerTexts()).toEqual(['us-east-1', 'eu-west-1']);
    expect(await accounts.first().locator('td.num').nth(2).innerText()).toMatch(/^\d+\.\d%$/);
    expect(await page.locator('#coverage-scope').innerText()).toContain(
      'Exported for every account and every region: 2 account–region chains',
    );
    const chains = page.locator('#coverage tbody tr');
    expect(await chains.count()).toBe(2);
    await page.locator('#coverage > summary').click();
    expect(await chains.first().isVisible()).toBe(true);
    const table = await page.locator('#accounts-table').boundingBox();
    expect(table?.width).toBeGreaterThan(600);

    // A section per framework asked for: every control, the ones with rules in the bundle with figures.
    for (const framework of ['soc2', 'pci'] as const) {
      const heading = page.locator(`#framework-${framework}`);
      expect(await heading.isVisible()).toBe(true);
      expect(await heading.innerText()).toContain(FRAMEWORK_PACKS[framework].framework.versionedId);
      const rows = page.locator(`#framework-${framework}-table tbody tr`);
      expect(await rows.count()).toBe(FRAMEWORK_PACKS[framework].framework.controls.length);
    }
    const pciAutomated = page.locator('#framework-pci-table tbody tr.automated');
    const automatedCount = await pciAutomated.count();
    expect(automatedCount).toBeGreaterThan(0);
    expect(await pciAutomated.first().locator('td').nth(2).innerText()).toBe('automated');
    expect(await pciAutomated.first().locator('td.num').nth(1).innerText()).toMatch(/^\d+\.\d%$/);
    expect(
      await page.locator('#framework-pci-table tbody tr.manual').first().locator('td').nth(2).innerText(),
    ).toBe('manual evidence');
    expect(await page.locator('#framework-pci-coverage').innerText()).toBe(
      `${automatedCount} of ${FRAMEWORK_PACKS.pci.framework.controls.length} controls have automated rules with findings in this bundle; ${FRAMEWORK_PACKS.pci.framework.controls.length - automatedCount} are left to manual evidence.`,
    );
    const frameworkTable = await page.locator('#framework-pci-table').boundingBox();
    expect(frameworkTable?.width).toBeGreaterThan(600);

    // The hostile resource name and annotation are text, never markup: nothing ran, nothing was fetched.
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('#open-failures').innerText()).toContain('<script>');
    expect(problems).toEqual([]);
    expect(requests).toEqual([reportUrl]);

    const screenshot = join(root, 'report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    const png = await readFile(screenshot);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(1280);
    expect((await stat(screenshot)).size).toBeGreaterThan(20_000);
    await page.close();
  });
});
