import { badRequest } from './status';

/** One requirement of a label selector, e.g. `tier in (web,api)` or `!canary`. */
export interface LabelRequirement {
  key: string;
  operator: '=' | '!=' | 'in' | 'notin' | 'exists' | '!';
  values: string[];
}

export type LabelSelector = LabelRequirement[];

const KEY =
  /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;

/** Splits on commas that are not inside `( … )`. */
function splitTopLevel(input: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of input) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map(p => p.trim()).filter(Boolean);
}

function checkKey(key: string, selector: string) {
  if (!KEY.test(key)) {
    throw badRequest(
      `unable to parse requirement: invalid label key "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') in selector "${selector}"`,
    );
  }
}

/** Parses `?labelSelector=`: equality, `in`, `notin`, `key`, `!key`. */
export function parseLabelSelector(input: string | undefined): LabelSelector {
  if (!input) return [];
  return splitTopLevel(input).map(part => {
    const set = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part);
    if (set) {
      checkKey(set[1], input);
      return {
        key: set[1],
        operator: set[2] as 'in' | 'notin',
        values: set[3]
          .split(',')
          .map(v => v.trim())
          .filter(Boolean),
      };
    }
    const equality = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part);
    if (equality) {
      checkKey(equality[1], input);
      return {
        key: equality[1],
        operator: equality[2] === '!=' ? '!=' : '=',
        values: [equality[3]],
      };
    }
    const not = /^!\s*(\S+)$/.exec(part);
    if (not) {
      checkKey(not[1], input);
      return { key: not[1], operator: '!', values: [] };
    }
    if (/^\S+$/.test(part)) {
      checkKey(part, input);
      return { key: part, operator: 'exists', values: [] };
    }
    throw badRequest(
      `unable to parse requirement: found '${part}', expected: in, notin, =, ==, !=, gt, lt`,
    );
  });
}

export function matchesLabels(
  selector: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean {
  const all = labels ?? {};
  return selector.every(({ key, operator, values }) => {
    const has = Object.prototype.hasOwnProperty.call(all, key);
    const value = all[key];
    switch (operator) {
      case '=':
        return has && value === values[0];
      case '!=':
        return !has || value !== values[0];
      case 'in':
        return has && values.includes(value);
      case 'notin':
        return !has || !values.includes(value);
      case 'exists':
        return has;
      default:
        return !has;
    }
  });
}

/** A `metav1.LabelSelector` object (matchLabels, matchExpressions), as in specs. */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{
    key: string;
    operator: string;
    values?: string[];
  }>;
}

export function fromSelectorObject(
  selector: LabelSelectorObject,
): LabelSelector {
  const requirements: LabelSelector = Object.entries(
    selector.matchLabels ?? {},
  ).map(([key, value]) => ({ key, operator: '=', values: [value] }));
  for (const expression of selector.matchExpressions ?? []) {
    const operator = {
      In: 'in',
      NotIn: 'notin',
      Exists: 'exists',
      DoesNotExist: '!',
    }[expression.operator] as LabelRequirement['operator'] | undefined;
    if (operator) {
      requirements.push({
        key: expression.key,
        operator,
        values: expression.values ?? [],
      });
    }
  }
  return requirements;
}

export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

/** Parses `?fieldSelector=`: `a=b`, `a==b`, `a!=b`, joined by commas. */
export function parseFieldSelector(
  input: string | undefined,
): FieldRequirement[] {
  if (!input) return [];
  return input
    .split(',')
    .map(p => p.trim())
    .filter(Boolean)
    .map(part => {
      const match = /^([^!=]+)(==|=|!=)(.*)$/.exec(part);
      if (!match) {
        throw badRequest(
          `invalid selector: '${input}'; can't understand '${part}'`,
        );
      }
      return {
        field: match[1].trim(),
        operator: match[2] === '!=' ? '!=' : '=',
        value: match[3].trim(),
      };
    });
}

export function matchesFields(
  requirements: FieldRequirement[],
  valueOf: (field: string) => unknown,
): boolean {
  return requirements.every(({ field, operator, value }) => {
    const actual = String(valueOf(field) ?? '');
    return operator === '=' ? actual === value : actual !== value;
  });
}

/**
 * A selector in its string form, as `labels.Selector.String()` writes it
 * (requirements sorted by key, set values sorted): what a Scale's
 * `status.selector` holds.
 */
export function selectorString(selector: LabelSelector): string {
  return [...selector]
    .sort((a, b) => (a.key < b.key ? -1 : Number(a.key > b.key)))
    .map(({ key, operator, values }) => {
      const sorted = [...values].sort();
      switch (operator) {
        case 'in':
        case 'notin':
          return `${key} ${operator} (${sorted.join(',')})`;
        case 'exists':
          return key;
        case '!':
          return `!${key}`;
        default:
          return `${key}${operator}${values[0] ?? ''}`;
      }
    })
    .join(',');
}
