import { createServer, type Server } from 'node:http';

export interface GrafanaRequest {
  method: string;
  path: string;
  body?: any;
}

/**
 * Grafana's dashboard API as far as the portal uses it (read by uid, save,
 * delete), holding dashboards in memory. It checks the request contract as
 * Grafana does: a bearer token, and on save a folder uid and `overwrite`
 * for a dashboard that exists (Grafana answers 412 otherwise). A
 * `viewerToken` is a service account with the Viewer role: it may read,
 * and a save or delete is answered 403 as Grafana answers it.
 */
export async function startFakeGrafana(
  token: string,
  options: { viewerToken?: string } = {},
) {
  const dashboards = new Map<
    string,
    { dashboard: any; folderUid: string; version: number }
  >();
  const requests: GrafanaRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString();
    const body = text ? JSON.parse(text) : undefined;
    const path = req.url ?? '';
    requests.push({ method: req.method ?? '', path, body });
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const viewer =
      options.viewerToken !== undefined &&
      req.headers.authorization === `Bearer ${options.viewerToken}`;
    if (!viewer && req.headers.authorization !== `Bearer ${token}`) {
      send(401, { message: 'Unauthorized' });
      return;
    }
    if (viewer && req.method !== 'GET') {
      const action = req.method === 'DELETE' ? 'delete' : 'write';
      send(403, {
        title: 'Access denied',
        message: `You'll need additional permissions to perform this action. Permissions needed: dashboards:${action}`,
      });
      return;
    }
    const byUid = /^\/api\/dashboards\/uid\/([^/]+)$/.exec(path);
    if (byUid && req.method === 'GET') {
      const found = dashboards.get(decodeURIComponent(byUid[1]));
      if (!found) send(404, { message: 'Dashboard not found' });
      else
        send(200, {
          dashboard: { ...found.dashboard, id: 7, version: found.version },
          meta: { folderUid: found.folderUid },
        });
      return;
    }
    if (byUid && req.method === 'DELETE') {
      const uid = decodeURIComponent(byUid[1]);
      if (!dashboards.delete(uid))
        send(404, { message: 'Dashboard not found' });
      else send(200, { title: uid, message: 'Dashboard deleted' });
      return;
    }
    if (path === '/api/dashboards/db' && req.method === 'POST') {
      const uid = body?.dashboard?.uid;
      if (!uid || typeof body.folderUid !== 'string') {
        send(400, { message: 'dashboard.uid and folderUid are required' });
        return;
      }
      const existing = dashboards.get(uid);
      if (existing && body.overwrite !== true) {
        send(412, {
          status: 'name-exists',
          message: 'A dashboard with the same uid already exists',
        });
        return;
      }
      const { id: _id, version: _v, ...dashboard } = body.dashboard;
      const version = (existing?.version ?? 0) + 1;
      dashboards.set(uid, { dashboard, folderUid: body.folderUid, version });
      send(200, { uid, status: 'success', version, url: `/d/${uid}` });
      return;
    }
    send(404, { message: 'Not found' });
  });
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    dashboards,
    requests,
    writes: () => requests.filter(r => r.method !== 'GET'),
    stop: () => new Promise<void>(done => server.close(() => done())),
  };
}
