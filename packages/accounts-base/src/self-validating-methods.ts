import { currentArgumentChecker } from '@perseid/check';
import type { AccountsMethod } from './server-ports';

/**
 * The accounts methods type every argument with their own parse functions (and refuse what
 * does not parse), so under audit-argument-checks they report all arguments as checked.
 */
export function selfValidating(map: Record<string, AccountsMethod>): Record<string, AccountsMethod> {
  const out: Record<string, AccountsMethod> = {};
  for (const [name, method] of Object.entries(map)) {
    out[name] = function (...args) {
      currentArgumentChecker.get()?.checking(args);
      return method.apply(this, args);
    };
  }
  return out;
}
