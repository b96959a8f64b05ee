import assert from 'node:assert/strict';
import { decodeBase64, encodeBase64 } from './base64';

describe('base64', () => {
  const vectors: Array<[string, string]> = [
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ];
  for (const [plain, encoded] of vectors) {
    it(`RFC 4648 vector ${JSON.stringify(plain)} <-> ${JSON.stringify(encoded)}`, () => {
      const bytes = new TextEncoder().encode(plain);
      assert.equal(encodeBase64(bytes), encoded);
      assert.deepEqual(decodeBase64(encoded), bytes);
    });
  }

  it("round-trips every byte value and agrees with Node's encoder", () => {
    const all = new Uint8Array(256).map((_, i) => i);
    assert.equal(encodeBase64(all), Buffer.from(all).toString('base64'));
    assert.deepEqual(decodeBase64(encodeBase64(all)), all);
  });

  it('accepts input without padding', () => {
    assert.deepEqual(decodeBase64('Zm8'), new TextEncoder().encode('fo'));
  });
});
