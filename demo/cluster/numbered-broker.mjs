// The worker's broker: the Redis broker, with every event's data numbered per stream (`seq`: 1,
// 2, 3, …). The ids Redis assigns are ordered but not consecutive, so a page could tell a
// repeat from them, never a gap; with `seq` it can show that a stream which moved from one
// instance to another missed nothing and repeated nothing.
//
// A wrapper rather than a change to the simulations: they stay the same as in `npm start`.

function objectData(data) {
  try {
    const value = JSON.parse(data);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `broker` with `seq` added to JSON object data. A stream appends one event at a time, so the
 * number is taken only once Redis has the event: a publish that failed leaves no hole.
 */
export function numberedBroker(broker) {
  const counters = new Map();
  const numbered = (key, event, send) => {
    const data = event === undefined ? undefined : objectData(event.data);
    if (data === undefined) return send(event);
    const seq = (counters.get(key) ?? 0) + 1;
    return Promise.resolve(send({ ...event, data: JSON.stringify({ ...data, seq }) })).then((stored) => {
      counters.set(key, seq);
      return stored;
    });
  };
  return {
    append: (key, event) => numbered(key, event, (e) => broker.append(key, e)),
    end: (key, terminal) => numbered(key, terminal, (e) => broker.end(key, e)),
    since: (key, lastEventId) => broker.since(key, lastEventId),
    watch: (key, listener) => broker.watch(key, listener),
    exists: (key) => broker.exists(key),
    isAfter: (id, than) => broker.isAfter(id, than),
    release: (key) => {
      counters.delete(key);
      return broker.release(key);
    },
    discard: (key) => broker.discard(key),
    close: () => broker.close(),
  };
}
