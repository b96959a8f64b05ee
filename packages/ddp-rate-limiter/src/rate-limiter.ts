/**
 * A generic counting rate limiter: rules are matchers over an input record; each rule counts
 * hits per distinct key (the input's values for the rule's matcher fields).
 *
 * Two kinds of rule:
 * - a window rule (Meteor's) allows `numRequestsAllowed` hits per `intervalMs`. A window starts
 *   at the first hit for its key and lasts `intervalMs`; the next hit after it starts a fresh
 *   window. Refused hits still count, so hammering a limit does not earn extra attempts.
 * - a backoff rule (`backoff`) allows `numRequestsAllowed` hits, then makes each further one
 *   wait twice as long as the one before: `intervalMs`, 2×, 4×, … up to `backoff.maxIntervalMs`,
 *   counted from the previous hit. Only hits that went ahead count (a refused one does not
 *   lengthen the wait, so the longest wait stays `maxIntervalMs`), and a key quiet for
 *   `backoff.forgetAfterMs` (default 2 × maxIntervalMs) starts afresh.
 *
 * A hit is first judged by every matching rule, then counted: refused if any rule refuses.
 * `refund` takes a hit back (for limits that count failures only: count the attempt up front,
 * so concurrent attempts cannot all pass before the first failure is known, and refund it when
 * it turns out not to be one).
 */

export type RuleFieldMatcher<V> = V | ((value: V) => boolean);

export type RuleMatcher<I> = { [K in keyof I]?: RuleFieldMatcher<I[K]> };

export interface BackoffOptions {
  /** The longest wait between hits once the allowance is spent. */
  maxIntervalMs: number;
  /** A key with no counted hit for this long is forgotten. Default 2 × maxIntervalMs. */
  forgetAfterMs?: number;
}

export interface RateLimitRuleOptions<I> {
  matcher: RuleMatcher<I>;
  numRequestsAllowed: number;
  /** The window of a window rule; the first wait of a backoff rule. */
  intervalMs: number;
  /** Growing waits instead of a fixed window (see above). */
  backoff?: BackoffOptions;
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

interface Tally {
  /** Window rules: when the window began. Backoff rules: when the last counted hit was. */
  at: number;
  count: number;
}

export interface RateLimiterOptions {
  /** Injectable clock (ms since epoch) so tests can move time. */
  now?: () => number;
}

type RuleKind = { kind: 'window' } | { kind: 'backoff'; maxIntervalMs: number; forgetAfterMs: number };

export class RateLimitRule<I extends object> {
  readonly id: string;
  readonly matcher: RuleMatcher<I>;
  readonly numRequestsAllowed: number;
  readonly intervalMs: number;
  readonly kind: RuleKind;
  readonly #onHit: ((reply: RateLimitReply, input: I) => void) | undefined;
  readonly #tallies = new Map<string, Tally>();
  #lastSweepAt = 0;

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
    this.#onHit = options.onHit;
    const backoff = options.backoff;
    if (backoff === undefined) {
      this.kind = { kind: 'window' };
    } else {
      if (!Number.isFinite(backoff.maxIntervalMs) || backoff.maxIntervalMs < options.intervalMs) {
        throw new TypeError('backoff.maxIntervalMs must be a number of milliseconds no smaller than intervalMs');
      }
      const forgetAfterMs = backoff.forgetAfterMs ?? 2 * backoff.maxIntervalMs;
      if (!Number.isFinite(forgetAfterMs) || forgetAfterMs < backoff.maxIntervalMs) {
        throw new TypeError('backoff.forgetAfterMs must be a number of milliseconds no smaller than maxIntervalMs');
      }
      this.kind = { kind: 'backoff', maxIntervalMs: backoff.maxIntervalMs, forgetAfterMs };
    }
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

  /** The input's tally, unless it has run out (its window ended, or its key was quiet long enough). */
  #current(key: string, now: number): Tally | undefined {
    const tally = this.#tallies.get(key);
    if (tally === undefined || !this.#expired(tally, now)) return tally;
    this.#tallies.delete(key);
    return undefined;
  }

  #expired(tally: Tally, now: number): boolean {
    const span = this.kind.kind === 'window' ? this.intervalMs : this.kind.forgetAfterMs;
    return now - tally.at >= span;
  }

  /** The wait a backoff rule imposes after `count` counted hits, measured from the last. */
  #backoffWait(count: number, maxIntervalMs: number): number {
    // The first wait follows the last free hit (or, with none free, the first hit): intervalMs.
    const doublings = count - Math.max(this.numRequestsAllowed, 1);
    // 2 ** 40 intervals exceed any sane maximum; capping the exponent keeps the number finite.
    return Math.min(this.intervalMs * 2 ** Math.min(doublings, 40), maxIntervalMs);
  }

  /**
   * What one more hit weighing `cost` units now would get, without counting it. A window rule
   * weighs the cost (a byte budget counts bytes); a backoff rule counts calls.
   */
  judge(input: I, now: number, cost = 1): RateLimitReply {
    const tally = this.#current(this.keyFor(input), now);
    const count = tally?.count ?? 0;
    if (this.kind.kind === 'window') {
      const allowed = count + cost <= this.numRequestsAllowed;
      return {
        allowed,
        timeToReset: allowed ? 0 : Math.max(0, (tally?.at ?? now) + this.intervalMs - now),
        numInvocationsLeft: Math.max(0, this.numRequestsAllowed - count - cost),
      };
    }
    if (tally === undefined || count < this.numRequestsAllowed) {
      return { allowed: true, timeToReset: 0, numInvocationsLeft: Math.max(0, this.numRequestsAllowed - count - 1) };
    }
    const readyAt = tally.at + this.#backoffWait(count, this.kind.maxIntervalMs);
    return now >= readyAt ? { allowed: true, timeToReset: 0, numInvocationsLeft: 0 } : { allowed: false, timeToReset: readyAt - now, numInvocationsLeft: 0 };
  }

  /**
   * Counts a hit judged `reply` by this rule, of a call `wentAhead` or not (another rule may
   * have refused it): a window rule counts both, a backoff rule only calls that went ahead.
   */
  count(input: I, now: number, reply: RateLimitReply, wentAhead: boolean, cost = 1): void {
    if (this.kind.kind === 'backoff' && !wentAhead) return;
    const key = this.keyFor(input);
    let tally = this.#current(key, now);
    if (tally === undefined) {
      tally = { at: now, count: 0 };
      this.#tallies.set(key, tally);
    }
    tally.count += this.kind.kind === 'window' ? cost : 1;
    if (this.kind.kind === 'backoff') tally.at = now;
    this.#onHit?.(reply, input);
  }

  /** Judges and counts one hit on its own (the rule alone decides). */
  hit(input: I, now: number, cost = 1): RateLimitReply {
    const reply = this.judge(input, now, cost);
    this.count(input, now, reply, reply.allowed, cost);
    return reply;
  }

  /** Takes back one counted hit of the input's key. */
  refund(input: I, now: number): void {
    const key = this.keyFor(input);
    const tally = this.#current(key, now);
    if (tally === undefined) return;
    tally.count = Math.max(0, tally.count - 1);
    if (tally.count === 0) this.#tallies.delete(key);
  }

  /** Forgets every hit of the input's key. */
  reset(input: I): void {
    this.#tallies.delete(this.keyFor(input));
  }

  /** Hits counted for the input's key and still in force. */
  counted(input: I, now: number): number {
    return this.#current(this.keyFor(input), now)?.count ?? 0;
  }

  /** Drops tallies that have run out, so long-running servers do not keep one per old key. */
  sweep(now: number): void {
    // At most once per interval: a full pass per hit would cost O(keys) on every call.
    if (now - this.#lastSweepAt < this.intervalMs) return;
    this.#lastSweepAt = now;
    for (const [key, tally] of this.#tallies) {
      if (this.#expired(tally, now)) this.#tallies.delete(key);
    }
  }
}

export class RateLimiter<I extends object> {
  readonly #rules = new Map<string, RateLimitRule<I>>();
  readonly #now: () => number;
  #nextId = 1;

  constructor(options: RateLimiterOptions = {}) {
    this.#now = options.now ?? Date.now;
  }

  addRule(options: RateLimitRuleOptions<I>): string {
    const id = `rule-${this.#nextId++}`;
    this.#rules.set(id, new RateLimitRule(id, options));
    return id;
  }

  removeRule(id: string): boolean {
    return this.#rules.delete(id);
  }

  ruleIds(): string[] {
    return [...this.#rules.keys()];
  }

  #matching(input: I, now: number): RateLimitRule<I>[] {
    const out: RateLimitRule<I>[] = [];
    for (const rule of this.#rules.values()) {
      rule.sweep(now);
      if (rule.matches(input)) out.push(rule);
    }
    return out;
  }

  /**
   * The most restrictive of several judgements: refused if any rule refuses, with the longest
   * wait among the refusing rules; otherwise the one with the fewest hits left.
   */
  static #combine(replies: readonly RateLimitReply[]): RateLimitReply {
    let reply: RateLimitReply = { allowed: true, timeToReset: 0, numInvocationsLeft: Infinity };
    for (const ruleReply of replies) {
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

  /** What a hit now would get from every matching rule, without counting it (Meteor's `check`). */
  check(input: I): RateLimitReply {
    const now = this.#now();
    return RateLimiter.#combine(this.#matching(input, now).map((rule) => rule.judge(input, now)));
  }

  /**
   * Judges one hit by every matching rule, counts it, and answers with the combined outcome.
   * `cost` is how many units the hit weighs in window rules (a non-negative integer; 1 for a call).
   */
  consume(input: I, cost = 1): RateLimitReply {
    if (!Number.isInteger(cost) || cost < 0) throw new TypeError('cost must be a non-negative integer');
    const now = this.#now();
    const rules = this.#matching(input, now);
    const replies = rules.map((rule) => rule.judge(input, now, cost));
    const reply = RateLimiter.#combine(replies);
    rules.forEach((rule, i) => {
      rule.count(input, now, replies[i] as RateLimitReply, reply.allowed, cost);
    });
    return reply;
  }

  /** Takes back one hit of the input from every matching rule (it proved not to be what is limited). */
  refund(input: I): void {
    const now = this.#now();
    for (const rule of this.#matching(input, now)) rule.refund(input, now);
  }

  /** Forgets the input's hits in every matching rule. */
  reset(input: I): void {
    for (const rule of this.#matching(input, this.#now())) rule.reset(input);
  }

  /** The most hits any matching rule holds against the input's key. */
  counted(input: I): number {
    const now = this.#now();
    let most = 0;
    for (const rule of this.#matching(input, now)) most = Math.max(most, rule.counted(input, now));
    return most;
  }
}
