// `strictTemplates` checks the attributes of native elements too: allow the `data-testid`
// marker the browser test looks for.
export {};

declare module 'vue' {
  interface HTMLAttributes {
    'data-testid'?: string;
  }
}
