// A page with one <progress-stream> from the standalone bundle, in headless Chromium, for the
// visual tests: a static server on 127.0.0.1 (the bundle and one generated page per scene), one
// browser, and helpers that show a state, read boxes and colours from the element's shadow root
// and save a screenshot for people to look at. The assertions are the tests' own.
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import type { StatusDetail } from '../../../../src/client/types.js';
import type { ProgressState } from '../../../../src/mapping/state.js';
import { launchChromium } from '../../support/chromium.js';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
/** The bundle under test: dist/ (`npm run build`), or another build of it (PS_BUNDLE). */
const bundlePath = resolve(root, process.env['PS_BUNDLE'] ?? 'dist/progress-stream.iife.js');
export const screenshotDir = join(root, 'test-results', 'screenshots');

export interface Scene {
  /** The container's width in CSS pixels. */
  width: number;
  dir?: 'ltr' | 'rtl';
  lang?: string;
  /** Extra markup for the page's <head> (a colour scheme, a meta tag). */
  head?: string;
  /** Extra attributes of the element, as written in HTML. */
  attributes?: string;
  /** A style for a box around the element inside the container (e.g. `display: flex`). */
  wrapper?: string;
  /** The operating system's colour scheme (prefers-color-scheme). */
  os?: 'light' | 'dark';
}

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
  width: number;
  height: number;
}

export interface VisualPage {
  page: Page;
  /** Opens a fresh page for the scene (the element shows nothing yet). */
  load(scene: Scene): Promise<void>;
  /** Shows `state` (through a mapping function) and, when given, a connection status. */
  show(state: ProgressState, connection?: StatusDetail): Promise<void>;
  /** Pushes stream messages through the element's own mapping (a preset). */
  push(messages: readonly { event: string; data: string }[], connection?: StatusDetail): Promise<void>;
  /** The boxes of the element's parts called `name`, in document order. */
  boxes(name: string): Promise<Box[]>;
  /** The box of the element's container. */
  container(): Promise<Box>;
  /** A computed style property of the first part called `name`. */
  style(name: string, property: string): Promise<string>;
  /** The visible text of the parts called `name`. */
  texts(name: string): Promise<string[]>;
  /** Saves test-results/screenshots/<name>.png: the container and a margin of the page. */
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

function pageHtml(scene: Scene): string {
  return `<!doctype html>
<html lang="${scene.lang ?? 'en'}">
<head>
<meta charset="utf-8">
${scene.head ?? ''}
<style>body { margin: 16px; font-family: system-ui, sans-serif; }</style>
<script src="/progress-stream.iife.js"></script>
</head>
<body>
<div id="box" dir="${scene.dir ?? 'ltr'}" style="width: ${scene.width}px"><div style="${scene.wrapper ?? ''}">
  <progress-stream label="Import" style="--ps-transition-duration: 0s" ${scene.attributes ?? ''}></progress-stream>
</div></div>
</body>
</html>`;
}

async function serve(pages: Map<string, string>): Promise<{ server: Server; origin: string }> {
  if (!existsSync(bundlePath)) throw new Error(`${bundlePath} is missing: run \`npm run build\` first`);
  const bundle = await readFile(bundlePath);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const page = pages.get(path);
    if (path === '/progress-stream.iife.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    else if (page !== undefined) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    else res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Two animation frames (the element commits once per frame), then its update. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const el = document.querySelector('progress-stream') as HTMLElement & { updateComplete: Promise<unknown> };
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    await el.updateComplete;
  });
}

export async function openVisualPage(): Promise<VisualPage> {
  const pages = new Map<string, string>();
  const { server, origin } = await serve(pages);
  const browser: Browser = await launchChromium();
  const page = await browser.newPage();
  await mkdir(screenshotDir, { recursive: true });
  let count = 0;

  const partBoxes = (name: string) =>
    page.evaluate((part) => {
      const el = document.querySelector('progress-stream');
      return [...(el?.shadowRoot?.querySelectorAll(`[part~="${part}"]`) ?? [])].map((node) => node.getBoundingClientRect().toJSON() as Box);
    }, name);

  return {
    page,
    async load(scene) {
      const path = `/scene-${++count}.html`;
      pages.set(path, pageHtml(scene));
      await page.setViewport({ width: scene.width + 32, height: 900 });
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scene.os ?? 'light' }]);
      await page.goto(origin + path);
      await page.waitForFunction(() => customElements.get('progress-stream') !== undefined);
    },
    async show(state, connection) {
      await page.evaluate(
        (shown, detail) => {
          const el = document.querySelector('progress-stream') as HTMLElement & {
            mapping: unknown;
            push(message: { event: string; data: string }): void;
            showConnection(detail: unknown): void;
          };
          el.mapping = () => shown;
          el.push({ event: 'message', data: '{}' });
          if (detail) el.showConnection(detail);
        },
        state,
        connection,
      );
      await settle(page);
    },
    async push(messages, connection) {
      await page.evaluate(
        (list, detail) => {
          const el = document.querySelector('progress-stream') as HTMLElement & {
            push(message: { event: string; data: string }): void;
            showConnection(detail: unknown): void;
          };
          for (const message of list) el.push(message);
          if (detail) el.showConnection(detail);
        },
        messages,
        connection,
      );
      await settle(page);
    },
    boxes: partBoxes,
    container: () => page.evaluate(() => document.getElementById('box')!.getBoundingClientRect().toJSON() as Box),
    style: (name, property) =>
      page.evaluate(
        (part, prop) => {
          const node = document.querySelector('progress-stream')?.shadowRoot?.querySelector(`[part~="${part}"]`);
          return node ? getComputedStyle(node).getPropertyValue(prop) : '';
        },
        name,
        property,
      ),
    texts: (name) =>
      page.evaluate((part) => {
        const el = document.querySelector('progress-stream');
        return [...(el?.shadowRoot?.querySelectorAll<HTMLElement>(`[part~="${part}"]`) ?? [])].map((node) => node.innerText.trim());
      }, name),
    async screenshot(name) {
      const box = await page.evaluate(() => document.getElementById('box')!.getBoundingClientRect().toJSON() as Box);
      const margin = 8;
      await page.screenshot({
        path: join(screenshotDir, `${name}.png`) as `${string}.png`,
        clip: { x: box.left - margin, y: box.top - margin, width: box.width + 2 * margin, height: box.height + 2 * margin },
      });
    },
    async close() {
      await browser.close();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** Relative luminance (0 black … 1 white) of a computed `rgb()` / `rgba()` colour. */
export function luminance(color: string): number {
  const [r = 0, g = 0, b = 0] = (color.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  const channel = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** The area two boxes share (0 when they only touch). */
export function overlap(a: Box, b: Box): number {
  const width = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const height = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return width > 0.5 && height > 0.5 ? width * height : 0;
}
