import express from 'express';
import type { Request, Response } from 'express';
import { GridFSBucket } from 'mongodb';
// GridFS ids may be any BSON value; the driver's types say ObjectId only, so string ids are cast at this one boundary.
import type { ObjectId } from 'mongodb';
import { Random } from 'meteor/random';
import { WebApp } from 'meteor/webapp';
import { Accounts, loginTokenMiddleware } from 'meteor/accounts-base';
import type { RequestLogin } from 'meteor/accounts-base';
import { Channels } from '../../channels/collection';
import { ID_PATTERN } from '../../channels/schema';
import { ALLOWED_UPLOAD_TYPES, Files, isInlineImage, MAX_UPLOAD_BYTES } from '../collection';
import type { StoredFile } from '../collection';

const BUCKET = 'uploads';

function bucket(): GridFSBucket {
  return new GridFSBucket(Files.rawDatabase(), { bucketName: BUCKET });
}

/** Headers naming what carries the credential (see loginTokenMiddleware): a cache must key on them. */
const CREDENTIAL_HEADERS = 'X-Login-Token, Authorization';

function refuse(res: Response, status: number, error: string, reason: string): void {
  res.setHeader('Cache-Control', 'no-store');
  res.status(status).json({ error, reason });
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}

function loginOf(res: Response): RequestLogin {
  return res.locals['login'] as RequestLogin;
}

async function readableBy(channelId: string, userId: string): Promise<boolean> {
  return (await Channels.findOneAsync({ _id: channelId, memberIds: userId }, { fields: { _id: 1 } })) !== undefined;
}

/**
 * Uploads: `POST /api/files?channelId=…&name=…` (or `?purpose=avatar&name=…`) with the bytes as the body and the login
 * token in `X-Login-Token`; stored in GridFS. Downloads: `GET /api/files/:id`, only for
 * members of the file's channel.
 */
export function registerFileRoutes(): void {
  const auth = loginTokenMiddleware(Accounts, { required: true });
  const raw = express.raw({ type: () => true, limit: MAX_UPLOAD_BYTES });

  WebApp.handlers.post('/api/files', auth, (req: Request, res: Response, next) => {
    raw(req, res, (error?: unknown) => {
      if (error !== undefined && error !== null) {
        const tooLarge = (error as { type?: unknown }).type === 'entity.too.large';
        if (tooLarge) refuse(res, 413, 'files.too-large', `Files can be at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
        else next(error);
        return;
      }
      void upload(req, res).catch(next);
    });
  });

  WebApp.handlers.get('/api/files/:id', auth, (req: Request, res: Response, next) => {
    void download(req, res).catch(next);
  });
}

async function upload(req: Request, res: Response): Promise<void> {
  const userId = loginOf(res).userId;
  if (userId === null) return refuse(res, 401, 'files.not-logged-in', 'Sign in first');
  const avatar = req.query['purpose'] === 'avatar';
  const channelId = avatar ? '' : req.query['channelId'];
  const name = req.query['name'];
  if (typeof channelId !== 'string' || (!avatar && !ID_PATTERN.test(channelId))) return refuse(res, 400, 'files.invalid', 'channelId is required');
  if (typeof name !== 'string' || name.length === 0 || name.length > 200) return refuse(res, 400, 'files.invalid', 'name is required (at most 200 characters)');
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!ALLOWED_UPLOAD_TYPES.has(type)) return refuse(res, 415, 'files.type-not-allowed', `Files of type "${type || 'unknown'}" cannot be uploaded`);
  if (avatar && !isInlineImage(type)) return refuse(res, 415, 'files.type-not-allowed', 'An avatar must be a PNG, JPEG, GIF or WebP image');
  const body = req.body as unknown;
  if (!Buffer.isBuffer(body) || body.length === 0) return refuse(res, 400, 'files.empty', 'The file is empty');
  if (!avatar && !(await readableBy(channelId, userId))) return refuse(res, 403, 'files.not-member', 'You are not a member of this channel');
  const fileId = Random.id();
  await new Promise<void>((resolve, reject) => {
    const stream = bucket().openUploadStreamWithId(fileId as unknown as ObjectId, name, { metadata: { type, uploadedBy: userId, channelId } });
    stream.once('error', reject);
    stream.once('finish', () => resolve());
    stream.end(body);
  });
  const file: StoredFile = { _id: fileId, name, type, size: body.length, uploadedBy: userId, channelId, purpose: avatar ? 'avatar' : 'attachment', createdAt: new Date() };
  await Files.insertAsync(file);
  res.status(201).json({ fileId, name, type, size: body.length });
}

async function download(req: Request, res: Response): Promise<void> {
  const userId = loginOf(res).userId;
  const id = req.params['id'];
  if (userId === null) return refuse(res, 401, 'files.not-logged-in', 'Sign in first');
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) return refuse(res, 404, 'files.not-found', 'File not found');
  const file = await Files.findOneAsync({ _id: id });
  // Outsiders get the same answer as for a missing file: existence is not revealed.
  const readable = file !== undefined && (file.purpose === 'avatar' || (await readableBy(file.channelId, userId)));
  if (file === undefined || !readable) return refuse(res, 404, 'files.not-found', 'File not found');
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
  await new Promise<void>((resolve, reject) => {
    const stream = bucket().openDownloadStream(id as unknown as ObjectId);
    stream.once('error', reject);
    stream.once('end', () => resolve());
    stream.pipe(res);
  });
}
