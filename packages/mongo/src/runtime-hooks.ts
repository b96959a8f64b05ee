import * as ddpServer from '@perseid/ddp-server';
import { Meteor } from '@perseid/meteor-core';
import { RandomStream, type RandomStreamScope } from '@perseid/random';

/**
 * The server runtime this package plugs into: the current method's write fence and random
 * seed (ddp-server) and `Meteor.settings` (meteor-core). Kept in one file so every other
 * file depends only on the small shapes below.
 */

export interface FenceWrite {
  committed(): void;
}

export interface WriteFenceLike {
  beginWrite(): FenceWrite;
}

interface EnvironmentVariableLike<T> {
  get(): T | undefined;
}

function isEnvironmentVariable(value: unknown): value is EnvironmentVariableLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { get?: unknown }).get === 'function';
}

/**
 * ddp-server's exports, read by name: ddp-server is built in parallel and must never import
 * this package, so the seam is the two EnvironmentVariables CONTRACT.md names, checked here.
 */
function ddpServerVariable(name: 'currentWriteFence' | 'currentMethodInvocation'): EnvironmentVariableLike<unknown> | null {
  const value: unknown = (ddpServer as Record<string, unknown>)[name];
  return isEnvironmentVariable(value) ? value : null;
}

function isWriteFence(value: unknown): value is WriteFenceLike {
  return typeof value === 'object' && value !== null && typeof (value as { beginWrite?: unknown }).beginWrite === 'function';
}

/** The write fence of the method running now, if any. */
export function currentWriteFence(): WriteFenceLike | undefined {
  const fence = ddpServerVariable('currentWriteFence')?.get();
  return isWriteFence(fence) ? fence : undefined;
}

/** The scope whose randomSeed feeds ids: the current method invocation, if any. */
function currentRandomScope(): RandomStreamScope | undefined {
  const invocation = ddpServerVariable('currentMethodInvocation')?.get();
  return typeof invocation === 'object' && invocation !== null ? (invocation as RandomStreamScope) : undefined;
}

export interface IdSource {
  id(): string;
  hexString(digits: number): string;
}

/**
 * Meteor's id rule: inside a method, the `'/collection/' + name` sequence of the method's
 * random stream (so a client stub generates the same ids); elsewhere a strong random id.
 */
export function idSourceFor(collectionName: string): IdSource {
  return RandomStream.get(currentRandomScope(), '/collection/' + collectionName);
}

/** `Meteor.settings.packages.mongo`, or undefined. */
export function mongoPackageSettings(): unknown {
  const settings: unknown = Meteor.settings;
  if (typeof settings !== 'object' || settings === null) return undefined;
  const packages = (settings as { packages?: unknown }).packages;
  if (typeof packages !== 'object' || packages === null) return undefined;
  return (packages as { mongo?: unknown }).mongo;
}
