// What a StreamClient needs to know from a mapping: which events end the stream for good and
// which only keep it alive.

import type { StreamMessage } from '../client/types.js';
import type { Mapping, MappingFunction } from './mapping-types.js';
import type { PresetName } from './presets/index.js';
import { resolveMapping } from './reducer.js';

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
  const { compiled } = resolveMapping(mapping);
  const options: MappingClientOptions = {};
  if (compiled.terminalEvents.length > 0) options.terminalEvents = [...compiled.terminalEvents];
  if (compiled.heartbeatEvents.size > 0) options.heartbeatEvents = [...compiled.heartbeatEvents];
  const when = compiled.terminalWhen;
  if (when !== undefined) {
    options.isTerminal = (message) => {
      try {
        if (message.data.trim().length === 0) return false;
        const data: unknown = JSON.parse(message.data);
        return when({ data, message });
      } catch {
        return false;
      }
    };
  }
  return options;
}
