/**
 * What client code gets from `meteor/*` (tsconfig.client.json: the `browser` export condition),
 * pinned at the type level. Each `@ts-expect-error` line must be an error; a regression (the
 * client typed as the server again, a member reaching the wrong side) fails the typecheck stage.
 */
import SimpleSchema from 'simpl-schema';
import { Meteor } from 'meteor/meteor';
import { Mongo } from 'meteor/mongo';
import { Accounts } from 'meteor/accounts-base';
import { useFind } from 'meteor/react-meteor-data';
import { defineMethod } from '@perseid/collection-security';
import { expectExact, type Exactly } from './expect-type';

interface Link {
  _id: string;
  title: string;
  clicks: number;
}

const Links = new Mongo.Collection<Link>('side-types-client-links');

export function readsReturnTheDocumentType(): void {
  const one = Links.findOne({ title: 'a' });
  expectExact<Exactly<typeof one, Link | undefined>>();
  const all = Links.find({}, { sort: { title: 1 } }).fetch();
  expectExact<Exactly<typeof all, Link[]>>();
  const count = Links.find().count();
  expectExact<Exactly<typeof count, number>>();
  expectExact<Exactly<ReturnType<typeof Links.findOneAsync>, Promise<Link | undefined>>>();
  expectExact<Exactly<typeof Links, Mongo.Collection<Link>>>();
}

export function writesTakeTheDocumentType(): void {
  Links.insert({ title: 'a', clicks: 0 });
  void Links.insertAsync({ _id: 'x', title: 'b', clicks: 1 });
  const stored: Link = { _id: 'y', title: 'c', clicks: 2 };
  void Links.insertAsync(stored);
}

export function useFindTakesAClientCursor(): void {
  const rows = useFind(() => Links.find({}, { sort: { title: 1 } }));
  expectExact<Exactly<typeof rows, readonly Link[]>>();
}

export function meteorIsTheClientsMeteor(): void {
  Meteor.subscribe('links');
  void Meteor.callAsync('links.add', 'title');
  Meteor.reconnect();
  expectExact<Exactly<ReturnType<typeof Meteor.userId>, string | null>>();
  // meteor/accounts-base (imported above) adds the client's accounts members.
  void Meteor.loginWithPassword('ana', 'secret');
  void Accounts.logout();
  // @ts-expect-error Meteor.publish is server-only
  Meteor.publish('links', () => Links.find());
  // @ts-expect-error Meteor.server is server-only
  void Meteor.server;
  // @ts-expect-error Meteor.onConnection is server-only
  Meteor.onConnection(() => undefined);
  // @ts-expect-error Meteor.userAsync is the server's (the client has Meteor.user())
  void Meteor.userAsync();
  // @ts-expect-error the global Meteor (globals.d.ts) is the client's too
  globalThis.Meteor.publish('links', () => Links.find());
}

export function definedMethodsInferTheirArguments(): void {
  const rename = defineMethod({
    name: 'side-types.client.rename',
    schema: new SimpleSchema({ linkId: String, title: String }),
    async run({ linkId, title }: { linkId: string; title: string }) {
      return { linkId, title, renamed: true as const };
    },
  });
  const result = rename.callAsync({ linkId: 'x', title: 'y' });
  expectExact<Exactly<typeof result, Promise<{ linkId: string; title: string; renamed: true }>>>();
  // @ts-expect-error a missing argument field
  void rename.callAsync({ linkId: 'x' });
  // @ts-expect-error a field of the wrong type
  void rename.callAsync({ linkId: 'x', title: 3 });
}
