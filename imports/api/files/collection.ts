import { Mongo } from 'meteor/mongo';

/** Metadata of an uploaded file; the bytes are in the GridFS bucket `uploads` under the same id. */
export interface StoredFile {
  _id: string;
  name: string;
  type: string;
  size: number;
  uploadedBy: string;
  /** The channel whose members may download it; '' for an avatar or custom emoji, which any signed-in user may see. */
  channelId: string;
  purpose: FilePurpose;
  /**
   * `pending` from upload until a message or the uploader's profile takes it (`in-use`); a file
   * still pending after the orphan window is deleted. A file is taken at most once, so deleting
   * its message or replacing the avatar may delete it. Files stored before states existed have
   * none and are never collected as orphans.
   */
  state?: FileState;
  createdAt: Date;
}

export type FileState = 'pending' | 'in-use';
export type FilePurpose = 'attachment' | 'avatar' | 'emoji';

export const Files = new Mongo.Collection<StoredFile>('files');

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Types users may upload; images among them are shown inline. */
export const ALLOWED_UPLOAD_TYPES: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'application/zip',
  'application/json',
]);

export function isInlineImage(type: string): boolean {
  return type === 'image/png' || type === 'image/jpeg' || type === 'image/gif' || type === 'image/webp';
}
