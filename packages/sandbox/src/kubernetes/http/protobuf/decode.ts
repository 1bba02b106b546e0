import { badRequest, KubernetesApiError } from '../../status';
import type { KubernetesObject } from '../../types';
import { MESSAGES } from './messages';
import type { FieldSchema, ScalarType } from './types';
import { readFields, signed, type WireField } from './wire';

type Json = Record<string, unknown>;

/** What every protobuf body starts with, before its runtime.Unknown. */
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

/** The package of the message table that holds a group's v1 kinds. */
const PACKAGES: Record<string, string> = {
  '': 'core',
  apps: 'apps',
  autoscaling: 'autoscaling',
  batch: 'batch',
  policy: 'policy',
  'networking.k8s.io': 'networking',
  'rbac.authorization.k8s.io': 'rbac',
  'authorization.k8s.io': 'authorization',
  'authentication.k8s.io': 'authentication',
};

/**
 * The answer a real server gives for protobuf of a kind it cannot read that
 * way (custom resources); here also for built-in kinds outside the table.
 */
export function unsupportedMediaType(): KubernetesApiError {
  return new KubernetesApiError(
    415,
    'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
    'UnsupportedMediaType',
  );
}

const indexes = new Map<string, Map<number, FieldSchema>>();
function fieldsOf(message: string): Map<number, FieldSchema> {
  let index = indexes.get(message);
  if (!index) {
    index = new Map(MESSAGES[message].map(field => [field[0], field]));
    indexes.set(message, index);
  }
  return index;
}

const SCALARS = new Set<string>([
  'string',
  'int',
  'bool',
  'bytes',
  'time',
  'quantity',
  'intOrString',
  'rawJson',
  'stringList',
] satisfies ScalarType[]);

function bytesOf(field: WireField, where: string): Buffer {
  if (!field.bytes)
    throw badRequest(`protobuf: ${where} is not length-delimited`);
  return field.bytes;
}

function varintOf(field: WireField, where: string): bigint {
  if (field.varint === undefined)
    throw badRequest(`protobuf: ${where} is not a varint`);
  return field.varint;
}

function text(fields: WireField[], number: number): string | undefined {
  return fields.find(f => f.number === number)?.bytes?.toString('utf8');
}

function scalar(type: ScalarType, field: WireField, where: string): unknown {
  switch (type) {
    case 'string':
      return bytesOf(field, where).toString('utf8');
    case 'int':
      return signed(varintOf(field, where));
    case 'bool':
      return varintOf(field, where) !== 0n;
    case 'bytes':
      return bytesOf(field, where).toString('base64');
    case 'time': {
      // A zero time is sent as an empty message; JSON has it as null.
      const fields = readFields(bytesOf(field, where));
      const seconds = fields.find(f => f.number === 1)?.varint;
      if (seconds === undefined) return undefined;
      return new Date(signed(seconds) * 1000)
        .toISOString()
        .replace(/\.\d+Z$/, 'Z');
    }
    case 'quantity':
      return text(readFields(bytesOf(field, where)), 1) ?? '0';
    case 'intOrString': {
      const fields = readFields(bytesOf(field, where));
      const isString = fields.find(f => f.number === 1)?.varint === 1n;
      if (isString) return text(fields, 3) ?? '';
      const number = fields.find(f => f.number === 2)?.varint;
      return number === undefined ? 0 : signed(number);
    }
    case 'rawJson': {
      const raw = readFields(bytesOf(field, where)).find(f => f.number === 1);
      return raw?.bytes?.length ? JSON.parse(raw.bytes.toString('utf8')) : {};
    }
    default:
      return readFields(bytesOf(field, where))
        .filter(f => f.number === 1)
        .map(f => bytesOf(f, where).toString('utf8'));
  }
}

function value(type: string, field: WireField, where: string): unknown {
  return SCALARS.has(type)
    ? scalar(type as ScalarType, field, where)
    : decodeMessage(type, bytesOf(field, where));
}

const isZero = (v: unknown) => v === '' || v === 0 || v === false;

/** A map entry: key 1, value 2 (absent when it is the zero value). */
function entry(type: string, field: WireField, where: string) {
  const fields = readFields(bytesOf(field, where));
  const key = text(fields, 1) ?? '';
  const valueField = fields.find(f => f.number === 2);
  if (valueField) return [key, value(type, valueField, where)] as const;
  const zero: Record<string, unknown> = { int: 0, bool: false };
  return [key, zero[type] ?? ''] as const;
}

/** One message as the JSON the same object has, by its table entry. */
function decodeMessage(message: string, buffer: Buffer): Json {
  const index = fieldsOf(message);
  const out: Json = {};
  for (const field of readFields(buffer)) {
    const schema = index.get(field.number);
    if (!schema) {
      throw new KubernetesApiError(
        415,
        `the sandbox cannot read field ${field.number} of ${message} from protobuf; send it as JSON`,
        'UnsupportedMediaType',
      );
    }
    const [, name, type, how] = schema;
    const where = `${message}.${name || type}`;
    if (how === '[]') {
      const list = (out[name] ??= []) as unknown[];
      if (type === 'int' && field.bytes) {
        // A packed list of varints.
        list.push(...readFields(field.bytes).map(f => signed(f.varint ?? 0n)));
      } else {
        list.push(value(type, field, where));
      }
    } else if (how === '{}') {
      const [key, item] = entry(type, field, where);
      ((out[name] ??= {}) as Json)[key] = item;
    } else if (name === '') {
      Object.assign(out, value(type, field, where));
    } else {
      out[name] = value(type, field, where);
    }
  }
  // Go's JSON leaves out the zero values of `omitempty` fields, which
  // protobuf sends anyway; pointers and the others keep them.
  for (const [, name, type, how] of MESSAGES[message]) {
    if (out[name] === undefined) delete out[name];
    else if (!how && SCALARS.has(type) && isZero(out[name])) delete out[name];
  }
  return out;
}

/**
 * The JSON form of a body in Kubernetes' protobuf envelope: `k8s\0`, then a
 * runtime.Unknown holding the type (apiVersion, kind) and the kind's message.
 */
export function decodeProtobufObject(body: Buffer): KubernetesObject {
  if (body.length < MAGIC.length || !body.subarray(0, 4).equals(MAGIC)) {
    throw badRequest(
      'provided object is not in the Kubernetes protobuf envelope (missing the k8s\\0 prefix)',
    );
  }
  let unknown: WireField[];
  let typeMeta: WireField[];
  try {
    unknown = readFields(body.subarray(MAGIC.length));
    typeMeta = readFields(
      unknown.find(f => f.number === 1)?.bytes ?? Buffer.alloc(0),
    );
  } catch (error) {
    throw badRequest(`protobuf: ${(error as Error).message}`);
  }
  const apiVersion = text(typeMeta, 1) ?? '';
  const kind = text(typeMeta, 2) ?? '';
  if (text(unknown, 3)) throw unsupportedMediaType();
  const [group, version] = apiVersion.includes('/')
    ? apiVersion.split('/')
    : ['', apiVersion];
  const message = `${PACKAGES[group]}.${kind}`;
  if (version !== 'v1' || !PACKAGES.hasOwnProperty(group) || !MESSAGES[message])
    throw unsupportedMediaType();
  const raw = unknown.find(f => f.number === 2)?.bytes ?? Buffer.alloc(0);
  try {
    return { apiVersion, kind, ...decodeMessage(message, raw) };
  } catch (error) {
    if (error instanceof KubernetesApiError) throw error;
    throw badRequest(`protobuf: ${(error as Error).message}`);
  }
}
