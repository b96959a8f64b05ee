/**
 * An outgoing DDP message encoded once: its JSON text and, built lazily on first use, the
 * complete unmasked WebSocket text frame (header + UTF-8 payload in one Buffer). Sessions that
 * send the same message share one PreparedFrame, so the JSON encoding, UTF-8 conversion and
 * framing are paid once per message instead of once per client.
 */
export class PreparedFrame {
  #wire: Buffer | undefined;

  constructor(
    readonly text: string,
    /** Whether a resumed client counts this message (everything but ping/pong). */
    readonly counted: boolean = true,
    /** A `connected` frame: counted, but never replayed on resumption. */
    readonly isConnected: boolean = false,
  ) {}

  /** The WebSocket frame (FIN, opcode 1 = text, no mask, no compression). */
  get wire(): Buffer {
    if (this.#wire === undefined) this.#wire = encodeTextFrame(this.text);
    return this.#wire;
  }

  #byteLength: number | undefined;

  /** Payload bytes (UTF-8), computed once; does not force building the wire frame. */
  get byteLength(): number {
    if (this.#byteLength === undefined) this.#byteLength = Buffer.byteLength(this.text);
    return this.#byteLength;
  }
}

function encodeTextFrame(text: string): Buffer {
  const payloadLength = Buffer.byteLength(text);
  const headerLength = payloadLength < 126 ? 2 : payloadLength < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + payloadLength);
  frame[0] = 0x81;
  if (payloadLength < 126) {
    frame[1] = payloadLength;
  } else if (payloadLength < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(payloadLength, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(0, 2);
    frame.writeUInt32BE(payloadLength, 6);
  }
  frame.write(text, headerLength, 'utf8');
  return frame;
}
