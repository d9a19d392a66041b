// The `mapping` attribute and property: JSON text, an object, a function or a preset name.
import type { Mapping, MappingFunction, PresetName } from '../../mapping/index.js';

/** The `mapping` attribute is JSON; what cannot be parsed is kept as text and reported. */
export const jsonAttribute = {
  fromAttribute(value: string | null): unknown {
    if (value === null) return undefined;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return new InvalidMappingJson(value);
    }
  },
};

export class InvalidMappingJson {
  constructor(readonly text: string) {}
}

export type MappingChoice = Mapping | MappingFunction | PresetName | InvalidMappingJson | string;

export function jsonIdentity(value: object): unknown {
  try {
    return `json:${JSON.stringify(value)}`;
  } catch {
    return value; // not serialisable (e.g. cyclic): fall back to the object itself
  }
}
