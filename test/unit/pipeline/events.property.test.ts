import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEventBridgeEvent, parseQueuedEvent } from '#shared/pipeline/events';
import { messageBodyArbitrary, validEvents } from './event-arbitraries';

const KINDS = ['item', 'oversized', 'cloudtrail', 'ignored', 'rejected'];

describe('event parsers: never throw, whatever the input (fast-check)', () => {
  it('classify every valid fixture event without rejecting it', () => {
    for (const event of validEvents()) {
      const input = parseEventBridgeEvent(event);
      expect(['item', 'oversized', 'cloudtrail'], JSON.stringify(input).slice(0, 200)).toContain(input.kind);
    }
  });

  it('parseQueuedEvent classifies any message body and never throws', () => {
    fc.assert(
      fc.property(messageBodyArbitrary, (body) => {
        const input = parseQueuedEvent(body);
        expect(KINDS).toContain(input.kind);
        if (input.kind === 'rejected') expect(input.reason.length).toBeGreaterThan(0);
        if (input.kind === 'item') {
          expect(typeof input.item.resourceType).toBe('string');
          expect(Number.isNaN(Date.parse(input.item.captureTime))).toBe(false);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('parseEventBridgeEvent classifies any JavaScript value and never throws', () => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true }),
        (value) => {
          expect(KINDS).toContain(parseEventBridgeEvent(value).kind);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects a body that is not JSON, and says so', () => {
    fc.assert(
      fc.property(
        fc.string().filter((text) => {
          try {
            JSON.parse(text);
            return false;
          } catch {
            return true;
          }
        }),
        (body) => {
          expect(parseQueuedEvent(body)).toEqual({ kind: 'rejected', reason: 'message body is not JSON' });
        },
      ),
    );
  });
});
