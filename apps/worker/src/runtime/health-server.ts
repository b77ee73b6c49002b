import http from 'node:http';
import type { WorkerMetrics } from './worker-metrics.js';

/** The worker's only HTTP surface: GET /health and GET /metrics. */
export function startHealthServer(
  host: string,
  port: number,
  check: () => Promise<Record<string, string>>,
  metrics: WorkerMetrics,
): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const reply = (status: number, type: string, body: string) => res.writeHead(status, { 'Content-Type': type }).end(body);
    if (req.method === 'GET' && req.url === '/health') {
      check().then(
        (parts) => {
          const ok = Object.values(parts).every((v) => v === 'up');
          reply(ok ? 200 : 503, 'application/json', JSON.stringify({ status: ok ? 'ok' : 'degraded', ...parts }));
        },
        (e: Error) => reply(503, 'application/json', JSON.stringify({ status: 'down', error: e.message })),
      );
    } else if (req.method === 'GET' && req.url === '/metrics') {
      metrics.registry.metrics().then((text) => reply(200, metrics.registry.contentType, text));
    } else {
      reply(404, 'application/json', JSON.stringify({ statusCode: 404, message: 'only /health and /metrics' }));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
