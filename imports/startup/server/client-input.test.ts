/**
 * Every method and publication the server registers, called with generated hostile arguments
 * over real DDP sockets, signed out, as a channel member and as a stranger to that channel.
 * Invariants: no answer is a 500 (the catch-all for a non-Meteor.Error), every request is
 * answered, the server still serves afterwards, and nothing the caller may not change has
 * changed in the database (read through the driver).
 *
 * Reproduce a failure with the FUZZ_SEED it prints (and the per-target seed/path fast-check
 * reports); FUZZ_RUNS raises the number of argument lists per target.
 *
 * It lives under imports/startup/ so that `meteor test`, which loads test files in path order,
 * runs it after every feature test under imports/api/: it floods every method and publication
 * and must not eat their rate-limit budgets.
 */
import '/tests/helpers/app-server';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EJSON } from 'meteor/ejson';
import { Meteor } from 'meteor/meteor';
import { digestPassword } from '@perseid/accounts-base';
import { ChatTestClient } from '/tests/helpers/chat-test-client';
import { HostileDdpPeer, isInternalError } from '/tests/helpers/hostile-ddp-peer';
import type { RawAnswer } from '/tests/helpers/hostile-ddp-peer';
import { Channels, GENERAL_CHANNEL_ID, Memberships, membershipId } from '../../api/channels/collection';
import { Files } from '../../api/files/collection';
import { Messages } from '../../api/messages/collection';
import { Users } from '../../api/users/users-collection';
import { Invites, WORKSPACE_ID, Workspace } from '../../api/workspace/collection';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20_261_207);
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 30);
const PASSWORD = 'correct horse';
const ANSWER_TIMEOUT_MS = 10_000;

type Doc = Record<string, unknown> & { _id: string };
type Role = 'signed-out' | 'member' | 'stranger';
type Target = { readonly kind: 'method' | 'sub'; readonly name: string };

/** What the generators may aim at: real ids of documents the callers do and do not own. */
interface Victims {
  readonly channelIds: readonly string[];
  readonly messageIds: readonly string[];
  readonly userIds: readonly string[];
  /** Files, memberships: ids no field names, for the wrong field. */
  readonly otherIds: readonly string[];
  readonly usernames: readonly string[];
  /** Secrets of invite links: whoever holds one may sign up with it (and spend a use). */
  readonly inviteTokens: readonly string[];
}

function allIds(victims: Victims): string[] {
  return [...victims.channelIds, ...victims.messageIds, ...victims.userIds, ...victims.otherIds];
}

// ───────────────────────────── generators ─────────────────────────────

/** The keys publications take, favoured when a few keys are picked (publications refuse any other key). */
const ID_KEYS = ['channelId', 'messageId', 'threadId'] as const;
const COUNT_KEYS = ['limit', 'before', 'after', 'search'] as const;
const HOSTILE_KEYS = [
  '$set',
  '$where',
  '$gt',
  '$ne',
  '$regex',
  '$',
  'a.b',
  'x.0',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '',
  ' ',
] as const;
const HOSTILE_STRINGS = [
  '',
  ' ',
  '$',
  '$set',
  '__proto__',
  'constructor',
  'toString',
  'a.b',
  'x.0',
  '.',
  '\u0000',
  '😀',
  '👍🏽',
  '🏳️‍🌈',
  'public',
  'private',
  'online',
  'away',
  '#7c3aed',
  'admin',
  'sha-256',
] as const;
const HOSTILE_NUMBERS = [-0, -1, 0, 1, 0.5, 2 ** 31, 2 ** 53 + 1, 1e308, -1e308, Number.MIN_VALUE] as const;
/** Lengths at and beyond the app's field limits, up to the 1 MiB frame limit (beyond it in multi-byte characters). */
const HUGE_LENGTHS = [61, 201, 8_001, 70_000, 400_000, 1_000_000] as const;
/** Nesting around a parse depth limit of 100, and far beyond it: 6,000 levels overflow any recursive walk. */
const DEPTHS = [20, 99, 100, 101, 150, 1_000, 6_000] as const;

/** Builds an object from entries as JSON.parse would: `__proto__` becomes an own key, not the prototype. */
function objectOf(entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> {
  return Object.fromEntries(entries);
}

type NestingShape = 'array' | 'object' | 'mixed';

/**
 * A value nested `depth` levels deep. It stays a marker until the frame is written, where its
 * text is spliced in: at the depths that matter, building it as objects would overflow this
 * process's own stack in JSON.stringify before the server ever saw it.
 */
class DeepNesting {
  static readonly #byToken = new Map<string, DeepNesting>();
  readonly token: string;

  constructor(
    readonly depth: number,
    readonly shape: NestingShape,
    readonly leaf: string | number | boolean | null,
  ) {
    this.token = `\u0000deep:${DeepNesting.#byToken.size}:${shape}:${depth}`;
    DeepNesting.#byToken.set(this.token, this);
  }

  toJSON(): string {
    return this.token;
  }

  text(): string {
    const open: string[] = [];
    const close: string[] = [];
    for (let i = 0; i < this.depth; i++) {
      const asArray = this.shape === 'array' || (this.shape === 'mixed' && i % 2 === 0);
      open.push(asArray ? '[' : i % 3 === 0 ? '{"channelId":' : '{"a":');
      close.push(asArray ? ']' : '}');
    }
    return `${open.join('')}${JSON.stringify(this.leaf)}${close.reverse().join('')}`;
  }

  /** `json` with every marker's token replaced by its nested text. */
  static splice(json: string): string {
    return json.replace(/"\\u0000deep:\d+:\w+:\d+"/g, (quoted) => DeepNesting.#byToken.get(JSON.parse(quoted) as string)?.text() ?? quoted);
  }
}

/** For each argument field the app's methods and publications read, values that could pass its checks. */
function plausibleFields(victims: Victims): Record<string, fc.Arbitrary<unknown>> {
  const victimId = fc.constantFrom(...allIds(victims));
  /** Mostly an id of the kind the field names, sometimes any victim's id. */
  const idOf = (ids: readonly string[]) => fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: victimId });
  const channelId = idOf(victims.channelIds);
  const messageId = idOf(victims.messageIds);
  const userId = idOf(victims.userIds);
  const username = fc.oneof(fc.constantFrom(...victims.usernames), fc.stringMatching(/^[a-z][a-z0-9]{2,12}$/));
  const digest = fc.record({
    digest: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }),
    algorithm: fc.constantFrom('sha-256', 'md5'),
  });
  const count = fc.oneof(fc.integer({ min: -2, max: 60 }), fc.constantFrom(5_000, 5_001, 2 ** 31));
  return {
    channelId,
    messageId,
    userId,
    threadId: messageId,
    fileId: idOf(victims.otherIds),
    _id: fc.oneof(
      messageId,
      fc.stringMatching(/^[A-Za-z0-9]{1,24}$/),
      fc.tuple(userId, fc.stringMatching(/^[A-Za-z0-9]{1,17}$/)).map(([owner, rest]) => `${owner}:${rest}`),
    ),
    userIds: fc.array(userId, { minLength: 1, maxLength: 9 }),
    name: fc.oneof(fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,39}$/), fc.constantFrom('general', ...victims.usernames)),
    kind: fc.constantFrom('public', 'private', 'direct', 'sessions', 'password'),
    role: fc.constantFrom('admin', 'member', 'owner'),
    policy: fc.constantFrom('open', 'invite-only', 'email-domain', 'closed'),
    allowedDomains: fc.array(fc.oneof(fc.domain(), fc.string({ maxLength: 12 })), { maxLength: 3 }),
    channelIds: fc.array(channelId, { maxLength: 4 }),
    expiresInHours: count,
    maxUses: count,
    inviteId: idOf(victims.otherIds),
    inviteToken: fc.oneof(fc.constantFrom(...victims.inviteTokens), fc.string({ minLength: 20, maxLength: 43 })),
    text: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(...victims.usernames.map((u) => `hi @${u}`))),
    emoji: fc.constantFrom('👍', '😀', '$', '$set', 'a.b', 'x.0', 'constructor', 'toString', '__proto__', 'hasOwnProperty', '.'),
    query: fc.string({ minLength: 2, maxLength: 12 }),
    search: fc.string({ maxLength: 12 }),
    limit: count,
    before: count,
    after: count,
    state: fc.constantFrom('online', 'away', 'offline'),
    typing: fc.boolean(),
    archived: fc.boolean(),
    deactivated: fc.boolean(),
    notify: fc.constantFrom('all', 'mentions', 'nothing', 'loud'),
    mutedUntil: fc.oneof(fc.date(), fc.constant(null)),
    desktop: fc.boolean(),
    sounds: fc.boolean(),
    topic: fc.string({ maxLength: 40 }),
    statusText: fc.string({ maxLength: 40 }),
    color: fc.constantFrom('#7c3aed', '#2563eb', 'red'),
    user: fc.oneof(
      username.map((u) => ({ username: u })),
      fc.emailAddress().map((email) => ({ email })),
      victimId.map((id) => ({ id })),
    ),
    username,
    email: fc.emailAddress(),
    password: fc.oneof(digest, fc.string({ maxLength: 20 })),
    newPassword: digest,
    oldPassword: digest,
    resume: fc.string({ minLength: 20, maxLength: 43 }),
    token: fc.string({ minLength: 20, maxLength: 43 }),
    profile: fc.record({ name: fc.string({ maxLength: 20 }) }),
  };
}

function valueArbitraries(victims: Victims) {
  const victimId = fc.constantFrom(...allIds(victims));
  const huge = fc
    .tuple(fc.constantFrom(...HUGE_LENGTHS), fc.constantFrom('x', 'é', '$', '😀'))
    .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));
  const scalar = fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 24 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
    { weight: 2, arbitrary: fc.constantFrom<unknown>(...HOSTILE_STRINGS, ...victims.usernames) },
    { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom<unknown>(...HOSTILE_NUMBERS)) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(true, false, null) },
    { weight: 1, arbitrary: huge },
  );
  const ejson = fc.oneof(
    fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 8 }), fc.constant(8.64e15 + 1), fc.constant(null)).map(($date) => ({ $date })),
    fc.oneof(fc.base64String({ maxLength: 24 }), fc.constantFrom('not base64!', '=', 'AAA', '', '####')).map(($binary) => ({ $binary })),
    fc
      .oneof(fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 24, maxLength: 24 }), fc.string({ maxLength: 30 }))
      .map(($value) => ({ $type: 'oid', $value })),
    fc
      .tuple(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom<unknown>('__proto__', 'constructor', 'Date', 1, null, {})), fc.jsonValue({ maxDepth: 2 }))
      .map(([$type, $value]) => ({ $type, $value })),
    fc.constantFrom<unknown>(0, 1, -1, 2, 'x', null).map(($InfNaN) => ({ $InfNaN })),
    fc
      .tuple(fc.constantFrom('(a+)+$', '[', '.*', '^(?:a|aa)+$', '\\'), fc.constantFrom<unknown>('', 'g', 'zz', 'imsuy', 1))
      .map(([$regexp, $flags]) => ({ $regexp, $flags })),
    fc.jsonValue({ maxDepth: 2 }).map(($escape) => ({ $escape })),
  );
  const { value } = fc.letrec<{ value: unknown; object: Record<string, unknown> }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 4, arbitrary: scalar },
      { weight: 3, arbitrary: victimId },
      { weight: 2, arbitrary: ejson },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom(...DEPTHS), fc.constantFrom<NestingShape>('array', 'object', 'mixed'), fc.constantFrom('x', 0, null, true))
          .map(([depth, shape, leaf]) => new DeepNesting(depth, shape, leaf)),
      },
      { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
      { weight: 2, arbitrary: tie('object') },
    ),
    object: fc
      .array(
        fc.tuple(fc.oneof(fc.constantFrom<string>('channelId', 'messageId', 'userId', 'text', ...HOSTILE_KEYS), fc.string({ maxLength: 6 })), tie('value')),
        { maxLength: 5 },
      )
      .map(objectOf),
  }));
  const plausible = plausibleFields(victims);
  const fieldKeys = Object.keys(plausible);
  /** A field the app reads, holding a plausible value (often a victim's id), sometimes a hostile one. */
  const field = (key: string) => fc.tuple(fc.constant(key), fc.oneof({ weight: 8, arbitrary: plausible[key] ?? value }, { weight: 1, arbitrary: value }));
  /**
   * Argument objects in the app's vocabulary: every field at once (methods drop what their schema
   * does not name, so this reaches their bodies), or a few fields (what a publication accepts),
   * plus now and then a hostile key.
   */
  const shaped = fc
    .oneof(
      fc.tuple(...fieldKeys.map(field)),
      fc
        .uniqueArray(fc.constantFrom(...fieldKeys, ...ID_KEYS, ...ID_KEYS, ...ID_KEYS, ...ID_KEYS, ...COUNT_KEYS, ...COUNT_KEYS), {
          minLength: 1,
          maxLength: 3,
        })
        .chain((keys) => fc.tuple(...keys.map(field))),
    )
    .chain((entries) => fc.array(fc.tuple(fc.constantFrom<string>(...HOSTILE_KEYS), value), { maxLength: 1 }).map((extra) => objectOf([...entries, ...extra])));
  const params = fc.oneof(
    { weight: 1, arbitrary: fc.constant<unknown>([]) },
    { weight: 10, arbitrary: shaped.map((arg): unknown => [arg]) },
    { weight: 1, arbitrary: fc.tuple(shaped, value).map((args): unknown => args) },
    { weight: 3, arbitrary: value.map((arg): unknown => [arg]) },
    { weight: 2, arbitrary: fc.array(value, { maxLength: 4 }) },
    // No params (the call takes no arguments) or params that are no array (a protocol error).
    { weight: 1, arbitrary: fc.oneof(fc.constant<unknown>(undefined), shaped, value) },
  );
  const randomSeed = fc.option(fc.oneof(fc.string({ maxLength: 30 }), value), { nil: undefined, freq: 3 });
  return { params, randomSeed };
}

function frameFor(target: Target, id: string, params: unknown, randomSeed: unknown): string {
  const frame: Record<string, unknown> = target.kind === 'method' ? { msg: 'method', id, method: target.name } : { msg: 'sub', id, name: target.name };
  if (params !== undefined) frame['params'] = params;
  if (target.kind === 'method' && randomSeed !== undefined) frame['randomSeed'] = randomSeed;
  return DeepNesting.splice(JSON.stringify(frame));
}

/** A short, bounded rendering of generated input for failure messages. */
function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' && v.length > 80 ? `<${v.length} chars>` : v)) ?? 'undefined';
  } catch (error) {
    text = `<unprintable: ${String(error)}>`;
  }
  return text.length > 600 ? `${text.slice(0, 600)}…(${text.length} chars)` : text;
}

// ───────────────────────────── callers ─────────────────────────────

interface Caller {
  readonly role: Role;
  /** The user's id and name; none when signed out. */
  readonly user: { readonly id: string; readonly username: string } | null;
  token: string | null;
}

async function passwordLogin(socket: HostileDdpPeer, username: string): Promise<{ id: string; token: string }> {
  const id = socket.nextId('login');
  const text = JSON.stringify({ msg: 'method', id, method: 'login', params: [{ user: { username }, password: await digestPassword(PASSWORD) }] });
  const answer = await socket.request(id, text, ANSWER_TIMEOUT_MS);
  if (answer.kind !== 'result' || answer.error !== undefined) throw new Error(`login as ${username} failed: ${preview(answer)}`);
  return answer.result as { id: string; token: string };
}

/**
 * A socket signed in as the caller (or signed out). Resumes with the caller's token; if a
 * generated call revoked it (logout, removeOtherTokens), logs in with the password for a new one.
 */
async function openAs(caller: Caller): Promise<HostileDdpPeer> {
  const socket = await HostileDdpPeer.open(Meteor.absoluteUrl());
  if (caller.user === null) return socket;
  if (caller.token !== null) {
    const id = socket.nextId('resume');
    const answer = await socket.request(id, JSON.stringify({ msg: 'method', id, method: 'login', params: [{ resume: caller.token }] }), ANSWER_TIMEOUT_MS);
    if (answer.kind === 'result' && answer.error === undefined) return socket;
  }
  caller.token = (await passwordLogin(socket, caller.user.username)).token;
  return socket;
}

/**
 * After a generated accounts call on `socket`: if it is still signed in as the caller, takes a
 * fresh token from it, so a call that revoked the others (removeOtherTokens, logoutOtherClients)
 * leaves the caller a token to resume with instead of a password login per call.
 */
async function keepATokenOf(caller: Caller, socket: HostileDdpPeer): Promise<void> {
  const result = await newToken(socket);
  if (caller.user === null || result?.id !== caller.user.id) return;
  caller.token = result.token;
  // Only that token stays: the user's token list would otherwise grow by two per call.
  const id = socket.nextId('prune');
  await socket.request(id, JSON.stringify({ msg: 'method', id, method: 'removeOtherTokens', params: [] }), ANSWER_TIMEOUT_MS);
}

/** Gives the socket's login a token of its own (`getNewToken`), so a generated logout revokes only that one. */
async function newToken(socket: HostileDdpPeer): Promise<{ id: unknown; token: string } | null> {
  if (!socket.isOpen) return null;
  const id = socket.nextId('token');
  const answer = await socket.request(id, JSON.stringify({ msg: 'method', id, method: 'getNewToken', params: [] }), ANSWER_TIMEOUT_MS);
  const result = answer.kind === 'result' && answer.error === undefined ? (answer.result as { id?: unknown; token?: unknown } | null) : null;
  return result !== null && typeof result.token === 'string' ? { id: result.id, token: result.token } : null;
}

/**
 * Accounts methods (Meteor's undotted names) can change who a connection is and are rate-limited
 * per connection, so each such call gets a fresh socket; app methods and subscriptions share one.
 */
function needsOwnSocket(target: Target): boolean {
  return target.kind === 'method' && !target.name.includes('.');
}

/** Whether an answer shows an internal error reaching the client. */
function internalErrorIn(answer: RawAnswer): boolean {
  return (answer.kind === 'result' || answer.kind === 'nosub') && isInternalError(answer.error);
}

// ───────────────────────────── protected data ─────────────────────────────

interface Snapshot {
  readonly users: Map<string, Doc>;
  readonly channels: Map<string, Doc>;
  readonly messages: Map<string, Doc>;
  readonly memberships: Map<string, Doc>;
  readonly files: Map<string, Doc>;
  readonly workspace: Map<string, Doc>;
  readonly invites: Map<string, Doc>;
}

async function snapshot(): Promise<Snapshot> {
  const all = async (collection: { rawCollection(): { find(selector: object): { toArray(): Promise<unknown[]> } } }): Promise<Map<string, Doc>> =>
    new Map(((await collection.rawCollection().find({}).toArray()) as Doc[]).map((doc) => [String(doc._id), doc]));
  return {
    users: await all(Users),
    channels: await all(Channels),
    messages: await all(Messages),
    memberships: await all(Memberships),
    files: await all(Files),
    workspace: await all(Workspace),
    invites: await all(Invites),
  };
}

function without(doc: Doc, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc).filter(([key]) => !fields.includes(key)));
}

/**
 * Reactions minus the caller's own: the only part of someone else's message a reader may change.
 * Reactions are a list of `{ emoji, userIds }`; anything of another shape is kept as it is, so it
 * shows as a change.
 */
function othersReactions(doc: Doc, self: string | null): unknown {
  const reactions: unknown = doc['reactions'] ?? [];
  if (!Array.isArray(reactions)) return reactions;
  const out: unknown[] = [];
  for (const entry of reactions as unknown[]) {
    const userIds = typeof entry === 'object' && entry !== null ? (entry as { userIds?: unknown }).userIds : undefined;
    if (!Array.isArray(userIds)) {
      out.push(entry);
      continue;
    }
    const others = userIds.filter((id) => id !== self);
    if (others.length > 0) out.push({ emoji: (entry as { emoji?: unknown }).emoji, userIds: others });
  }
  return out;
}

/**
 * Every change between two snapshots that `self` (null: signed out) was not entitled to make.
 * A caller may change their own documents; in channels they can read (public ones, or ones they
 * were in) they may add members, set the topic, post (moving counters and read markers of others)
 * and toggle their own reactions. Everything else must be exactly as it was.
 */
function forbiddenChanges(before: Snapshot, after: Snapshot, self: string | null): string[] {
  const problems: string[] = [];
  const differ = (what: string, a: unknown, b: unknown): void => {
    if (!EJSON.equals(a as never, b as never)) problems.push(`${what} changed: ${preview(a)} → ${preview(b)}`);
  };
  const readable = new Set<string>();
  for (const [id, channel] of before.channels) {
    const now = after.channels.get(id);
    const memberIds = channel['memberIds'] as string[];
    const isReadable = channel['kind'] === 'public' || (self !== null && memberIds.includes(self));
    if (now === undefined) {
      problems.push(`channel ${id} was deleted`);
      continue;
    }
    if (!isReadable) {
      differ(`channel ${id}`, channel, now);
      continue;
    }
    readable.add(id);
    differ(`channel ${id}`, without(channel, ['memberIds', 'lastMessageAt', 'topic']), without(now, ['memberIds', 'lastMessageAt', 'topic']));
    const lost = memberIds.filter((m) => m !== self && !(now['memberIds'] as string[]).includes(m));
    if (lost.length > 0) problems.push(`channel ${id} lost members ${lost.join(', ')}`);
  }
  for (const [id, message] of before.messages) {
    if (message['userId'] === self) continue;
    const now = after.messages.get(id);
    if (now === undefined) problems.push(`message ${id} of ${String(message['userId'])} was deleted`);
    else if (!readable.has(String(message['channelId']))) differ(`message ${id}`, message, now);
    else {
      const volatile = ['reactions', 'replyCount', 'lastReplyAt'];
      differ(`message ${id}`, without(message, volatile), without(now, volatile));
      differ(`reactions of message ${id}`, othersReactions(message, self), othersReactions(now, self));
    }
  }
  for (const [id, membership] of before.memberships) {
    if (membership['userId'] === self) continue;
    const now = after.memberships.get(id);
    if (now === undefined) problems.push(`membership ${id} was deleted`);
    else if (!readable.has(String(membership['channelId']))) differ(`membership ${id}`, membership, now);
    else differ(`membership ${id}`, without(membership, ['unread', 'mentions']), without(now, ['unread', 'mentions']));
  }
  for (const [id, user] of before.users) {
    if (id !== self) differ(`user ${id}`, user, after.users.get(id));
  }
  // Only admins change settings and invite links (none of the callers is one); anyone holding a
  // link may sign up with it, spending a use.
  for (const [id, settings] of before.workspace) differ(`workspace settings ${id}`, settings, after.workspace.get(id));
  for (const [id, invite] of before.invites) {
    const now = after.invites.get(id);
    if (now === undefined) problems.push(`invite ${id} was deleted`);
    else differ(`invite ${id}`, without(invite, ['uses']), without(now, ['uses']));
  }
  for (const [id, file] of before.files) {
    if (file['uploadedBy'] !== self) differ(`file ${id}`, file, after.files.get(id));
  }
  return problems;
}

// ───────────────────────────── the test ─────────────────────────────

/** A stable per-target seed, so adding a method does not reshuffle every other target's inputs. */
function seedFor(role: Role, target: Target): number {
  let hash = SEED >>> 0;
  for (const char of `${role}:${target.kind}:${target.name}`) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0;
  return hash | 0;
}

describe('every method and publication under generated client input (server, over DDP)', function () {
  this.timeout(180_000);
  const clients: ChatTestClient[] = [];
  let victims: Victims;
  let callers: Record<Role, Caller>;
  let targets: Target[];

  before(async () => {
    const owner = await ChatTestClient.signUp('fzowner');
    const member = await ChatTestClient.signUp('fzmember');
    const stranger = await ChatTestClient.signUp('fzstranger');
    clients.push(owner, member, stranger);
    const tag = owner.username.slice(-6);
    const shared = await owner.call<string>('channels.create', { name: `fz-shared-${tag}`, kind: 'private' });
    const secret = await owner.call<string>('channels.create', { name: `fz-secret-${tag}`, kind: 'private' });
    const open = await owner.call<string>('channels.create', { name: `fz-open-${tag}`, kind: 'public' });
    await owner.call('channels.invite', { channelId: shared, userIds: [member.id] });
    const direct = await owner.call<string>('channels.openDirect', { userIds: [member.id] });
    const upload = await fetch(Meteor.absoluteUrl(`api/files?channelId=${secret}&name=plan.txt`), {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-login-token': owner.token ?? '' },
      body: 'the secret plan',
    });
    assert.equal(upload.status, 201);
    const { fileId } = (await upload.json()) as { fileId: string };
    const messageIds: string[] = [];
    const send = async (client: ChatTestClient, fields: Record<string, unknown>): Promise<string> => {
      const _id = `${client.id}:fz${messageIds.length}`;
      await client.call('messages.send', { _id, ...fields });
      messageIds.push(_id);
      return _id;
    };
    const parent = await send(owner, { channelId: shared, text: `hello @${member.username}` });
    await send(owner, { channelId: shared, threadId: parent, text: 'a reply' });
    await send(member, { channelId: shared, text: 'the member speaks' });
    await send(owner, { channelId: secret, text: 'only the owner reads this', fileId });
    await send(owner, { channelId: open, text: 'anyone may read this' });
    await send(owner, { channelId: direct, text: 'just us two' });
    await owner.call('messages.react', { messageId: parent, emoji: '👍' });
    // Admin data to aim at: the settings and an invite link (written directly: no caller is an admin).
    await Workspace.upsertAsync(
      { _id: WORKSPACE_ID },
      { $set: { name: 'Fuzzed', signupPolicy: 'open', allowedDomains: ['example.com'], defaultChannelIds: [open] } },
    );
    const invite = {
      _id: `fzinvite${tag}`,
      token: `fz-invite-token-${tag}-0123456789`,
      createdBy: owner.id,
      createdAt: new Date(),
      expiresAt: new Date(Date.now() + 3_600_000),
      maxUses: 1000,
      uses: 0,
      revokedAt: null,
    };
    await Invites.insertAsync(invite);
    victims = {
      channelIds: [shared, secret, open, direct, GENERAL_CHANNEL_ID],
      messageIds,
      userIds: [owner.id, member.id, stranger.id],
      otherIds: [fileId, membershipId(secret, owner.id), invite._id],
      usernames: [owner.username, member.username, stranger.username],
      inviteTokens: [invite.token],
    };
    callers = {
      'signed-out': { role: 'signed-out', user: null, token: null },
      member: { role: 'member', user: { id: member.id, username: member.username }, token: member.token },
      stranger: { role: 'stranger', user: { id: stranger.id, username: stranger.username }, token: stranger.token },
    };
    // Read from the live registries, so a method or publication added later is fuzzed too.
    targets = [
      ...Meteor.server.methodNames().map((name): Target => ({ kind: 'method', name })),
      ...Meteor.server.publicationNames().map((name): Target => ({ kind: 'sub', name })),
    ];
  });

  after(async () => {
    for (const client of clients.splice(0)) client.close();
    await Workspace.removeAsync({ _id: WORKSPACE_ID });
  });

  it('reads the method and publication registries', () => {
    const names = targets.map((t) => t.name);
    for (const expected of ['messages.send', 'channels.create', 'login', 'createUser']) assert.ok(names.includes(expected), `${expected} is registered`);
    for (const expected of ['messages.channel', 'channels.mine', 'typing'])
      assert.ok(
        targets.some((t) => t.kind === 'sub' && t.name === expected),
        `${expected} is published`,
      );
  });

  for (const role of ['signed-out', 'member', 'stranger'] as const) {
    it(`never answers 500, always answers, keeps serving, and changes nothing it may not: ${role}`, async () => {
      const caller = callers[role];
      const { params, randomSeed } = valueArbitraries(victims);
      const before = await snapshot();
      const failures: string[] = [];
      let shared = await openAs(caller);
      const internalErrors: string[] = [];

      for (const target of targets) {
        const seed = seedFor(role, target);
        const details = await fc.check(
          fc.asyncProperty(params, randomSeed, async (args, rpcSeed) => {
            const own = needsOwnSocket(target);
            let socket = own ? await openAs(caller) : shared.isOpen ? shared : (shared = await openAs(caller));
            if (own && caller.user !== null) await newToken(socket);
            let id = socket.nextId(target.kind === 'method' ? 'm' : 's');
            let answer = await socket.request(id, frameFor(target, id, args, rpcSeed), ANSWER_TIMEOUT_MS);
            // The shared socket may have been closed for an earlier frame or a revoked token
            // before this one was read: send it once more on a new socket.
            if (answer.kind === 'closed' && !own) {
              socket = shared = await openAs(caller);
              id = socket.nextId(target.kind === 'method' ? 'm' : 's');
              answer = await socket.request(id, frameFor(target, id, args, rpcSeed), ANSWER_TIMEOUT_MS);
            }
            if (answer.kind === 'ready') socket.send(JSON.stringify({ msg: 'unsub', id }));
            if (own) {
              await keepATokenOf(caller, socket);
              internalErrors.push(...socket.internalErrors);
              socket.close();
            }
            if (internalErrorIn(answer)) throw new Error(`internal error answered: ${preview(answer)}`);
            if (answer.kind === 'no-answer') throw new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`);
          }),
          { seed, numRuns: RUNS, endOnFailure: true },
        );
        if (details.failed) {
          failures.push(
            `${target.kind} ${target.name} (seed ${seed}, path ${String(details.counterexamplePath)}): ${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}\n    args: ${preview(details.counterexample)}`,
          );
        }
      }
      internalErrors.push(...shared.internalErrors);
      shared.close();

      const changes = forbiddenChanges(before, await snapshot(), caller.user?.id ?? null);

      // Still up: a new socket is answered and a real login succeeds.
      const probe = await HostileDdpPeer.open(Meteor.absoluteUrl());
      try {
        assert.equal(await probe.ping(ANSWER_TIMEOUT_MS), true, 'the server answers a ping after the run');
        if (caller.user !== null) caller.token = (await passwordLogin(probe, caller.user.username)).token;
        else await passwordLogin(probe, callers.member.user?.username ?? '');
      } finally {
        probe.close();
      }

      const report = [
        ...failures,
        ...internalErrors.map((frame) => `late internal error frame: ${frame}`),
        ...changes.map((change) => `forbidden change: ${change}`),
      ];
      assert.deepEqual(report, [], `FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}, ${role}: ${report.length} problem(s)\n  ${report.join('\n  ')}`);
    });
  }
});
