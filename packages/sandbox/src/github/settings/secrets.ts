import express, { type Router } from 'express';
import { GitHubError } from '../types';
import { actionsName, findByName } from './actionsNames';
import { SCOPE_PREFIXES, scopeOf, type ActionsScope } from './actionsScope';
import type { SettingsDeps } from './directory';
import { paginate } from '../pagination';
import { bodyOf, invalidRequest, now, requiredString, route } from './rest';
import { createSecretsKey } from './secretKeys';
import type {
  RepositorySettingsState,
  SecretRecord,
  SecretsKeyRecord,
} from './state';

const BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;

/** A sealed box is the sender's 32-byte ephemeral key, a 16-byte MAC and the message. */
const SEALED_BOX_OVERHEAD = 48;

/** The scope's key, created on first use and kept so earlier ciphertexts stay valid. */
function keyOf(scope: ActionsScope, save: () => void): SecretsKeyRecord {
  if (!scope.secrets_key) {
    scope.secrets_key = createSecretsKey();
    save();
  }
  return scope.secrets_key;
}

function render(secret: SecretRecord) {
  return {
    name: secret.name,
    created_at: secret.created_at,
    updated_at: secret.updated_at,
  };
}

/**
 * Actions secrets of a repository and of its environments. Values arrive
 * sealed and are never decrypted, logged or returned.
 */
export function secretRoutes(
  deps: SettingsDeps,
  state: RepositorySettingsState,
): Router {
  const router = express.Router();

  for (const prefix of SCOPE_PREFIXES) {
    const base = `${prefix}/secrets`;

    router.get(
      `${base}/public-key`,
      route(async (req, res) => {
        const { scope } = await scopeOf(deps, state, req, 'pull');
        const key = keyOf(scope, () => deps.save());
        res.json({ key_id: key.key_id, key: key.key });
      }),
    );

    router.get(
      base,
      route(async (req, res) => {
        const { scope } = await scopeOf(deps, state, req, 'pull');
        const sorted = [...scope.secrets].sort((a, b) =>
          a.name.localeCompare(b.name),
        );
        const page = paginate(req, res, sorted);
        res.json({ total_count: page.total, secrets: page.items.map(render) });
      }),
    );

    router.get(
      `${base}/:secret_name`,
      route(async (req, res) => {
        const { scope } = await scopeOf(deps, state, req, 'pull');
        res.json(render(findByName(scope.secrets, req.params.secret_name)));
      }),
    );

    router.put(
      `${base}/:secret_name`,
      route(async (req, res) => {
        const { scope } = await scopeOf(deps, state, req, 'admin');
        const name = actionsName(req.params.secret_name, 'secret');
        const body = bodyOf(req);
        const encrypted = requiredString(body, 'encrypted_value', 'Secret');
        const keyId = requiredString(body, 'key_id', 'Secret');
        if (
          !BASE64.test(encrypted) ||
          Buffer.from(encrypted, 'base64').length <= SEALED_BOX_OVERHEAD
        ) {
          throw invalidRequest(
            `For 'properties/encrypted_value', the value is not a base64-encoded sealed box.`,
            'encrypted_value',
            'Secret',
          );
        }
        const key = keyOf(scope, () => deps.save());
        if (keyId !== key.key_id) {
          throw new GitHubError(
            422,
            'Bad request - key_id does not match the current public key',
            [{ resource: 'Secret', code: 'invalid', field: 'key_id' }],
          );
        }
        const timestamp = now();
        const existing = scope.secrets.find(s => s.name === name);
        if (existing) {
          existing.encrypted_value = encrypted;
          existing.key_id = keyId;
          existing.updated_at = timestamp;
        } else {
          scope.secrets.push({
            name,
            encrypted_value: encrypted,
            key_id: keyId,
            created_at: timestamp,
            updated_at: timestamp,
          });
        }
        deps.save();
        if (existing) {
          res.status(204).end();
        } else {
          res.status(201).json({});
        }
      }),
    );

    router.delete(
      `${base}/:secret_name`,
      route(async (req, res) => {
        const { scope } = await scopeOf(deps, state, req, 'admin');
        const secret = findByName(scope.secrets, req.params.secret_name);
        scope.secrets.splice(scope.secrets.indexOf(secret), 1);
        deps.save();
        res.status(204).end();
      }),
    );
  }

  return router;
}
