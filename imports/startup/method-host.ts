import { installMethodHost } from '@perseid/collection-security';
import type { MethodContext } from '@perseid/collection-security';
import { Meteor } from 'meteor/meteor';

type Handler = (this: MethodContext, ...args: unknown[]) => unknown;

let installed: { stop(): void } | null = null;

/**
 * Registers every `defineMethod` with this side's `Meteor.methods` (server handlers, client
 * stubs). Idempotent: both start-ups call it once.
 */
export function installAppMethodHost(): void {
  if (installed !== null) return;
  installed = installMethodHost({
    register: (name, handler) => {
      (Meteor.methods as (methods: Record<string, Handler>) => void)({ [name]: handler });
    },
    callAsync: (name, args) => (Meteor.applyAsync as (name: string, args: unknown[]) => Promise<unknown>)(name, args),
  });
}
