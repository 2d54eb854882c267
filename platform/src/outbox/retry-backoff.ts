const BASE_MS = 1_000;
const MAX_MS = 60 * 60_000;

/**
 * How long to wait before attempt `attempts + 1`: doubling from one second, capped at an hour, with up to 20 %
 * jitter so events that failed together (a vendor outage) do not all retry in the same instant.
 */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const exponential = Math.min(MAX_MS, BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential * (1 + 0.2 * random()));
}
