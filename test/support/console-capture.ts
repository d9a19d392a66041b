// Records every console line a page writes (still passing it on), so that tests can assert
// that no secret ever reaches a log.

export interface ConsoleCapture {
  readonly lines: string[];
  restore(): void;
}

const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;

/** JSON for logging and messages: never throws (cycles, BigInt), falls back to String. */
export function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function captureConsole(): ConsoleCapture {
  const lines: string[] = [];
  const originals = METHODS.map((method) => [method, console[method]] as const);
  for (const [method, original] of originals) {
    console[method] = (...args: unknown[]) => {
      lines.push(args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' '));
      original.apply(console, args);
    };
  }
  return {
    lines,
    restore: () => {
      for (const [method, original] of originals) console[method] = original;
    },
  };
}
