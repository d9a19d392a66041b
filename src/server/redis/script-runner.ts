// Runs the broker's Lua scripts by their SHA1 (EVALSHA), loading them on first use and again
// when Redis has forgotten them (after a restart or SCRIPT FLUSH answers NOSCRIPT).

import type { RedisConnection } from './connection.js';

export class ScriptRunner {
  readonly #connection: RedisConnection;
  readonly #timeoutMs: number;
  readonly #shas = new Map<string, Promise<string>>();

  constructor(connection: RedisConnection, timeoutMs: number) {
    this.#connection = connection;
    this.#timeoutMs = timeoutMs;
  }

  async run(script: string, keys: readonly string[], args: readonly string[]): Promise<unknown> {
    const call = async (): Promise<unknown> => {
      const sha = await this.#sha(script);
      return this.#connection.command(['EVALSHA', sha, String(keys.length), ...keys, ...args], this.#timeoutMs);
    };
    try {
      return await call();
    } catch (error) {
      if (!String((error as { message?: unknown } | null)?.message).includes('NOSCRIPT')) throw error;
      this.#shas.delete(script);
      return call();
    }
  }

  #sha(script: string): Promise<string> {
    let sha = this.#shas.get(script);
    if (sha === undefined) {
      sha = this.#connection.command(['SCRIPT', 'LOAD', script], this.#timeoutMs).then(String);
      this.#shas.set(script, sha);
      // A failed load (Redis down) is tried again next time.
      sha.catch(() => {
        if (this.#shas.get(script) === sha) this.#shas.delete(script);
      });
    }
    return sha;
  }
}
