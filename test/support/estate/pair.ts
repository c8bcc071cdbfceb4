import type { ServiceClients } from '#shared/describe/service-clients';
import type { CloudTrailCall } from '#shared/local/events';

/** A resource seeded on moto: the id Vigil's items carry (Config's resource id) and the rules it should fail. */
export interface SeededResource {
  readonly resourceType: string;
  readonly resourceId: string;
  /**
   * The moto account the resource lives in, when not the seeded one: the twin of an account-scoped type
   * (one item per account) needs an account of its own. `motoAccountClients` (./accounts) acts in it.
   */
  readonly accountId?: string;
}

/** A write call as CloudTrail records it; `accountId` when it was made in another account than the seeded one. */
export type SeededCall = Omit<CloudTrailCall, 'accountId' | 'region' | 'eventTime'> & {
  readonly accountId?: string;
};

/** One misconfigured resource beside a compliant twin of the same type, and the write calls that made them. */
export interface SeededPair {
  /** Fails every rule in `failingRules`. */
  readonly misconfigured: SeededResource;
  /** Passes (is COMPLIANT, never NON_COMPLIANT for) every rule in `failingRules`. */
  readonly compliant: SeededResource;
  readonly failingRules: readonly string[];
  /**
   * The CloudTrail calls (as the evaluator receives them) that created and configured both resources, in
   * order; feeding them through the evaluator must reach the same verdicts as a describe sweep.
   */
  readonly events: readonly SeededCall[];
  /** Where moto lacks an API the describer calls or the seeding needs: what stands in, and why. */
  readonly motoGaps?: readonly string[];
}

/**
 * Seeds one resource type on moto through the real service APIs: a misconfigured resource and its compliant
 * twin, with names made unique by `suffix` (tests share one moto account).
 */
export interface PairSeeder {
  readonly resourceType: string;
  seed(
    clients: ServiceClients,
    context: { readonly accountId: string; readonly region: string; readonly suffix: string },
  ): Promise<SeededPair>;
}
