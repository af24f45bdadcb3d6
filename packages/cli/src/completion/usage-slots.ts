import type { NameKind } from '@skiff/core';

/** SlotKind is what one positional argument holds: a stored object's name or a file. */
export type SlotKind = NameKind | 'file';

/** UsageSlot is one positional argument of a command, as its usage line describes it. */
export interface UsageSlot {
  kinds: SlotKind[];
  /** Literal words the argument takes (`completion {bash|zsh|fish}`). */
  words: string[];
  /** The argument may repeat (`CONTAINER [CONTAINER...]`). */
  repeats: boolean;
}

// The placeholders of Podman's usage lines that completion knows how to fill.
const KINDS: Record<string, SlotKind> = {
  CONTAINER: 'container',
  IMAGE: 'image',
  VOLUME: 'volume',
  COMMAND: 'file',
  ARG: 'file',
  PATH: 'file',
  FILE: 'file',
};

/**
 * usageSlots reads a usage line (`[options] IMAGE [COMMAND [ARG...]]`) as the list of its
 * positional arguments, so that completion needs no table of its own: the line Podman prints
 * says what each argument is. Optional brackets do not change what an argument holds.
 */
export function usageSlots(usage: string): UsageSlot[] {
  const tokens = usage.replace('[options]', '').replace(/[[\]]/g, ' ').split(/\s+/).filter(Boolean);
  const slots: UsageSlot[] = [];

  for (const token of tokens) {
    const repeats = token.endsWith('...');
    const name = token.replace(/\.\.\.$/, '');
    const last = slots[slots.length - 1];
    if (!name && last) {
      last.repeats = true;
      continue;
    }
    slots.push({ ...alternatives(name), repeats });
  }
  return slots;
}

function alternatives(token: string): Pick<UsageSlot, 'kinds' | 'words'> {
  const choices = token.replace(/^\{|\}$/g, '').split('|');
  return {
    kinds: choices.map((choice) => KINDS[choice]).filter((kind) => kind !== undefined),
    words: choices.filter((choice) => /^[a-z][a-z0-9-]*$/.test(choice)),
  };
}

/** slotAt is the slot of the `index`th positional argument, following a repeating last one. */
export function slotAt(slots: readonly UsageSlot[], index: number): UsageSlot | undefined {
  if (index < slots.length) return slots[index];
  const last = slots[slots.length - 1];
  return last?.repeats ? last : undefined;
}
