/** The local pipeline stack lives in `shared/local/pipeline-stack` (the demo uses it too). */
export * from '#shared/local/pipeline-stack';
