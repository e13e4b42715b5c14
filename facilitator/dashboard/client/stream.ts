/**
 * Server-Sent Events over fetch. The browser's EventSource can't send an Authorization header, and
 * the facilitator token must not travel in a URL (it would land in logs and history), so the stream
 * is read with fetch and parsed here. Reconnects with a growing pause when the hub goes away.
 */
export interface StreamHandlers {
  onEvent(name: string, data: string): void;
  onState(state: 'live' | 'reconnecting' | 'unauthorised'): void;
}

export function openStream(url: string, token: string, handlers: StreamHandlers): () => void {
  let stopped = false;
  let controller: AbortController | undefined;
  let pause = 1000;

  const connect = async (): Promise<void> => {
    while (!stopped) {
      controller = new AbortController();
      try {
        const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: controller.signal, cache: 'no-store' });
        if (response.status === 401) {
          handlers.onState('unauthorised');
          return;
        }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        handlers.onState('live');
        pause = 1000;
        await readEvents(response.body, handlers);
      } catch {
        // network gone, hub restarting: fall through to the pause and try again
      }
      if (stopped) return;
      handlers.onState('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 10_000);
    }
  };
  void connect();
  return () => {
    stopped = true;
    controller?.abort();
  };
}

async function readEvents(body: ReadableStream<Uint8Array>, handlers: StreamHandlers): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
    let boundary = buffer.indexOf('\n\n');
    while (boundary !== -1) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      let name = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length > 0) handlers.onEvent(name, data.join('\n'));
      boundary = buffer.indexOf('\n\n');
    }
  }
}
