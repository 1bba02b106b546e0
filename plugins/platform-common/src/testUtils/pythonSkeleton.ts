import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** The Python golden-path skeleton's folder: the real code a new service starts from. */
export const PYTHON_SKELETON_DIR = resolve(
  __dirname,
  '../../../../templates/golden-path-python-service/skeleton',
);

/** The AI inference skeleton's folder: the Python skeleton with a model loaded at start. */
export const AI_INFERENCE_SKELETON_DIR = resolve(
  __dirname,
  '../../../../templates/ai-inference-service/skeleton',
);

/**
 * Debian's interpreter, which has FastAPI, uvicorn, prometheus_client, pytest
 * and httpx from the distribution's packages (`.ci/run` installs them). The
 * `python3` on PATH may be another one without them.
 */
export const DEBIAN_PYTHON = '/usr/bin/python3';

/**
 * The environment the skeleton's Python runs with: no bytecode written into
 * the repository's skeleton, and no OpenTelemetry endpoint from the caller's
 * environment.
 */
export function pythonSkeletonEnv(
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const { OTEL_EXPORTER_OTLP_ENDPOINT: _unset, ...env } = process.env;
  return { ...env, PYTHONDONTWRITEBYTECODE: '1', ...extra };
}

export function assertDebianPython(): void {
  if (!existsSync(DEBIAN_PYTHON)) {
    throw new Error(
      `${DEBIAN_PYTHON} is missing: install Debian's python3-fastapi, python3-uvicorn, python3-prometheus-client, python3-pytest and python3-httpx (.ci/run does)`,
    );
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise(done => server.close(done));
  return port;
}

/** A JSON log line of the service, as it printed it. */
export type LogEntry = { level: string; message: string } & Record<
  string,
  unknown
>;

export type PythonSkeleton = {
  url: string;
  port: number;
  /** Every line printed on standard output so far, parsed as JSON (throws on a line that is not). */
  logs(): LogEntry[];
  /** Sends SIGTERM (or `signal`) and waits until the process exits. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null }>;
};

/**
 * The Python golden-path skeleton (`templates/golden-path-python-service/
 * skeleton`, or the one in `dir`), started as its image starts it
 * (`python -m app`: uvicorn in a subprocess) on a free loopback port, for
 * tests of what it exposes.
 */
export async function startPythonSkeleton(
  options: { env?: Record<string, string>; dir?: string } = {},
): Promise<PythonSkeleton> {
  assertDebianPython();
  const port = await freePort();
  const child = spawn(DEBIAN_PYTHON, ['-m', 'app'], {
    cwd: options.dir ?? PYTHON_SKELETON_DIR,
    env: pythonSkeletonEnv({
      HOST: '127.0.0.1',
      PORT: String(port),
      // Stops at once unless a test looks at the drain.
      SHUTDOWN_DELAY_SECONDS: '0',
      ...options.env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', chunk => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk));
  const exited = new Promise<{ code: number | null }>(done =>
    child.on('exit', code => done({ code })),
  );

  const started = await new Promise<boolean>(done => {
    const deadline = setTimeout(() => done(false), 20_000);
    const check = () => {
      if (stdout.includes('Uvicorn running on')) {
        clearTimeout(deadline);
        child.stdout.off('data', check);
        done(true);
      }
    };
    child.stdout.on('data', check);
    exited.then(() => {
      clearTimeout(deadline);
      done(false);
    });
  });
  if (!started) {
    child.kill('SIGKILL');
    throw new Error(
      `The Python skeleton did not start on port ${port}:\n${stdout}${stderr}`,
    );
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    logs: () =>
      stdout
        .split('\n')
        .filter(Boolean)
        .map(line => {
          try {
            return JSON.parse(line);
          } catch {
            throw new Error(`Not a JSON log line: ${line}`);
          }
        }),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
      }
      return exited;
    },
  };
}
