import type { Document } from 'bson';
import type { ServerState } from './server-state';

export interface ConnectionInfo {
  readonly id: number;
  readonly remote: string;
}

export interface CommandContext {
  readonly state: ServerState;
  readonly db: string;
  readonly connection: ConnectionInfo;
}

export type CommandHandler = (cmd: Document, ctx: CommandContext) => Document | Promise<Document>;
