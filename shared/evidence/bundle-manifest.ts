import { z } from 'zod';

/** Version of the bundle manifest schema. */
export const BUNDLE_SCHEMA_VERSION = 1;

/** The manifest's file name at the root of a bundle. */
export const MANIFEST_FILE = 'manifest.json';

/** The findings file of a bundle: one exact stored finding per line (without its trailing newline). */
export const FINDINGS_FILE = 'findings.jsonl';

const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/);

/** One file of a bundle: path relative to the bundle root (`/` separators), SHA-256 and size. */
export const BundleFileSchema = z.object({
  path: z
    .string()
    .min(1)
    .refine(
      (path) => !path.startsWith('/') && !path.split('/').includes('..'),
      'path must stay inside the bundle',
    ),
  sha256: sha256HexSchema,
  bytes: z.number().int().min(0),
});

/** A public key that signed bundled digests. */
export const BundlePublicKeySchema = z.object({
  keyId: z.string().min(1),
  fingerprint: sha256HexSchema,
  pem: z.string().includes('BEGIN PUBLIC KEY'),
});

/** `manifest.json` of an evidence bundle (see docs/evidence-bundle.md). */
export const BundleManifestSchema = z.object({
  schemaVersion: z.literal(BUNDLE_SCHEMA_VERSION),
  generator: z.object({ name: z.string().min(1), version: z.string().min(1) }),
  accountId: z.string().min(1),
  region: z.string().min(1),
  period: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }),
  createdAt: z.iso.datetime(),
  /** Keys of the bundled digests; each is stored in the bundle at the same relative path. */
  digests: z.array(z.string().startsWith('digests/')),
  publicKeys: z.array(BundlePublicKeySchema),
  files: z.array(BundleFileSchema),
});

/** The manifest of an evidence bundle. */
export type BundleManifest = z.infer<typeof BundleManifestSchema>;
