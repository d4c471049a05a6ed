// Per-provider circuit breaker: after `threshold` consecutive failures a provider is skipped
// for `cooldownMs`, then one request may try it again (half-open). State is per process: each
// instance learns a provider's health from its own calls, which is enough to stop hammering it.
export interface CircuitBreakerOptions {
  threshold?: number;
  cooldownMs?: number;
  now?: () => number;
}

export function createCircuitBreaker(options: CircuitBreakerOptions = {}) {
  const threshold = options.threshold ?? 5;
  const cooldownMs = options.cooldownMs ?? 30_000;
  const now = options.now ?? Date.now;
  const circuits = new Map<string, { failures: number; openUntil: number }>();

  return {
    /** True when calls may go through (closed, or half-open after the cooldown). */
    allows(key: string): boolean {
      const circuit = circuits.get(key);
      return !circuit || circuit.failures < threshold || circuit.openUntil <= now();
    },
    succeeded(key: string) {
      circuits.delete(key);
    },
    failed(key: string) {
      const circuit = circuits.get(key) ?? { failures: 0, openUntil: 0 };
      circuit.failures += 1;
      if (circuit.failures >= threshold) circuit.openUntil = now() + cooldownMs;
      circuits.set(key, circuit);
    },
    state(key: string): 'closed' | 'open' | 'half-open' {
      const circuit = circuits.get(key);
      if (!circuit || circuit.failures < threshold) return 'closed';
      return circuit.openUntil > now() ? 'open' : 'half-open';
    },
  };
}

export type CircuitBreaker = ReturnType<typeof createCircuitBreaker>;
