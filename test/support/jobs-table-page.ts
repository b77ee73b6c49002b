import type { Browser, Locator, Page } from 'playwright-core';
import { screenshot } from './browser.js';

// Callbacks of page.evaluate/waitForFunction run in the browser, whose globals this Node project does not type.
declare const document: any;
type HTMLElement = any;

const TIMEOUT = 15_000;

/** The jobs table page as a test drives it: rows by job id, statuses, action menus. */
export class JobsTablePage {
  constructor(readonly page: Page) {}

  /** Opens a view link and waits until the jobs are listed and the event stream is connected. */
  static async open(browser: Browser, url: string, viewport = { width: 1280, height: 800 }): Promise<JobsTablePage> {
    const page = await browser.newPage({ viewport });
    await page.goto(url);
    const table = new JobsTablePage(page);
    await table.ready();
    return table;
  }

  async ready(): Promise<void> {
    await this.page.waitForSelector('.jt-live.live', { timeout: TIMEOUT });
    await this.page.waitForSelector('tbody[aria-busy="false"]', { timeout: TIMEOUT });
  }

  row(id: string): Locator {
    return this.page.locator(`tr.jt-row[data-job-id="${id}"]`);
  }

  async ids(): Promise<string[]> {
    return this.page.locator('tr.jt-row').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.jobId!));
  }

  async status(id: string): Promise<string | null> {
    return this.row(id).locator('.jt-status-text').textContent();
  }

  /** Polls the page (with a deadline) until the row shows `status`. */
  async waitForStatus(id: string, status: string): Promise<void> {
    await this.page.waitForFunction(
      ([jobId, text]) => document.querySelector(`tr.jt-row[data-job-id="${jobId}"] .jt-status-text`)?.textContent === text,
      [id, status] as const,
      { timeout: TIMEOUT },
    );
  }

  async waitForRowGone(id: string): Promise<void> {
    await this.row(id).waitFor({ state: 'detached', timeout: TIMEOUT });
  }

  async openMenu(id: string): Promise<Locator> {
    await this.row(id).locator('.jt-menu-button').click();
    const menu = this.page.locator('.jt-menu:not([hidden])');
    await menu.waitFor({ timeout: TIMEOUT });
    return menu;
  }

  /** Labels of the menu entries, with "(disabled)" after those that are. */
  async menuLabels(id: string): Promise<string[]> {
    const menu = await this.openMenu(id);
    const labels = await menu.locator('[role="menuitem"]').evaluateAll((items) =>
      items.map((i) => `${i.textContent}${i.getAttribute('aria-disabled') === 'true' ? ' (disabled)' : ''}`));
    await this.page.keyboard.press('Escape');
    return labels;
  }

  async action(id: string, label: string): Promise<void> {
    const menu = await this.openMenu(id);
    await menu.getByRole('menuitem', { name: label, exact: true }).click();
  }

  dialog(): Locator {
    return this.page.locator('dialog[open]');
  }

  /** Answers the confirmation dialog that the last action opened. */
  async confirm(answer: 'ok' | 'cancel', expectedText: string): Promise<void> {
    const dialog = this.page.locator('dialog[open][role="alertdialog"]');
    await dialog.getByText(expectedText).waitFor({ timeout: TIMEOUT });
    await dialog.getByRole('button', { name: answer === 'ok' ? /Terminate|Delete|Confirm|Run/ : 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached', timeout: TIMEOUT });
  }

  async notice(text: string | RegExp): Promise<Locator> {
    const notice = this.page.locator('.jt-notice').filter({ hasText: text });
    await notice.first().waitFor({ timeout: TIMEOUT });
    return notice.first();
  }

  shot(name: string): Promise<void> {
    return screenshot(this.page, 'jobs-table', name);
  }

  close(): Promise<void> {
    return this.page.close();
  }
}
