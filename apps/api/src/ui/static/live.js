// Live changes from the server's event stream (SSE). The browser resumes
// after a dropped connection with Last-Event-ID by itself; when the stream
// is refused (server restarting, link expired) this reconnects from the
// last event seen, so no change is missed.
const MAX_BACKOFF_MS = 15_000;

export class LiveEvents {
  constructor({ url, token, lastEventId, onEvent, onState, check }) {
    Object.assign(this, { url, token, lastEventId, onEvent, onState, check });
    this.source = null;
    this.backoff = 1000;
    this.timer = null;
    this.stopped = false;
  }

  start() {
    this.stopped = false;
    this.open();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.source?.close();
    this.source = null;
  }

  open() {
    const url = new URL(this.url, location.href);
    url.searchParams.set('token', this.token);
    if (this.lastEventId) url.searchParams.set('lastEventId', this.lastEventId);
    const source = new EventSource(url);
    this.source = source;
    source.addEventListener('open', () => {
      this.backoff = 1000;
      this.onState('live');
    });
    source.addEventListener('job', (message) => {
      if (message.lastEventId) this.lastEventId = message.lastEventId;
      let event;
      try {
        event = JSON.parse(message.data);
      } catch {
        return;
      }
      this.onEvent(event);
    });
    source.addEventListener('error', () => {
      if (this.stopped || source !== this.source) return;
      if (source.readyState === EventSource.CLOSED) this.reconnectLater();
      else this.onState('reconnecting');
    });
  }

  /** The stream was refused: find out why, then come back from the last event seen. */
  reconnectLater() {
    this.source?.close();
    this.source = null;
    this.onState('reconnecting');
    this.timer = setTimeout(async () => {
      if (this.stopped) return;
      if (!(await this.check())) return this.stop();
      this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
      this.open();
    }, this.backoff);
  }
}
