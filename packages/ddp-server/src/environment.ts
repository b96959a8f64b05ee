/**
 * The dynamic scopes server code reads while a method or publication runs. They are
 * EnvironmentVariables of @perseid/meteor-core, so under the AsyncLocalStorage backend (installed
 * by the server boot) they follow every `await` inside the handler.
 */
import { EnvironmentVariable } from '@perseid/meteor-core';
import type { MethodInvocation } from './method-invocation';
import type { Subscription } from './subscription';
import type { WriteFence } from './write-fence';

/** The method invocation running now (Meteor's DDP._CurrentMethodInvocation). */
export const currentMethodInvocation = new EnvironmentVariable<MethodInvocation>();

/** The publication handler running now (Meteor's DDP._CurrentPublicationInvocation). */
export const currentPublicationInvocation = new EnvironmentVariable<Subscription>();

/**
 * The fence collecting the current method's writes (Meteor's DDPServer._CurrentWriteFence).
 * A collection write calls `currentWriteFence.get()?.beginWrite()` and commits it once every
 * observer of that collection has seen the write.
 */
export const currentWriteFence = new EnvironmentVariable<WriteFence>();
