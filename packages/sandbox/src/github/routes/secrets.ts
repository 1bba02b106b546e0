import express, { type Router } from 'express';
import { actionsName, findByName } from '../actionsNames';
import { SCOPE_PREFIXES, scopeOf, type ActionsScope } from '../actionsScope';
import type { GitHubContext } from '../context';
import { handle, invalidField, validationFailed } from '../errors';
import { bodyOf, requiredString } from '../input';
import { paginate } from '../pagination';
import type { GitHubStore } from '../state/GitHubStore';
import type { SecretRecord, SecretsKeyRecord } from '../state/model';
import { timestamp } from '../state/repositorySettings';
import { createSecretsKey } from '../state/secretsKey';

const BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;

/** A sealed box is the sender's 32-byte ephemeral key, a 16-byte MAC and the message. */
const SEALED_BOX_OVERHEAD = 48;

/** The scope's key, created on first use and kept so earlier ciphertexts stay valid. */
function keyOf(store: GitHubStore, scope: ActionsScope): SecretsKeyRecord {
  if (!scope.secrets_key) {
    scope.secrets_key = createSecretsKey();
    store.save();
  }
  return scope.secrets_key;
}

function secretJson(secret: SecretRecord) {
  return {
    name: secret.name,
    created_at: secret.created_at,
    updated_at: secret.updated_at,
  };
}

/**
 * Actions secrets of a repository and of its environments. Values arrive
 * sealed; they are checked for shape and dropped, never decrypted, stored,
 * logged or returned.
 */
export function secretsRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store } = ctx;

  for (const prefix of SCOPE_PREFIXES) {
    const base = `${prefix}/secrets`;

    router.get(
      `${base}/public-key`,
      handle((req, res) => {
        const { scope } = scopeOf(ctx, req, 'pull');
        const key = keyOf(store, scope);
        res.json({ key_id: key.key_id, key: key.key });
      }),
    );

    router.get(
      base,
      handle((req, res) => {
        const { scope } = scopeOf(ctx, req, 'pull');
        const sorted = [...scope.secrets].sort((a, b) =>
          a.name.localeCompare(b.name),
        );
        const page = paginate(req, res, sorted);
        res.json({
          total_count: page.total,
          secrets: page.items.map(secretJson),
        });
      }),
    );

    router.get(
      `${base}/:secret_name`,
      handle((req, res) => {
        const { scope } = scopeOf(ctx, req, 'pull');
        res.json(secretJson(findByName(scope.secrets, req.params.secret_name)));
      }),
    );

    router.put(
      `${base}/:secret_name`,
      handle((req, res) => {
        const { scope } = scopeOf(ctx, req, 'admin');
        const name = actionsName(req.params.secret_name, 'secret');
        const body = bodyOf(req);
        const encrypted = requiredString(body, 'encrypted_value', 'Secret');
        const keyId = requiredString(body, 'key_id', 'Secret');
        if (
          !BASE64.test(encrypted) ||
          Buffer.from(encrypted, 'base64').length <= SEALED_BOX_OVERHEAD
        ) {
          throw invalidField(
            'encrypted_value',
            `For 'properties/encrypted_value', the value is not a base64-encoded sealed box.`,
            'Secret',
          );
        }
        const key = keyOf(store, scope);
        if (keyId !== key.key_id) {
          throw validationFailed(
            { resource: 'Secret', code: 'invalid', field: 'key_id' },
            'Bad request - key_id does not match the current public key',
          );
        }
        const now = timestamp();
        const existing = scope.secrets.find(s => s.name === name);
        if (existing) {
          existing.key_id = keyId;
          existing.updated_at = now;
        } else {
          scope.secrets.push({
            name,
            key_id: keyId,
            created_at: now,
            updated_at: now,
          });
        }
        store.save();
        if (existing) {
          res.status(204).end();
        } else {
          res.status(201).json({});
        }
      }),
    );

    router.delete(
      `${base}/:secret_name`,
      handle((req, res) => {
        const { scope } = scopeOf(ctx, req, 'admin');
        const secret = findByName(scope.secrets, req.params.secret_name);
        scope.secrets.splice(scope.secrets.indexOf(secret), 1);
        store.save();
        res.status(204).end();
      }),
    );
  }

  return router;
}
