import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { ensureChromium } from '../fixtures/chromium/chromium-fixture.js';
import { ROOT } from './processes.js';

/** Flags that keep Chromium quiet and off the network (nothing but loopback works here). */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? (await ensureChromium());
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** Screenshots of a test run go to test-artifacts/<group>/ (gitignored) for people to look at. */
export function artifactsDir(group: string): string {
  const dir = path.join(ROOT, 'test-artifacts', group);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export async function screenshot(page: Page, group: string, name: string): Promise<void> {
  await page.screenshot({ path: path.join(artifactsDir(group), `${name}.png`), fullPage: true });
}
