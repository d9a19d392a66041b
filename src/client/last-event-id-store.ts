/**
 * Keeps the last event id in `sessionStorage` so that a page reload resumes the stream. Any
 * storage failure (no storage in Workers and Node, quota, privacy mode) just disables it.
 */
export interface LastEventIdStore {
  read(): string | undefined;
  write(id: string | undefined): void;
}

interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function sessionStorageOrNull(): KeyValueStorage | null {
  try {
    const storage = (globalThis as { sessionStorage?: KeyValueStorage }).sessionStorage;
    return storage ?? null;
  } catch {
    return null; // access can throw (sandboxed iframes, disabled storage)
  }
}

export function lastEventIdStore(key: string): LastEventIdStore {
  const storage = sessionStorageOrNull();
  let written: string | undefined;
  return {
    read() {
      try {
        const value = storage?.getItem(key);
        written = value ?? undefined;
        return written;
      } catch {
        return undefined;
      }
    },
    write(id) {
      if (id === written) return;
      written = id;
      try {
        if (id === undefined) storage?.removeItem(key);
        else storage?.setItem(key, id);
      } catch {
        // Storage full or unavailable: resuming after reload is best-effort.
      }
    },
  };
}
