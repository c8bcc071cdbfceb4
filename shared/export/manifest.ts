import { z } from 'zod';

/** Version of the bundle layout; bump on any change a verifier must know about (see docs/evidence-bundle.md). */
export const BUNDLE_FORMAT_VERSION = 1;

const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/);

/** One file of the bundle other than the manifest. */
export const ManifestFileSchema = z.object({
  path: z.string().min(1),
  bytes: z.number().int().min(0),
  sha256: sha256HexSchema,
});

/** A digest object copied into the bundle byte for byte, at `path` (equal to its object key). */
export const ManifestDigestSchema = z.object({
  key: z.string().min(1),
  path: z.string().min(1),
  sha256: sha256HexSchema,
});

/** An object the export could not use as it is (missing, not a finding, bad hash, key not matching). */
export const ManifestProblemSchema = z.object({ key: z.string(), problem: z.string() });

/** manifest.json: what the bundle holds and the SHA-256 of every other file in it. */
export const BundleManifestSchema = z.object({
  format: z.literal('vigil-evidence-bundle'),
  formatVersion: z.literal(BUNDLE_FORMAT_VERSION),
  generator: z.object({ name: z.string(), version: z.string() }),
  generatedAt: z.iso.datetime(),
  /** Half-open `[from, to)` range of configuration-item capture times the findings were selected by. */
  period: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }),
  /** Days before the period read to know the state it starts from (failures already open); 0 when none. */
  lookbackDays: z.number().int().min(0).optional(),
  /** `s3://bucket` or the local directory the evidence was read from. */
  source: z.string(),
  accounts: z.array(z.string()),
  regions: z.array(z.string()),
  counts: z.object({
    /** Lines of findings.jsonl. */
    findings: z.number().int().min(0),
    /** Lines of remediations.jsonl (absent in bundles written before it existed). */
    remediationRecords: z.number().int().min(0).optional(),
    /** Findings listed under the period's day prefixes whose capture time fell outside the period. */
    outsidePeriod: z.number().int().min(0),
    digests: z.number().int().min(0),
    problems: z.number().int().min(0),
  }),
  files: z.array(ManifestFileSchema),
  digests: z.array(ManifestDigestSchema),
  /** PEM (SPKI) public key of the digest signing key, when the exporter could read it. */
  publicKeyPem: z.string().optional(),
  /** The first problems met (all are counted in `counts.problems`). */
  problems: z.array(ManifestProblemSchema),
});

/** The parsed manifest of an evidence bundle. */
export type BundleManifest = z.infer<typeof BundleManifestSchema>;

/** Bundle paths of the files every export writes (digests go under `digests/`). */
export const BUNDLE_FILES = {
  manifest: 'manifest.json',
  findings: 'findings.jsonl',
  remediations: 'remediations.jsonl',
  findingsCsv: 'findings.csv',
  ocsf: 'ocsf.jsonl',
  summary: 'summary.json',
  summaryCsv: 'summary.csv',
  report: 'report.html',
} as const;
