import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { clientMessageSchemas } from './client-message';
import { DDP_SCHEMA_REVISION, negotiateVersion, SUPPORTED_DDP_VERSIONS } from './protocol-version';
import { serverMessageSchemas } from './server-message';

describe('protocol version', () => {
  it("speaks Meteor's versions in Meteor's order", () => {
    assert.deepEqual(SUPPORTED_DDP_VERSIONS, ['1', 'pre2', 'pre1']);
  });

  it('accepts the best common version', () => {
    assert.deepEqual(negotiateVersion('1', ['1', 'pre2', 'pre1']), { kind: 'accept', version: '1' });
    assert.deepEqual(negotiateVersion('pre2', ['pre2']), { kind: 'accept', version: 'pre2' });
  });

  it('refuses a worse version than the client itself prefers, suggesting the better one', () => {
    assert.deepEqual(negotiateVersion('pre1', ['1', 'pre1']), { kind: 'refuse', suggest: '1' });
  });

  it("refuses an unknown version, suggesting the server's first when nothing is in common", () => {
    assert.deepEqual(negotiateVersion('2', ['2']), { kind: 'refuse', suggest: '1' });
    assert.deepEqual(negotiateVersion('2', ['2', 'pre2']), { kind: 'refuse', suggest: 'pre2' });
  });

  // If this fails, a message schema changed: old peers may not understand the new shape.
  // Bump DDP_SCHEMA_REVISION with a history line in protocol-version.ts, then update the hash.
  it('pins the message schemas to the schema revision', () => {
    const text = [...Object.values(clientMessageSchemas), ...Object.values(serverMessageSchemas)].map((schema) => schema.description).join('\n');
    const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
    assert.deepEqual({ revision: DDP_SCHEMA_REVISION, hash }, { revision: 2, hash: 'd2268d87d13772d0' });
  });
});
