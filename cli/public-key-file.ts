import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { readPublicKey } from '#shared/evidence/digest';
import { CliUsageError } from './command';

/**
 * The public key in a `--public-key` PEM file. A private key file yields only its public half, so a key
 * handed over by mistake never travels further than this process.
 */
export async function readPublicKeyFile(command: string, path: string): Promise<KeyObject> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliUsageError(`${command}: cannot read --public-key ${path}`, { cause: error });
  }
  try {
    return readPublicKey(text);
  } catch (error) {
    throw new CliUsageError(`${command}: --public-key ${path} is not a PEM public key`, { cause: error });
  }
}
