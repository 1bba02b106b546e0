import type { Request } from 'express';
import { parseAllDocuments } from 'yaml';
import { badRequest, KubernetesApiError } from '../status';

/**
 * The request body parsed by its Content-Type: JSON, or YAML for
 * `application/yaml` and server-side apply. Malformed bodies are 400s.
 */
export function parseBody(req: Request): unknown {
  const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  if (!raw.trim()) {
    throw badRequest('the body of the request was empty');
  }
  const mediaType = (req.headers['content-type'] ?? 'application/json')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (mediaType.includes('protobuf') || mediaType.includes('cbor')) {
    throw new KubernetesApiError(
      415,
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`,
      'UnsupportedMediaType',
    );
  }
  if (mediaType.endsWith('yaml')) {
    const documents = parseAllDocuments(raw);
    const first = Array.isArray(documents) ? documents[0] : undefined;
    if (!first || first.errors.length) {
      throw badRequest(
        `error converting YAML to JSON: ${
          first?.errors[0]?.message ?? 'no document'
        }`,
      );
    }
    return first.toJS();
  }
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw badRequest(
      `couldn't get version/kind; json parse error: ${
        (error as Error).message
      }`,
    );
  }
}
