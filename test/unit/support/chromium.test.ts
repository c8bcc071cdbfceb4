import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveChromium } from '#test/support/chromium';

describe('resolveChromium: the browser for the HTML report test', () => {
  let root = '';
  let fakeSystem = '';

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'vigil-chromium-resolver-'));
    fakeSystem = join(root, 'chromium');
    await writeFile(fakeSystem, '#!/bin/sh\n');
    await chmod(fakeSystem, 0o755);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('falls back to the system chromium when the package is not installed', async () => {
    const resolved = await resolveChromium({
      packageBin: undefined,
      systemPath: fakeSystem,
      allowSystem: true,
    });
    expect(resolved).toEqual({ executablePath: fakeSystem, env: {}, source: fakeSystem });
  });

  it('falls back on a machine the package has no build for', async () => {
    const resolved = await resolveChromium({
      packageBin: root,
      arch: 'arm64',
      systemPath: fakeSystem,
      allowSystem: true,
    });
    expect(resolved.executablePath).toBe(fakeSystem);
  });

  it.each([
    [
      'neither exists',
      { packageBin: undefined, systemPath: join(root, 'absent'), allowSystem: true },
      /@sparticuz\/chromium is not installed \(run npm ci\), and .*absent is missing/,
    ],
    [
      'the package has no build for this machine and the fallback is off',
      { packageBin: root, arch: 'arm64', systemPath: fakeSystem, allowSystem: false },
      /ships an x64 build only, this is arm64, and the .* fallback is off \(VIGIL_CHROMIUM_FALLBACK=off\)/,
    ],
    [
      'the package folder lacks its compressed build',
      { packageBin: root, arch: 'x64', systemPath: join(root, 'absent'), allowSystem: true },
      /chromium\.br is missing/,
    ],
  ])('fails naming both reasons when %s', async (_case, options, message) => {
    await expect(resolveChromium(options)).rejects.toThrow(message);
  });
});
