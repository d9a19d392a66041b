import type { Condition, EventRule } from '../mapping-types.js';

/**
 * Rules for an `event: error` that a server framework sends when its stream handler fails:
 * NestJS, when an `@Sse()` generator throws, sends `event: error` with the exception's message
 * as plain text (not JSON), then ends the response. The job fails with that text as the reason.
 * JSON data is read like any failure (`error.message`, `error`, `message`, or a JSON string),
 * together with `extra`, the fields a progress event of the format also carries (and its own
 * `error` list, if the format puts the reason elsewhere).
 * `when` narrows both rules (typed-json only takes the SSE event, not a `type: "error"`).
 */
export function streamErrorRules(extra: EventRule = {}, when?: Condition): EventRule[] {
  const both = (condition: Condition): Condition => (when === undefined ? condition : { all: [when, condition] });
  return [
    { when: both('!$'), status: 'failed', error: '$raw' },
    { error: ['error.message', 'error', 'message', '$'], ...extra, when: both('$'), status: 'failed' },
  ];
}
