/** The seed used when `FC_SEED` is not set: fixed, so every run generates the same cases. */
export const defaultPropertySeed = 20_240_611;

/**
 * The seed every property in this folder runs with: `FC_SEED` when set (to replay the
 * seed a failure printed), else {@link defaultPropertySeed}.
 *
 * @example
 * await fc.assert(property, { seed: propertySeed(), numRuns: 100 });
 */
export function propertySeed(env: string | undefined = process.env.FC_SEED): number {
  if (env === undefined || env.trim() === "") return defaultPropertySeed;
  const seed = Number(env);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, got ${env}`);
  return seed;
}
