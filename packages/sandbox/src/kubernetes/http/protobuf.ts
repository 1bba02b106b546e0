/**
 * Just enough protobuf to read the SelfSubjectAccessReview that
 * `kubectl auth can-i` always sends in Kubernetes' protobuf envelope
 * (`k8s\0` + runtime.Unknown); every other client sends JSON.
 */
type Fields = Map<number, Buffer[]>;

function readVarint(buffer: Buffer, offset: number): [number, number] {
  let value = 0;
  let shift = 0;
  let position = offset;
  for (;;) {
    const byte = buffer[position++];
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, position];
    shift += 7;
  }
}

function readFields(buffer: Buffer): Fields {
  const fields: Fields = new Map();
  let offset = 0;
  while (offset < buffer.length) {
    const [tag, afterTag] = readVarint(buffer, offset);
    const wireType = tag & 7;
    const field = Math.floor(tag / 8);
    if (wireType === 2) {
      const [length, start] = readVarint(buffer, afterTag);
      fields.set(field, [
        ...(fields.get(field) ?? []),
        buffer.subarray(start, start + length),
      ]);
      offset = start + length;
    } else if (wireType === 0) {
      offset = readVarint(buffer, afterTag)[1];
    } else {
      throw new Error(`unsupported protobuf wire type ${wireType}`);
    }
  }
  return fields;
}

const text = (fields: Fields, field: number) =>
  fields.get(field)?.[0]?.toString('utf8') ?? '';

/** The JSON form of a protobuf-encoded SelfSubjectAccessReview. */
export function decodeAccessReview(body: Buffer): Record<string, unknown> {
  const unknown = readFields(body.subarray(4));
  const review = readFields(unknown.get(2)?.[0] ?? Buffer.alloc(0));
  const spec = readFields(review.get(2)?.[0] ?? Buffer.alloc(0));
  const resource = spec.get(1)?.[0];
  const nonResource = spec.get(2)?.[0];
  const attributes = resource ? readFields(resource) : undefined;
  return {
    spec: {
      ...(attributes
        ? {
            resourceAttributes: {
              namespace: text(attributes, 1),
              verb: text(attributes, 2),
              group: text(attributes, 3),
              version: text(attributes, 4),
              resource: text(attributes, 5),
              subresource: text(attributes, 6),
              name: text(attributes, 7),
            },
          }
        : {}),
      ...(nonResource
        ? {
            nonResourceAttributes: {
              path: text(readFields(nonResource), 1),
              verb: text(readFields(nonResource), 2),
            },
          }
        : {}),
    },
  };
}
