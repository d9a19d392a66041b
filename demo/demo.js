// The demo page: wires each <progress-stream> to its stream, the fault buttons to the demo
// server, the "open this job in another tab" links and the theme toggle. A separate file, not
// an inline script, so that the page runs under `Content-Security-Policy: script-src 'self'`.

const JOB_POLL_MS = 1000;
const ROLE_POLL_MS = 500;
const STATUS_CLEAR_MS = 12_000;

const cards = [...document.querySelectorAll('.card[data-stream]')].map((section) => ({
  section,
  name: section.dataset.stream,
  perJob: section.dataset.kind === 'job',
  auth: section.hasAttribute('data-auth'),
  element: section.querySelector('progress-stream'),
  usage: section.querySelector('.usage code'),
  status: section.querySelector('.fault-status'),
  role: section.querySelector('.share-role'),
  link: section.querySelector('.share-link'),
}));
const elements = cards.map((card) => card.element);

// --- Authentication: a bearer token in a header, never in the URL --------------------------------

/** Fetches a token once and keeps it until it expires or the server rejects it. */
const auth = (() => {
  let token;
  let expiresAt = 0;
  let pending;
  return {
    async token() {
      if (token !== undefined && Date.now() < expiresAt - 30_000) return token;
      pending ??= fetch('/api/token', { method: 'POST' })
        .then((response) => {
          if (!response.ok) throw new Error(`The token request failed (HTTP ${response.status})`);
          return response.json();
        })
        .then((body) => {
          token = body.token;
          expiresAt = Date.now() + body.expiresIn * 1000;
          return token;
        })
        .finally(() => {
          pending = undefined;
        });
      return pending;
    },
    forget() {
      token = undefined;
    },
  };
})();

// --- The three lines of HTML shown next to each element ----------------------------------------

function renderUsage(card) {
  const { element, name } = card;
  const src = element.getAttribute('src') ?? `/streams/${name}/…`;
  const preset = element.getAttribute('preset');
  const lines = ['<script src="progress-stream.iife.js"></script>'];
  // The job's control URLs and where its past durations are kept, when the card has them.
  const extra = ['cancel-url', 'pause-url', 'resume-url', 'history-key']
    .filter((attribute) => element.hasAttribute(attribute))
    .map((attribute) => `${attribute}="${element.getAttribute(attribute)}"`);
  const more = extra.map((attribute) => ` ${attribute}`).join(''); // three lines: the same line, however long
  if (card.auth) {
    const id = element.id;
    lines.push(`<progress-stream id="${id}" src="${src}" preset="${preset}" shared manual${more}></progress-stream>`);
    lines.push(`<script>${id}.headers = async () => ({ Authorization: \`Bearer \${await getToken()}\` }); ${id}.connect();</script>`);
  } else {
    lines.push(`<progress-stream src="${src}" preset="${preset}" shared`);
    lines.push(`                 heartbeat-timeout="5000"${more}></progress-stream>`);
  }
  card.usage.textContent = lines.join('\n');
}

// --- Jobs: formats whose jobs end get a new stream URL for every job ---------------------------

function jobEnded(element) {
  const status = element.state.status;
  const connection = element.client?.status;
  return status === 'complete' || status === 'failed' || status === 'cancelled' || connection === 'closed' || connection === 'offline';
}

/**
 * A new job is a new stream: setting `src` starts the element over. Its cancel, pause and resume
 * URLs are the stream's URL with the action appended (the demo server's routes): POSTed with the
 * element's `headers`, so the authenticated cards send their token there too.
 */
function showJob(card, src) {
  if (src === undefined || card.element.getAttribute('src') === src) return;
  for (const action of ['cancel', 'pause', 'resume']) card.element.setAttribute(`${action}-url`, `${src}/${action}`);
  card.element.setAttribute('src', src);
  renderUsage(card);
  renderShareLink(card);
}

// --- Tabs: the elements are `shared`, so tabs showing the same stream share one connection ----

/** This page, showing this card's job: the link opens it in another tab. */
function renderShareLink(card) {
  const query = new URLSearchParams({ job: card.name });
  const src = card.element.getAttribute('src');
  if (card.perJob && src !== null) query.set('src', src);
  card.link.href = `?${query}`;
}

/**
 * The job a link asked for (`?job=<card>&src=<stream>`), when it is one of that card's jobs on
 * this server: an authenticated card sends its token to its `src`, so no other URL is taken.
 */
function linkedJob(card) {
  const query = new URLSearchParams(location.search);
  if (query.get('job') !== card.name || !card.perJob) return undefined;
  const src = query.get('src') ?? '';
  const prefix = `/streams/${card.name}/`;
  return src.startsWith(prefix) && /^[\w-]+$/.test(src.slice(prefix.length)) ? src : undefined;
}

/** Whether this tab holds the stream's connection or follows another tab's (`shareRole`). */
function renderRole(card) {
  const { element } = card;
  const status = element.client?.status;
  let text;
  if (status === undefined || status === 'idle' || status === 'closed') text = 'Not connected';
  else if (element.shareRole === 'holder') text = 'This tab holds the connection';
  else if (element.shareRole === 'follower') text = 'Following the connection of another tab';
  else text = 'Joining the shared stream…';
  if (card.role.textContent !== text) card.role.textContent = text;
  card.role.dataset.role = element.shareRole ?? 'none';
}

let polling = false;

/** Picks up the next job of every per-job card whose job has ended. */
async function refreshJobs() {
  const waiting = cards.filter((card) => card.perJob && (!card.element.hasAttribute('src') || jobEnded(card.element)));
  if (polling || document.hidden || waiting.length === 0) return;
  polling = true;
  try {
    const response = await fetch('/api/jobs', { cache: 'no-store' });
    if (!response.ok) return;
    const { streams } = await response.json();
    for (const card of waiting) showJob(card, streams[card.name]?.src);
  } catch {
    // The server is away (restarting): the next poll tries again.
  } finally {
    polling = false;
  }
}

// --- Fault buttons -----------------------------------------------------------------------------

async function sendFault(card, button) {
  const body = { type: button.dataset.fault };
  if (button.dataset.seconds !== undefined) body.seconds = Number(button.dataset.seconds);
  clearTimeout(card.statusTimer);
  card.status.textContent = '…';
  try {
    const response = await fetch(`/api/faults/${encodeURIComponent(card.name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const result = await response.json();
    card.status.textContent = response.ok ? result.message : `Refused: ${result.error}`;
    if (response.ok && body.type === 'restart' && card.perJob) showJob(card, result.src);
  } catch {
    card.status.textContent = 'The demo server did not answer';
  }
  card.statusTimer = setTimeout(() => {
    card.status.textContent = '';
  }, STATUS_CLEAR_MS);
}

// --- Theme -------------------------------------------------------------------------------------

const THEME_KEY = 'progress-stream-demo-theme';
const themeButton = document.getElementById('theme-toggle');

function readTheme() {
  try {
    const stored = localStorage.getItem(THEME_KEY);
    if (stored === 'light' || stored === 'dark') return stored;
  } catch {
    // storage disabled
  }
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function applyTheme(theme) {
  document.documentElement.dataset.theme = theme;
  for (const element of elements) element.setAttribute('theme', theme);
  themeButton.setAttribute('aria-pressed', String(theme === 'dark'));
}

themeButton.addEventListener('click', () => {
  const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
  applyTheme(next);
  try {
    localStorage.setItem(THEME_KEY, next);
  } catch {
    // storage disabled: the choice lasts for this page
  }
});

// --- Start -------------------------------------------------------------------------------------

applyTheme(readTheme());

for (const card of cards) {
  const { element } = card;
  const linked = linkedJob(card);
  if (linked !== undefined) {
    showJob(card, linked);
    card.section.classList.add('linked');
    card.section.scrollIntoView({ block: 'start' });
  }
  if (card.auth) {
    // Asked before every connection attempt. On a 401 the element calls onUnauthorized: forget
    // the rejected token, return true, and it retries once at once with a fresh one.
    element.headers = async () => ({ Authorization: `Bearer ${await auth.token()}` });
    element.onUnauthorized = () => {
      auth.forget();
      return true;
    };
    element.connect(); // the element is `manual`: it waited for its headers
  }
  for (const button of card.section.querySelectorAll('button[data-fault]')) {
    button.addEventListener('click', () => void sendFault(card, button));
  }
  if (card.perJob) {
    // The job is over (or its stream gone): look for the next one.
    const next = () => setTimeout(() => void refreshJobs(), 0);
    element.addEventListener('progress-complete', next);
    element.addEventListener('progress-failed', next);
    element.addEventListener('connection-change', (event) => {
      if (event.detail.status === 'closed' || event.detail.status === 'offline') next();
    });
  }
  // A change of role fires no event of its own: it comes with a status change, or is read
  // from the property (a cheap getter) twice a second.
  element.addEventListener('connection-change', () => renderRole(card));
  renderUsage(card);
  renderShareLink(card);
  renderRole(card);
}

void refreshJobs();
setInterval(() => void refreshJobs(), JOB_POLL_MS);
setInterval(() => cards.forEach(renderRole), ROLE_POLL_MS);

// Browsers open at most six HTTP/1.1 connections per origin, and this page holds five streams.
// Its elements are `shared`: more tabs of the demo share those five connections instead of
// queueing for their own, and a tab in the background keeps following (or holding) them.
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) void refreshJobs();
});
