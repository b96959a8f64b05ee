import assert from 'node:assert/strict';
import { redactJson, redactUrlCredentials } from './redact-credentials';

describe('redactUrlCredentials', () => {
  it('blanks user and password of connection strings, keeping hosts and database', () => {
    assert.equal(
      redactUrlCredentials('mongodb://admin:hunter2@db1:27017,db2:27017/chat?replicaSet=rs0'),
      'mongodb://***@db1:27017,db2:27017/chat?replicaSet=rs0',
    );
    assert.equal(redactUrlCredentials('mongodb+srv://app:s3cr%40t@cluster0.example.net/chat'), 'mongodb+srv://***@cluster0.example.net/chat');
    assert.equal(redactUrlCredentials('at MONGO_URL=mongodb://u:p@ss@host/db failed'), 'at MONGO_URL=mongodb://***@host/db failed');
    assert.equal(redactUrlCredentials('mongodb://127.0.0.1:3001/meteor'), 'mongodb://127.0.0.1:3001/meteor');
  });

  it('blanks secrets carried as query parameters', () => {
    assert.equal(
      redactUrlCredentials('mongodb://h/db?tls=true&tlsCertificateKeyFilePassword=pw1&authMechanismProperties=AWS_SESSION_TOKEN:tok&w=1'),
      'mongodb://h/db?tls=true&tlsCertificateKeyFilePassword=***&authMechanismProperties=***&w=1',
    );
  });

  it('redacts every string of a JSON value, at any depth', () => {
    assert.deepEqual(redactJson({ mongo: { connections: [{ url: 'mongodb://root:pw@h/db', n: 1 }] } }), {
      mongo: { connections: [{ url: 'mongodb://***@h/db', n: 1 }] },
    });
  });
});
