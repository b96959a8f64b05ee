import assert from 'node:assert/strict';
import { throwawayDatabaseUrl } from './throwaway-database';

describe('throwawayDatabaseUrl', () => {
  it('replaces or adds the database name and keeps credentials and options', () => {
    assert.equal(throwawayDatabaseUrl('mongodb://u:p@h:27017/chat?replicaSet=rs0', 't1'), 'mongodb://u:p@h:27017/t1?replicaSet=rs0');
    assert.equal(throwawayDatabaseUrl('mongodb://h1:1,h2:2', 't2'), 'mongodb://h1:1,h2:2/t2');
    assert.equal(throwawayDatabaseUrl('mongodb+srv://cluster.example.net/?retryWrites=true', 't3'), 'mongodb+srv://cluster.example.net/t3?retryWrites=true');
  });

  it('rejects a URL that is not mongodb://', () => {
    assert.throws(() => throwawayDatabaseUrl('postgres://h/db', 'x'), /not a mongodb:\/\/ URL/);
  });
});
