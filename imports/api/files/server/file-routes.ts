import type { Request, Response } from 'express';
import { Meteor } from 'meteor/meteor';
import { Random } from 'meteor/random';
import { WebApp } from 'meteor/webapp';
import { Accounts, loginTokenMiddleware } from 'meteor/accounts-base';
import type { RequestLogin } from 'meteor/accounts-base';
import { fileRefusals } from '../../app-errors';
import type { HttpRefusal } from '../../app-errors';
import { Channels } from '../../channels/collection';
import { ID_PATTERN } from '../../channels/schema';
import { uploadLimitsFrom } from '../../server/rate-limits';
import type { UploadLimits } from '../../server/rate-limits';
import { ALLOWED_UPLOAD_TYPES, Files, isInlineImage } from '../collection';
import type { FilePurpose, StoredFile } from '../collection';
import { isAdmin } from '../../channels/access';
import { MAX_CUSTOM_EMOJI_BYTES } from '../../emoji/collection';
import { setFileDisposer } from '../file-lifecycle';
import { bucket, deleteBytes, gridFsDisposer, gridId, storeStream } from './file-store';
import type { StoreOutcome } from './file-store';
import { BodyIdle, withIdleTimeout } from './idle-source';
import { OrphanSweep } from './orphan-sweep';
import { UploadQuota } from './upload-quota';

/** Headers naming what carries the credential (see loginTokenMiddleware): a cache must key on them. */
const CREDENTIAL_HEADERS = 'X-Login-Token, Authorization';

function refuse(res: Response, refusal: HttpRefusal): void {
  res.setHeader('Cache-Control', 'no-store');
  if (refusal.retryAfterMs !== undefined) res.setHeader('Retry-After', String(Math.ceil(refusal.retryAfterMs / 1000)));
  res
    .status(refusal.status)
    .json({ error: refusal.error, reason: refusal.reason, ...(refusal.retryAfterMs === undefined ? {} : { retryAfterMs: refusal.retryAfterMs }) });
}

/**
 * Refuses an upload whose body is not (fully) read: the connection closes after the answer,
 * so the rest of the body is never read, neither buffered nor drained.
 */
function refuseUpload(res: Response, refusal: HttpRefusal): void {
  res.setHeader('Connection', 'close');
  refuse(res, refusal);
}

function loginOf(res: Response): RequestLogin {
  return res.locals['login'] as RequestLogin;
}

async function readableBy(channelId: string, userId: string): Promise<boolean> {
  return (await Channels.findOneAsync({ _id: channelId, memberIds: userId }, { fields: { _id: 1 } })) !== undefined;
}

async function storedBytesOf(userId: string): Promise<number> {
  const files = await Files.find({ uploadedBy: userId }, { fields: { size: 1 } }).fetchAsync();
  return files.reduce((sum, file) => sum + file.size, 0);
}

const limits = uploadLimitsFrom(Meteor.settings);
let quota = new UploadQuota({ limits, storedBytesOf });

/** The upload limits in force; tests install one over their own clock and limits. */
export function useUploadQuota(next: UploadQuota): UploadQuota {
  const previous = quota;
  quota = next;
  return previous;
}

/** A quota over the configured limits, some replaced, and its own clock (for tests). */
export function newUploadQuota(options: { limits?: Partial<UploadLimits>; now?: () => number } = {}): UploadQuota {
  return new UploadQuota({ limits: { ...limits, ...options.limits }, storedBytesOf, ...(options.now === undefined ? {} : { now: options.now }) });
}

/** Deletes uploads nothing took within `orphanAfterMs`; started with the routes. */
export const orphanSweep = new OrphanSweep({ orphanAfterMs: limits.orphanAfterMs, everyMs: limits.orphanSweepEveryMs });

/**
 * Uploads: `POST /api/files?channelId=…&name=…` (or `?purpose=avatar&name=…`) with the bytes as the body and the login
 * token in `X-Login-Token`; streamed into GridFS under the per-user limits of `UploadLimits`.
 * Downloads: `GET /api/files/:id` (and `HEAD`, headers only), only for members of the file's channel (avatars: anyone
 * signed in).
 */
export function registerFileRoutes(): void {
  // Optional here: the handlers refuse a request without a valid token themselves, as
  // files.not-logged-in, never cached, and an upload's unread body is not drained.
  const auth = loginTokenMiddleware(Accounts);
  setFileDisposer(gridFsDisposer);
  orphanSweep.start();

  WebApp.handlers.post('/api/files', auth, (req: Request, res: Response, next) => {
    void upload(req, res).catch(next);
  });

  WebApp.handlers.get('/api/files/:id', auth, (req: Request, res: Response, next) => {
    void download(req, res).catch(next);
  });
}

function declaredLength(req: Request): number | null {
  const header = req.headers['content-length'];
  // Node's parser has already refused a malformed or conflicting length.
  return header === undefined ? null : Number(header);
}

async function upload(req: Request, res: Response): Promise<void> {
  const userId = loginOf(res).userId;
  if (userId === null) return refuseUpload(res, fileRefusals.notLoggedIn());
  const purpose: FilePurpose = req.query['purpose'] === 'avatar' ? 'avatar' : req.query['purpose'] === 'emoji' ? 'emoji' : 'attachment';
  // Avatars and custom emoji belong to no channel: anyone signed in may see them, images only.
  const avatar = purpose !== 'attachment';
  const channelId = avatar ? '' : req.query['channelId'];
  const name = req.query['name'];
  if (typeof channelId !== 'string' || (!avatar && !ID_PATTERN.test(channelId))) return refuseUpload(res, fileRefusals.invalid('channelId is required'));
  if (typeof name !== 'string' || name.length === 0 || name.length > 200)
    return refuseUpload(res, fileRefusals.invalid('name is required (at most 200 characters)'));
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!ALLOWED_UPLOAD_TYPES.has(type)) return refuseUpload(res, fileRefusals.typeNotAllowed(`Files of type "${type || 'unknown'}" cannot be uploaded`));
  if (avatar && !isInlineImage(type))
    return refuseUpload(res, fileRefusals.typeNotAllowed(`${purpose === 'emoji' ? 'A custom emoji' : 'An avatar'} must be a PNG, JPEG, GIF or WebP image`));
  const declared = declaredLength(req);
  if (declared === 0) return refuseUpload(res, fileRefusals.empty());
  if (purpose === 'emoji') {
    if (!(await isAdmin(userId))) return refuseUpload(res, fileRefusals.forbidden('Only an admin can add custom emoji'));
    // A body without a declared length is checked by emoji.add, which refuses a larger file.
    if (declared !== null && declared > MAX_CUSTOM_EMOJI_BYTES) return refuseUpload(res, fileRefusals.tooLarge(MAX_CUSTOM_EMOJI_BYTES));
  }
  if (!avatar && !(await readableBy(channelId, userId))) return refuseUpload(res, fileRefusals.notMember());

  const admission = await quota.admit(userId, declared);
  if (admission.kind === 'refused') return refuseUpload(res, admission.refusal);
  const { meter } = admission;
  const fileId = Random.id();
  try {
    const body = withIdleTimeout(req[Symbol.asyncIterator](), quota.limits.uploadIdleTimeoutMs);
    const outcome = await storeStream(body, fileId, name, { type, uploadedBy: userId, channelId }, (bytes) => meter.take(bytes)).catch(
      (error: unknown): StoreOutcome<HttpRefusal> | null => {
        // The client went away mid-body: nothing was kept and nobody is left to answer.
        if (req.readableAborted || req.destroyed) return null;
        // storeStream has deleted what was written; the answer closes the connection.
        if (error instanceof BodyIdle) return { kind: 'refused', refusal: fileRefusals.idle(error.idleMs) };
        throw error;
      },
    );
    if (outcome === null) return void res.destroy();
    if (outcome.kind === 'refused') return refuseUpload(res, outcome.refusal);
    if (outcome.kind === 'empty') return refuseUpload(res, fileRefusals.empty());
    const file: StoredFile = {
      _id: fileId,
      name,
      type,
      size: outcome.size,
      uploadedBy: userId,
      channelId,
      purpose,
      state: 'pending',
      createdAt: new Date(),
    };
    await Files.insertAsync(file).catch(async (error: unknown) => {
      await deleteBytes(fileId);
      throw error;
    });
    meter.finish('stored');
    res.status(201).json({ fileId, name, type, size: outcome.size });
  } finally {
    meter.finish('discarded');
  }
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}

async function download(req: Request, res: Response): Promise<void> {
  const userId = loginOf(res).userId;
  const id = req.params['id'];
  if (userId === null) return refuse(res, fileRefusals.notLoggedIn());
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) return refuse(res, fileRefusals.notFound());
  const file = await Files.findOneAsync({ _id: id });
  // Outsiders get the same answer as for a missing file: existence is not revealed.
  const readable = file !== undefined && (file.purpose === 'avatar' || file.purpose === 'emoji' || (await readableBy(file.channelId, userId)));
  if (file === undefined || !readable) return refuse(res, fileRefusals.notFound());
  // A cached copy may be reused only after the server has re-checked access for this request's
  // credential: `no-cache` forces revalidation (answered 304 below, only once access holds),
  // `Vary` keeps one user's copy from answering another's request, `private` keeps it out of
  // shared caches. The bytes under an id never change, so the id is a strong validator.
  const etag = `"${file._id}"`;
  res.setHeader('Cache-Control', 'private, no-cache');
  res.setHeader('Vary', CREDENTIAL_HEADERS);
  res.setHeader('ETag', etag);
  if (etagMatches(req.headers['if-none-match'], etag)) {
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Type', file.type);
  res.setHeader('Content-Length', String(file.size));
  res.setHeader('Content-Disposition', `${isInlineImage(file.type) ? 'inline' : 'attachment'}; filename="${encodeURIComponent(file.name)}"`);
  // Express routes HEAD here too: it gets a GET's status and headers, and the bytes are never read.
  if (req.method === 'HEAD') {
    res.status(200).end();
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const stream = bucket().openDownloadStream(gridId(id));
    stream.once('error', reject);
    stream.once('end', () => resolve());
    stream.pipe(res);
  });
}
