// One open stream connection, wrapped so that the "stall" fault can hold back every write:
// a half-open connection (open socket, no bytes, not even heartbeats) is what the element's
// heartbeat timeout exists for, and a real one is hard to produce on purpose.

/** Tracks `res`; hand `connection.response` to `handleNode` instead of `res`. */
export function trackConnection(res) {
  const connection = {
    res,
    stalled: false,
    held: [],
    endHeld: false,
    timer: undefined,
    stall(ms) {
      clearTimeout(connection.timer);
      connection.stalled = true;
      connection.timer = setTimeout(() => connection.resume(), ms);
    },
    resume() {
      clearTimeout(connection.timer);
      connection.stalled = false;
      const held = connection.held;
      connection.held = [];
      if (res.destroyed || res.writableEnded) return;
      for (const chunk of held) res.write(chunk);
      if (connection.endHeld) res.end();
    },
  };
  // What `handleNode` writes to: the real response, except that nothing reaches the socket
  // (events and heartbeats alike) while the connection is stalled.
  connection.response = {
    writeHead: (status, headers) => res.writeHead(status, headers),
    write(chunk) {
      if (!connection.stalled) return res.write(chunk);
      connection.held.push(chunk);
      return true;
    },
    end() {
      if (connection.stalled) connection.endHeld = true;
      else res.end();
    },
    destroy: () => res.destroy(),
    on: (event, listener) => res.on(event, listener),
    off: (event, listener) => res.off(event, listener),
    flushHeaders: () => res.flushHeaders(),
    get headersSent() {
      return res.headersSent;
    },
  };
  return connection;
}
