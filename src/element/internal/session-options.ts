// What <progress-stream> hands its session in every update: its properties under the
// session's names, the mapping it chose, and whether it may connect yet.
import type { Mapping, MappingFunction, PresetName } from '../../mapping/index.js';
import type { MappingChoice } from '../../session/mapping-choice.js';
import type { JobActions } from '../../session/job-control.js';
import type { ProgressClient, ProgressSessionOptions } from '../../session/types.js';
import type { ProgressStreamStrings } from '../strings.js';
import { jsonAttribute } from './mapping-attribute.js';
import { numericOptions, type NumericAttributes } from './numeric-attributes.js';

/** The element's properties the session depends on. */
export interface SessionProperties extends NumericAttributes, Element {
  src: string | undefined;
  preset: PresetName | (string & {}) | undefined;
  mapping: Mapping | MappingFunction | undefined;
  withCredentials: boolean;
  statusUrl: string | undefined;
  headers: ProgressSessionOptions['headers'];
  onUnauthorized: ProgressSessionOptions['onUnauthorized'];
  debug: boolean;
  resetEvent: string;
  manual: boolean;
  shared: boolean;
  cancelUrl: string | undefined;
  pauseUrl: string | undefined;
  resumeUrl: string | undefined;
  actions: JobActions | undefined;
  /** Milliseconds without progress before "Stalled" (the `stall-after` attribute). */
  stallAfter: number | undefined;
  historyKey: string | undefined;
}

export interface ElementContext {
  /** The client set on the element, if any. */
  client: ProgressClient | undefined;
  /** The document has run the scripts that follow the element (see connect-when-ready). */
  documentReady: boolean;
  strings: ProgressStreamStrings;
}

export function sessionOptions(element: SessionProperties, context: ElementContext): ProgressSessionOptions {
  const { strings } = context;
  return {
    src: element.src,
    // Its own document's base: an element adopted into an iframe follows the iframe's <base>.
    baseUrl: element.ownerDocument.baseURI,
    mapping: mappingChoice(element),
    client: context.client,
    ...numericOptions(element),
    credentials: element.withCredentials ? 'include' : 'same-origin',
    statusUrl: element.statusUrl,
    headers: element.headers,
    onUnauthorized: element.onUnauthorized,
    debug: element.debug,
    resetEvent: element.resetEvent,
    manual: element.manual,
    share: element.shared,
    // Resolved against baseUrl and checked (http(s) only) by the session, like `src`.
    cancelUrl: element.cancelUrl,
    pauseUrl: element.pauseUrl,
    resumeUrl: element.resumeUrl,
    actions: element.actions,
    // Garbage ("abc", -1) gives the session's default, as for the other numeric attributes.
    stallAfterMs: element.stallAfter,
    historyKey: element.historyKey,
    ready: context.documentReady,
    active: element.isConnected,
    // A page often sets `headers` just after the element connected: a 401 before then waits.
    awaitCredentials: true,
    text: {
      invalidMapping: strings.invalidMapping,
      startingOver: strings.startingOver,
      invalidSource: 'The src attribute must be an http(s) URL',
      cancelFailed: strings.cancelFailed,
      pauseFailed: strings.pauseFailed,
      resumeFailed: strings.resumeFailed,
      notConfirmed: strings.notConfirmed,
    },
  };
}

/** Which mapping applies: the property or attribute, the preset, a JSON script child, the default. */
function mappingChoice(element: SessionProperties): MappingChoice | undefined {
  const mapping: unknown = element.mapping;
  if (mapping !== undefined && mapping !== null) return mapping as MappingChoice;
  if (element.preset) return element.preset;
  const script = element.querySelector(':scope > script[type="application/json"]');
  if (script) {
    const parsed = jsonAttribute.fromAttribute(script.textContent ?? '');
    if (parsed !== undefined) return parsed as MappingChoice;
  }
  return undefined;
}
