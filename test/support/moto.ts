/** The moto harness lives in `shared/local/moto` (the demo uses it too); tests import it from here. */
export * from '#shared/local/moto';
