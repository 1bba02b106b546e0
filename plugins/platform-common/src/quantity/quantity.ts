/**
 * Resource quantities (`500m`, `128Mi`, `1.5`, `2G`) as the API server reads
 * and prints them. Values are held in thousandths so CPU millicores stay exact.
 */
export interface Quantity {
  milli: number;
  /** The suffix family to print the value in. */
  format: 'BinarySI' | 'DecimalSI' | 'DecimalExponent';
}

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

export const QUANTITY_PATTERN = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

/** Parses a quantity; undefined when it is not one. */
export function parseQuantity(input: unknown): Quantity | undefined {
  if (typeof input === 'number') {
    return { milli: Math.round(input * 1000), format: 'DecimalSI' };
  }
  if (typeof input !== 'string') {
    return undefined;
  }
  const match = /^([+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+))(.*)$/.exec(input.trim());
  if (!match) {
    return undefined;
  }
  const number = Number(match[1]);
  const suffix = match[2];
  if (suffix in BINARY) {
    return {
      milli: Math.round(number * BINARY[suffix] * 1000),
      format: 'BinarySI',
    };
  }
  if (suffix in DECIMAL) {
    return {
      milli: Math.round(number * DECIMAL[suffix] * 1000),
      format: 'DecimalSI',
    };
  }
  const exponent = /^[eE]([-+]?[0-9]+)$/.exec(suffix);
  if (exponent) {
    return {
      milli: Math.round(number * 10 ** Number(exponent[1]) * 1000),
      format: 'DecimalExponent',
    };
  }
  return undefined;
}

/** The canonical form the server prints, e.g. `1500m`, `1`, `256Mi`, `2G`. */
export function formatQuantity(quantity: Quantity): string {
  const { milli, format } = quantity;
  if (milli % 1000 !== 0) {
    return `${milli}m`;
  }
  const units = milli / 1000;
  if (units === 0) {
    return '0';
  }
  if (format === 'BinarySI') {
    for (const suffix of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki']) {
      if (units % BINARY[suffix] === 0) {
        return `${units / BINARY[suffix]}${suffix}`;
      }
    }
    return String(units);
  }
  for (const suffix of ['E', 'P', 'T', 'G', 'M', 'k']) {
    if (units % DECIMAL[suffix] === 0 && units >= DECIMAL[suffix]) {
      return `${units / DECIMAL[suffix]}${suffix}`;
    }
  }
  return String(units);
}

export function addQuantities(a: Quantity, b: Quantity): Quantity {
  return { milli: a.milli + b.milli, format: a.milli ? a.format : b.format };
}

export const ZERO: Quantity = { milli: 0, format: 'DecimalSI' };
