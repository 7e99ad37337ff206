import { chance, pick, weighted, type Random } from '../random';

// Bound once: inside jest's vm context every global lookup costs ~200 ns, and these run millions of times.
const { max: largest, round: nearest } = Math;

export const SALARY_PERIODS = ['year', 'month', 'day', 'hour'] as const;
export type SalaryPeriod = (typeof SALARY_PERIODS)[number];

/**
 * How a salary reads where a source has only free text. `unknown-symbol` prints a currency sign
 * nobody can resolve (a collector must not assume USD); `vague` prints no number at all.
 */
export const SALARY_TEXT_STYLES = [
  'full',
  'k',
  'compact-k',
  'dotted',
  'code-suffix',
  'per-period',
  'unknown-symbol',
  'vague',
] as const;
export type SalaryTextStyle = (typeof SALARY_TEXT_STYLES)[number];

/** A posting's pay as the employer meant it. */
export interface Salary {
  currency: string;
  min: number;
  max: number;
  period: SalaryPeriod;
  equity: boolean;
  /** Structured fields carry min and max the wrong way round (employer error). */
  swapped: boolean;
  textStyle: SalaryTextStyle;
}

const SYMBOLS: Readonly<Record<string, string>> = {
  USD: '$',
  EUR: '€',
  GBP: '£',
  CAD: 'CA$',
  AUD: 'A$',
  INR: '₹',
  JPY: '¥',
  BRL: 'R$',
  SGD: 'S$',
  ILS: '₪',
  MXN: 'MX$',
};

/** Periods per year, the constants careful consumers annualize with. */
export const PER_YEAR: Readonly<Record<SalaryPeriod, number>> = {
  year: 1,
  month: 12,
  day: 260,
  hour: 2080,
};

/** Rough exchange rates from USD so generated amounts look local. */
const FROM_USD: Readonly<Record<string, number>> = {
  USD: 1,
  EUR: 0.92,
  GBP: 0.79,
  CAD: 1.36,
  AUD: 1.52,
  CHF: 0.88,
  SEK: 10.6,
  DKK: 6.9,
  NOK: 10.7,
  PLN: 4.0,
  CZK: 23,
  ILS: 3.7,
  INR: 83,
  SGD: 1.34,
  JPY: 150,
  BRL: 5.0,
  MXN: 17,
};

function roundTo(value: number, step: number): number {
  return largest(step, nearest(value / step) * step);
}

/** A salary for an annual USD midpoint, in the posting's currency and period. */
export function generateSalary(
  random: Random,
  annualUsd: number,
  currency: string,
  period: SalaryPeriod,
): Salary {
  const rate = FROM_USD[currency] ?? 1;
  const mid = (annualUsd * rate) / PER_YEAR[period];
  const spread = 0.12 + random() * 0.18;
  const step = period === 'hour' ? 5 : period === 'day' ? 50 : mid > 1_000_000 ? 100_000 : 1000;
  const min = roundTo(mid * (1 - spread), step);
  const max = largest(min + step, roundTo(mid * (1 + spread), step));
  return {
    currency,
    min,
    max,
    period,
    equity: chance(random, 0.3),
    swapped: chance(random, 0.04),
    textStyle: weighted(random, [
      ['full', 22],
      ['k', 22],
      ['compact-k', 12],
      ['dotted', 8],
      ['code-suffix', 10],
      ['per-period', 10],
      ['unknown-symbol', 4],
      ['vague', 6],
    ]),
  };
}

/** min and max as a structured field would carry them (swapped when the employer got it wrong). */
export function structuredRange(salary: Salary): { min: number; max: number } {
  return salary.swapped
    ? { min: salary.max, max: salary.min }
    : { min: salary.min, max: salary.max };
}

function grouped(value: number, separator: string): string {
  return nearest(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

function kilo(value: number): string {
  const k = value / 1000;
  return Number.isInteger(k) ? `${k}k` : `${k.toFixed(1)}k`;
}

const PERIOD_WORDS: Readonly<Record<SalaryPeriod, readonly string[]>> = {
  year: ['per year', '/yr', 'annually', 'p.a.'],
  month: ['per month', '/month', '/mo'],
  day: ['per day', '/day', 'daily rate'],
  hour: ['/hr', 'per hour', '/hour'],
};

/** The salary as free text in the posting's style ("€60k–80k", "$45/hr", "competitive"). */
export function formatSalaryText(salary: Salary, random: Random): string {
  const symbol = SYMBOLS[salary.currency];
  const sign = symbol ?? `${salary.currency} `;
  const dash = pick(random, [' - ', '–', ' – ', '-', ' to ']);
  const { min, max } = salary;
  const small = salary.period === 'hour' || salary.period === 'day';
  const equity = salary.equity ? pick(random, [' + equity', ' + options', ', plus equity']) : '';
  switch (salary.textStyle) {
    case 'full':
      return `${sign}${grouped(min, ',')}${dash}${sign}${grouped(max, ',')}${
        salary.period === 'year' ? '' : ` ${pick(random, PERIOD_WORDS[salary.period])}`
      }${equity}`;
    case 'k':
      return small
        ? `${sign}${min}${dash}${max}${pick(random, PERIOD_WORDS[salary.period])}${equity}`
        : `${sign}${kilo(min)}${dash}${sign}${kilo(max)}${equity}`;
    case 'compact-k':
      return small
        ? `${sign}${min}/${salary.period === 'hour' ? 'hr' : 'day'}`
        : `${sign}${kilo(min).replace('k', '')}${dash}${kilo(max)}${equity}`;
    case 'dotted':
      return `${grouped(min, '.')}${dash}${grouped(max, '.')} ${symbol ?? salary.currency}${
        salary.period === 'year' ? '' : ` ${pick(random, PERIOD_WORDS[salary.period])}`
      }`;
    case 'code-suffix':
      return small
        ? `${min}-${max} ${salary.currency} ${pick(random, PERIOD_WORDS[salary.period])}`
        : `${kilo(min)}-${kilo(max)} ${salary.currency}${equity}`;
    case 'per-period':
      return `${sign}${grouped(min, ',')}${dash}${grouped(max, ',')} ${pick(random, PERIOD_WORDS[salary.period])}`;
    case 'unknown-symbol':
      return `¤${kilo(min)}${dash}${kilo(max)}`;
    case 'vague':
      return pick(random, ['competitive', 'Competitive salary + equity', 'DOE', 'market rate']);
  }
}

/** An amount of the salary's period and currency as annual US dollars (RemoteOK normalizes so). */
export function annualUsd(value: number, salary: Pick<Salary, 'currency' | 'period'>): number {
  return (value * PER_YEAR[salary.period]) / (FROM_USD[salary.currency] ?? 1);
}
