// The `mapping` attribute: JSON text. What cannot be parsed is kept as text for the session to
// report as an invalid mapping.
import { InvalidMappingJson } from '../../session/mapping-choice.js';

export { InvalidMappingJson };

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
