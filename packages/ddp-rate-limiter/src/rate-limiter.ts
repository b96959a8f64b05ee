/**
 * A generic counting rate limiter: rules are matchers over an input record; each rule counts
 * hits per distinct key (the input's values for the rule's matcher fields) in fixed windows.
 *
 * Invariant: a window starts at the first hit for its key and lasts `intervalMs`; when it has
 * elapsed the next hit starts a fresh window. Refused hits still count, so hammering a limit
 * does not earn extra attempts.
 */

export type RuleFieldMatcher<V> = V | ((value: V) => boolean);

export type RuleMatcher<I> = { [K in keyof I]?: RuleFieldMatcher<I[K]> };

export interface RateLimitRuleOptions<I> {
  matcher: RuleMatcher<I>;
  numRequestsAllowed: number;
  intervalMs: number;
  /** Told about every hit the rule counted, allowed or not. */
  onHit?: (reply: RateLimitReply, input: I) => void;
}

export interface RateLimitReply {
  allowed: boolean;
  /** Milliseconds until the tightest rule's window for this input resets (0 when allowed). */
  timeToReset: number;
  /** How many more hits the tightest rule still allows in the current window. */
  numInvocationsLeft: number;
}

interface Window {
  startedAt: number;
  count: number;
}

export interface RateLimiterOptions {
  /** Injectable clock (ms since epoch) so tests can move time. */
  now?: () => number;
}

export class RateLimitRule<I extends object> {
  readonly id: string;
  readonly matcher: RuleMatcher<I>;
  readonly numRequestsAllowed: number;
  readonly intervalMs: number;
  private readonly onHit: ((reply: RateLimitReply, input: I) => void) | undefined;
  private readonly windows = new Map<string, Window>();
  private lastSweepAt = 0;

  constructor(id: string, options: RateLimitRuleOptions<I>) {
    if (!Number.isInteger(options.numRequestsAllowed) || options.numRequestsAllowed < 0) {
      throw new TypeError('numRequestsAllowed must be a non-negative integer');
    }
    if (!Number.isFinite(options.intervalMs) || options.intervalMs <= 0) {
      throw new TypeError('intervalMs must be a positive number of milliseconds');
    }
    if (options.matcher === null || typeof options.matcher !== 'object') {
      throw new TypeError('a rate limit matcher must be an object');
    }
    this.id = id;
    this.matcher = options.matcher;
    this.numRequestsAllowed = options.numRequestsAllowed;
    this.intervalMs = options.intervalMs;
    this.onHit = options.onHit;
  }

  matches(input: I): boolean {
    for (const field of Object.keys(this.matcher) as (keyof I)[]) {
      const expected = this.matcher[field];
      const actual = input[field];
      if (typeof expected === 'function') {
        if (!(expected as (value: unknown) => boolean)(actual)) return false;
      } else if (expected !== actual) {
        return false;
      }
    }
    return true;
  }

  /** Key of the counter an input falls in: the values of exactly the matcher's fields. */
  keyFor(input: I): string {
    const parts: string[] = [];
    for (const field of Object.keys(this.matcher).sort()) {
      parts.push(field, JSON.stringify(input[field as keyof I] ?? null));
    }
    return JSON.stringify(parts);
  }

  /** Counts `cost` units (1 per call; a byte budget counts bytes) against the input's window. */
  hit(input: I, now: number, cost = 1): RateLimitReply {
    const key = this.keyFor(input);
    let window = this.windows.get(key);
    if (window === undefined || now - window.startedAt >= this.intervalMs) {
      window = { startedAt: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += cost;
    const allowed = window.count <= this.numRequestsAllowed;
    const reply: RateLimitReply = {
      allowed,
      timeToReset: allowed ? 0 : Math.max(0, window.startedAt + this.intervalMs - now),
      numInvocationsLeft: Math.max(0, this.numRequestsAllowed - window.count),
    };
    this.onHit?.(reply, input);
    return reply;
  }

  /** Drops windows that have ended, so long-running servers do not keep one per old key. */
  sweep(now: number): void {
    // At most once per interval: a full pass per hit would cost O(keys) on every call.
    if (now - this.lastSweepAt < this.intervalMs) return;
    this.lastSweepAt = now;
    for (const [key, window] of this.windows) {
      if (now - window.startedAt >= this.intervalMs) this.windows.delete(key);
    }
  }
}

export class RateLimiter<I extends object> {
  private readonly rules = new Map<string, RateLimitRule<I>>();
  private readonly now: () => number;
  private nextId = 1;

  constructor(options: RateLimiterOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  addRule(options: RateLimitRuleOptions<I>): string {
    const id = `rule-${this.nextId++}`;
    this.rules.set(id, new RateLimitRule(id, options));
    return id;
  }

  removeRule(id: string): boolean {
    return this.rules.delete(id);
  }

  ruleIds(): string[] {
    return [...this.rules.keys()];
  }

  /**
   * Counts one hit against every matching rule and answers with the most restrictive outcome:
   * refused if any rule refuses, with the longest wait among the refusing rules. `cost` is how
   * many units the hit weighs (a non-negative integer; 1 for a call).
   */
  consume(input: I, cost = 1): RateLimitReply {
    if (!Number.isInteger(cost) || cost < 0) throw new TypeError('cost must be a non-negative integer');
    const now = this.now();
    let reply: RateLimitReply = { allowed: true, timeToReset: 0, numInvocationsLeft: Infinity };
    for (const rule of this.rules.values()) {
      rule.sweep(now);
      if (!rule.matches(input)) continue;
      const ruleReply = rule.hit(input, now, cost);
      if (!ruleReply.allowed) {
        reply = {
          allowed: false,
          timeToReset: Math.max(reply.allowed ? 0 : reply.timeToReset, ruleReply.timeToReset),
          numInvocationsLeft: 0,
        };
      } else if (reply.allowed && ruleReply.numInvocationsLeft < reply.numInvocationsLeft) {
        reply = ruleReply;
      }
    }
    return reply;
  }
}
