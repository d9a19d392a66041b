import { css } from 'lit';

// The host and its theme tokens: the public --ps-* custom properties (documented with @cssprop
// on the element) resolve here into internal --_* properties, which every other piece reads.
// Also the outer box (.base) and the visually hidden text used for announcements.
export const hostStyles = css`
  :host {
    /* Light and dark values in one place: light-dark() follows the used color-scheme. The host
       sets none by default, so it inherits the page's: light on a page that declares nothing
       (even when the OS is dark, where a dark card on a white page looked broken), dark on a
       page that declares color-scheme: dark (in CSS or a meta tag). The theme attribute pins it. */
    --_accent: var(--ps-color-accent, light-dark(#2563eb, #60a5fa));
    --_success: var(--ps-color-success, light-dark(#15803d, #4ade80));
    --_warning: var(--ps-color-warning, light-dark(#b45309, #fbbf24));
    --_danger: var(--ps-color-danger, light-dark(#b91c1c, #f87171));
    --_text: var(--ps-color-text, light-dark(#111827, #f3f4f6));
    --_muted: var(--ps-color-muted, light-dark(#4b5563, #9ca3af));
    --_surface: var(--ps-color-surface, light-dark(#ffffff, #111827));
    --_track: var(--ps-color-track, light-dark(#e5e7eb, #374151));
    --_border: var(--ps-color-border, light-dark(#d1d5db, #374151));
    --_radius: var(--ps-radius, 8px);
    --_space: var(--ps-spacing, 12px);
    --_bar-height: var(--ps-bar-height, 10px);
    --_feed-height: var(--ps-feed-max-height, 12rem);
    --_duration: var(--ps-transition-duration, 300ms);

    display: block;
    box-sizing: border-box;
    color: var(--_text);
    font-family: var(--ps-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--ps-font-size, 0.9375rem);
    line-height: 1.4;
    /* Server text (a URL as a step id, a 200-character job key) may contain no break
       opportunity at all: let it break anywhere rather than widen the element. Inherited by
       every part. */
    overflow-wrap: anywhere;
    contain: content;
  }

  :host([hidden]) {
    display: none;
  }

  :host([theme='light']) {
    color-scheme: light;
  }

  :host([theme='dark']) {
    color-scheme: dark;
  }

  /* Follow the operating system, whatever the page declares. */
  :host([theme='auto']) {
    color-scheme: light dark;
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  .base {
    display: grid;
    /* Not the implicit 'auto' column, which grows to the widest unbreakable content and pushes
       bar, steps and indicator past the container (clipped: a 10 % fill looked like 20 %). */
    grid-template-columns: minmax(0, 1fr);
    min-width: 0;
    gap: var(--_space);
    padding: var(--_space);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  :host([compact]) .base {
    gap: calc(var(--_space) / 2);
    padding: calc(var(--_space) / 2);
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;
