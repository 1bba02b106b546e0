/**
 * @jest-environment node
 */
// Starts the AI inference skeleton in a subprocess, serves its model from a
// local HTTP server, and talks to it over HTTP.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  AI_INFERENCE_SKELETON_DIR,
  DEBIAN_PYTHON,
  pythonSkeletonEnv,
  startPythonSkeleton,
  type PythonSkeleton,
} from '../testUtils';

jest.setTimeout(60_000);

const ARTIFACT = readFileSync(
  join(AI_INFERENCE_SKELETON_DIR, 'model/example.json'),
);
const INSTANCES = {
  instances: [
    { tenure_months: 30, support_tickets: 0 },
    { tenure_months: 0, support_tickets: 10 },
  ],
};

/**
 * An artifact store: answers `status` for /models/churn.json, or, when
 * `held`, keeps the download waiting until `release()`.
 */
async function startArtifactServer() {
  const state = {
    status: 200,
    held: true,
    downloads: 0,
    waiting: [] as ServerResponse[],
  };
  const send = (response: ServerResponse) => {
    state.downloads++;
    response.writeHead(200, { 'content-length': ARTIFACT.length });
    response.end(ARTIFACT);
  };
  const server: Server = createServer((request, response) => {
    if (request.url !== '/models/churn.json') {
      response.writeHead(404).end();
    } else if (state.status !== 200) {
      response.writeHead(state.status).end();
    } else if (state.held) {
      state.waiting.push(response);
    } else {
      send(response);
    }
  });
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    state,
    url: `http://127.0.0.1:${port}/models/churn.json`,
    release() {
      state.held = false;
      state.waiting.splice(0).forEach(send);
    },
    stop: () =>
      new Promise(done => {
        server.closeAllConnections();
        server.close(done);
      }),
  };
}

async function readyz(skeleton: PythonSkeleton) {
  const response = await fetch(`${skeleton.url}/readyz`);
  return { status: response.status, body: await response.json() };
}

async function until<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value) && Date.now() < deadline) {
    await new Promise(r => setTimeout(r, 100));
    value = await probe();
  }
  return value;
}

const predict = (skeleton: PythonSkeleton) =>
  fetch(`${skeleton.url}/v1/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(INSTANCES),
  });

describe('the AI inference skeleton, started as its image starts it', () => {
  let store: Awaited<ReturnType<typeof startArtifactServer>>;
  let modelDir: string;
  let skeleton: PythonSkeleton | undefined;

  beforeAll(async () => {
    store = await startArtifactServer();
    modelDir = await mkdtemp(join(tmpdir(), 'ai-inference-models-'));
  });

  afterEach(() => skeleton?.stop('SIGKILL'));

  afterAll(async () => {
    await store?.stop();
    if (modelDir) await rm(modelDir, { recursive: true, force: true });
  });

  it('is alive at once, ready only once the model is downloaded and loaded, then predicts', async () => {
    // The first attempt fails: the store is down.
    store.state.status = 503;
    skeleton = await startPythonSkeleton({
      dir: AI_INFERENCE_SKELETON_DIR,
      env: { MODEL_URI: store.url, MODEL_DIR: modelDir },
    });

    expect((await fetch(`${skeleton.url}/healthz`)).status).toBe(200);
    const failed = await until(
      () => readyz(skeleton!),
      ({ body }) => body.attempts >= 1,
    );
    expect(failed).toEqual({
      status: 503,
      body: {
        status: 'loading',
        attempts: 1,
        error: expect.stringMatching(
          new RegExp(`^downloading ${store.url} failed: .*503`),
        ),
      },
    });

    // The store is back, but the download takes its time: still not ready.
    store.state.status = 200;
    const downloading = await until(
      async () => store.state.waiting.length,
      waiting => waiting > 0,
    );
    expect(downloading).toBe(1);
    expect((await readyz(skeleton)).body).toMatchObject({ status: 'loading' });
    expect((await fetch(`${skeleton.url}/healthz`)).status).toBe(200);
    const early = await predict(skeleton);
    expect(early.status).toBe(503);
    expect(early.headers.get('retry-after')).toBe('5');

    store.release();
    expect(
      await until(
        () => readyz(skeleton!),
        ({ status }) => status === 200,
      ),
    ).toEqual({ status: 200, body: { status: 'ready' } });

    const response = await predict(skeleton);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ model: 'example-churn', version: '1' });
    expect(body.predictions[0]).toBeCloseTo(0.0831727, 6);
    expect(body.predictions[1]).toBeCloseTo(0.8581489, 6);

    // Kept on the volume, under one file.
    expect(await readdir(modelDir)).toEqual([
      expect.stringMatching(/^[0-9a-f]{16}-churn\.json$/),
    ]);
    const metrics = await (await fetch(`${skeleton.url}/metrics`)).text();
    expect(metrics).toContain(
      'http_requests_total{method="POST",route="/v1/predict",status_code="200"} 1.0',
    );
    const logs = skeleton.logs();
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'model load failed; retrying',
        attempt: 1,
      }),
    );
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'info',
        message: 'model loaded',
        model: 'example-churn',
        model_version: '1',
        uri: store.url,
      }),
    );
  });

  it('after a restart loads the model from the volume, without the store', async () => {
    const downloads = store.state.downloads;
    store.state.status = 500;
    skeleton = await startPythonSkeleton({
      dir: AI_INFERENCE_SKELETON_DIR,
      env: { MODEL_URI: store.url, MODEL_DIR: modelDir },
    });
    expect(
      await until(
        () => readyz(skeleton!),
        ({ status }) => status === 200,
      ),
    ).toEqual({ status: 200, body: { status: 'ready' } });
    expect(store.state.downloads).toBe(downloads);
  });

  it('on SIGTERM is no longer ready but still serves, then exits cleanly', async () => {
    skeleton = await startPythonSkeleton({
      dir: AI_INFERENCE_SKELETON_DIR,
      env: {
        MODEL_URI: store.url,
        MODEL_DIR: modelDir,
        SHUTDOWN_DELAY_SECONDS: '1.5',
      },
    });
    await until(
      () => readyz(skeleton!),
      ({ status }) => status === 200,
    );
    const exited = skeleton.stop('SIGTERM');
    const draining = await until(
      () => readyz(skeleton!),
      ({ status }) => status === 503,
      2_000,
    );
    expect(draining).toEqual({ status: 503, body: { status: 'draining' } });
    expect((await predict(skeleton)).status).toBe(200);
    expect(await exited).toEqual({ code: 0 });
    expect(skeleton.logs().map(entry => entry.message)).toContain('stopped');
  });
});

describe("the AI inference skeleton's own tests", () => {
  it('pass under pytest', async () => {
    const { stdout } = await promisify(execFile)(
      DEBIAN_PYTHON,
      // No cache folder written into the repository's skeleton.
      ['-m', 'pytest', '-p', 'no:cacheprovider', '-q'],
      { cwd: AI_INFERENCE_SKELETON_DIR, env: pythonSkeletonEnv() },
    ).catch(error => {
      throw new Error(`pytest failed:\n${error.stdout}${error.stderr}`);
    });
    expect(stdout).toMatch(/\b\d+ passed\b/);
    expect(stdout).not.toMatch(/\bfailed\b/);
  });
});
