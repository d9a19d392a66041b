// The faults the demo page can switch on (POST /api/faults/<name>), to watch the element
// recover from each failure a real network produces: a dropped connection, a half-open one,
// an overloaded server, an expired token, a job that starts over.

const FAULTS = ['drop', 'stall', '503', '401', 'restart'];
const DEFAULT_SECONDS = { stall: 15, 503: 10 };
/** Longer faults would outlast the element's whole retry budget and teach nothing. */
const MAX_SECONDS = 120;

/**
 * Checks a fault request's body for the stream `name` (its definition `def`).
 * @returns {{ type: string, seconds: number } | { error: string }}
 */
export function parseFault(name, def, body) {
  const type = String(body?.type ?? '');
  if (!FAULTS.includes(type)) return { error: `type must be one of ${FAULTS.join(', ')}` };
  if (type === '401' && !def.auth) return { error: `${name} does not require authentication` };
  const seconds = Number(body?.seconds ?? DEFAULT_SECONDS[type] ?? 0);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > MAX_SECONDS) {
    return { error: `seconds must be between 0 and ${MAX_SECONDS}` };
  }
  return { type, seconds };
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Destroys every open connection of the stream; returns how many there were. */
function drop(s) {
  const open = [...s.connections];
  for (const connection of open) connection.res.destroy();
  return open.length;
}

/**
 * Applies a checked fault to one stream's state `s` (see `createStreamStates`); `restart` starts
 * its job over. Returns the line the demo page shows.
 */
export function applyFault(s, restart, type, seconds) {
  switch (type) {
    case 'drop': {
      const n = drop(s);
      return n === 0 ? 'No open connection to drop' : `Dropped ${plural(n, 'connection')}`;
    }
    case 'stall': {
      const open = [...s.connections];
      for (const connection of open) connection.stall(seconds * 1000);
      return open.length === 0 ? 'No open connection to stall' : `Stalling ${plural(open.length, 'connection')} for ${seconds} s`;
    }
    case '503': {
      s.unavailableUntil = Date.now() + seconds * 1000;
      const n = drop(s);
      return `Answering 503 for ${seconds} s (dropped ${plural(n, 'connection')})`;
    }
    case '401': {
      s.unauthorizedOnce = true;
      const n = drop(s);
      return `The next request gets 401 (dropped ${plural(n, 'connection')})`;
    }
    case 'restart':
      return restart();
  }
  return undefined;
}
