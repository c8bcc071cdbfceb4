import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { expect } from 'vitest';
import { type BundleManifest, BundleManifestSchema } from '#shared/export/manifest';
import { type OcsfComplianceFinding, OcsfComplianceFindingSchema } from '#shared/export/ocsf';
import type { ComplianceSummary } from '#shared/export/summary';
import { parseCsv } from './csv-parse';

/** A bundle read back after its manifest was checked against every file. */
export interface CheckedBundle {
  readonly manifest: BundleManifest;
  /** findings.jsonl lines (without their newline). */
  readonly lines: readonly string[];
  readonly csv: readonly string[][];
  readonly ocsf: readonly OcsfComplianceFinding[];
  readonly summary: ComplianceSummary;
  readonly summaryCsv: readonly string[][];
  /** controls.csv: one row per control of each framework asked for. */
  readonly controlsCsv: readonly string[][];
  readonly html: string;
}

function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/**
 * Reads a bundle directory and asserts what every bundle must satisfy: the manifest parses, lists every
 * other file with its size and SHA-256, the CSV files are RFC 4180 and every OCSF line fits the schema.
 */
export async function checkBundle(dir: string): Promise<CheckedBundle> {
  const manifest = BundleManifestSchema.parse(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')));
  const files = await listFiles(dir);
  expect(files).toEqual([...manifest.files.map((file) => file.path), 'manifest.json'].sort());
  for (const file of manifest.files) {
    const bytes = await readFile(join(dir, ...file.path.split('/')));
    expect({ path: file.path, bytes: bytes.length, sha256: sha256(bytes) }).toEqual(file);
  }
  const text = (path: string) => readFile(join(dir, path), 'utf8');
  const jsonl = await text('findings.jsonl');
  const lines = jsonl === '' ? [] : jsonl.slice(0, -1).split('\n');
  expect(lines).toHaveLength(manifest.counts.findings);
  const ocsfText = await text('ocsf.jsonl');
  const ocsf = (ocsfText === '' ? [] : ocsfText.slice(0, -1).split('\n')).map((line) =>
    OcsfComplianceFindingSchema.strict().parse(JSON.parse(line)),
  );
  return {
    manifest,
    lines,
    csv: parseCsv(await text('findings.csv')),
    ocsf,
    summary: JSON.parse(await text('summary.json')) as ComplianceSummary,
    summaryCsv: parseCsv(await text('summary.csv')),
    controlsCsv: parseCsv(await text('controls.csv')),
    html: await text('report.html'),
  };
}
