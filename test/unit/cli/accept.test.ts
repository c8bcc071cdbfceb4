import { describe, expect, it } from 'vitest';
import { runAccept, runAcceptances, runRevoke } from '#cli/commands/accept';
import { changeKey } from '#shared/acceptances/register-chain';
import { checkRegisterChain } from '#shared/acceptances/verify-register';
import { memoryRegister } from '#test/support/acceptances';
import { captureIo } from '#test/support/cli-io';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const ALICE = 'arn:aws:sts::123456789012:assumed-role/VigilAcceptanceAdmin/alice';
const STACK = ['--table', 'vigil-state', '--bucket', 'vigil-evidence'];
const VALID = [
  '--rule',
  'restricted-ssh',
  '--resource',
  'sg-0abc*',
  '--account',
  '123456789012',
  '--reason',
  'bastion until the VPN lands',
  '--owner',
  'netops@example.com',
  '--approver',
  'ciso@example.com',
  '--ticket',
  'https://tickets.example.com/RISK-17',
  '--expires',
  '2027-02-01',
  ...STACK,
];

function world() {
  const register = memoryRegister(NOW);
  const dependencies = {
    openRegister: () => register.deps,
    identity: async () => ALICE,
    clock: () => NOW,
  };
  return { register, dependencies };
}

/** `VALID` with one option's value replaced, or the option removed when `value` is undefined. */
function withOption(name: string, value: string | undefined): string[] {
  const index = VALID.indexOf(name);
  const args = [...VALID];
  if (value === undefined) args.splice(index, 2);
  else args[index + 1] = value;
  return args;
}

describe('vigil accept', () => {
  it('records the acceptance as change #1 with the caller as its author, and prints where', async () => {
    const w = world();
    const io = captureIo();
    expect(await runAccept(VALID, io, w.dependencies)).toBe(0);
    expect(io.out()).toMatch(
      /^accepted acc-[0-9a-f]{12}: restricted-ssh on sg-0abc\* in 123456789012 until 2027-02-01T00:00:00.000Z/,
    );
    expect(io.out()).toContain(`s3://vigil-evidence/${changeKey(1)}`);
    const [change] = checkRegisterChain(w.register.objects()).changes;
    expect(change).toMatchObject({
      change: 'accepted',
      by: ALICE,
      acceptance: { createdBy: ALICE, startsAt: NOW.toISOString(), allowTagExemption: false },
    });
  });

  it.each([
    ['an unknown rule', withOption('--rule', 'no-such-rule'), 'unknown rule no-such-rule'],
    ['no reason', withOption('--reason', undefined), '--reason is required'],
    ['no owner', withOption('--owner', undefined), '--owner is required'],
    ['no approver', withOption('--approver', undefined), '--approver is required'],
    [
      'the owner approving',
      withOption('--approver', 'netops@example.com'),
      'must be someone other than the owner',
    ],
    ['no expiry', withOption('--expires', undefined), '--expires is required'],
    ['an expiry in the past', withOption('--expires', '2026-11-01'), 'is not in the future'],
    ['an expiry past a year', withOption('--expires', '2027-12-01'), 'at most 366 days'],
    ['an expiry that is not a date', withOption('--expires', 'next week'), 'must be a date'],
    ['a pattern matching everything', withOption('--resource', '*'), 'matches every resource'],
    ['a malformed account', withOption('--account', 'prod'), '12-digit account id'],
    ['a ticket that is not a URL', withOption('--ticket', 'RISK-17'), 'ticket'],
    ['no table', VALID.slice(0, -4).concat(['--bucket', 'b']), '--table is required'],
  ])('refuses %s (exit 2), writing nothing', async (_name, args, message) => {
    const w = world();
    const io = captureIo();
    expect(await runAccept(args, io, w.dependencies)).toBe(2);
    expect(io.err()).toContain(message);
    expect(w.register.evidence.objects.size).toBe(0);
    expect(w.register.store.advances).toBe(0);
  });
});

describe('vigil revoke and vigil acceptances', () => {
  it('revokes an active acceptance once, and lists it as revoked', async () => {
    const w = world();
    await runAccept([...VALID, '--json'], captureIo(), w.dependencies);
    const [id] = [...w.register.store.entries.keys()];
    const io = captureIo();
    expect(await runRevoke([id ?? '', '--reason', 'VPN is live', ...STACK], io, w.dependencies)).toBe(0);
    expect(io.out()).toContain(`revoked ${id}: register change #2`);
    const again = captureIo();
    expect(await runRevoke([id ?? '', '--reason', 'twice', ...STACK], again, w.dependencies)).toBe(2);
    expect(again.err()).toContain('already revoked');
    const listed = captureIo();
    expect(await runAcceptances(['--table', 'vigil-state'], listed, w.dependencies)).toBe(0);
    expect(listed.out()).toMatch(new RegExp(`${id} +revoked +restricted-ssh`));
    expect(checkRegisterChain(w.register.objects()).problems).toEqual([]);
  });

  it('refuses an unknown id and a revoke without a reason', async () => {
    const w = world();
    const unknown = captureIo();
    expect(await runRevoke(['acc-000000000000', '--reason', 'x', ...STACK], unknown, w.dependencies)).toBe(2);
    expect(unknown.err()).toContain('no acceptance acc-000000000000');
    const noReason = captureIo();
    expect(await runRevoke(['acc-000000000000', ...STACK], noReason, w.dependencies)).toBe(2);
    expect(noReason.err()).toContain('--reason is required');
    expect(w.register.evidence.objects.size).toBe(0);
  });
});
