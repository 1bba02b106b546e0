/** Values that are one protobuf message but one JSON scalar or raw JSON. */
export type ScalarType =
  | 'string'
  | 'int'
  | 'bool'
  | 'bytes'
  /** metav1.Time: seconds and nanos, RFC 3339 in JSON. */
  | 'time'
  /** resource.Quantity: its string form. */
  | 'quantity'
  /** intstr.IntOrString: a type, an int and a string. */
  | 'intOrString'
  /** runtime.RawExtension, metav1.FieldsV1: JSON bytes. */
  | 'rawJson'
  /** A named `[]string` (ExtraValue): a message of repeated strings. */
  | 'stringList';

/** `[]` repeated, `{}` a map, `!` a scalar whose zero value JSON carries too. */
export type FieldHow = '[]' | '{}' | '!';

export type FieldSchema =
  | [number, string, ScalarType | string]
  | [number, string, ScalarType | string, FieldHow];

export type MessageSchema = FieldSchema[];
