import { defineConfig } from 'vitest/config';

/** Three projects: fast unit tests, integration tests against one shared moto server, and CDK assertions. */
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        // Unit files share module instances within a worker: importing the catalog and the SDK once
        // instead of per file cuts the project from ~4 min to ~75 s on two cores. The files pass in any
        // order this way (checked with --sequence.shuffle.files), so keep them free of shared state.
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/moto-global-setup.ts'],
          // Handlers log every status change and flush metrics to stdout; tests that check either build
          // their own logger or metrics.
          env: { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' },
          // Files run in parallel against the one server, so each test must use unique resource names
          // (uniqueName() in test/support/moto) and never reset the server.
          testTimeout: 60_000,
          // As for unit files: modules are imported once per worker, not per file (the project took 220 s
          // instead of 342 s, measured on two cores), so files keep no module state between them.
          isolate: false,
          // The first run installs moto into .moto-venv, which can take minutes on a cold machine.
          hookTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 120_000 },
      },
    ],
  },
});
