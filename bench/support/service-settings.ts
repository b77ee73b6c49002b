/**
 * The service as deployed: its default timers, not the test stack's fast
 * ones (a 1 s scheduler poll, a relay re-checking actions pending for 1 s),
 * which add work a deployment does not do.
 */
export const DEPLOYED_SETTINGS: Record<string, string> = {
  LOG_LEVEL: 'warn',
  OUTBOX_RELAY_INTERVAL_MS: '2000',
  OUTBOX_REDELIVER_AFTER_MS: '10000',
  SCHEDULER_POLL_INTERVAL_MS: '30000',
  ACTION_LOCK_MS: '30000',
  SHUTDOWN_TIMEOUT_MS: '10000',
};
