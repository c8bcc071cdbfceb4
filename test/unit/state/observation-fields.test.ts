import { describe, expect, it } from 'vitest';
import { observationFields, type Transition } from '#shared/state/compliance-state';

const AT = '2026-11-23T10:00:00.000Z';
const FAILING = {
  repeatCount: 4,
  lastSeenAt: '2026-11-22T10:00:00.000Z',
  failingSince: '2026-11-18T10:00:00.000Z',
};

describe('observationFields: repeats are counted, not alerted', () => {
  it('starts a failure: counter at 0, failing since now', () => {
    expect(observationFields(undefined, 'NEW_FAILURE', { compliance: 'NON_COMPLIANT' }, AT)).toEqual({
      repeatCount: 0,
      lastSeenAt: AT,
      failingSince: AT,
    });
  });

  it('counts a repeat of the failure, keeping when it began', () => {
    expect(observationFields(FAILING, 'STILL_FAILING', { compliance: 'NON_COMPLIANT' }, AT)).toEqual({
      repeatCount: 5,
      lastSeenAt: AT,
      failingSince: FAILING.failingSince,
    });
  });

  it('counts from 1 on rows written before the counter existed', () => {
    expect(observationFields({}, 'STILL_PASSING', { compliance: 'COMPLIANT' }, AT)).toEqual({
      repeatCount: 1,
      lastSeenAt: AT,
    });
  });

  it.each<Transition>(['RESOLVED', 'FIRST_PASS'])(
    '%s resets the counter and drops failingSince',
    (transition) => {
      expect(observationFields(FAILING, transition, { compliance: 'COMPLIANT' }, AT)).toEqual({
        repeatCount: 0,
        lastSeenAt: AT,
      });
    },
  );

  it.each<[Transition, 'ERROR' | 'NON_COMPLIANT']>([
    ['STILL_FAILING', 'ERROR'],
    ['STALE', 'NON_COMPLIANT'],
  ])('%s with a %s outcome changes nothing', (transition, compliance) => {
    expect(observationFields(FAILING, transition, { compliance }, AT)).toEqual(FAILING);
  });
});
