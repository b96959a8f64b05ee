import { inspect } from 'node:util';
import { createContext, runInContext, type Context } from 'node:vm';
import { ObjectId, type Db, type FindCursor, type AggregationCursor } from 'mongodb';

/** Documents a query prints before `it` shows the next batch (mongosh's default). */
export const BATCH_SIZE = 20;

export const MONGO_SHELL_HELP = `Commands (each line is run, and its result printed):
  show collections | show dbs                  list collections / databases
  db.<coll>.find({ field: value }, projection)  the first ${BATCH_SIZE} matches; \`it\` shows more
  db.<coll>.findOne(query) / countDocuments(query) / distinct(field, query)
  db.<coll>.insertOne(doc) / insertMany([docs])
  db.<coll>.updateOne(query, { $set: {...} }) / updateMany / replaceOne
  db.<coll>.deleteOne(query) / deleteMany(query)
  db.<coll>.aggregate([{ $match: {...} }, ...])
  db.getCollection('name-with-dashes').find()
  db.getCollectionNames() / db.runCommand({ ping: 1 }) / db.stats()
  ObjectId('...'), ISODate('...'), Date are available; JavaScript expressions work.
  help, exit`;

type Cursor = FindCursor<unknown> | AggregationCursor<unknown>;

function isCursor(value: unknown): value is Cursor {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { next?: unknown }).next === 'function' &&
    typeof (value as { toArray?: unknown }).toArray === 'function' &&
    typeof (value as { close?: unknown }).close === 'function'
  );
}

/** The `db` a line sees: the driver's Db, with `db.<name>` as a collection (mongosh's shorthand). */
function shellDb(db: Db): Db {
  const extras: Record<string, unknown> = {
    getCollectionNames: async () => (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort(),
    getCollection: (name: string) => db.collection(name),
    runCommand: (command: Record<string, unknown>) => db.command(command),
    getName: () => db.databaseName,
  };
  return new Proxy(db, {
    get(target, property, receiver) {
      if (typeof property === 'string' && property in extras) return extras[property];
      if (typeof property !== 'string' || property in target || property.startsWith('_')) {
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      }
      return target.collection(property);
    },
  });
}

/**
 * What `meteor mongo` runs when mongosh is not installed: each line is JavaScript evaluated
 * with `db` (the app's database), promises awaited, cursors printed a batch at a time.
 */
export class MongoShell {
  readonly #context: Context;
  #pending: Cursor | undefined;

  /** `evalTimeoutMs` bounds the synchronous part of a line (a loop typed by mistake). */
  readonly #db: Db;
  readonly #evalTimeoutMs;

  constructor(db: Db, evalTimeoutMs = 5_000) {
    this.#db = db;
    this.#evalTimeoutMs = evalTimeoutMs;
    this.#context = createContext({
      db: shellDb(db),
      ObjectId: (hex?: string) => new ObjectId(hex),
      ISODate: (text?: string) => (text === undefined ? new Date() : new Date(text)),
      Date,
      print: (...values: unknown[]) => values.map(show).join(' '),
    });
  }

  /** Runs one line; returns the text to print (empty for nothing). Errors come back as text. */
  async run(line: string): Promise<string> {
    const input = line.trim().replace(/;$/, '');
    if (input === '') return '';
    if (input === 'help') return MONGO_SHELL_HELP;
    if (input === 'it') return this.#pending === undefined ? 'no cursor' : this.#batch(this.#pending);
    if (input === 'show collections' || input === 'show tables')
      return (await this.#db.listCollections({}, { nameOnly: true }).toArray())
        .map((c) => c.name)
        .sort()
        .join('\n');
    if (input === 'show dbs' || input === 'show databases') {
      const { databases } = await this.#db.admin().listDatabases({ nameOnly: true });
      return databases.map((d) => d.name).join('\n');
    }
    try {
      let value: unknown = runInContext(input, this.#context, { timeout: this.#evalTimeoutMs, displayErrors: false });
      if (isCursor(value)) return await this.#batch(value);
      if (typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function') value = await value;
      if (isCursor(value)) return await this.#batch(value);
      return value === undefined ? '' : show(value);
    } catch (error) {
      // Errors thrown inside the context are of its realm: not `instanceof` this realm's Error.
      const message =
        typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string'
          ? (error as { message: string }).message
          : String(error);
      return `Error: ${message}`;
    }
  }

  async #batch(cursor: Cursor): Promise<string> {
    const docs: unknown[] = [];
    while (docs.length < BATCH_SIZE) {
      const next: unknown = await cursor.next();
      if (next === null) break;
      docs.push(next);
    }
    const more = docs.length === BATCH_SIZE && (await cursor.hasNext());
    this.#pending = more ? cursor : undefined;
    if (!more) await cursor.close();
    const text = docs.map(show).join('\n');
    return more ? `${text}\nType "it" for more` : text;
  }

  async close(): Promise<void> {
    await this.#pending?.close();
    this.#pending = undefined;
  }
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : inspect(value, { depth: 6, colors: false, breakLength: 100 });
}
