import { nothing } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

/**
 * Sets a CSS custom property through the CSSOM (`style.setProperty`), on first render too.
 * Lit's styleMap writes a `style="…"` attribute on first render, which a Content-Security-Policy
 * without `'unsafe-inline'` for styles blocks; CSSOM writes are always allowed.
 */
class CssPropertyDirective extends Directive {
  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ELEMENT) throw new Error('cssProperty() belongs on an element');
  }

  render(_name: string, _value: string): typeof nothing {
    return nothing;
  }

  override update(part: ElementPart, [name, value]: [string, string]): typeof nothing {
    (part.element as HTMLElement).style.setProperty(name, value);
    return nothing;
  }
}

export const cssProperty = directive(CssPropertyDirective);
