import assert from 'node:assert/strict';
import { emailDomainAllowed, parseAccountsConfig } from './accounts-config';

describe('Accounts.config parsing', () => {
  it('accepts the supported options with their types', () => {
    assert.deepEqual(parseAccountsConfig({ forbidClientAccountCreation: true, loginExpirationInDays: null, restrictCreationByEmailDomain: 'perseid.dev' }), {
      forbidClientAccountCreation: true,
      loginExpirationInDays: null,
      restrictCreationByEmailDomain: 'perseid.dev',
    });
  });

  it('refuses unknown keys and wrong types with the key named', () => {
    assert.throws(() => parseAccountsConfig({ loginExpirationInDay: 3 }), /invalid key: loginExpirationInDay/);
    assert.throws(() => parseAccountsConfig({ loginExpirationInDays: -1 }), /loginExpirationInDays/);
    assert.throws(() => parseAccountsConfig({ sendVerificationEmail: 'yes' }), /sendVerificationEmail must be a boolean/);
    assert.throws(() => parseAccountsConfig(null), /must be an object/);
  });

  it('accepts Meteor options that have no effect here, with a warning', () => {
    const warnings: string[] = [];
    assert.deepEqual(
      parseAccountsConfig({ ambiguousErrorMessages: true, bcryptRounds: 12 }, (m) => warnings.push(m)),
      {},
    );
    assert.equal(warnings.length, 2);
  });

  it('restricts sign-up domains by name or predicate', () => {
    assert.equal(emailDomainAllowed('perseid.dev', 'Ann@Perseid.dev'), true);
    assert.equal(emailDomainAllowed('perseid.dev', 'ann@evil-perseid.dev'), false);
    assert.equal(
      emailDomainAllowed((e) => e.endsWith('.org'), 'x@y.org'),
      true,
    );
    assert.equal(emailDomainAllowed(null, 'x@y.z'), true);
  });
});
