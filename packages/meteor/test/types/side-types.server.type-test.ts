/**
 * What server code gets from `meteor/*` (tsconfig.json: default export conditions), pinned at
 * the type level. Each `@ts-expect-error` line must be an error; a regression (a synchronous
 * Meteor 2 call compiling again, a client member reaching the server) fails the typecheck stage.
 */
import { Meteor } from 'meteor/meteor';
import { Mongo } from 'meteor/mongo';
import 'meteor/accounts-base';
import type { Server } from '@perseid/ddp-server';
import { expectExact, type Exactly } from './expect-type';

interface Link {
  _id: string;
  title: string;
  clicks: number;
}

const Links = new Mongo.Collection<Link>('side-types-server-links');

export async function readsAreAsyncAndTyped(): Promise<void> {
  const one = await Links.findOneAsync({ title: 'a' });
  expectExact<Exactly<typeof one, Link | undefined>>();
  const all = await Links.find({}, { sort: { title: 1 } }).fetchAsync();
  expectExact<Exactly<typeof all, Link[]>>();
  const count = await Links.find().countAsync();
  expectExact<Exactly<typeof count, number>>();
}

export function meteor2SyncCallsDoNotCompile(): void {
  // @ts-expect-error Meteor 3: no synchronous findOne on the server
  Links.findOne({ title: 'a' });
  // @ts-expect-error Meteor 3: no synchronous insert on the server
  Links.insert({ title: 'a', clicks: 0 });
  // @ts-expect-error Meteor 3: no synchronous update on the server
  Links.update({}, { $set: { clicks: 1 } });
  // @ts-expect-error Meteor 3: no synchronous remove on the server
  Links.remove({});
  // @ts-expect-error Meteor 3: no synchronous fetch on the server
  Links.find().fetch();
  // @ts-expect-error Meteor 3: no synchronous count on the server
  Links.find().count();
}

export function meteorIsTheServersMeteor(): void {
  Meteor.publish('links', () => Links.find());
  Meteor.methods({
    async 'links.add'(title: unknown) {
      return typeof title;
    },
  });
  void Meteor.callAsync('links.add', 'title');
  expectExact<Exactly<typeof Meteor.server, Server>>();
  // meteor/accounts-base (imported above) adds the server's accounts members.
  void Meteor.userAsync();
  // @ts-expect-error Meteor.subscribe is client-only
  Meteor.subscribe('links');
  // @ts-expect-error Meteor.call is gone from the server in Meteor 3 (callAsync)
  Meteor.call('links.add', 'title');
  // @ts-expect-error Meteor.status is client-only
  Meteor.status();
  // @ts-expect-error Meteor.loginWithPassword is client-only
  void Meteor.loginWithPassword('ana', 'secret');
  // @ts-expect-error the global Meteor (globals.d.ts) is the server's too
  globalThis.Meteor.subscribe('links');
}
