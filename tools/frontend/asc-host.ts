// The host side of asc-worker.mjs: one lazily started worker per process, one compile at a
// time (asc keeps global state), unref'd so that it never keeps a finished process alive.
import { Worker } from 'node:worker_threads';

export interface AscRange { path: string; start: number; end: number }
export interface AscDiagnostic { category: number; code: number; message: string; range?: AscRange }
export interface AscExport { name: string; file: string; range?: AscRange }
export interface AscRequest {
  args: string[];
  /** Virtual sources (base name -> text) instead of the disk. */
  files?: Record<string, string>;
  /** Collect the exports of every entry file (duplicate-export check). */
  wantExports?: boolean;
}
export interface AscReply {
  error?: string;
  stderr: string;
  outputs: Record<string, Uint8Array | string>;
  /** Files read from disk (absolute). */
  sources: string[];
  diagnostics: AscDiagnostic[];
  exports: AscExport[];
}

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, { resolve: (r: AscReply) => void; reject: (e: Error) => void }>();
let queue: Promise<unknown> = Promise.resolve();

function start(): Worker {
  const w = new Worker(new URL('./asc-worker.mjs', import.meta.url), { execArgv: [] });
  w.unref();
  w.on('message', (m: AscReply & { id: number; crash?: string }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (pending.size === 0) w.unref();
    if (m.crash) p.reject(new Error(`asc crashed: ${m.crash}`));
    else p.resolve(m);
  });
  const fail = (e: Error) => {
    worker = undefined;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`asc worker exited (code ${code})`)));
  return w;
}

function send(req: AscRequest): Promise<AscReply> {
  worker ??= start();
  const w = worker;
  const id = nextId++;
  return new Promise<AscReply>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.ref(); // a compile in flight keeps the process alive
    w.postMessage({ id, ...req });
  });
}

let runs = 0;
/** asc compiles started by this process (tests of the step cache). */
export const ascRuns = () => runs;

/** Runs one asc compile in the worker (queued behind any compile already running). */
export function runAsc(req: AscRequest): Promise<AscReply> {
  runs++;
  const r = queue.then(() => send(req));
  queue = r.catch(() => undefined);
  return r;
}

/** Starts loading asc in the background (a build that will need it calls this early). */
export function warmAsc(): void {
  void runAsc({ args: ['--version'] }).catch(() => undefined);
  runs--;
}
