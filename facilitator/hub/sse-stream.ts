import type { ServerResponse } from 'node:http';
import type { Watcher } from './live.js';

/**
 * One dashboard's Server-Sent Events stream, with backpressure (issue 12, item 7). A dashboard that
 * stops reading (a laptop gone to sleep with the tab open, a hostile client that never reads) lets
 * the kernel's socket buffers fill, and then every update would pile up in the hub's memory. Once
 * more than `maxBufferedBytes` wait in the hub for that socket, the stream is cut: the hub's memory
 * stays flat, and a dashboard that comes back reconnects by itself (EventSource's `retry`) and gets
 * a full snapshot, so it misses nothing.
 */
export interface SseOptions {
  maxBufferedBytes: number;
  /** Called once, when the stream ends for any reason (closed, dropped, or the client left). */
  onClose: () => void;
  /** Called when the stream was dropped because its reader stalled. */
  onDropped?: (bufferedBytes: number) => void;
}

export interface SseWatcher extends Watcher {
  readonly closed: boolean;
}

export function sseWatcher(raw: ServerResponse, options: SseOptions): SseWatcher {
  let closed = false;
  const finish = () => {
    if (closed) return;
    closed = true;
    options.onClose();
  };
  raw.on('close', finish);
  const write = (chunk: string) => {
    if (closed) return;
    // writableLength: bytes accepted by write() that the socket has not taken yet (the kernel's
    // buffers are full). A reader that keeps up keeps this near 0; one message may be larger than
    // the bound (a snapshot of many cards), so what waits is at most the bound plus one message.
    if (raw.writableLength > options.maxBufferedBytes) {
      const buffered = raw.writableLength;
      finish();
      options.onDropped?.(buffered);
      raw.destroy();
      return;
    }
    raw.write(chunk);
  };
  return {
    get closed() {
      return closed;
    },
    send(event, data) {
      write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    ping() {
      write(': ping\n\n');
    },
    close() {
      if (closed) return;
      finish();
      raw.end();
    },
  };
}
