// The cluster demo page: one <progress-stream> per format, served through a round-robin proxy by
// two instances. For each stream it shows which instance serves it (from the instance's
// `x-progress-instance` response header), offers to kill that instance, and counts the events
// the element applied by their `seq` (numbered by the worker): a stream that moves to the other
// instance must show nothing missed and nothing repeated. A separate file, not an inline
// script, so that the page runs under `Content-Security-Policy: script-src 'self'`.

const JOB_POLL_MS = 1000;
const HISTORY_LINES = 3;

const cards = [...document.querySelectorAll('.card[data-stream]')].map((section) => ({
  section,
  name: section.dataset.stream,
  perJob: section.dataset.kind === 'job',
  element: section.querySelector('progress-stream'),
  instanceLabel: section.querySelector('.instance'),
  killButton: section.querySelector('.kill'),
  tallyLine: section.querySelector('.tally'),
  historyLine: section.querySelector('.history'),
  instance: undefined,
  client: undefined,
  history: [],
  tally: undefined,
}));

// --- Counting what the element applies ------------------------------------------------------------

function resetTally(card, resets = 0) {
  // A per-job stream starts at event 1; a channel opened mid-way starts wherever its history does.
  card.tally = { applied: 0, repeated: 0, missed: 0, resets, expected: card.perJob ? 1 : undefined, lastSeq: 0 };
  renderTally(card);
}

function renderTally(card) {
  const t = card.tally;
  const parts = [`Events applied: ${t.applied}`, `repeated: ${t.repeated}`, `missed: ${t.missed}`];
  if (t.resets > 0) parts.push(`resets: ${t.resets}`);
  card.tallyLine.textContent = parts.join(' · ');
  card.tallyLine.classList.toggle('bad', t.repeated > 0 || t.missed > 0);
  Object.assign(card.section.dataset, {
    applied: String(t.applied),
    repeated: String(t.repeated),
    missed: String(t.missed),
    resets: String(t.resets),
    lastSeq: String(t.lastSeq),
  });
}

function seqOf(data) {
  try {
    const seq = JSON.parse(data)?.seq;
    return Number.isInteger(seq) ? seq : undefined;
  } catch {
    return undefined;
  }
}

function count(card, message) {
  const t = card.tally;
  if (message.event === 'reset') {
    // The server could not resume (the element starts over with the history): so does the tally.
    note(card, 'The server sent a reset: starting over');
    resetTally(card, t.resets + 1);
    return;
  }
  const seq = seqOf(message.data);
  if (seq === undefined) return;
  t.expected ??= seq;
  if (seq < t.expected) t.repeated++;
  else {
    t.missed += seq - t.expected;
    t.applied++;
    t.expected = seq + 1;
    t.lastSeq = seq;
  }
  renderTally(card);
}

/** The element makes a new client for a new `src`: listen to each one's messages once. */
function watchClient(card) {
  const client = card.element.client;
  if (client === undefined || client === null || client === card.client) return;
  card.client = client;
  client.addEventListener('message', (event) => count(card, event.detail));
}

// --- Which instance serves each stream ---------------------------------------------------------

function note(card, line) {
  card.history = [...card.history, line].slice(-HISTORY_LINES);
  card.historyLine.textContent = card.history.join(' · ');
}

function served(card, instance) {
  if (instance === null || instance === card.instance) return;
  if (card.instance !== undefined) {
    const at = card.tally.lastSeq > 0 ? ` after event #${card.tally.lastSeq}` : '';
    note(card, `Moved from instance ${card.instance} to ${instance}${at}, resumed with Last-Event-ID`);
  }
  card.instance = instance;
  card.section.dataset.instance = instance;
  card.instanceLabel.textContent = `instance ${instance}`;
  card.killButton.textContent = `Kill instance ${instance}`;
  card.killButton.disabled = false;
}

function cardOfStream(url) {
  return cards.find((card) => {
    const src = card.element.getAttribute('src');
    return src !== null && new URL(src, document.baseURI).pathname === url.pathname;
  });
}

// The element's client fetches with the page's `fetch`, and response headers are only visible
// there: wrap it to read which instance answered each stream request.
const pageFetch = window.fetch.bind(window);
window.fetch = async (input, init) => {
  const response = await pageFetch(input, init);
  const url = new URL(input instanceof Request ? input.url : String(input), document.baseURI);
  const card = url.pathname.startsWith('/streams/') && response.ok ? cardOfStream(url) : undefined;
  if (card !== undefined) served(card, response.headers.get('x-progress-instance'));
  return response;
};

async function kill(card) {
  const instance = card.instance;
  if (instance === undefined) return;
  card.killButton.disabled = true;
  try {
    const response = await pageFetch(`/instances/${encodeURIComponent(instance)}/api/kill`, { method: 'POST' });
    const result = await response.json();
    note(card, response.ok ? result.message : `Refused: ${result.error}`);
  } catch {
    note(card, `Instance ${instance} did not answer`);
  } finally {
    card.killButton.disabled = false;
  }
}

// --- Jobs: per-job formats get a new stream URL for every job ----------------------------------

function jobEnded(element) {
  const status = element.state.status;
  const connection = element.client?.status;
  return status === 'complete' || status === 'failed' || status === 'cancelled' || connection === 'closed' || connection === 'offline';
}

function showJob(card, src) {
  if (src === undefined || card.element.getAttribute('src') === src) return;
  card.element.setAttribute('src', src);
  card.instance = undefined;
  card.history = [];
  card.historyLine.textContent = '';
  card.instanceLabel.textContent = '…';
  card.killButton.disabled = true;
  resetTally(card);
}

let polling = false;

async function refreshJobs() {
  const waiting = cards.filter((card) => card.perJob && (!card.element.hasAttribute('src') || jobEnded(card.element)));
  if (polling || waiting.length === 0) return;
  polling = true;
  try {
    const response = await pageFetch('/api/jobs', { cache: 'no-store' });
    if (!response.ok) return;
    const { streams } = await response.json();
    for (const card of waiting) showJob(card, streams[card.name]?.src);
  } catch {
    // No instance answered (both restarting): the next poll tries again.
  } finally {
    polling = false;
  }
}

// --- Start -------------------------------------------------------------------------------------

for (const card of cards) {
  resetTally(card);
  card.element.addEventListener('connection-change', (event) => {
    watchClient(card);
    card.instanceLabel.classList.toggle('stale', event.detail.status !== 'open');
    if (card.perJob && (event.detail.status === 'closed' || event.detail.status === 'offline')) setTimeout(() => void refreshJobs(), 0);
  });
  card.killButton.addEventListener('click', () => void kill(card));
  if (card.perJob) {
    const next = () => setTimeout(() => void refreshJobs(), 0);
    card.element.addEventListener('progress-complete', next);
    card.element.addEventListener('progress-failed', next);
  }
}

void refreshJobs();
setInterval(() => void refreshJobs(), JOB_POLL_MS);
