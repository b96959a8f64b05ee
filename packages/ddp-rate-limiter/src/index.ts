export { RateLimiter, RateLimitRule } from './rate-limiter';
export type { BackoffOptions, RateLimitReply, RateLimitRuleOptions, RateLimiterOptions, RuleMatcher, RuleFieldMatcher } from './rate-limiter';
export { DdpRateLimiter, DDPRateLimiter, defaultRateLimitMessage, installDdpRateLimiter, tooManyRequests } from './ddp-rate-limiter';
export type { DdpRateLimitInput, DdpRuleMatcher, RateLimitMessage, DdpRateLimiterOptions, RateLimitedServer } from './ddp-rate-limiter';
