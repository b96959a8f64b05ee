/**
 * A client that subscribes to every room and then never reads its socket: the server's
 * outbound buffer for it grows until the server gives up on it (maxOutboundBytes), which must
 * not slow anyone else down.
 */
import type { Socket } from 'node:net';
import { WebSocket } from 'ws';

export interface SlowReader {
  close(): void;
}

export async function startSlowReader(url: string, rooms: readonly string[]): Promise<SlowReader> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.on('error', () => undefined);
  ws.send(JSON.stringify({ msg: 'connect', version: '1', support: ['1'] }));
  for (const [i, room] of rooms.entries()) ws.send(JSON.stringify({ msg: 'sub', id: `s${i}`, name: 'room', params: [room] }));
  // ws gives no public handle on its TCP socket; pausing it stops reading at the kernel's
  // receive buffer, as a stalled phone or a stuck tab does.
  const socket = (ws as unknown as { _socket?: Socket })._socket;
  if (socket === undefined) throw new Error('ws has no _socket to pause');
  await new Promise((resolve) => setTimeout(resolve, 200));
  socket.pause();
  return { close: () => ws.terminate() };
}
