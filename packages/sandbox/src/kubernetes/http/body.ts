import type { Request } from 'express';
import { parseAllDocuments } from 'yaml';
import { badRequest } from '../status';
import {
  decodeProtobufObject,
  PROTOBUF_MEDIA_TYPE,
  unsupportedMediaType,
} from './protobuf/decode';

/**
 * The request body parsed by its Content-Type: JSON, YAML for
 * `application/yaml` and server-side apply, or Kubernetes' protobuf, which
 * kubectl's typed commands (`create namespace`, `auth can-i`...) send.
 * Malformed bodies are 400s.
 */
export function parseBody(req: Request): unknown {
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const raw = body.toString('utf8');
  if (!raw.trim()) {
    throw badRequest('the body of the request was empty');
  }
  const mediaType = (req.headers['content-type'] ?? 'application/json')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (mediaType === PROTOBUF_MEDIA_TYPE) {
    return decodeProtobufObject(body);
  }
  if (mediaType.includes('protobuf') || mediaType.includes('cbor')) {
    throw unsupportedMediaType();
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
