/**
 * Exact rational numbers over BigInt. Thresholds are products of decimal
 * inputs (`99.9`) and table factors (`14.4`); computed in floats they print
 * as `0.014400000000000001`, which reads as a bug and differs between
 * generators. Here they print as `0.0144`.
 */
export class Ratio {
  private constructor(readonly n: bigint, readonly d: bigint) {}

  static of(n: bigint | number, d: bigint | number = 1n): Ratio {
    let num = BigInt(n);
    let den = BigInt(d);
    if (den === 0n) {
      throw new RangeError('division by zero');
    }
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    const g = gcd(num < 0n ? -num : num, den);
    return new Ratio(num / g, den / g);
  }

  /** A decimal string such as `99.9` or `0.5`; undefined when it is not one. */
  static parse(text: string): Ratio | undefined {
    const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
    if (!match) {
      return undefined;
    }
    const [, sign, whole, fraction = ''] = match;
    const n = BigInt(`${sign}${whole}${fraction}`);
    return Ratio.of(n, 10n ** BigInt(fraction.length));
  }

  plus(other: Ratio): Ratio {
    return Ratio.of(this.n * other.d + other.n * this.d, this.d * other.d);
  }

  minus(other: Ratio): Ratio {
    return Ratio.of(this.n * other.d - other.n * this.d, this.d * other.d);
  }

  times(other: Ratio): Ratio {
    return Ratio.of(this.n * other.n, this.d * other.d);
  }

  dividedBy(other: Ratio): Ratio {
    return Ratio.of(this.n * other.d, this.d * other.n);
  }

  compare(other: Ratio): number {
    const diff = this.n * other.d - other.n * this.d;
    if (diff === 0n) return 0;
    return diff < 0n ? -1 : 1;
  }

  /** As a float, for tests and for nothing that is printed. */
  toNumber(): number {
    return Number(this.n) / Number(this.d);
  }

  /**
   * Exact PromQL: a decimal when the fraction has one (`0.0144`), otherwise
   * a decimal over the rest of the denominator (`0.0028 / 3`), which
   * Prometheus divides in double precision instead of the rule carrying a
   * rounded constant.
   */
  toPromQL(): string {
    let rest = this.d;
    let twos = 0;
    let fives = 0;
    while (rest % 2n === 0n) {
      rest /= 2n;
      twos++;
    }
    while (rest % 5n === 0n) {
      rest /= 5n;
      fives++;
    }
    const decimal = decimalString(this.n, Math.max(twos, fives), twos, fives);
    return rest === 1n ? decimal : `${decimal} / ${rest}`;
  }
}

function gcd(a: bigint, b: bigint): bigint {
  if (b === 0n) {
    // Zero over anything is kept as 0/1.
    return a === 0n ? 1n : a;
  }
  return gcd(b, a % b);
}

/** n / (2^twos * 5^fives) in decimal, with `places` digits after the point at most. */
function decimalString(
  n: bigint,
  places: number,
  twos: number,
  fives: number,
): string {
  // Scale to a power of ten: n / (2^a 5^b) = n * 2^(p-a) * 5^(p-b) / 10^p.
  const scaled = n * 2n ** BigInt(places - twos) * 5n ** BigInt(places - fives);
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled)
    .toString()
    .padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const fraction = digits.slice(digits.length - places).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
