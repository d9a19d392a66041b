import { expect } from '@open-wc/testing';
import { styles } from '../../src/element/progress-stream.styles.js';
import { loadScript } from './load-script.js';

// The build minifies the CSS inside css`` templates (vite.config.ts: one line per template, no
// space after a property's colon, no last semicolon, no zero before a decimal point...). What
// ships must be the same stylesheet as the source: the same rules, in the same order, with the
// same selectors and declarations. (npm test builds dist/ first.)

/**
 * The rules as this browser parses them. Selectors, media conditions and keyframe names are
 * compared exactly (a lost descendant space would change them); declarations without their
 * whitespace and with a zero before each decimal point, which a value holding var() keeps as
 * written.
 */
function parsed(rules: CSSRuleList): string[] {
  return [...rules].flatMap((rule) => {
    const head = rule instanceof CSSStyleRule ? rule.selectorText : rule.cssText.slice(0, rule.cssText.indexOf('{')).trim();
    const style =
      'style' in rule && rule.style instanceof CSSStyleDeclaration
        ? rule.style.cssText.replace(/\s+/g, '').replace(/(^|[^\d.])\.(\d)/g, '$10.$2')
        : '';
    const children = 'cssRules' in rule && rule.cssRules instanceof CSSRuleList ? parsed(rule.cssRules) : [];
    return [`${head} {${style}}`, ...children.map((child) => `  ${child}`)];
  });
}

function sheetOf(cssText: string): CSSStyleSheet {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(cssText);
  return sheet;
}

const source = (): string[] => parsed(sheetOf(styles.map((style) => style.cssText).join('\n')).cssRules);

describe('the CSS the build minifies', () => {
  it('is shorter than the source, all on one line per template', async () => {
    const built = (await import(String('/dist/element/progress-stream.styles.js'))) as { styles: Array<{ cssText: string }> };
    // One template joins the pieces (with `${}`, so left as it is): only its ends are white space.
    const shipped = built.styles.map((style) => style.cssText.trim()).join('');
    const written = styles.map((style) => style.cssText).join('');
    expect(shipped.length).to.be.lessThan(written.length * 0.8);
    expect(shipped).not.to.match(/\n|;}|[{;(][-\w]+: |\( | \)/);
  });

  it('is the same stylesheet in the npm modules (dist/element)', async () => {
    const built = (await import(String('/dist/element/progress-stream.styles.js'))) as { styles: Array<{ cssText: string }> };
    const expected = source();
    expect(expected.length).to.be.greaterThan(90);
    expect(parsed(sheetOf(built.styles.map((style) => style.cssText).join('\n')).cssRules)).to.deep.equal(expected);
  });

  it('is the same stylesheet in the standalone bundle (what its element adopts)', async () => {
    await loadScript('/dist/progress-stream.iife.js');
    const el = document.createElement('progress-stream');
    document.body.append(el);
    try {
      await (el as HTMLElement & { updateComplete: Promise<boolean> }).updateComplete;
      const adopted = el.shadowRoot?.adoptedStyleSheets ?? [];
      expect(adopted).to.have.length(1);
      expect(parsed(adopted[0]!.cssRules)).to.deep.equal(source());
    } finally {
      el.remove();
    }
  });
});
