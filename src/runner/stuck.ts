/**
 * Where a busy worker is, before it is stopped for running past its time limit: the host's own
 * inspector session attaches to the worker (NodeWorker domain), pauses it and reads the top call
 * frames. A worker stuck in `while (true)` still answers, because V8 serves inspector messages
 * through interrupts. Any failure (no inspector in this Node, a timeout) gives undefined, and the
 * caller falls back to the function's own line.
 */
import type { Worker } from 'node:worker_threads';

export interface Frame {
  url: string;
  /** 1-based. */
  line: number;
  column: number;
}

interface Paused {
  callFrames: { location: { scriptId: string; lineNumber: number; columnNumber: number } }[];
}

export async function locateBusyWorker(worker: Worker, timeoutMs: number): Promise<Frame[] | undefined> {
  let inspector: typeof import('node:inspector');
  try {
    inspector = await import('node:inspector');
  } catch {
    return undefined;
  }
  const session = new inspector.Session();
  try {
    session.connect();
  } catch {
    return undefined;
  }
  return new Promise<Frame[] | undefined>((resolve) => {
    const scripts = new Map<string, string>();
    let nextId = 1;
    let send: (method: string) => number = () => 0;
    let frames: Frame[] | undefined;
    let disabled = -1;
    const finish = (frames: Frame[] | undefined) => {
      clearTimeout(timer);
      session.disconnect();
      resolve(frames);
    };
    const timer = setTimeout(() => {
      send('Debugger.resume');
      finish(frames);
    }, timeoutMs);
    session.on('NodeWorker.attachedToWorker', ({ params }) => {
      // The inspector numbers workers its own way; the title carries the thread id (`[worker 3]`).
      if (!params.workerInfo.title.startsWith(`[worker ${worker.threadId}]`)) return;
      session.on('NodeWorker.receivedMessageFromWorker', ({ params: received }) => {
        if (received.sessionId === params.sessionId) receive(received.message);
      });
      send = (method: string) => {
        const id = nextId++;
        session.post('NodeWorker.sendMessageToWorker', { sessionId: params.sessionId, message: JSON.stringify({ id, method }) });
        return id;
      };
      send('Debugger.enable');
      send('Debugger.pause');
    });
    const receive = (text: string) => {
      const message = JSON.parse(text) as { id?: number; method?: string; params?: unknown };
      if (message.method === 'Debugger.scriptParsed') {
        const script = message.params as { scriptId: string; url: string };
        scripts.set(script.scriptId, script.url);
      } else if (message.method === 'Debugger.paused' && !frames) {
        const { callFrames } = message.params as Paused;
        frames = callFrames.map(({ location }) => ({ url: scripts.get(location.scriptId) ?? '', line: location.lineNumber + 1, column: location.columnNumber + 1 }));
        // A worker left paused ignores terminate(): let it run again before detaching.
        send('Debugger.resume');
        disabled = send('Debugger.disable');
      } else if (message.id === disabled) {
        finish(frames);
      }
    };
    session.post('NodeWorker.enable', { waitForDebuggerOnStart: false }, (error) => {
      if (error) finish(undefined);
    });
  });
}
