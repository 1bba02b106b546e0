import express, { type Request, type Router } from 'express';
import { repositoryOf, type GitHubContext } from '../context';
import { handle, notFound, validationFailed } from '../errors';
import { bodyOf, optionalBoolean, optionalString } from '../input';
import { sendPage } from '../pagination';
import type { StoredRepository } from '../state/model';
import {
  allObjects,
  objectsOf,
  type DeployKeyRecord,
} from '../state/repositoryObjects';
import { urlsOf } from '../urls';

/** Key types GitHub accepts for SSH keys (DSA keys are refused since 2022). */
const KEY_TYPES = new Set([
  'ssh-rsa',
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
]);

const keyError = (message: string) =>
  validationFailed({
    resource: 'PublicKey',
    code: 'custom',
    field: 'key',
    message,
  });

const INVALID =
  'key is invalid. You must supply a key in OpenSSH public key format';

/**
 * `<type> <base64>` of an OpenSSH public key line (the comment dropped),
 * checked as sshd would read it: the blob must start with its own type.
 */
export function parsePublicKey(line: string): string | undefined {
  const [type, data] = line.trim().split(/\s+/);
  if (
    !type ||
    !data ||
    !KEY_TYPES.has(type) ||
    !/^[A-Za-z0-9+/]+=*$/.test(data)
  ) {
    return undefined;
  }
  const blob = Buffer.from(data, 'base64');
  if (blob.length < 4) {
    return undefined;
  }
  const length = blob.readUInt32BE(0);
  if (
    length + 4 > blob.length ||
    blob.subarray(4, 4 + length).toString() !== type
  ) {
    return undefined;
  }
  // Key material follows the type; a blob that is only its type is no key.
  if (blob.length < 4 + length + 8) {
    return undefined;
  }
  return `${type} ${data}`;
}

function keyJson(req: Request, repo: StoredRepository, key: DeployKeyRecord) {
  return {
    id: key.id,
    key: key.key,
    url: `${urlsOf(req).api}/repos/${repo.owner}/${repo.name}/keys/${key.id}`,
    title: key.title,
    verified: true,
    created_at: key.created_at,
    read_only: key.read_only,
    added_by: key.added_by,
    last_used: null,
    enabled: true,
  };
}

/** Deploy keys; a public key may be used once on the whole instance, as on GitHub. */
export function deployKeysRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store } = ctx;

  router.get(
    '/repos/:owner/:repo/keys',
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'admin');
      sendPage(
        req,
        res,
        objectsOf(store, repository).deployKeys.map(key =>
          keyJson(req, repository, key),
        ),
      );
    }),
  );

  router.post(
    '/repos/:owner/:repo/keys',
    handle((req, res) => {
      const { repository, login } = repositoryOf(ctx, req, 'admin');
      const body = bodyOf(req);
      const line = optionalString(body, 'key');
      if (!line) {
        throw keyError("key can't be blank");
      }
      const key = parsePublicKey(line);
      if (!key) {
        throw keyError(INVALID);
      }
      if (allObjects(store).some(o => o.deployKeys.some(k => k.key === key))) {
        throw keyError('key is already in use');
      }
      const record: DeployKeyRecord = {
        id: store.allocateId(),
        key,
        // GitHub names an untitled key after its comment, if any.
        title:
          optionalString(body, 'title') ?? line.trim().split(/\s+/)[2] ?? '',
        read_only: optionalBoolean(body, 'read_only') ?? false,
        added_by: login,
        created_at: new Date().toISOString(),
      };
      objectsOf(store, repository).deployKeys.push(record);
      store.save();
      const json = keyJson(req, repository, record);
      res.status(201).location(json.url).json(json);
    }),
  );

  const keyOf = (req: Request) => {
    const { repository } = repositoryOf(ctx, req, 'admin');
    const keys = objectsOf(store, repository).deployKeys;
    const key = keys.find(k => String(k.id) === req.params.key_id);
    if (!key) {
      throw notFound();
    }
    return { repository, keys, key };
  };

  router.get(
    '/repos/:owner/:repo/keys/:key_id',
    handle((req, res) => {
      const { repository, key } = keyOf(req);
      res.json(keyJson(req, repository, key));
    }),
  );

  router.delete(
    '/repos/:owner/:repo/keys/:key_id',
    handle((req, res) => {
      const { keys, key } = keyOf(req);
      keys.splice(keys.indexOf(key), 1);
      store.save();
      res.status(204).end();
    }),
  );

  return router;
}
