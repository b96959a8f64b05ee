export { check, Match } from './check';
export { MatchError } from './match-error';
export { ArgumentChecker, currentArgumentChecker, failIfArgumentsAreNotAllChecked } from './argument-checker';
export type { Pattern, PatternMatch, Matcher } from './patterns';
