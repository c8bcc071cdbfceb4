import { VigilError } from '#shared/errors';
import { customControls } from '#shared/rules/custom-catalog';
import { CIS_PACK } from './cis';
import { FRAMEWORK_IDS, type Framework, type FrameworkId, type FrameworkPack } from './framework';
import { ISO27001_PACK } from './iso27001';
import { PCI_PACK } from './pci';
import { SOC2_PACK } from './soc2';

/** Every framework pack Vigil ships, keyed by short id. */
export const FRAMEWORK_PACKS: Readonly<Record<FrameworkId, FrameworkPack>> = {
  soc2: SOC2_PACK,
  cis: CIS_PACK,
  iso27001: ISO27001_PACK,
  pci: PCI_PACK,
};

/** Base of the errors about frameworks and their packs. */
export class FrameworkError extends VigilError {
  override readonly name: string = 'FrameworkError';
}

/** A framework id that is neither a short id nor a versioned id Vigil knows. */
export class UnknownFrameworkError extends FrameworkError {
  override readonly name = 'UnknownFrameworkError';

  constructor(readonly requested: string) {
    super(
      `unknown framework "${requested}": use one of ${FRAMEWORK_IDS.map(
        (id) => `${id} (${FRAMEWORK_PACKS[id].framework.versionedId})`,
      ).join(', ')}`,
      { context: { requested } },
    );
  }
}

/** The pack of a framework, by short id (`cis`) or versioned id (`cis-aws-5.0.0`), case-insensitive. */
export function findFrameworkPack(id: string): FrameworkPack | undefined {
  const wanted = id.trim().toLowerCase();
  for (const short of FRAMEWORK_IDS) {
    const pack = FRAMEWORK_PACKS[short];
    if (short === wanted || pack.framework.versionedId === wanted) return pack;
  }
  return undefined;
}

/**
 * Parses a `--framework` value: one or several ids separated by commas, short or versioned, each kept
 * once in the order given.
 * @throws UnknownFrameworkError on an id Vigil has no pack for, or on an empty list.
 */
export function parseFrameworkIds(values: string | readonly string[]): FrameworkId[] {
  const parts = (typeof values === 'string' ? [values] : values).flatMap((value) => value.split(','));
  const ids: FrameworkId[] = [];
  for (const part of parts) {
    if (part.trim() === '') continue;
    const pack = findFrameworkPack(part);
    if (pack === undefined) throw new UnknownFrameworkError(part.trim());
    if (!ids.includes(pack.framework.id)) ids.push(pack.framework.id);
  }
  if (ids.length === 0) throw new UnknownFrameworkError(parts.join(','));
  return ids;
}

/** The framework definition behind a short id. */
export function frameworkOf(id: FrameworkId): Framework {
  return FRAMEWORK_PACKS[id].framework;
}

const NO_CONTROLS: readonly string[] = [];

/**
 * The control ids of one framework a rule serves: the pack's mapping for a built-in rule, the rule's own
 * `controls` for a custom one; none when neither maps it.
 */
export function controls(frameworkId: FrameworkId, ruleId: string): readonly string[] {
  const { mapping } = FRAMEWORK_PACKS[frameworkId];
  return Object.hasOwn(mapping, ruleId)
    ? (mapping[ruleId] ?? NO_CONTROLS)
    : customControls(frameworkId, ruleId);
}
