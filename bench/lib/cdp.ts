import type { Browser, BrowserContext, CDPSession, Page, Worker } from 'playwright-core';

/**
 * The Chrome DevTools Protocol pieces the bench measures with, over the connection Playwright
 * already holds (its pipe), so the test harness's launcher is used unchanged.
 */

/** A CDP session on one target (a service worker, say), reached through the browser session. */
export interface TargetSession {
  send<T = Record<string, unknown>>(method: string, params?: Record<string, unknown>): Promise<T>;
  detach(): Promise<void>;
}

/**
 * Attaches to a target Playwright exposes no session for (service workers): the older
 * non-flattened mode, where commands and answers travel inside `Target.sendMessageToTarget`.
 */
export async function attachToTarget(browserCdp: CDPSession, targetId: string): Promise<TargetSession> {
  const { sessionId } = await browserCdp.send('Target.attachToTarget', { targetId, flatten: false });
  let nextId = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const onMessage = (event: { sessionId: string; message: string }) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
    const waiter = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id!);
    if (message.error) waiter.reject(new Error(message.error.message));
    else waiter.resolve(message.result);
  };
  browserCdp.on('Target.receivedMessageFromTarget', onMessage);
  return {
    send<T>(method: string, params: Record<string, unknown> = {}) {
      const id = ++nextId;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        browserCdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
      });
    },
    async detach() {
      browserCdp.off('Target.receivedMessageFromTarget', onMessage);
      await browserCdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
    },
  };
}

/** The running service worker of an extension, as a CDP target. */
export async function workerTargetId(browserCdp: CDPSession, extensionId: string): Promise<string> {
  const { targetInfos } = await browserCdp.send('Target.getTargets');
  const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`));
  if (!target) throw new Error(`No running service worker for extension ${extensionId}`);
  return target.targetId;
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string } }>;
  samples: number[];
  timeDeltas: number[];
}

/** Milliseconds a CPU profile spent doing anything but waiting: JS, GC and the engine's own work. */
export function busyMs(profile: CpuProfile): number {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  let busy = 0;
  // timeDeltas[i] is the time since the previous sample; it is charged to sample i.
  profile.samples.forEach((node, i) => {
    if (!idle.has(node)) busy += profile.timeDeltas[i] ?? 0;
  });
  return busy / 1000;
}

/** CPU time a target spends while `work` runs, by V8's sampling profiler (every 100 µs). */
export async function cpuDuring(target: TargetSession, work: () => Promise<void>): Promise<number> {
  await target.send('Profiler.enable');
  await target.send('Profiler.setSamplingInterval', { interval: 100 });
  await target.send('Profiler.start');
  let profile: CpuProfile | undefined;
  try {
    await work();
  } finally {
    ({ profile } = await target.send<{ profile: CpuProfile }>('Profiler.stop'));
  }
  return busyMs(profile);
}

type RunningStatus = 'stopped' | 'starting' | 'running' | 'stopping';

/**
 * Starts and stops extension service workers the way the browser does when they idle out
 * (CDP `ServiceWorker`, from a blank page), and counts how often each one starts.
 */
export class Workers {
  private status = new Map<string, RunningStatus>();
  /** Each extension's live worker version, to stop that one alone. */
  private versions = new Map<string, string>();
  private started = new Map<string, number>();
  private waiters: Array<() => void> = [];

  private constructor(
    private readonly context: BrowserContext,
    private readonly page: Page,
    private readonly cdp: CDPSession,
  ) {
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      for (const v of versions) {
        // Versions replaced by a newer one are gone for good: only the live one counts.
        if (v.status === 'redundant') continue;
        const scope = new URL(v.scriptURL).host;
        this.versions.set(scope, v.versionId);
        const before = this.status.get(scope);
        if (v.runningStatus === 'running' && before !== 'running') this.started.set(scope, (this.started.get(scope) ?? 0) + 1);
        this.status.set(scope, v.runningStatus as RunningStatus);
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async open(context: BrowserContext): Promise<Workers> {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const workers = new Workers(context, page, cdp);
    await cdp.send('ServiceWorker.enable');
    return workers;
  }

  private until(done: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}: ${JSON.stringify([...this.status])}`)), timeoutMs);
      const check = () => {
        if (done()) {
          clearTimeout(timer);
          resolve();
        } else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  /** Times the extension's worker has started since this object began watching. */
  starts(extensionId: string): number {
    return this.started.get(extensionId) ?? 0;
  }

  isRunning(extensionId: string): boolean {
    return this.status.get(extensionId) === 'running';
  }

  /**
   * Stops every service worker, as when they idle out, and waits until they have. A stop the
   * browser has not carried out after a while (a worker still finishing an event) is asked again.
   */
  async stopAll(): Promise<void> {
    const stopped = () => [...this.status.values()].every((s) => s === 'stopped');
    await this.retrying(() => this.cdp.send('ServiceWorker.stopAllWorkers'), stopped, 'the workers to stop');
  }

  /** Stops one extension's worker (the others run on), and waits until it has. */
  async stop(extensionId: string): Promise<void> {
    const stopped = () => this.status.get(extensionId) === 'stopped';
    await this.retrying(
      async () => {
        const versionId = this.versions.get(extensionId);
        if (versionId) await this.cdp.send('ServiceWorker.stopWorker', { versionId });
        else await this.cdp.send('ServiceWorker.stopAllWorkers');
      },
      stopped,
      `the worker of ${extensionId} to stop`,
    );
  }

  private async retrying(ask: () => Promise<unknown>, done: () => boolean, what: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await ask();
      try {
        await this.until(done, what, 10_000);
        return;
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
  }

  /** Starts an extension's worker without an event (it evaluates its script, nothing else). */
  async start(extensionId: string): Promise<void> {
    await this.cdp.send('ServiceWorker.startWorker', { scopeURL: `chrome-extension://${extensionId}/` });
    await this.until(() => this.isRunning(extensionId), `the worker of ${extensionId} to start`);
  }

  /** Waits until the extension's worker runs (it was woken by an event). */
  running(extensionId: string, timeoutMs?: number): Promise<void> {
    return this.until(() => this.isRunning(extensionId), `the worker of ${extensionId} to run`, timeoutMs);
  }

  /** The extension's worker, started first if it is stopped, to evaluate code in. */
  async worker(extensionId: string): Promise<Worker> {
    if (!this.isRunning(extensionId)) await this.start(extensionId);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      // A Worker object left from before a stop answers nothing: the live one does.
      for (const w of this.context.serviceWorkers().filter((w) => new URL(w.url()).host === extensionId)) {
        if (await w.evaluate(() => true).catch(() => false)) return w;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`No live worker for ${extensionId}`);
  }

  async close(): Promise<void> {
    await this.cdp.detach().catch(() => undefined);
    await this.page.close();
  }
}

export interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  ts: number;
  args?: { data?: { url?: string } };
}

/** The browser's trace (`devtools.timeline`: script evaluations, tasks) while `work` runs. */
export async function traceDuring(browser: Browser, work: () => Promise<void>): Promise<TraceEvent[]> {
  await browser.startTracing(undefined, { categories: ['devtools.timeline'] });
  let buffer: Buffer | undefined;
  try {
    await work();
  } finally {
    buffer = await browser.stopTracing();
  }
  const trace = JSON.parse(buffer.toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  return Array.isArray(trace) ? trace : (trace.traceEvents ?? []);
}

/** Durations (ms) of every evaluation of one script in a trace: a worker's start, a content script's run. */
export function evaluations(events: TraceEvent[], scriptUrl: string): number[] {
  return events.filter((e) => e.name === 'EvaluateScript' && e.ph === 'X' && e.args?.data?.url === scriptUrl).map((e) => (e.dur ?? 0) / 1000);
}
