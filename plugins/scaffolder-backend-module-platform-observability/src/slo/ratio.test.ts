import { Ratio } from './ratio';

const r = (text: string) => Ratio.parse(text)!;

describe('Ratio', () => {
  it('prints products of decimals without float noise', () => {
    const budget = r('1').minus(r('99.9').dividedBy(r('100')));
    expect(r('14.4').times(budget).toPromQL()).toBe('0.0144');
    expect(14.4 * (1 - 0.999)).not.toBe(0.0144);
    expect(r('6').times(budget).toPromQL()).toBe('0.006');
    expect(r('1').times(budget).toPromQL()).toBe('0.001');
    expect(r('0.3').times(r('3')).toPromQL()).toBe('0.9');
  });

  it('prints whole numbers and negatives', () => {
    expect(r('2.50').times(r('4')).toPromQL()).toBe('10');
    expect(r('0').minus(r('0.25')).toPromQL()).toBe('-0.25');
    expect(r('0').toPromQL()).toBe('0');
  });

  it('keeps a fraction with no decimal exact as a division', () => {
    expect(r('0.0028').dividedBy(r('3')).toPromQL()).toBe('0.0028 / 3');
    expect(r('1').dividedBy(r('7')).toPromQL()).toBe('1 / 7');
  });

  it('parses decimals only', () => {
    expect(Ratio.parse('1e3')).toBeUndefined();
    expect(Ratio.parse('abc')).toBeUndefined();
    expect(Ratio.parse('.5')).toBeUndefined();
    expect(r('99.95').compare(r('99.9'))).toBe(1);
  });
});
