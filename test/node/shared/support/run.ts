// One shared-stream chaos run (see chaos.test.ts): opens the schedule's tabs on a fresh job of
// the chaos server, publishes the job event by event, fires each fault once the job has
// reached it (after the tabs have settled: every awake element has every event so far), and
// checks what came out against support/invariants.ts.
import type { Browser, CDPSession, Page } from 'puppeteer-core';
import type { ProgressState } from '../../../../src/mapping/index.js';
import { seededRandom } from '../../../support/seeded-random.mjs';
import { report, sleep, until, type ElementReport } from './browser.js';
import type { ChaosJob, ChaosServer } from './chaos-server.js';
import {
  checkApplied,
  checkDelivered,
  checkOpenSamples,
  checkRequests,
  checkRoles,
  referenceState,
  stateDifference,
  type ResumeExpectation,
} from './invariants.js';
import { describeFault, endsConnection, type SharedSchedule, type TabFault } from './schedule.js';

/** A deadline for each wait of a run: a stuck run fails, it never hangs. */
const STEP_TIMEOUT_MS = 15_000;

interface ChaosReport extends ElementReport {
  delivered: Array<string | null>;
  state: ProgressState;
}

interface Tab {
  name: string;
  page: Page;
  life: 'awake' | 'frozen' | 'gone';
  cdp?: CDPSession;
  thawAt?: number;
}

export interface HandOver {
  kind: string;
  /** From the fault to the next tab's request. */
  ms: number;
  /** From the fault to the server seeing the old connection end. */
  closedMs: number;
}

export interface RunResult {
  seed: number;
  problems: string[];
  fired: TabFault[];
  handOvers: HandOver[];
  requests: number;
  /** Requests after the job's last event was out (see checkRequests). */
  afterEnd: number;
  elements: number;
  ms: number;
}

export class SharedChaosRun {
  readonly #browser: Browser;
  readonly #server: ChaosServer;
  readonly #schedule: SharedSchedule;
  readonly #job: ChaosJob;
  readonly #random: () => number;
  readonly #started = Date.now();
  readonly #tabs: Tab[] = [];
  readonly #problems: string[] = [];
  readonly #fired: TabFault[] = [];
  readonly #firedAt: number[] = [];
  readonly #resumes: ResumeExpectation[] = [];
  readonly #samples: Array<{ at: string; open: number }> = [];
  readonly #handOvers: HandOver[] = [];
  #afterEnd = 0;

  constructor(browser: Browser, server: ChaosServer, schedule: SharedSchedule) {
    this.#browser = browser;
    this.#server = server;
    this.#schedule = schedule;
    this.#job = server.createJob(schedule.events, schedule.unicodeIds);
    this.#random = seededRandom(schedule.seed ^ 0x5ba4ed);
  }

  async run(): Promise<RunResult> {
    const job = this.#job;
    try {
      for (let i = 0; i < this.#schedule.tabs; i++) await this.#openTab();
      for (const fault of this.#schedule.faults) {
        await this.#publishTo(fault.at);
        await this.#settle(`before ${describeFault(fault)}`);
        await this.#fire(fault);
      }
      await this.#publishTo(job.total - 1);
      await this.#settle('before the last event');
      await this.#publishTo(job.total);
      await until(
        async () => (await this.#reports()).every(({ rows }) => rows.every((r) => r.status === 'complete')),
        'every element to complete',
        STEP_TIMEOUT_MS,
      );
    } catch (error) {
      this.#problems.push(error instanceof Error ? (error.stack ?? String(error)) : String(error));
    }
    const elements = await this.#checkElements();
    this.#checkServer();
    await Promise.all(this.#tabs.filter((tab) => !tab.page.isClosed()).map((tab) => tab.page.close().catch(() => undefined)));
    return {
      seed: this.#schedule.seed,
      problems: this.#problems,
      fired: this.#fired,
      handOvers: this.#handOvers,
      requests: job.connections.length,
      afterEnd: this.#afterEnd,
      elements,
      ms: Date.now() - this.#started,
    };
  }

  // --- tabs ----------------------------------------------------------------------------------------

  #awake(): Tab[] {
    return this.#tabs.filter((tab) => tab.life === 'awake');
  }

  async #openTab(): Promise<void> {
    const page = await this.#browser.newPage();
    const tab: Tab = { name: `tab ${this.#tabs.length + 1}`, page, life: 'awake' };
    page.on('pageerror', (error) =>
      this.#problems.push(`${tab.name}: page error ${error instanceof Error ? error.message : String(error)}`),
    );
    this.#tabs.push(tab);
    await page.goto(this.#server.pageUrl(this.#job, this.#schedule.elements), { waitUntil: 'load' });
  }

  #reports(): Promise<Array<{ tab: Tab; rows: ChaosReport[] }>> {
    return Promise.all(this.#awake().map(async (tab) => ({ tab, rows: await report<ChaosReport>(tab.page) })));
  }

  /** Until every awake element applied every published event; then the roles and the server's open count. */
  async #settle(when: string): Promise<void> {
    const job = this.#job;
    await until(
      async () => (await this.#reports()).every(({ rows }) => rows.every((r) => r.applied.length >= job.published)),
      `every element to apply #${job.published} ${when}`,
      STEP_TIMEOUT_MS,
    );
    if (job.ended) return;
    let roles: Array<Array<string | null>> = [];
    await until(
      async () => {
        roles = (await this.#reports()).map(({ rows }) => rows.map((r) => r.role));
        return checkRoles(roles).length === 0;
      },
      'one tab holding',
      STEP_TIMEOUT_MS,
    ).catch(() => this.#problems.push(...checkRoles(roles).map((p) => `${p} ${when}`)));
    this.#samples.push({ at: when, open: job.openCount });
  }

  /** Wakes the frozen tabs whose time has come (a burst may have published past it). */
  async #thawDue(): Promise<void> {
    const due = this.#tabs.filter((tab) => tab.life === 'frozen' && tab.thawAt! <= this.#job.published);
    if (due.length === 0) return;
    await this.#settle(`before a thaw at #${this.#job.published}`);
    for (const tab of due) {
      await tab.cdp!.send('Page.setWebLifecycleState', { state: 'active' });
      tab.life = 'awake';
    }
    await this.#settle(`after a thaw at #${this.#job.published}`);
  }

  // --- the job and the faults ---------------------------------------------------------------------

  /** Publishes up to event `n`, waking frozen tabs whose time has come on the way. */
  async #publishTo(n: number): Promise<void> {
    await this.#thawDue();
    while (this.#job.published < n) {
      this.#job.publish(1);
      await sleep(1);
      await this.#thawDue();
    }
  }

  /** Publishes a few events, a millisecond or two apart, while a fault fires. */
  async #burst(): Promise<void> {
    const count = 2 + Math.floor(this.#random() * 4);
    for (let i = 0; i < count && this.#job.published < this.#job.total - 2; i++) {
      this.#job.publish(1);
      await sleep(Math.floor(this.#random() * 3));
    }
  }

  async #targetOf(fault: Extract<TabFault, { target: unknown }>): Promise<Tab> {
    const pages = await this.#reports();
    const holder = pages.find(({ rows }) => rows.every((r) => r.role === 'holder'))?.tab;
    if (fault.target === 'holder') {
      if (holder === undefined) throw new Error('no tab holds the stream');
      return holder;
    }
    const followers = this.#awake().filter((tab) => tab !== holder);
    return followers[Math.floor(fault.pick * followers.length)]!;
  }

  async #act(fault: TabFault): Promise<void> {
    if (fault.kind === 'drop') return this.#job.drop(fault.how);
    if (fault.kind === 'open-tab') return this.#openTab();
    const tab = await this.#targetOf(fault);
    if (fault.kind === 'freeze') {
      tab.cdp ??= await tab.page.createCDPSession();
      tab.life = 'frozen';
      tab.thawAt = fault.thawAt;
      await tab.cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
      return;
    }
    tab.life = 'gone';
    if (fault.kind === 'close') await tab.page.close();
    else await tab.page.goto('about:blank');
  }

  async #fire(fault: TabFault): Promise<void> {
    const job = this.#job;
    const description = describeFault(fault);
    const requestsBefore = job.connections.length;
    const before = job.published;
    const at = Date.now();
    this.#firedAt.push(at);
    if ('racing' in fault && fault.racing) {
      const events = this.#burst();
      await sleep(Math.floor(this.#random() * 3));
      await this.#act(fault);
      await events;
    } else {
      await this.#act(fault);
    }
    this.#fired.push(fault);
    if (!endsConnection(fault)) return;
    this.#resumes.push({ fault: description, min: before, max: job.published });
    await until(() => job.connections.length > requestsBefore, `the next request after ${description}`, STEP_TIMEOUT_MS);
    // The hand-over has settled once the server has seen the old connection end too: a tab
    // that closes or freezes aborts its request, and the socket's end follows a little later.
    const previous = job.connections[requestsBefore - 1]!;
    await until(() => previous.closedAt !== null, `the connection before ${description} to close`, STEP_TIMEOUT_MS);
    const next = job.connections[requestsBefore]!;
    if (fault.kind !== 'drop') this.#handOvers.push({ kind: fault.kind, ms: next.startedAt - at, closedMs: previous.closedAt! - at });
  }

  // --- the checks ---------------------------------------------------------------------------------

  /** Every element of every awake tab: delivered and applied each event once, the reference state. */
  async #checkElements(): Promise<number> {
    const job = this.#job;
    const reference = referenceState(job.total, (n) => job.idOf(n));
    let elements = 0;
    for (const { tab, rows } of await this.#reports().catch(() => [])) {
      rows.forEach((row, i) => {
        elements += 1;
        const name = `${tab.name} element ${i + 1}`;
        const sequence = [...checkDelivered(row.delivered, job.total), ...checkApplied(row.applied, job.total)];
        this.#problems.push(...sequence.map((p) => `${name}: ${p}`));
        const diff = sequence.length === 0 ? stateDifference(row.state, reference) : undefined;
        if (diff !== undefined) this.#problems.push(`${name}: final state differs at ${diff}`);
      });
    }
    return elements;
  }

  /** The requests and the open connections the server saw; with the whole trail when they are wrong. */
  #checkServer(): void {
    const requests = checkRequests(this.#job.connections, this.#resumes, this.#job.endedAt);
    this.#afterEnd = requests.afterEnd;
    const problems = [...requests.problems, ...checkOpenSamples(this.#samples)];
    if (problems.length === 0) return;
    const since = (ms: number) => `+${ms - this.#started}`;
    const trail = this.#job.connections.map(
      (c) => `${c.lastEventId ?? '-'} ${since(c.startedAt)}…${c.closedAt === null ? 'open' : since(c.closedAt)}`,
    );
    problems.push(`requests (Last-Event-ID, ms from the start): ${trail.join(', ')}; faults at ${this.#firedAt.map(since).join(', ')}`);
    this.#problems.push(...problems);
  }
}
