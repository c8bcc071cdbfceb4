import type { TestProject } from 'vitest/node';
import { startMotoServer } from './moto';

declare module 'vitest' {
  /** Values the integration project's global setup hands to tests through `inject()`. */
  export interface ProvidedContext {
    /** Base URL of the shared moto server, e.g. `http://127.0.0.1:41234`. */
    motoEndpoint: string;
  }
}

/**
 * Vitest global setup for the integration project: starts one moto server for the whole run (installing moto
 * into `.moto-venv` on first use) and provides its endpoint; `VIGIL_MOTO_ENDPOINT` reuses a running server.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const existing = process.env.VIGIL_MOTO_ENDPOINT;
  if (existing !== undefined && existing !== '') {
    project.provide('motoEndpoint', existing);
    return async () => {};
  }
  const server = await startMotoServer();
  project.provide('motoEndpoint', server.endpoint);
  return () => server.stop();
}
