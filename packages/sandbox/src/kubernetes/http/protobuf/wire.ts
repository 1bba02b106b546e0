/** The protobuf wire format, read into fields by number. */
export interface WireField {
  number: number;
  /** Varints as BigInt (int64 and negative int32 need all 64 bits). */
  varint?: bigint;
  bytes?: Buffer;
}

function readVarint(buffer: Buffer, offset: number): [bigint, number] {
  let value = 0n;
  let shift = 0n;
  let position = offset;
  for (;;) {
    if (position >= buffer.length) throw new Error('truncated varint');
    const byte = buffer[position++];
    value |= BigInt(byte & 0x7f) << shift;
    if (byte < 0x80) return [value, position];
    shift += 7n;
  }
}

/** Every field of one message, in wire order. */
export function readFields(buffer: Buffer): WireField[] {
  const fields: WireField[] = [];
  let offset = 0;
  while (offset < buffer.length) {
    const [tag, afterTag] = readVarint(buffer, offset);
    const wireType = Number(tag & 7n);
    const number = Number(tag >> 3n);
    if (wireType === 0) {
      const [varint, next] = readVarint(buffer, afterTag);
      fields.push({ number, varint });
      offset = next;
    } else if (wireType === 2) {
      const [length, start] = readVarint(buffer, afterTag);
      const end = start + Number(length);
      if (end > buffer.length) throw new Error('truncated field');
      fields.push({ number, bytes: buffer.subarray(start, end) });
      offset = end;
    } else if (wireType === 1 || wireType === 5) {
      // Fixed-width numbers: no Kubernetes kind served here uses them.
      const end = afterTag + (wireType === 1 ? 8 : 4);
      fields.push({ number, bytes: buffer.subarray(afterTag, end) });
      offset = end;
    } else {
      throw new Error(`unsupported protobuf wire type ${wireType}`);
    }
  }
  return fields;
}

/** A varint as a signed 64-bit number (int32 and int64 fields are two's complement). */
export function signed(value: bigint): number {
  return Number(BigInt.asIntN(64, value));
}
