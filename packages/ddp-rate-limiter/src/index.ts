export { RateLimiter, RateLimitRule } from './rate-limiter';
export type { RateLimitReply, RateLimitRuleOptions, RateLimiterOptions, RuleMatcher, RuleFieldMatcher } from './rate-limiter';
export { DdpRateLimiter, DDPRateLimiter } from './ddp-rate-limiter';
export type { DdpRateLimitInput, DdpRuleMatcher, RateLimitMessage, DdpRateLimiterOptions } from './ddp-rate-limiter';
