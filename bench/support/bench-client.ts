import http from 'node:http';

/**
 * A lean keep-alive JSON client for load generation: it costs far less CPU
 * per request than fetch, so the figures measure the service, not the client
 * sharing its cores.
 */
export class BenchClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  private readonly url: URL;

  constructor(baseUrl: string, private readonly headers: Record<string, string>) {
    this.url = new URL(baseUrl);
  }

  post(path: string, body: unknown): Promise<{ status: number; body: string }> {
    const payload = JSON.stringify(body);
    return this.request('POST', path, payload, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(payload)) });
  }

  get(path: string): Promise<{ status: number; body: string }> {
    return this.request('GET', path, '', {});
  }

  private request(method: string, path: string, payload: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        { agent: this.agent, host: this.url.hostname, port: this.url.port, path, method, headers: { ...this.headers, ...headers } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
