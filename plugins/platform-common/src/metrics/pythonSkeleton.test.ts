/**
 * @jest-environment node
 */
// Starts the skeleton in a subprocess and talks to it over HTTP.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  DEBIAN_PYTHON,
  PYTHON_SKELETON_DIR,
  pythonSkeletonEnv,
  startPythonSkeleton,
  type PythonSkeleton,
} from '../testUtils';

jest.setTimeout(60_000);

describe('the Python golden-path skeleton, started as its image starts it', () => {
  let skeleton: PythonSkeleton;

  beforeAll(async () => {
    skeleton = await startPythonSkeleton({
      env: { SHUTDOWN_DELAY_SECONDS: '1.5' },
    });
  });

  afterAll(() => skeleton?.stop('SIGKILL'));

  it('answers its health paths', async () => {
    const healthz = await fetch(`${skeleton.url}/healthz`);
    expect(healthz.status).toBe(200);
    expect(await healthz.json()).toEqual({ status: 'ok' });
    const readyz = await fetch(`${skeleton.url}/readyz`);
    expect(readyz.status).toBe(200);
    expect(await readyz.json()).toEqual({ status: 'ready' });
    expect((await fetch(`${skeleton.url}/no-such-page`)).status).toBe(404);
  });

  it('logs JSON, one object a line, requests with their route and status', async () => {
    await fetch(`${skeleton.url}/`);
    // The line is written once the response is sent.
    let logs = skeleton.logs();
    for (let wait = 0; wait < 40 && !logs.some(e => e.route === '/'); wait++) {
      await new Promise(r => setTimeout(r, 50));
      logs = skeleton.logs();
    }
    expect(logs.length).toBeGreaterThan(2);
    for (const entry of logs) {
      expect(entry).toEqual(
        expect.objectContaining({
          time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          level: expect.any(String),
          logger: expect.any(String),
          message: expect.any(String),
        }),
      );
    }
    expect(logs).toContainEqual(
      expect.objectContaining({
        message: 'request',
        method: 'GET',
        route: '/',
        status_code: 200,
      }),
    );
    // Probes are not logged: they would drown everything else.
    expect(logs).not.toContainEqual(
      expect.objectContaining({ route: '/healthz' }),
    );
  });

  it('on SIGTERM is no longer ready but still serves, then exits cleanly', async () => {
    const exited = skeleton.stop('SIGTERM');
    let readyz: Response | undefined;
    for (let attempt = 0; attempt < 20; attempt++) {
      readyz = await fetch(`${skeleton.url}/readyz`);
      if (readyz.status === 503) break;
      await new Promise(r => setTimeout(r, 50));
    }
    expect(readyz?.status).toBe(503);
    expect(await readyz?.json()).toEqual({ status: 'draining' });
    expect((await fetch(`${skeleton.url}/healthz`)).status).toBe(200);

    expect(await exited).toEqual({ code: 0 });
    const messages = skeleton.logs().map(entry => entry.message);
    expect(messages).toContain('draining before shutdown');
    expect(messages[messages.length - 1]).toBe('stopped');
    await expect(fetch(`${skeleton.url}/healthz`)).rejects.toThrow();
  });
});

describe("the Python golden-path skeleton's own tests", () => {
  it('pass under pytest', async () => {
    const { stdout } = await promisify(execFile)(
      DEBIAN_PYTHON,
      // No cache folder written into the repository's skeleton.
      ['-m', 'pytest', '-p', 'no:cacheprovider', '-q'],
      { cwd: PYTHON_SKELETON_DIR, env: pythonSkeletonEnv() },
    ).catch(error => {
      throw new Error(`pytest failed:\n${error.stdout}${error.stderr}`);
    });
    expect(stdout).toMatch(/\b\d+ passed\b/);
    expect(stdout).not.toMatch(/\bfailed\b/);
  });
});
