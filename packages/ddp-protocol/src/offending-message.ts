/**
 * What a protocol `error` may echo of the frame it answers (`offendingMessage`). Echoing a frame
 * whole lets a peer make the server write as much as it reads, and serialising what it sent
 * walks whatever it nested; so only a short frame is echoed whole, a longer one by its `msg` and
 * `id` (when they are short strings), which is what a peer needs to tell which frame failed.
 */

/** Frames up to this many characters are echoed whole. */
export const MAX_ECHOED_FRAME_CHARS = 1024;
const MAX_ECHOED_TAG_CHARS = 64;

/**
 * The `offendingMessage` for `message`, read from a frame of `frameChars` characters (pass
 * `Infinity` when the size is unknown). The result is at most about MAX_ECHOED_FRAME_CHARS long.
 */
export function offendingMessageOf(message: Readonly<Record<string, unknown>>, frameChars: number): Record<string, unknown> {
  if (frameChars <= MAX_ECHOED_FRAME_CHARS) return { ...message };
  const summary: Record<string, unknown> = {};
  for (const key of ['msg', 'id'] as const) {
    const value = message[key];
    if (typeof value === 'string' && value.length <= MAX_ECHOED_TAG_CHARS) summary[key] = value;
  }
  return summary;
}
