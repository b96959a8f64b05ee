/**
 * Credentials never leave the server in text it shows: the stats report, logs and the tool's
 * messages print `MONGO_URL` and other connection strings through this. It blanks the userinfo
 * of every `scheme://user:password@host` in a text (up to the last `@` before the path, so an
 * unencoded `@` in a password does not leave its tail behind) and the values of query
 * parameters that carry secrets (`password`, `tlsCertificateKeyFilePassword`, tokens, AWS
 * `authMechanismProperties`).
 */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi;
const SECRET_PARAMETER = /([?&;](?:[a-z0-9_.-]*(?:password|secret|token|credential)[a-z0-9_.-]*|authMechanismProperties)=)[^&;#\s]*/gi;

export const REDACTED = '***';

export function redactUrlCredentials(text: string): string {
  return text.replace(USERINFO, `$1${REDACTED}@`).replace(SECRET_PARAMETER, `$1${REDACTED}`);
}

/**
 * A JSON-safe copy of `value` with every string passed through `redactUrlCredentials` (what the
 * stats route sends; a provider cannot leak a connection string by forgetting to redact it).
 */
export function redactJson(value: unknown): unknown {
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? redactUrlCredentials(v) : v));
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}
