import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, chmod, constants, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';

/** Debian's chromium package: the fallback where the npm package cannot serve the machine. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** A Chromium the tests can launch, and the environment it needs. */
export interface ResolvedChromium {
  readonly executablePath: string;
  /** Variables to add to the browser's environment (the package's own libraries and fonts). */
  readonly env: Readonly<Record<string, string>>;
  /** Where it came from, for the test's log. */
  readonly source: string;
}

/** Where to look; every field has a default taken from the machine, overridable in tests of the resolver. */
export interface ResolveChromiumOptions {
  /** The `bin/` folder of `@sparticuz/chromium`, or undefined when it is not installed. @default resolved from node_modules */
  readonly packageBin?: string | undefined;
  /** @default process.arch (the package ships an x64 build only) */
  readonly arch?: string;
  /** @default SYSTEM_CHROMIUM */
  readonly systemPath?: string;
  /** @default true unless `VIGIL_CHROMIUM_FALLBACK=off` (to prove the package route alone works) */
  readonly allowSystem?: boolean;
  /** Where the package's compressed build is unpacked, once per version. @default `<tmpdir>/vigil-chromium` */
  readonly cacheDir?: string;
}

/**
 * Finds a headless Chromium: the build shipped (brotli-compressed) inside the `@sparticuz/chromium` devDependency,
 * unpacked once into a cache with its NSS libraries and fonts, else Debian's `/usr/bin/chromium`; throws naming
 * both reasons when neither is usable.
 */
export async function resolveChromium(options: ResolveChromiumOptions = {}): Promise<ResolvedChromium> {
  const packageBin = 'packageBin' in options ? options.packageBin : installedPackageBin();
  const arch = options.arch ?? process.arch;
  const systemPath = options.systemPath ?? SYSTEM_CHROMIUM;
  const allowSystem = options.allowSystem ?? process.env.VIGIL_CHROMIUM_FALLBACK !== 'off';

  let packageProblem: string;
  if (packageBin === undefined) packageProblem = '@sparticuz/chromium is not installed (run npm ci)';
  else if (arch !== 'x64') packageProblem = `@sparticuz/chromium ships an x64 build only, this is ${arch}`;
  else if (!(await exists(join(packageBin, 'chromium.br'), constants.R_OK)))
    packageProblem = `${join(packageBin, 'chromium.br')} is missing`;
  else return unpackPackage(packageBin, options.cacheDir ?? join(tmpdir(), 'vigil-chromium'));

  const systemProblem = !allowSystem
    ? `the ${systemPath} fallback is off (VIGIL_CHROMIUM_FALLBACK=off)`
    : (await exists(systemPath, constants.X_OK))
      ? undefined
      : `${systemPath} is missing`;
  if (systemProblem === undefined) return { executablePath: systemPath, env: {}, source: systemPath };
  throw new Error(
    `No Chromium for the browser tests: ${packageProblem}, and ${systemProblem}. ` +
      'Run npm ci (it installs @sparticuz/chromium) or install Debian chromium.',
  );
}

function installedPackageBin(): string | undefined {
  try {
    // The package exports only its ESM entry (build/index.js); its compressed build sits in ../bin.
    return join(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..', 'bin');
  } catch {
    return undefined;
  }
}

async function exists(path: string, mode: number): Promise<boolean> {
  return access(path, mode).then(
    () => true,
    () => false,
  );
}

/** Unpacks chromium, its Amazon Linux NSS libraries and fonts under `<cacheDir>/<version>`, atomically, once. */
async function unpackPackage(packageBin: string, cacheDir: string): Promise<ResolvedChromium> {
  const manifest: unknown = JSON.parse(await readFile(join(packageBin, '..', 'package.json'), 'utf8'));
  const version =
    typeof manifest === 'object' && manifest !== null && 'version' in manifest
      ? String(manifest.version)
      : '0';
  const dir = join(cacheDir, version);
  const resolved: ResolvedChromium = {
    executablePath: join(dir, 'chromium'),
    env: {
      // The libraries (libnss3, libnspr4, libexpat) the binary links to, so the machine needs none of them.
      LD_LIBRARY_PATH: [join(dir, 'al2023', 'lib'), process.env.LD_LIBRARY_PATH]
        .filter((part) => part !== undefined && part !== '')
        .join(':'),
      // The package's fonts.conf names Lambda's /tmp/fonts; ours names the unpacked folder.
      FONTCONFIG_PATH: dir,
    },
    source: `@sparticuz/chromium ${version}`,
  };
  if (await exists(join(dir, 'ready'), constants.R_OK)) return resolved;

  await mkdir(cacheDir, { recursive: true });
  const work = `${dir}.${process.pid}.${Date.now()}`;
  await mkdir(work, { recursive: true });
  try {
    const binary = join(work, 'chromium');
    await pipeline(
      createReadStream(join(packageBin, 'chromium.br')),
      createBrotliDecompress(),
      createWriteStream(binary),
    );
    await chmod(binary, 0o755);
    await untarBrotli(join(packageBin, 'al2023.tar.br'), join(work, 'al2023'));
    await untarBrotli(join(packageBin, 'fonts.tar.br'), join(work, 'fonts'));
    await writeFile(
      join(work, 'fonts.conf'),
      '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n' +
        `  <dir>${join(dir, 'fonts')}</dir>\n  <cachedir>${join(dir, 'fontconfig-cache')}</cachedir>\n</fontconfig>\n`,
    );
    await writeFile(join(work, 'ready'), `${version}\n`);
    await rename(work, dir).catch(async (error: unknown) => {
      // Another process unpacked the same version first: use theirs.
      if (!(await stat(join(dir, 'ready')).catch(() => undefined))) throw error;
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return resolved;
}

/** Pipes a `.tar.br` through brotli into `tar -x` (present on every Linux) under `target`. */
async function untarBrotli(archive: string, target: string): Promise<void> {
  await mkdir(target, { recursive: true });
  const tar = spawn('tar', ['-x', '-f', '-', '-C', target], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  tar.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve, reject) => {
    tar.once('error', reject);
    tar.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`tar -x ${archive} exited ${code}: ${stderr.trim()}`)),
    );
  });
  await Promise.all([pipeline(createReadStream(archive), createBrotliDecompress(), tar.stdin), exited]);
}
