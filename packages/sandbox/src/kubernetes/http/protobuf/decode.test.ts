import { KubernetesApiError } from '../../status';
import { decodeProtobufObject } from './decode';

/** A minimal protobuf writer: enough to build the bodies a Go client would send. */
type Value = string | number | bigint | boolean | Buffer | Value[];
type Message = Array<[number, Value]>;

function varint(value: bigint): Buffer {
  const bytes: number[] = [];
  let rest = BigInt.asUintN(64, value);
  do {
    const byte = Number(rest & 0x7fn);
    rest >>= 7n;
    bytes.push(rest ? byte | 0x80 : byte);
  } while (rest);
  return Buffer.from(bytes);
}

function encode(message: Message): Buffer {
  return Buffer.concat(
    message.map(([number, value]) => {
      if (
        typeof value === 'number' ||
        typeof value === 'bigint' ||
        typeof value === 'boolean'
      ) {
        return Buffer.concat([
          varint(BigInt(number << 3)),
          varint(BigInt(typeof value === 'boolean' ? Number(value) : value)),
        ]);
      }
      const bytes = Array.isArray(value)
        ? encode(value as Message)
        : Buffer.from(value);
      return Buffer.concat([
        varint(BigInt((number << 3) | 2)),
        varint(BigInt(bytes.length)),
        bytes,
      ]);
    }),
  );
}

const msg = (...fields: Message): Value[] => fields as unknown as Value[];

function envelope(apiVersion: string, kind: string, raw: Message): Buffer {
  return Buffer.concat([
    Buffer.from('k8s\0', 'binary'),
    encode([
      [1, msg([1, apiVersion], [2, kind])],
      [2, encode(raw)],
      [3, ''],
      [4, ''],
    ]),
  ]);
}

const metadata = (name: string): [number, Value] => [
  1,
  // name, generateName, namespace, creationTimestamp (zero: empty)
  msg([1, name], [2, ''], [3, ''], [8, msg()]),
];

function rejection(body: Buffer): KubernetesApiError {
  try {
    decodeProtobufObject(body);
  } catch (error) {
    if (error instanceof KubernetesApiError) return error;
    throw error;
  }
  throw new Error('expected the body to be refused');
}

describe('decodeProtobufObject', () => {
  it('reads a kind as the JSON the same object has, zero values left out', () => {
    const body = envelope('v1', 'Secret', [
      metadata('db'),
      // data: map<string, bytes>
      [2, msg([1, 'password'], [2, Buffer.from([0, 255, 10])])],
      [3, 'Opaque'],
      // immutable is a pointer: false is kept
      [5, false],
    ]);
    expect(decodeProtobufObject(body)).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db' },
      data: { password: Buffer.from([0, 255, 10]).toString('base64') },
      type: 'Opaque',
      immutable: false,
    });
  });

  it('reads pointers, negative numbers, quantities, int-or-strings and inlined structs', () => {
    const container = msg(
      [1, 'app'],
      [2, 'nginx'],
      // resources.limits: map<string, Quantity>
      [8, msg([1, msg([1, 'cpu'], [2, msg([1, '500m'])])])],
      [
        10,
        // livenessProbe: handler inlined; httpGet.port an int-or-string
        msg(
          [1, msg([2, msg([1, '/healthz'], [2, msg([1, 1], [3, 'http'])])])],
          [2, 0],
        ),
      ],
    );
    const body = envelope('apps/v1', 'Deployment', [
      metadata('web'),
      [
        2,
        msg(
          [1, 0],
          [
            3,
            msg(
              [1, msg()],
              [
                2,
                msg(
                  [2, container],
                  // terminationGracePeriodSeconds: a pointer, negative here
                  [4, -1n],
                  [1, msg([1, 'cache'], [2, msg([2, msg([1, ''])])])],
                ),
              ],
            ),
          ],
        ),
      ],
      [3, msg()],
    ]);
    expect(decodeProtobufObject(body)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 0,
        template: {
          metadata: {},
          spec: {
            containers: [
              {
                name: 'app',
                image: 'nginx',
                resources: { limits: { cpu: '500m' } },
                livenessProbe: {
                  httpGet: { path: '/healthz', port: 'http' },
                },
              },
            ],
            terminationGracePeriodSeconds: -1,
            volumes: [{ name: 'cache', emptyDir: {} }],
          },
        },
      },
      status: {},
    });
  });

  it('answers 415 for custom resources, which have no protobuf form', () => {
    const error = rejection(
      envelope('monitoring.coreos.com/v1', 'ServiceMonitor', [metadata('m')]),
    );
    expect(error.code).toBe(415);
    expect(error.reason).toBe('UnsupportedMediaType');
  });

  it('refuses fields it does not know rather than dropping them', () => {
    const error = rejection(
      envelope('v1', 'ConfigMap', [metadata('c'), [99, 'surprise']]),
    );
    expect(error.code).toBe(415);
    expect(error.message).toContain('field 99 of core.ConfigMap');
  });

  it('answers 400 for a body that is not in the envelope or is cut short', () => {
    expect(rejection(Buffer.from('{"kind":"ConfigMap"}')).code).toBe(400);
    const body = envelope('v1', 'ConfigMap', [metadata('c')]);
    expect(rejection(body.subarray(0, body.length - 3)).code).toBe(400);
  });
});
