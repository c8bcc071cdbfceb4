import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '#shared/evidence/canonical-json';
import { DigestSigningSchema, sha256OfBytes, verifySigningString } from '#shared/evidence/digest';

/** Version of the bundle layout; bump on any change a verifier must know about (see docs/evidence-bundle.md). */
export const BUNDLE_FORMAT_VERSION = 2;

/** First line of the string a manifest signature covers; names the format so no other signature fits it. */
export const MANIFEST_SIGNING_PREFIX = 'VIGIL-MANIFEST-1';

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

/** An evidence object (one version a digest lists) copied into the bundle byte for byte, at `path`. */
export const ManifestObjectSchema = z.object({
  key: z.string().min(1),
  versionId: z.string().min(1),
  path: z.string().min(1),
  sha256: sha256HexSchema,
});

/**
 * One account–region digest chain the bundle covers: a digest for every hour from `from` to `to` is in it.
 * `from` is later than the period's start only where the chain itself starts later.
 */
export const ManifestChainSchema = z.object({
  accountId: z.string(),
  region: z.string(),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
});

/** Every value of a scope dimension (`"all"`), or only the listed ones, sorted. */
export const ScopeValuesSchema = z.union([z.literal('all'), z.array(z.string().min(1)).min(1)]);

/**
 * Which evidence the export was asked for: every account–region chain of the source, or only the given
 * accounts and/or regions. Signed with the rest of the manifest, so a verifier knows whether a chain that is
 * not in the bundle was left out by the request or removed from the bundle.
 */
export const ManifestScopeSchema = z.object({ accounts: ScopeValuesSchema, regions: ScopeValuesSchema });

/** The accounts and regions an export covers. */
export type BundleScope = z.infer<typeof ManifestScopeSchema>;

/** Whether `value` is in scope (`"all"`, or one of the listed values). */
export function inScope(values: BundleScope['accounts'], value: string): boolean {
  return values === 'all' || values.includes(value);
}

/** An object the export could not use as it is (missing, not a finding, bad hash, key not matching). */
export const ManifestProblemSchema = z.object({ key: z.string(), problem: z.string() });

/** manifest.json: what the bundle holds and the SHA-256 of every other file in it. */
export const BundleManifestSchema = z.object({
  format: z.literal('vigil-evidence-bundle'),
  formatVersion: z.literal(BUNDLE_FORMAT_VERSION),
  generator: z.object({ name: z.string(), version: z.string() }),
  generatedAt: z.iso.datetime(),
  /** Half-open `[from, to)` range of write hours asked for: the digests of these hours and what they list. */
  period: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }),
  /** Every chain in scope and the hours the bundle holds digests for (see ManifestChainSchema). */
  chains: z.array(ManifestChainSchema),
  /** The accounts and regions asked for (absent in bundles written before it existed: scope unknown). */
  scope: ManifestScopeSchema.optional(),
  /** Days before the period read to know the state it starts from (failures already open); 0 when none. */
  lookbackDays: z.number().int().min(0).optional(),
  /** `s3://bucket` or the local directory the evidence was read from. */
  source: z.string(),
  accounts: z.array(z.string()),
  regions: z.array(z.string()),
  /**
   * The frameworks the export was asked for, with the versioned id of the pack that mapped the findings'
   * rules to their controls in summary.json and report.html (absent in bundles written before it existed).
   */
  frameworks: z.array(z.object({ id: z.string().min(1), versionedId: z.string().min(1) })).optional(),
  /** Rule ids of the exported findings, sorted (absent in bundles written before it existed). */
  rules: z.array(z.string()).optional(),
  counts: z.object({
    /** Lines of findings.jsonl. */
    findings: z.number().int().min(0),
    /** Lines of attestations.jsonl. */
    attestations: z.number().int().min(0),
    /** Evidence objects (versions) the bundled digests list, copied under objects. */
    objects: z.number().int().min(0),
    /** Lines of remediations.jsonl (absent in bundles written before it existed). */
    remediationRecords: z.number().int().min(0).optional(),
    digests: z.number().int().min(0),
    problems: z.number().int().min(0),
  }),
  files: z.array(ManifestFileSchema),
  digests: z.array(ManifestDigestSchema),
  objects: z.array(ManifestObjectSchema),
  /** PEM (SPKI) public key of the digest signing key, when the exporter could read it. */
  publicKeyPem: z.string().optional(),
  /** The key that signed the manifest: KMS key id, algorithm, SHA-256 of its SPKI DER (absent when unsigned). */
  signing: DigestSigningSchema.optional(),
  /** The first problems met (all are counted in `counts.problems`). */
  problems: z.array(ManifestProblemSchema),
  /** Base64 RSASSA-PSS (SHA-256) signature over {@link manifestSigningString} (absent when unsigned). */
  signature: z.string().min(1).optional(),
});

/** The parsed manifest of an evidence bundle. */
export type BundleManifest = z.infer<typeof BundleManifestSchema>;

/** Who signed a manifest and how (the same block digests carry). */
export type BundleSigning = z.infer<typeof DigestSigningSchema>;

/**
 * The short text a manifest signature covers: the format, then the hex SHA-256 of the canonical JSON of the
 * manifest without `signature`. A verifier passes the manifest as parsed from its file, so every field in it
 * is covered, unknown ones included. Signed RAW, as digests are.
 */
export function manifestSigningString(manifest: Readonly<Record<string, unknown>>): string {
  const { signature: _ignored, ...unsigned } = manifest;
  return `${MANIFEST_SIGNING_PREFIX}\n${sha256OfBytes(canonicalJson(unsigned))}`;
}

/** Whether the manifest (as parsed from its file) carries a valid signature by `key`. */
export function verifyManifestSignature(
  manifest: Readonly<Record<string, unknown>>,
  key: KeyObject,
): boolean {
  const { signature } = manifest;
  return (
    typeof signature === 'string' && verifySigningString(manifestSigningString(manifest), signature, key)
  );
}

/** Bundle paths of the files every export writes (digests go under `digests/`). */
export const BUNDLE_FILES = {
  manifest: 'manifest.json',
  findings: 'findings.jsonl',
  attestations: 'attestations.jsonl',
  remediations: 'remediations.jsonl',
  findingsCsv: 'findings.csv',
  ocsf: 'ocsf.jsonl',
  summary: 'summary.json',
  summaryCsv: 'summary.csv',
  controlsCsv: 'controls.csv',
  report: 'report.html',
} as const;
