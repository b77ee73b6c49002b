import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import { ApiConfig } from '../../../../libs/config/src/index.js';
import { JOB_EVENTS_CHANNEL } from '../../../../libs/contracts/src/index.js';

type Listener = () => void;

/**
 * One LISTEN connection per API process: PostgreSQL notifies every insert
 * into job_events, and subscribers of that app read what is new for them.
 * After a reconnect every subscriber re-reads, so nothing is missed.
 */
@Injectable()
export class EventHub implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(EventHub.name);
  private readonly listeners = new Map<string, Set<Listener>>();
  private client: pg.Client | null = null;
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(private readonly config: ApiConfig) {}

  async onModuleInit(): Promise<void> {
    await this.connect().catch((err) => this.scheduleReconnect(err));
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.client?.end().catch(() => undefined);
  }

  subscribe(label: string, listener: Listener): () => void {
    let set = this.listeners.get(label);
    if (!set) this.listeners.set(label, (set = new Set()));
    set.add(listener);
    return () => {
      set!.delete(listener);
      if (set!.size === 0) this.listeners.delete(label);
    };
  }

  get subscriberCount(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.config.databaseUrl, application_name: 'compute-jobs-events' });
    client.on('notification', (msg) => {
      const label = msg.payload?.slice(0, msg.payload.lastIndexOf(':')) ?? '';
      this.listeners.get(label)?.forEach((l) => l());
    });
    client.on('error', (err) => this.scheduleReconnect(err));
    await client.connect();
    await client.query(`LISTEN ${JOB_EVENTS_CHANNEL}`);
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
      this.connect().catch((e) => this.scheduleReconnect(e));
    }, 1000);
  }
}
