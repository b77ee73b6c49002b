/** A minimal SSE reader for tests: collects events, reconnects only when asked. */
export interface SseEvent {
  id: string;
  event: string;
  data: any;
}

export class SseStream {
  readonly events: SseEvent[] = [];
  private readonly ctrl = new AbortController();
  private done: Promise<void>;

  private constructor(res: Response) {
    this.done = this.pump(res).catch(() => undefined);
  }

  static async open(url: string, headers: Record<string, string>): Promise<SseStream> {
    const ctrlHolder = new AbortController();
    const res = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: ctrlHolder.signal });
    if (res.status !== 200) throw new Error(`SSE ${url}: HTTP ${res.status} ${await res.text()}`);
    const stream = new SseStream(res);
    stream.ctrl.signal.addEventListener('abort', () => ctrlHolder.abort());
    return stream;
  }

  get lastId(): string | undefined {
    return this.events.at(-1)?.id;
  }

  async close(): Promise<void> {
    this.ctrl.abort();
    await this.done;
  }

  private async pump(res: Response): Promise<void> {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let sep: number;
      while ((sep = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, sep);
        buffer = buffer.slice(sep + 2);
        const fields: Record<string, string> = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1).trimStart();
        }
        if (fields.data !== undefined) this.events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) });
      }
    }
  }
}
