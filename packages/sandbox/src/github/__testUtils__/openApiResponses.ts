import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats';

/** GitHub's REST description, loaded once per test file. */
let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

/**
 * Ajv reads OpenAPI's `nullable` only beside a `type`; GitHub's description
 * also puts it beside `anyOf`/`oneOf`, so those become "null or ...".
 */
function nullableWithoutType(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(nullableWithoutType);
  }
  if (!node || typeof node !== 'object') {
    return node;
  }
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    copy[key] = nullableWithoutType(value);
  }
  // Ajv checks `enum` before `nullable`, so a nullable enum must list null.
  if (copy.nullable === true && Array.isArray(copy.enum)) {
    copy.enum = [...copy.enum, null];
  }
  if (copy.nullable === true && copy.type === undefined) {
    delete copy.nullable;
    return { anyOf: [{ type: 'null' }, copy] };
  }
  return copy;
}

function pointer(segment: string) {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function validator(method: string, path: string, status: number) {
  const key = `${method} ${path} ${status}`;
  let validate = validators.get(key);
  if (!validate) {
    if (!ajv) {
      ajv = new Ajv({ strict: false, validateSchema: false, allErrors: true });
      addFormats(ajv);
      // GitHub sends "" for unset URLs (e.g. a deployment status's log_url)
      // although its description says `format: uri`.
      const uri = fullFormats.uri as (value: string) => boolean;
      ajv.addFormat('uri', value => value === '' || uri(value));
      ajv.addSchema(
        nullableWithoutType(
          require('@octokit/openapi/generated/api.github.com.json'),
        ) as object,
        'github',
      );
    }
    const ref = `github#/paths/${pointer(
      path,
    )}/${method.toLowerCase()}/responses/${status}/content/${pointer(
      'application/json',
    )}/schema`;
    validate = ajv.getSchema(ref);
    if (!validate) {
      throw new Error(`GitHub's description has no JSON response for ${key}`);
    }
    validators.set(key, validate);
  }
  return validate;
}

/**
 * Fails unless `body` matches GitHub's OpenAPI description of the response
 * of `method path` (a path template, e.g. `/repos/{owner}/{repo}/rulesets`).
 */
export function expectGitHubResponse(
  method: string,
  path: string,
  status: number,
  body: unknown,
): void {
  const validate = validator(method, path, status);
  if (!validate(body)) {
    throw new Error(
      `Response of ${method} ${path} (${status}) does not match GitHub's description:\n${JSON.stringify(
        validate.errors?.slice(0, 5),
        null,
        2,
      )}`,
    );
  }
}
