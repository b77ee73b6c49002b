import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { ApiConfig } from '../../../../libs/config/src/index.js';
import { JOB_EVENTS_CHANNEL } from '../../../../libs/contracts/src/index.js';

type Listener = () => void;

/** How long the LISTEN connection stays open after its last subscriber left (a page reload reuses it). */
const IDLE_CLOSE_MS = 30_000;

/**
 * One LISTEN connection per API process, open only while someone is
 * subscribed: PostgreSQL then notifies every insert into job_events, and
 * subscribers of that app read what is new for them. Without subscribers
 * nobody listens, so writes cost no notification delivery. After every
 * (re)connect each subscriber re-reads, so nothing committed meanwhile is missed.
 */
@Injectable()
export class EventHub implements OnModuleDestroy {
  private readonly logger = new Logger(EventHub.name);
  private readonly listeners = new Map<string, Set<Listener>>();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly config: ApiConfig) {}

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    await this.connecting?.catch(() => undefined);
    await this.client?.end().catch(() => undefined);
  }

  subscribe(label: string, listener: Listener): () => void {
    let set = this.listeners.get(label);
    if (!set) this.listeners.set(label, (set = new Set()));
    set.add(listener);
    this.ensureListening();
    return () => {
      set!.delete(listener);
      if (set!.size === 0) this.listeners.delete(label);
      if (this.listeners.size === 0) this.closeWhenIdle();
    };
  }

  get subscriberCount(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  private ensureListening(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (this.closed || this.client || this.connecting || this.retryTimer) return;
    this.connecting = this.connect()
      .catch((err: Error) => this.scheduleReconnect(err))
      .finally(() => (this.connecting = null));
  }

  private closeWhenIdle(): void {
    if (this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.listeners.size > 0) return;
      if (this.retryTimer) clearTimeout(this.retryTimer);
      this.retryTimer = null;
      const client = this.client;
      this.client = null;
      client?.end().catch(() => undefined);
    }, IDLE_CLOSE_MS);
    this.idleTimer.unref();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.config.databaseUrl, application_name: 'compute-jobs-events' });
    client.on('notification', (msg) => {
      const label = msg.payload?.slice(0, msg.payload.lastIndexOf(':')) ?? '';
      this.listeners.get(label)?.forEach((l) => l());
    });
    client.on('error', (err) => this.scheduleReconnect(err));
    try {
      await client.connect();
      await client.query(`LISTEN ${JOB_EVENTS_CHANNEL}`);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.closed) return void (await client.end().catch(() => undefined));
    this.client = client;
    for (const set of this.listeners.values()) set.forEach((l) => l());
  }

  private scheduleReconnect(err: Error): void {
    if (this.closed || this.retryTimer) return;
    this.logger.warn(`event listener lost its connection (${err.message}); reconnecting`);
    this.client?.end().catch(() => undefined);
    this.client = null;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.listeners.size > 0) this.ensureListening();
    }, 1000);
  }
}
