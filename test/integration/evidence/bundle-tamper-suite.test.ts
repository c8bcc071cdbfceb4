import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { runVerify } from '#cli/commands/verify';
import { evaluate } from '#functions/evaluator';
import { sealHourlyDigests } from '#functions/seal-digests';
import {
  type Digest,
  PERIOD_MS,
  parseDigest,
  publicKeyFingerprint,
  publicKeyPem,
} from '#shared/evidence/digest';
import { type DigestSigner, fetchKmsPublicKey, KmsDigestSigner } from '#shared/evidence/digest-signer';
import { FindingSchema, recordLine, sealFinding } from '#shared/evidence/finding';
import { exportBundle } from '#shared/export/bundle';
import { renderControlsCsv } from '#shared/export/controls-csv';
import { DirectoryEvidenceSource, S3EvidenceSource } from '#shared/export/evidence-source';
import type { BundleManifest } from '#shared/export/manifest';
import { renderReportHtml } from '#shared/export/report';
import type { ComplianceSummary } from '#shared/export/summary';
import { renderSummaryCsv } from '#shared/export/summary-csv';
import { configChangeEvent, sqsBatch } from '#shared/local/events';
import { captureIo } from '#test/support/cli-io';
import {
  forgeBundle,
  readManifest,
  rehash,
  resignDigests,
  rewriteBatches,
  writeManifest,
} from '#test/unit/evidence/bundle-tampering';
import { ACCOUNT, REGION, securityGroupItem } from '../pipeline/harness';
import { type SealedStack, sealedStack } from './sealed-stack';

const HOURS = 6;
const JSONL_FILES = ['findings.jsonl', 'attestations.jsonl'] as const;

/** The problems `vigil verify` printed, as `KIND key`. */
function problemsOf(out: string): string[] {
  return out.split('\n').flatMap((line) => {
    const match = /^([A-Z][A-Z-]+) +(\S+) {2}/.exec(line);
    return match === null || ['PASS', 'FAIL', 'UNPINNED'].includes(match[1] ?? '')
      ? []
      : [`${match[1]} ${match[2]}`];
  });
}

/**
 * The Done-when tamper suite of issue 13: one real bundle, made on moto by the real evaluator (three hours
 * with evidence, two of them after a first sealing run), the real sealer (KMS signing key) and the real
 * export, then per case a copy of it, one tampering, and `vigil verify --bundle` with the real key pinned
 * (--public-key, or --kms-key against moto) and without a pin. With the key pinned every tampering exits 1
 * naming what changed; without a pin nothing exits 0.
 */
describe('tamper suite: vigil verify --bundle on a real bundle exported from moto', () => {
  const endpoint = inject('motoEndpoint');
  let stack: SealedStack;
  let root = '';
  let real = '';
  let keyFile = '';
  let fingerprint = '';
  let attacker: DigestSigner;
  let copies = 0;

  beforeAll(async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
    // Hour 0: two batches (groups 0–2 judged, group 0 opened then closed, group 1 attested); hours 0–2 sealed.
    stack = await sealedStack(endpoint, 'vigil-tsuite');
    const [group0 = '', group1 = '', group2 = ''] = stack.groupIds;
    const item = (groupId: string, open: boolean, captureTime: Date) =>
      configChangeEvent(
        securityGroupItem({ groupId, captureTime: captureTime.toISOString(), sshOpenToWorld: open }),
      );
    // Hour 3: group 2 opened (NON_COMPLIANT #2), group 1 unchanged (attested). Hour 5: group 0 opened again
    // (#3), group 2 closed (#3). The evaluator's clock says when, so its batch keys name those hours.
    for (const [offset, events] of [
      [
        3,
        [
          item(group2, true, stack.at(3 * PERIOD_MS + 60_000)),
          item(group1, false, stack.at(3 * PERIOD_MS + 60_000)),
        ],
      ],
      [
        5,
        [
          item(group0, true, stack.at(5 * PERIOD_MS + 60_000)),
          item(group2, false, stack.at(5 * PERIOD_MS + 60_000)),
        ],
      ],
    ] as const) {
      const clock = () => stack.at(offset * PERIOD_MS + 20 * 60_000);
      const response = await evaluate(sqsBatch(events), { ...stack.pipeline.runtime, clock });
      if (response.batchItemFailures.length > 0) throw new Error(`the evaluator failed in hour ${offset}`);
    }
    // The sealer's next run seals hours 3, 4 and 5.
    await sealHourlyDigests({ account: ACCOUNT }, stack.sealer(stack.at(HOURS * PERIOD_MS + 15 * 60_000)));

    root = await mkdtemp(join(tmpdir(), 'vigil-tamper-suite-'));
    const { publicKey } = await fetchKmsPublicKey(stack.kms, stack.keyId);
    fingerprint = publicKeyFingerprint(publicKey);
    keyFile = join(root, 'real-key.pem');
    await writeFile(keyFile, publicKeyPem(publicKey));
    real = join(root, 'real');
    await exportBundle({
      source: new S3EvidenceSource({ client: stack.s3, bucket: stack.pipeline.stack.bucket }),
      period: { from: stack.hour, to: stack.at(HOURS * PERIOD_MS) },
      outDir: real,
      signer: { kind: 'key', signer: new KmsDigestSigner({ client: stack.kms, keyId: stack.keyId }) },
      publicKeyPem: publicKeyPem(publicKey),
    });
    attacker = new KmsDigestSigner({ client: stack.kms, keyId: stack.forgerKeyId });
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    stack?.close();
    if (root !== '') await rm(root, { recursive: true, force: true });
  });

  /** `vigil verify --bundle dir` with the real key pinned (`--public-key`) or unpinned. */
  async function verify(dir: string, ...pin: string[]): Promise<{ code: number; out: string }> {
    const io = captureIo({ now: stack.verifyNow });
    const code = await runVerify(['--bundle', dir, ...pin], io);
    return { code, out: io.out() + io.err() };
  }
  const pinned = (dir: string) => verify(dir, '--public-key', keyFile);

  async function copyOfReal(): Promise<string> {
    const dir = join(root, `copy-${++copies}`);
    await cp(real, dir, { recursive: true });
    return dir;
  }

  const digestPath = (hour: number): string => stack.digestAt(hour);
  async function digestIn(dir: string, hour: number): Promise<Digest> {
    return parseDigest(await readFile(join(dir, digestPath(hour)), 'utf8'));
  }
  /** Keys of the batch objects the digest of `hour` lists. */
  async function objectsOf(dir: string, hour: number): Promise<string[]> {
    return (await digestIn(dir, hour)).objects.map((entry) => entry.key);
  }
  async function jsonl(dir: string, file: string): Promise<string[]> {
    return (await readFile(join(dir, file), 'utf8')).split('\n').filter((line) => line !== '');
  }
  async function writeJsonl(dir: string, file: string, lines: readonly string[]): Promise<void> {
    await writeFile(join(dir, file), lines.map((line) => `${line}\n`).join(''));
  }

  /**
   * Deletes the digest of `hour`, the objects it lists and their lines in findings.jsonl and
   * attestations.jsonl; with `fixManifest`, also their files, digests and objects entries (rehashed, the
   * signature left as it was).
   */
  async function dropHour(dir: string, hour: number, fixManifest: boolean): Promise<string[]> {
    const objects = await objectsOf(dir, hour);
    const gone = new Set([digestPath(hour), ...objects]);
    const lines = new Set<string>();
    for (const key of objects) {
      for (const line of (await readFile(join(dir, key), 'utf8')).split('\n')) lines.add(line);
    }
    for (const path of gone) await rm(join(dir, path));
    for (const file of JSONL_FILES) {
      await writeJsonl(
        dir,
        file,
        (await jsonl(dir, file)).filter((line) => !lines.has(line)),
      );
    }
    if (fixManifest) {
      const manifest = await readManifest(dir);
      const digests = manifest.digests.filter((digest) => !gone.has(digest.path));
      const kept = manifest.objects.filter((object) => !gone.has(object.path));
      await writeManifest(
        dir,
        await rehash(dir, {
          ...manifest,
          files: manifest.files.filter((file) => !gone.has(file.path)),
          digests,
          objects: kept,
          counts: {
            ...manifest.counts,
            digests: digests.length,
            objects: kept.length,
            findings: (await jsonl(dir, 'findings.jsonl')).length,
            attestations: (await jsonl(dir, 'attestations.jsonl')).length,
          },
        }),
      );
    }
    return objects;
  }

  /**
   * The attacker's own bundle: the real bundle's digests and objects (laid out at their keys, like a copy of
   * the bucket) with every record passed through `rewrite`, rehashed and relinked, the digests re-signed
   * with the attacker's key, then exported again and signed with that key, which the manifest carries.
   */
  async function reexportRewritten(rewrite: Parameters<typeof rewriteBatches>[2]): Promise<string> {
    const source = await copyOfReal();
    const manifest = await readManifest(source);
    const { objects } = await rewriteBatches(
      source,
      manifest.objects.map((object) => object.path),
      rewrite,
    );
    await resignDigests(
      source,
      manifest.digests.map((digest) => digest.path),
      attacker,
      (key) => objects.get(key),
    );
    const out = join(root, `forged-${++copies}`);
    await exportBundle({
      source: new DirectoryEvidenceSource(source),
      period: { from: stack.hour, to: stack.at(HOURS * PERIOD_MS) },
      outDir: out,
      signer: { kind: 'key', signer: attacker },
    });
    return out;
  }

  /** Makes every figure of a summary read 100% pass, nothing open. */
  function allPass(summary: ComplianceSummary): ComplianceSummary {
    const clean = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(clean);
      if (value === null || typeof value !== 'object') return value;
      const entries = Object.entries(value).map(([key, inner]) => {
        if (key === 'passRate' && inner !== null) return [key, 1];
        if (['nonCompliant', 'failures', 'openFailuresAtEnd', 'openFailuresAtStart'].includes(key))
          return [key, 0];
        if (key === 'openFailures') return [key, []];
        return [key, clean(inner)];
      });
      return Object.fromEntries(entries);
    };
    return clean(summary) as ComplianceSummary;
  }

  async function rewriteDerived(dir: string, file: string): Promise<void> {
    const manifest: BundleManifest = await readManifest(dir);
    const summary = allPass(
      JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as ComplianceSummary,
    );
    const text =
      file === 'summary.json'
        ? `${JSON.stringify(summary, null, 2)}\n`
        : file === 'summary.csv'
          ? renderSummaryCsv(summary)
          : file === 'controls.csv'
            ? renderControlsCsv(summary.frameworks ?? [], summary.signing?.publicKeyFingerprint)
            : file === 'report.html'
              ? renderReportHtml(summary, {
                  generator: manifest.generator,
                  generatedAt: manifest.generatedAt,
                  source: manifest.source,
                  accounts: manifest.accounts,
                  regions: manifest.regions,
                })
              : (await readFile(join(dir, file), 'utf8')).replaceAll(',NON_COMPLIANT,', ',COMPLIANT,');
    expect(text).not.toBe(await readFile(join(dir, file), 'utf8'));
    await writeFile(join(dir, file), text);
  }

  it('the real bundle: 6 digests, 4 objects, 7 findings, 2 attestations; PASS pinned by file or KMS, UNPINNED (exit 4) without', async () => {
    const manifest = await readManifest(real);
    expect(manifest.counts).toEqual({
      findings: 7,
      attestations: 2,
      objects: 4,
      remediationRecords: 0,
      digests: HOURS,
      problems: 0,
    });
    expect(
      (await Promise.all([0, 1, 2, 3, 4, 5].map((hour) => objectsOf(real, hour)))).map((keys) => keys.length),
    ).toEqual([2, 0, 0, 1, 0, 1]);
    const byFile = await pinned(real);
    expect(byFile.out).toMatch(
      new RegExp(`^PASS {2}6 digests .*, 7 findings, 2 attestations: .*pinned key sha256:${fingerprint}`),
    );
    expect(byFile.code).toBe(0);
    const byKms = await verify(
      real,
      '--kms-key',
      stack.keyId,
      '--endpoint-url',
      endpoint,
      '--region',
      REGION,
    );
    expect(byKms.out).toMatch(/^PASS /);
    expect(byKms.code).toBe(0);
    const unpinned = await verify(real);
    expect(unpinned.out).toMatch(/^UNPINNED /);
    expect(unpinned.out).toContain(`confirm fingerprint sha256:${fingerprint}`);
    expect(unpinned.code).toBe(4);
  });

  /** What verify must print for a tampering: `d(hour)` is a digest key, `o(hour)` the object keys it lists. */
  interface Expected {
    /** Problems (`KIND key`) verify prints with the real key pinned, exactly (exit 1). */
    readonly pinned: readonly string[];
    /** Exit code without a pin: 1 when the tampering shows without a key, 4 (UNPINNED) for a consistent forgery. */
    readonly unpinned: 1 | 4;
    /** Problems printed without a pin, when the case says (a consistent forgery prints none). */
    readonly unpinnedProblems?: readonly string[];
  }
  interface Keys {
    readonly d: (hour: number) => string;
    readonly o: (hour: number) => readonly string[];
    /** `findings.jsonl#<first 16 hex of the hash>` of the real bundle's finding line `line` (1-based). */
    readonly f: (line: number) => string;
  }
  /** One tampering: what it does to a copy of the real bundle, and what verify must print. */
  interface TamperCase {
    /** Changes the copy; returns the directory to verify when it is another one (a re-export). */
    readonly tamper: (dir: string) => Promise<string | undefined>;
    readonly expected: (keys: Keys) => Expected;
  }

  type Case = readonly [name: string, tamperCase: TamperCase];
  const CASES: readonly Case[] = [
    [
      'an edited byte in a batch object',
      {
        tamper: async (dir) => {
          const [key = ''] = await objectsOf(dir, 3);
          const bytes = await readFile(join(dir, key));
          const at = bytes.indexOf('"annotation":"') + 14;
          bytes[at] = (bytes[at] ?? 0) ^ 0x20;
          await writeFile(join(dir, key), bytes);
          return undefined;
        },
        expected: ({ o }) => ({
          pinned: [
            `ALTERED ${o(3)[0]}`,
            `ALTERED ${o(3)[0]}`,
            `BROKEN-CHAIN ${o(5)[0]}:2`,
            'UNLISTED attestations.jsonl:2',
            'UNLISTED findings.jsonl:5',
          ],
          unpinned: 1,
        }),
      },
    ],
    [
      'a deleted line of findings.jsonl',
      {
        tamper: async (dir) => {
          const lines = await jsonl(dir, 'findings.jsonl');
          await writeJsonl(dir, 'findings.jsonl', [...lines.slice(0, 2), ...lines.slice(3)]);
          return undefined;
        },
        expected: ({ f }) => ({ pinned: ['ALTERED findings.jsonl', `MISSING ${f(3)}`], unpinned: 1 }),
      },
    ],
    [
      'a duplicated line of findings.jsonl',
      {
        tamper: async (dir) => {
          const lines = await jsonl(dir, 'findings.jsonl');
          await writeJsonl(dir, 'findings.jsonl', [...lines, lines[0] ?? '']);
          return undefined;
        },
        expected: () => ({ pinned: ['ALTERED findings.jsonl', 'DUPLICATE findings.jsonl:8'], unpinned: 1 }),
      },
    ],
    [
      'reordered lines of findings.jsonl (the same records: an auditor concludes nothing else, but the signed file hash changed)',
      {
        tamper: async (dir) => {
          await writeJsonl(dir, 'findings.jsonl', (await jsonl(dir, 'findings.jsonl')).reverse());
          return undefined;
        },
        expected: () => ({ pinned: ['ALTERED findings.jsonl'], unpinned: 1 }),
      },
    ],
    ...(
      [
        ['first', 0],
        ['middle', 3],
        ['last', 5],
      ] as const
    ).flatMap(([which, hour]): Case[] => [
      [
        `the ${which} digest dropped with the objects it lists and their lines, manifest untouched`,
        {
          tamper: async (dir) => void (await dropHour(dir, hour, false)),
          expected: ({ d, o }) => ({
            pinned: [
              `MISSING ${d(hour)}`,
              `MISSING ${d(hour)}`,
              `MISSING ${d(hour)}`,
              ...o(hour).map((key) => `MISSING ${key}`),
              ...(hour === 5 ? [] : ['ALTERED attestations.jsonl']),
              'ALTERED findings.jsonl',
              ...(hour === 3 ? [`BROKEN-CHAIN ${o(5)[0]}:2`] : []),
            ],
            unpinned: 1,
          }),
        },
      ],
      [
        `the ${which} digest dropped with the objects it lists and their lines, and its manifest entries removed`,
        {
          tamper: async (dir) => void (await dropHour(dir, hour, true)),
          expected: ({ d, o }) => ({
            pinned: [
              `MISSING ${d(hour)}`,
              ...(hour === 3 ? [`MISSING ${d(hour)}`, `BROKEN-CHAIN ${o(5)[0]}:2`] : []),
              'BAD-SIGNATURE manifest.json',
            ],
            unpinned: 1,
          }),
        },
      ],
    ]),
    [
      'two digests swapped (hours 3 and 5)',
      {
        tamper: async (dir) => {
          const three = await readFile(join(dir, digestPath(3)));
          await writeFile(join(dir, digestPath(3)), await readFile(join(dir, digestPath(5))));
          await writeFile(join(dir, digestPath(5)), three);
          return undefined;
        },
        expected: ({ d }) => ({
          pinned: [
            `ALTERED ${d(3)}`,
            `ALTERED ${d(5)}`,
            `BROKEN-LINK ${d(3)}`,
            `BROKEN-LINK ${d(3)}`,
            `BROKEN-LINK ${d(4)}`,
            `BROKEN-LINK ${d(5)}`,
            `BROKEN-LINK ${d(5)}`,
          ],
          unpinned: 1,
        }),
      },
    ],
    [
      'a fabricated finding (group 0 closed, correctly hashed and chained) added to a batch object and findings.jsonl',
      {
        tamper: async (dir) => {
          const [key = ''] = await objectsOf(dir, 5);
          const text = await readFile(join(dir, key), 'utf8');
          const head = text
            .split('\n')
            .filter((line) => line.includes('"kind":"finding"') && line.includes('"NON_COMPLIANT"'))
            .map((line) => FindingSchema.parse(JSON.parse(line)))[0];
          if (head === undefined) throw new Error('no failing finding in hour 5');
          const { hash: _hash, ...rest } = head;
          const fabricated = recordLine(
            sealFinding({
              ...rest,
              compliance: 'COMPLIANT',
              annotation: 'No security group rule allows SSH from anywhere.',
              evaluatedAt: stack.at(5 * PERIOD_MS + 40 * 60_000).toISOString(),
              sequence: head.sequence + 1,
              previousHash: head.hash,
            }),
          );
          await writeFile(join(dir, key), `${text}${fabricated}\n`);
          await writeJsonl(dir, 'findings.jsonl', [...(await jsonl(dir, 'findings.jsonl')), fabricated]);
          return undefined;
        },
        expected: ({ o }) => ({
          pinned: [
            'ALTERED findings.jsonl',
            `ALTERED ${o(5)[0]}`,
            `ALTERED ${o(5)[0]}`,
            'UNLISTED findings.jsonl:6',
            'UNLISTED findings.jsonl:7',
            'UNLISTED findings.jsonl:8',
          ],
          unpinned: 1,
        }),
      },
    ],
    ...(['summary.json', 'summary.csv', 'controls.csv', 'report.html', 'findings.csv'] as const).flatMap(
      (file): Case[] => [
        [
          `${file} rewritten to 100% pass, manifest untouched`,
          {
            tamper: async (dir) => void (await rewriteDerived(dir, file)),
            expected: () => ({ pinned: [`ALTERED ${file}`], unpinned: 1 }),
          },
        ],
        [
          `${file} rewritten to 100% pass, manifest rehashed to match`,
          {
            tamper: async (dir) => {
              await rewriteDerived(dir, file);
              await writeManifest(dir, await rehash(dir, await readManifest(dir)));
              return undefined;
            },
            expected: () => ({ pinned: ['BAD-SIGNATURE manifest.json'], unpinned: 1 }),
          },
        ],
      ],
    ),
    [
      'the period cut short: period.to moved to hour 4, the later digests and objects deleted, the manifest fixed up',
      {
        tamper: async (dir) => {
          await dropHour(dir, 5, true);
          await dropHour(dir, 4, true);
          const manifest = await readManifest(dir);
          const to = stack.at(4 * PERIOD_MS).toISOString();
          await writeManifest(dir, {
            ...manifest,
            period: { ...manifest.period, to },
            chains: manifest.chains.map((chain) => ({ ...chain, to })),
          });
          return undefined;
        },
        expected: () => ({
          pinned: ['BAD-SIGNATURE manifest.json'],
          unpinned: 1,
          unpinnedProblems: ['BAD-SIGNATURE manifest.json'],
        }),
      },
    ],
    [
      'changed accounts',
      {
        tamper: async (dir) => {
          await writeManifest(dir, { ...(await readManifest(dir)), accounts: ['111111111111'] });
          return undefined;
        },
        expected: () => ({
          pinned: ['ALTERED manifest.json#accounts', 'BAD-SIGNATURE manifest.json'],
          unpinned: 1,
        }),
      },
    ],
    [
      'the public key removed from the manifest',
      {
        tamper: async (dir) => {
          const { publicKeyPem: _removed, ...manifest } = await readManifest(dir);
          await writeManifest(dir, manifest);
          return undefined;
        },
        expected: ({ d }) => ({
          pinned: ['BAD-SIGNATURE manifest.json'],
          unpinned: 1,
          unpinnedProblems: [
            'BAD-SIGNATURE manifest.json',
            ...[0, 1, 2, 3, 4, 5].map((hour) => `BAD-SIGNATURE ${d(hour)}`),
          ],
        }),
      },
    ],
    [
      "an attacker's key: every digest and the manifest re-signed with it, its public key in the manifest",
      {
        tamper: async (dir) => {
          await forgeBundle(dir, attacker);
          return undefined;
        },
        expected: ({ d }) => ({
          pinned: [
            'BAD-SIGNATURE manifest.json',
            ...[0, 1, 2, 3, 4, 5].map((hour) => `BAD-SIGNATURE ${d(hour)}`),
          ],
          unpinned: 4,
          unpinnedProblems: [],
        }),
      },
    ],
    [
      'flipped verdicts: NON_COMPLIANT findings and attestations made COMPLIANT, rehashed, relinked, objects and digests re-signed and re-exported by the attacker',
      {
        tamper: async () => {
          const forged = await reexportRewritten({
            finding: (finding) =>
              finding.compliance === 'NON_COMPLIANT' ? { ...finding, compliance: 'COMPLIANT' } : finding,
            attestation: (attestation) => ({
              ...attestation,
              rules: attestation.rules.map((rule) => ({ ...rule, compliance: 'COMPLIANT' })),
            }),
          });
          // What the auditor would read: no failure left in the forged bundle's summary.
          const summary = JSON.parse(
            await readFile(join(forged, 'summary.json'), 'utf8'),
          ) as ComplianceSummary;
          expect(summary.totals).toMatchObject({ nonCompliant: 0, failures: 0, openFailuresAtEnd: 0 });
          return forged;
        },
        expected: ({ d }) => ({
          pinned: [
            'BAD-SIGNATURE manifest.json',
            ...[0, 1, 2, 3, 4, 5].map((hour) => `BAD-SIGNATURE ${d(hour)}`),
          ],
          unpinned: 4,
          unpinnedProblems: [],
        }),
      },
    ],
    [
      "a broken previousHash: one finding's link changed and rehashed, objects and digests re-signed and re-exported by the attacker",
      {
        tamper: () =>
          reexportRewritten({
            finding: (finding) =>
              finding.sequence === 2 && finding.compliance === 'NON_COMPLIANT'
                ? { ...finding, previousHash: 'f'.repeat(64) }
                : finding,
          }),
        expected: ({ d, o }) => ({
          pinned: [
            `BROKEN-CHAIN ${o(3)[0]}:1`,
            'BAD-SIGNATURE manifest.json',
            ...[0, 1, 2, 3, 4, 5].map((hour) => `BAD-SIGNATURE ${d(hour)}`),
          ],
          unpinned: 1,
          // Signed consistently by the attacker: without a pin, only the chain check catches it.
          unpinnedProblems: [`BROKEN-CHAIN ${o(3)[0]}:1`],
        }),
      },
    ],
  ];

  it.each(CASES)('%s', async (_name, tamperCase) => {
    const objects = await Promise.all([0, 1, 2, 3, 4, 5].map((hour) => objectsOf(real, hour)));
    const lines = await jsonl(real, 'findings.jsonl');
    const expected = tamperCase.expected({
      d: digestPath,
      o: (hour) => objects[hour] ?? [],
      f: (line) =>
        `findings.jsonl#${(JSON.parse(lines[line - 1] ?? '{}') as { hash: string }).hash.slice(0, 16)}`,
    });
    const copy = await copyOfReal();
    const dir = (await tamperCase.tamper(copy)) ?? copy;

    const withKey = await pinned(dir);
    expect(problemsOf(withKey.out).sort()).toEqual([...expected.pinned].sort());
    expect(withKey.out).toMatch(/^FAIL {2}/m);
    expect(withKey.code).toBe(1);

    const without = await verify(dir);
    if (expected.unpinnedProblems !== undefined) {
      expect(problemsOf(without.out).sort()).toEqual([...expected.unpinnedProblems].sort());
    }
    if (expected.unpinned === 4) {
      // A consistent forgery: nothing found, but UNPINNED, naming the attacker's key for the auditor to reject.
      expect(without.out).toMatch(/^UNPINNED {2}/);
      expect(without.out).not.toContain(fingerprint);
      expect(without.out).toContain(
        `confirm fingerprint sha256:${publicKeyFingerprint(await attacker.publicKey())}`,
      );
    } else {
      expect(without.out).toMatch(/^FAIL {2}/m);
    }
    expect(without.code).not.toBe(0);
    expect(without.code).toBe(expected.unpinned);
  });
});
