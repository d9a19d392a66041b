// What a StreamClient needs to know from a mapping: which events end the stream for good and
// which only keep it alive.

import type { StreamMessage } from '../client/types.js';
import { parseJson } from './coerce.js';
import { holds } from './conditions.js';
import type { Mapping, MappingFunction } from './mapping-types.js';
import type { PresetName } from './presets/index.js';
import { resolveMapping } from './validate.js';

export interface MappingClientOptions {
  /** Event names after which the server sends nothing more: the client closes instead of reconnecting. */
  terminalEvents?: string[];
  /** For formats that mark the end in the data (`step: "complete"`). Never throws. */
  isTerminal?: (message: StreamMessage) => boolean;
  /** Events that only keep the connection alive. */
  heartbeatEvents?: string[];
}

/**
 * The client options a mapping implies, ready to spread into `StreamClientOptions`. A function
 * mapping implies none. Throws `MappingValidationError` for an invalid mapping.
 */
export function clientOptionsFor(mapping: Mapping | MappingFunction | PresetName): MappingClientOptions {
  if (typeof mapping === 'function') return {};
  const { terminalEvents, heartbeatEvents, terminalWhen } = structuredClone(resolveMapping(mapping));
  const options: MappingClientOptions = {};
  if (terminalEvents?.length) options.terminalEvents = terminalEvents;
  if (heartbeatEvents?.length) options.heartbeatEvents = heartbeatEvents;
  if (terminalWhen !== undefined) {
    options.isTerminal = (message) => {
      try {
        const data = parseJson(message.data);
        return data !== undefined && holds(terminalWhen, { data, message });
      } catch {
        return false;
      }
    };
  }
  return options;
}
