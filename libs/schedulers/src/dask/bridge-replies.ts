import { DaskBridgeError } from './dask-bridge.types.js';

/** The reply to a request for many items: a result or an error per item. */
export interface ManyReply<T> {
  results: (T | { error: { type: string; message: string } })[];
}

export function itemReplies<T extends object>(reply: ManyReply<T>): (T | DaskBridgeError)[] {
  return reply.results.map((r) => ('error' in r ? new DaskBridgeError(r.error.type, r.error.message) : (r as T)));
}

/** The one result of a one-item request; its error is thrown. */
export function only<T>(results: (T | DaskBridgeError)[]): T {
  const [result] = results;
  if (result instanceof DaskBridgeError) throw result;
  return result;
}
