// Small text templates for messages and activity lines: `"Loaded {count} orders"`. A
// placeholder is a dot path; `{path?}` renders nothing when the value is missing; `{{` and `}}`
// are literal braces. There is no code in a template: only paths are substituted. Templates
// come from mappings, which may come from an HTML attribute: their length is bounded, and the
// one expression that splits them matches each brace at most once (linear).

import { memoize, toText } from './coerce.js';
import { pathError, readPath, type PathSource } from './paths.js';

export interface Placeholder {
  readonly path: string;
  readonly optional: boolean;
}

export const MAX_TEMPLATE_LENGTH = 2000;

/** Literal text and placeholders, in order; or an explanation when the template is malformed. */
export function parseTemplate(text: string): Array<string | Placeholder> | string {
  if (text.length > MAX_TEMPLATE_LENGTH) return `is too long (at most ${MAX_TEMPLATE_LENGTH} characters)`;
  const parts: Array<string | Placeholder> = [];
  // Odd entries are `{{`, `}}` or a placeholder; even entries are literal text between them.
  const tokens = text.split(/(\{\{|\}\}|\{[^{}]*\})/);
  for (const [i, token] of tokens.entries()) {
    if (i % 2 === 0) {
      if (/[{}]/.test(token)) return 'has an unmatched "{" or "}" (write "{{" or "}}" for a brace)';
      parts.push(token);
    } else if (token === '{{' || token === '}}') {
      parts.push(token.charAt(0));
    } else {
      const inner = token.slice(1, -1).trim();
      const optional = inner.endsWith('?');
      const path = optional ? inner.slice(0, -1).trim() : inner;
      const error = pathError(path);
      if (error) return error;
      parts.push({ path, optional });
    }
  }
  return parts;
}

const parsedTemplate = memoize(parseTemplate);

/**
 * Renders a template (checked when the mapping was created). A missing required placeholder
 * makes the whole result missing (undefined) rather than a half-filled "Batch 3 of "; its path
 * is added to `missing`, for diagnostics.
 */
export function renderTemplate(text: string, source: PathSource, missing: string[] = []): string | undefined {
  const parts = parsedTemplate(text);
  if (typeof parts === 'string') return undefined;
  let out = '';
  let complete = true;
  for (const part of parts) {
    const value = typeof part === 'string' ? part : toText(readPath(part.path, source));
    if (value !== undefined) out += value;
    else if (typeof part !== 'string' && !part.optional) {
      complete = false;
      missing.push(part.path);
    }
  }
  return complete ? out : undefined;
}
