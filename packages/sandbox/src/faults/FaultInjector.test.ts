import express from 'express';
import request from 'supertest';
import { FaultInjector } from './FaultInjector';

function appWith(faults: FaultInjector) {
  const app = express();
  app.use('/_sandbox/faults', faults.adminRouter());
  app.use(faults.middleware());
  app.get('/repos/:owner/:repo', (_req, res) => {
    res.json({ ok: true });
  });
  return app;
}

const errorBody = (status: number, message: string) => ({
  message,
  status,
});

describe('FaultInjector', () => {
  it('fails a matching route N times, then lets it through', async () => {
    const faults = new FaultInjector({ errorBody });
    const app = appWith(faults);
    const handle = faults.add({ path: '/repos/*', status: 502, times: 2 });

    await request(app).get('/repos/acme/a').expect(502);
    const second = await request(app).get('/repos/acme/b').expect(502);
    expect(second.body).toEqual({
      message: 'Fault injected by the sandbox for GET /repos/acme/b',
      status: 502,
    });
    await request(app).get('/repos/acme/c').expect(200);
    expect(handle.hits).toBe(2);
    expect(faults.list()).toEqual([]);
  });

  it('matches method and regular expressions, and sends headers and body', async () => {
    const faults = new FaultInjector({ errorBody });
    const app = appWith(faults);
    faults.add({
      method: 'GET',
      path: /^\/repos\/acme\/[^/]+$/,
      status: 403,
      headers: { 'retry-after': '7' },
      body: { message: 'You have exceeded a secondary rate limit.' },
    });

    const res = await request(app).get('/repos/acme/a').expect(403);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.body.message).toMatch(/secondary rate limit/);
    await request(app).get('/repos/other/a').expect(200);
  });

  it('adds latency without changing the answer', async () => {
    const faults = new FaultInjector({ errorBody });
    const app = appWith(faults);
    faults.add({ path: '/repos/acme/a', latencyMs: 150, times: 1 });

    const started = Date.now();
    await request(app).get('/repos/acme/a').expect(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('drops a long-lived response after the given time', async () => {
    const faults = new FaultInjector({ errorBody });
    const app = express();
    app.use(faults.middleware());
    app.get('/watch', (_req, res) => {
      res.write('{"type":"ADDED"}\n');
    });
    faults.add({ path: '/watch', dropAfterMs: 50 });

    await expect(request(app).get('/watch')).rejects.toThrow(
      /socket hang up|ECONNRESET|aborted/,
    );
  });

  it('resets the connection before or after handling the request', async () => {
    const faults = new FaultInjector({ errorBody });
    let handled = 0;
    const app = express();
    app.use(faults.middleware());
    app.post('/repos', (_req, res) => {
      handled += 1;
      res.status(201).json({ ok: true });
    });
    faults.add({ path: '/repos', reset: 'request', times: 1 });
    await expect(request(app).post('/repos')).rejects.toThrow(
      /ECONNRESET|socket hang up/,
    );
    expect(handled).toBe(0);
    faults.add({ path: '/repos', reset: 'response', times: 1 });
    await expect(request(app).post('/repos')).rejects.toThrow(
      /ECONNRESET|socket hang up/,
    );
    expect(handled).toBe(1);
    await request(app).post('/repos').expect(201);
  });

  it('is switched from another process through the admin endpoint', async () => {
    const faults = new FaultInjector({ errorBody });
    const app = appWith(faults);

    const created = await request(app)
      .post('/_sandbox/faults')
      .send({ pathRegex: '^/repos/', status: 500, times: 1 })
      .expect(201);
    expect(created.body).toMatchObject({ status: 500, times: 1, hits: 0 });
    await request(app).get('/repos/acme/a').expect(500);
    await request(app).get('/repos/acme/a').expect(200);

    await request(app)
      .post('/_sandbox/faults')
      .send({ path: '/repos/*', status: 503 })
      .expect(201);
    await request(app).delete('/_sandbox/faults').expect(204);
    await request(app).get('/repos/acme/a').expect(200);
  });

  it('rejects a malformed rule naming the field', async () => {
    const faults = new FaultInjector({ errorBody });
    const app = appWith(faults);

    const bothPaths = await request(app)
      .post('/_sandbox/faults')
      .send({ path: '/a', pathRegex: 'a' })
      .expect(400);
    expect(bothPaths.body.message).toBe(
      "Fault rule needs exactly one of 'path' or 'pathRegex'",
    );
    const badTimes = await request(app)
      .post('/_sandbox/faults')
      .send({ path: '/a', times: 0 })
      .expect(400);
    expect(badTimes.body.message).toBe(
      "Fault rule 'times' must be at least 1, got 0",
    );
    const badRegex = await request(app)
      .post('/_sandbox/faults')
      .send({ pathRegex: '(' })
      .expect(400);
    const badReset = await request(app)
      .post('/_sandbox/faults')
      .send({ path: '/a', reset: 'always' })
      .expect(400);
    expect(badReset.body.message).toBe(
      `Fault rule 'reset' must be 'request' or 'response', got "always"`,
    );
    expect(badRegex.body.message).toMatch(
      /^Fault rule 'pathRegex' is not a valid regular expression/,
    );
    expect(faults.list()).toEqual([]);
  });
});
