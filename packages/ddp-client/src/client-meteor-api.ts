import type { ApplyOptions, Connection, MethodPromise, MethodStub } from './connection';
import type { ConnectionStatus } from './connection-status';
import { getDefaultConnection } from './ddp';
import type { MethodCallback } from './method-invoker';
import type { SubscriptionHandle } from './subscription-record';

/**
 * The client half of `Meteor` that the facade mixes in: every call goes to the default
 * connection, which is created on first use.
 */
export interface ClientMeteorApi {
  readonly connection: Connection;
  subscribe(name: string, ...args: unknown[]): SubscriptionHandle;
  call(name: string, ...args: unknown[]): unknown;
  callAsync(name: string, ...args: unknown[]): MethodPromise;
  apply(name: string, args?: readonly unknown[], options?: ApplyOptions, callback?: MethodCallback): unknown;
  applyAsync(name: string, args?: readonly unknown[], options?: ApplyOptions, callback?: MethodCallback): MethodPromise;
  methods(stubs: Record<string, MethodStub>): void;
  status(): ConnectionStatus;
  reconnect(): void;
  disconnect(): void;
  userId(): string | null;
}

export const clientMeteorApi: ClientMeteorApi = {
  get connection() {
    return getDefaultConnection();
  },
  subscribe: (name, ...args) => getDefaultConnection().subscribe(name, ...args),
  call: (name, ...args) => getDefaultConnection().call(name, ...args),
  callAsync: (name, ...args) => getDefaultConnection().callAsync(name, ...args),
  apply: (name, args, options, callback) => getDefaultConnection().apply(name, args, options, callback),
  applyAsync: (name, args, options, callback) => getDefaultConnection().applyAsync(name, args, options, callback),
  methods: (stubs) => getDefaultConnection().methods(stubs),
  status: () => getDefaultConnection().status(),
  reconnect: () => getDefaultConnection().reconnect(),
  disconnect: () => getDefaultConnection().disconnect(),
  userId: () => getDefaultConnection().userId(),
};
