import packageJson from '../../package.json' with { type: 'json' };

/** Who wrote a bundle: recorded in the manifest, the OCSF metadata and the report. */
export const VIGIL_GENERATOR = { name: 'vigil', version: packageJson.version } as const;
