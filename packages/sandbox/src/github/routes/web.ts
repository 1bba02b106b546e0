import express, { type Request, type Response, type Router } from 'express';
import type { GitHubContext } from '../context';
import { handle } from '../errors';
import { encodePath } from '../urls';

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]!),
  );
}

function page(res: Response, title: string, body: string) {
  res
    .type('html')
    .send(
      `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(
        title,
      )}</title><style>body{font-family:sans-serif;margin:2rem}pre{background:#f6f8fa;padding:1rem;overflow:auto}</style></head><body>${body}</body></html>`,
    );
}

/**
 * The repositories' web pages (`html_url`, `/blob/`, `/tree/`, `/raw/`), so
 * links the portal shows lead somewhere. The sandbox has no sign-in and
 * listens on loopback only, so these pages show every repository.
 */
export function webRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store, git } = ctx;

  const notFound = (res: Response) =>
    res.status(404).type('text/plain').send('Not Found');

  const show = async (req: Request, res: Response, mode: string) => {
    const repo = store.repository(req.params.owner, req.params.repo);
    if (!repo) {
      notFound(res);
      return;
    }
    const ref = req.params.ref ?? repo.default_branch;
    const path = (req.params[0] ?? '').replace(/^\/+|\/+$/g, '');
    const sha = await git
      .resolveCommit(repo.owner, repo.name, ref)
      .catch(() => undefined);
    const content = sha
      ? await git.getContent(repo.owner, repo.name, sha, path)
      : undefined;
    if (mode === 'raw') {
      if (content?.type !== 'file') {
        notFound(res);
        return;
      }
      res.type('text/plain').send(content.content);
      return;
    }
    const fullName = `${repo.owner}/${repo.name}`;
    const heading = `<h1><a href="/${fullName}">${escapeHtml(
      fullName,
    )}</a></h1><p>${escapeHtml(repo.description ?? '')}</p>`;
    if (!content) {
      page(
        res,
        fullName,
        `${heading}<p>${
          sha ? 'Not found at' : 'Nothing pushed to'
        } ${escapeHtml(ref)}.</p>`,
      );
      return;
    }
    if (content.type === 'file') {
      page(
        res,
        `${path} · ${fullName}`,
        `${heading}<h2>${escapeHtml(path)}</h2><pre>${escapeHtml(
          content.content.toString('utf8'),
        )}</pre>`,
      );
      return;
    }
    const rows = content.entries
      .map(entry => {
        const kind = entry.type === 'dir' ? 'tree' : 'blob';
        const href = `/${fullName}/${kind}/${encodePath(ref)}/${encodePath(
          entry.path,
        )}`;
        return `<li><a href="${escapeHtml(href)}">${escapeHtml(entry.name)}${
          entry.type === 'dir' ? '/' : ''
        }</a></li>`;
      })
      .join('');
    page(
      res,
      fullName,
      `${heading}<p>${escapeHtml(ref)}${
        path ? ` / ${escapeHtml(path)}` : ''
      }</p><ul>${rows}</ul>`,
    );
  };

  router.get(
    '/avatars/u/:id',
    handle((_req, res) => {
      res
        .type('image/svg+xml')
        .send(
          '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="#8c959f"/></svg>',
        );
    }),
  );
  router.get(
    '/:owner/:repo',
    handle((req, res) => show(req, res, 'tree')),
  );
  router.get(
    '/:owner/:repo/:mode(tree|blob|raw)/:ref/*',
    handle((req, res) => show(req, res, req.params.mode)),
  );
  router.get(
    '/:owner/:repo/:mode(tree|blob|raw)/:ref',
    handle((req, res) => show(req, res, req.params.mode)),
  );
  return router;
}
