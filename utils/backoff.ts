/**
 * The one exponential backoff: `firstMs` for step 0, doubling each step, never more than `capMs`.
 * Every wait that grows with failures or unanswered checks (HTTP retries, the follow-up of
 * requests and jobs, the event stream's reconnects) uses it, each with its own first wait and cap.
 */
export function backoff(step: number, firstMs: number, capMs: number): number {
  // The exponent is bounded so a long-lived record's step count cannot overflow to Infinity.
  return Math.min(capMs, firstMs * 2 ** Math.min(Math.max(0, step), 30));
}
