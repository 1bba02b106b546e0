import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import readline from 'node:readline';

/** A line the service logged, parsed. */
export type LogEntry = { message: string } & Record<string, any>;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

export interface RunningService {
  child: ChildProcess;
  logs: LogEntry[];
  waitFor(message: string): Promise<LogEntry>;
  exited: Promise<Exit>;
  url: string;
  stop(): Promise<Exit>;
}

/**
 * Runs `src/main.ts`, compiled next to these tests, on a free port with `env`
 * added. `logs` collects its standard output, parsed line by line as JSON (a
 * line that is not JSON fails the parse); `waitFor(message)` resolves with the
 * first line of that message.
 */
export async function startService(env: NodeJS.ProcessEnv = {}): Promise<RunningService> {
  const child = spawn(process.execPath, [join(__dirname, '..', 'src', 'main.js')], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SERVICE_NAME: 'test-service', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogEntry[] = [];
  const waiting: { message: string; resolve: (entry: LogEntry) => void }[] = [];
  let stderr = '';
  child.stderr.on('data', chunk => (stderr += chunk));
  readline.createInterface({ input: child.stdout }).on('line', line => {
    const entry: LogEntry = JSON.parse(line);
    logs.push(entry);
    for (const waiter of waiting.filter(w => w.message === entry.message)) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve(entry);
    }
  });
  const exited = once(child, 'exit').then(([code, signal]): Exit => ({ code, signal, stderr }));

  function waitFor(message: string): Promise<LogEntry> {
    const found = logs.find(entry => entry.message === message);
    if (found) return Promise.resolve(found);
    return Promise.race([
      new Promise<LogEntry>(resolve => waiting.push({ message, resolve })),
      exited.then(({ code }): never => {
        throw new Error(`The service exited (${code}) before logging "${message}": ${stderr}`);
      }),
    ]);
  }

  const { port } = await waitFor('listening');
  return {
    child,
    logs,
    waitFor,
    exited,
    url: 'http://127.0.0.1:' + port,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      return exited;
    },
  };
}
