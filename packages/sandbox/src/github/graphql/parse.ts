/** A GraphQL value after variables are substituted. */
export type GraphQLValue =
  | string
  | number
  | boolean
  | null
  | GraphQLValue[]
  | { [key: string]: GraphQLValue };

export interface GraphQLField {
  /** The key in the response: the alias, or the name. */
  key: string;
  name: string;
  args: Record<string, GraphQLValue>;
  /** Empty for a scalar. */
  selections: GraphQLField[];
}

/** Thrown for a query this subset cannot read; answered as GraphQL's `errors`. */
export class GraphQLSyntaxError extends Error {
  name = 'GraphQLSyntaxError';
}

const TOKEN =
  /\s*(?:(#[^\n]*)|("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(\$)|([{}()[\]:!,=@]))/y;

type Token =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'name'; value: string }
  | { kind: 'punct'; value: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let index = 0;
  while (index < source.length) {
    TOKEN.lastIndex = index;
    const match = TOKEN.exec(source);
    if (!match) {
      if (/^\s*$/.test(source.slice(index))) {
        break;
      }
      throw new GraphQLSyntaxError(`Unexpected character at ${index}`);
    }
    index = TOKEN.lastIndex;
    const [, comment, string, number, name, dollar, punct] = match;
    if (comment !== undefined) {
      continue;
    }
    if (string !== undefined) {
      tokens.push({ kind: 'string', value: JSON.parse(string) as string });
    } else if (number !== undefined) {
      tokens.push({ kind: 'number', value: Number(number) });
    } else if (name !== undefined) {
      tokens.push({ kind: 'name', value: name });
    } else if (dollar !== undefined) {
      tokens.push({ kind: 'punct', value: '$' });
    } else if (punct !== undefined && punct !== ',') {
      tokens.push({ kind: 'punct', value: punct });
    }
  }
  return tokens;
}

/**
 * Reads one query operation: `query Name($v: Type!) { field(arg: $v) { ... } }`
 * or a bare selection set. No fragments, directives or mutations: the
 * sandbox answers only the queries client libraries it serves send.
 */
export function parseQuery(
  source: string,
  variables: Record<string, unknown>,
): GraphQLField[] {
  const tokens = tokenize(source);
  let position = 0;
  const peek = () => tokens[position];
  const next = () => {
    const token = tokens[position++];
    if (!token) {
      throw new GraphQLSyntaxError('Unexpected end of query');
    }
    return token;
  };
  const expect = (value: string) => {
    const token = next();
    if (token.value !== value) {
      throw new GraphQLSyntaxError(
        `Expected "${value}", found "${token.value}"`,
      );
    }
  };
  const isPunct = (value: string) => {
    const token = peek();
    return token?.kind === 'punct' && token.value === value;
  };

  const value = (): GraphQLValue => {
    const token = next();
    if (token.kind === 'punct' && token.value === '$') {
      const name = next();
      const given = variables[String(name.value)];
      return given === undefined ? null : (given as GraphQLValue);
    }
    if (token.kind === 'punct' && token.value === '[') {
      const list: GraphQLValue[] = [];
      while (!isPunct(']')) {
        list.push(value());
      }
      expect(']');
      return list;
    }
    if (token.kind === 'punct' && token.value === '{') {
      const object: Record<string, GraphQLValue> = {};
      while (!isPunct('}')) {
        const key = String(next().value);
        expect(':');
        object[key] = value();
      }
      expect('}');
      return object;
    }
    if (token.kind === 'name') {
      if (token.value === 'true' || token.value === 'false') {
        return token.value === 'true';
      }
      return token.value === 'null' ? null : token.value;
    }
    if (token.kind === 'punct') {
      throw new GraphQLSyntaxError(`Unexpected "${token.value}"`);
    }
    return token.value;
  };

  const selectionSet = (): GraphQLField[] => {
    expect('{');
    const fields: GraphQLField[] = [];
    while (!isPunct('}')) {
      const first = next();
      if (first.kind !== 'name') {
        throw new GraphQLSyntaxError(`Unexpected "${first.value}"`);
      }
      let key = first.value;
      let name = first.value;
      if (isPunct(':')) {
        next();
        name = String(next().value);
      }
      const args: Record<string, GraphQLValue> = {};
      if (isPunct('(')) {
        next();
        while (!isPunct(')')) {
          const argName = String(next().value);
          expect(':');
          args[argName] = value();
        }
        expect(')');
      }
      const selections = isPunct('{') ? selectionSet() : [];
      fields.push({ key, name, args, selections });
      key = '';
    }
    expect('}');
    return fields;
  };

  const head = peek();
  if (head?.kind === 'name') {
    if (head.value !== 'query') {
      throw new GraphQLSyntaxError(
        `Only queries are supported, not "${head.value}"`,
      );
    }
    next();
    if (peek()?.kind === 'name') {
      next();
    }
    if (isPunct('(')) {
      // Variable definitions: their types are not checked.
      while (!isPunct(')')) {
        next();
      }
      next();
    }
  }
  const fields = selectionSet();
  if (position !== tokens.length) {
    throw new GraphQLSyntaxError(
      'Only one operation per document is supported',
    );
  }
  return fields;
}
