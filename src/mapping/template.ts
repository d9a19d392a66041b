// Small text templates for messages and activity lines: `"Loaded {count} orders"`. A
// placeholder is a dot path; `{path?}` renders nothing when the value is missing; `{{` and `}}`
// are literal braces. There is no code in a template: only paths are substituted.

import { parsePath, readPath, type ParsedPath, type PathSource } from './paths.js';
import { toText } from './coerce.js';

export interface Placeholder {
  readonly path: ParsedPath;
  readonly optional: boolean;
}

export type TemplatePart = string | Placeholder;

export interface ParsedTemplate {
  readonly text: string;
  readonly parts: readonly TemplatePart[];
}

/** Parses a template; returns an explanation instead when it is malformed. */
export function parseTemplate(text: string): ParsedTemplate | string {
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === '{' && text[i + 1] === '{') {
      literal += '{';
      i += 2;
    } else if (char === '}' && text[i + 1] === '}') {
      literal += '}';
      i += 2;
    } else if (char === '}') {
      return `unmatched "}" at position ${i} (write "}}" for a literal brace)`;
    } else if (char === '{') {
      const end = text.indexOf('}', i + 1);
      if (end < 0) return `unclosed "{" at position ${i} (write "{{" for a literal brace)`;
      let inner = text.slice(i + 1, end).trim();
      const optional = inner.endsWith('?');
      if (optional) inner = inner.slice(0, -1).trim();
      if (inner.includes('{')) return `"{" inside a placeholder at position ${i}`;
      const path = parsePath(inner);
      if (typeof path === 'string') return `placeholder {${inner}}: ${path}`;
      if (literal) parts.push(literal);
      literal = '';
      parts.push({ path, optional });
      i = end + 1;
    } else {
      literal += char;
      i += 1;
    }
  }
  if (literal) parts.push(literal);
  return { text, parts };
}

/**
 * Renders a template. A missing required placeholder makes the whole result missing
 * (undefined) rather than a half-filled line such as "Batch 3 of "; `onMissing` hears about it.
 */
export function renderTemplate(
  template: ParsedTemplate,
  source: PathSource,
  onMissing?: (path: ParsedPath) => void,
): string | undefined {
  let out = '';
  let complete = true;
  for (const part of template.parts) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const text = toText(readPath(part.path, source));
    if (text !== undefined) out += text;
    else if (!part.optional) {
      complete = false;
      onMissing?.(part.path);
    }
  }
  return complete ? out : undefined;
}
