import '/tests/helpers/app-server';
import assert from 'node:assert/strict';
import { DEFAULT_UPLOAD_LIMITS, uploadLimitsFrom } from '../../server/rate-limits';
import { UploadQuota } from './upload-quota';
import type { Admission, UploadMeter } from './upload-quota';

function admitted(admission: Admission): UploadMeter {
  assert.equal(admission.kind, 'admitted', JSON.stringify(admission));
  if (admission.kind !== 'admitted') throw new Error('refused');
  return admission.meter;
}

describe('UploadQuota', () => {
  const stored = new Map<string, number>();
  const loads: string[] = [];
  const quota = (storageQuotaBytes: number) =>
    new UploadQuota({
      limits: { ...DEFAULT_UPLOAD_LIMITS, storageQuotaBytes },
      now: () => 0,
      storedBytesOf: async (userId) => {
        loads.push(userId);
        return stored.get(userId) ?? 0;
      },
    });
  beforeEach(() => {
    stored.clear();
    loads.length = 0;
  });

  it('makes parallel uploads of one user share the quota, counting what each has received so far', async () => {
    const q = quota(500);
    const a = admitted(await q.admit('u', null));
    const b = admitted(await q.admit('u', null));
    assert.equal(a.take(300), null);
    assert.equal(b.take(150), null);
    assert.equal(b.take(100)?.error, 'files.quota-exceeded');
    assert.equal(admitted(await q.admit('v', null)).take(500), null, 'another user has their own quota');
  });

  it('counts a finished upload as stored for uploads still running, and gives a discarded one back', async () => {
    const q = quota(500);
    const a = admitted(await q.admit('u', null));
    const b = admitted(await q.admit('u', null));
    assert.equal(a.take(300), null);
    a.finish('stored');
    assert.equal(b.take(250)?.error, 'files.quota-exceeded');
    b.finish('discarded');
    b.finish('discarded');
    stored.set('u', 300);
    const c = admitted(await q.admit('u', null));
    assert.equal(c.take(200), null);
    c.finish('discarded');
    assert.equal(admitted(await q.admit('u', null)).take(200), null);
  });

  it('reserves a declared length up front and refuses it at once when it does not fit', async () => {
    stored.set('u', 400);
    const q = quota(500);
    const refused = await q.admit('u', 101);
    assert.equal(refused.kind === 'refused' ? refused.refusal.error : refused.kind, 'files.quota-exceeded');
    const fits = admitted(await q.admit('u', 100));
    assert.equal(fits.take(60), null);
    assert.equal(fits.take(40), null, 'bytes within the declared length were reserved already');
    const tooLarge = await q.admit('u', DEFAULT_UPLOAD_LIMITS.storageQuotaBytes);
    assert.equal(tooLarge.kind === 'refused' ? tooLarge.refusal.error : tooLarge.kind, 'files.too-large');
  });

  it('reads the stored bytes once per burst of uploads, again once all have ended', async () => {
    const q = quota(500);
    const a = admitted(await q.admit('u', null));
    const b = admitted(await q.admit('u', null));
    assert.deepEqual(loads, ['u']);
    a.finish('stored');
    b.finish('stored');
    admitted(await q.admit('u', null));
    assert.deepEqual(loads, ['u', 'u']);
  });
});

describe('upload limits from Meteor.settings.uploads', () => {
  it('keeps the defaults for what the settings leave out and refuses a value that is not a positive integer', () => {
    assert.deepEqual(uploadLimitsFrom({}), DEFAULT_UPLOAD_LIMITS);
    assert.deepEqual(uploadLimitsFrom({ uploads: { storageQuotaBytes: 1024 } }), { ...DEFAULT_UPLOAD_LIMITS, storageQuotaBytes: 1024 });
    assert.throws(() => uploadLimitsFrom({ uploads: { uploadsPerMinute: 0 } }), /settings\.uploads\.uploadsPerMinute must be a positive integer/);
    assert.throws(() => uploadLimitsFrom({ uploads: { orphanAfterMs: '1h' } }), /positive integer/);
    assert.throws(() => uploadLimitsFrom({ uploads: 5 }), /must be an object/);
    assert.equal(DEFAULT_UPLOAD_LIMITS.uploadIdleTimeoutMs, 30_000);
    assert.equal(uploadLimitsFrom({ uploads: { uploadIdleTimeoutMs: 500 } }).uploadIdleTimeoutMs, 500);
  });
});
