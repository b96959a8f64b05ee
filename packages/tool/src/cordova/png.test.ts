import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { crc32, encodePng } from './png';

describe('encodePng', () => {
  it('writes a PNG whose header, checksums and pixels read back', () => {
    const png = encodePng(3, 2, (x, y) => [x * 100, y * 100, 7, 255]);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const chunks: { type: string; data: Buffer }[] = [];
    for (let at = 8; at < png.length; ) {
      const length = png.readUInt32BE(at);
      const type = png.toString('ascii', at + 4, at + 8);
      const data = png.subarray(at + 8, at + 8 + length);
      assert.equal(png.readUInt32BE(at + 8 + length), crc32(png.subarray(at + 4, at + 8 + length)), `${type} CRC`);
      chunks.push({ type, data });
      at += 12 + length;
    }
    assert.deepEqual(
      chunks.map((c) => c.type),
      ['IHDR', 'IDAT', 'IEND'],
    );
    const ihdr = chunks[0]?.data ?? Buffer.alloc(0);
    assert.deepEqual([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ihdr[8], ihdr[9]], [3, 2, 8, 6]);
    const raw = inflateSync(chunks[1]?.data ?? Buffer.alloc(0));
    // Row 1 (y = 1), pixel 2 (x = 2): after the filter byte and two RGBA pixels.
    assert.deepEqual([...raw.subarray(13 + 1 + 8, 13 + 1 + 12)], [200, 100, 7, 255]);
  });

  it('matches the standard CRC-32 check value', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  });
});
