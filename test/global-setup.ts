/**
 * Shared services for one test run, started once (not once per test file):
 * each fixture is started only when a test file that needs it is selected.
 * Test files find them through the environment variables returned here.
 */
import { ensureChromium } from './fixtures/chromium/chromium-fixture.js';
import { startSharedDask } from './fixtures/dask/dask-fixture.js';
import { startSshd } from './fixtures/sshd/sshd-fixture.js';

export interface SharedServices {
  env: Record<string, string>;
  teardown(): Promise<void>;
}

interface Fixture {
  /** Test files (compiled paths) containing this marker need the fixture. */
  neededBy: RegExp;
  start(): Promise<SharedServices>;
}

const FIXTURES: Fixture[] = [
  {
    // OpenSSH server + HTCondor simulator; tests read it with sshdFromEnv().
    neededBy: /condor|ssh/,
    async start() {
      const sshd = await startSshd();
      return { env: { SSHD_FIXTURE_FILE: sshd.infoFile }, teardown: () => sshd.stop() };
    },
  },
  // A real Dask scheduler and worker; tests read it with daskFromEnv().
  { neededBy: /dask/, start: startSharedDask },
  // Debian's Chromium for the browser tests; they read CHROMIUM_PATH.
  {
    neededBy: /jobs-table/,
    async start() {
      return { env: { CHROMIUM_PATH: await ensureChromium() }, teardown: async () => undefined };
    },
  },
];

export async function setup(files: string[]): Promise<SharedServices> {
  const started: SharedServices[] = [];
  try {
    for (const fixture of FIXTURES) {
      if (files.some((f) => fixture.neededBy.test(f))) started.push(await fixture.start());
    }
  } catch (err) {
    for (const s of started.reverse()) await s.teardown();
    throw err;
  }
  return {
    env: Object.assign({}, ...started.map((s) => s.env)),
    async teardown() {
      for (const s of started.reverse()) await s.teardown().catch((e) => console.error('teardown failed:', e));
    },
  };
}
