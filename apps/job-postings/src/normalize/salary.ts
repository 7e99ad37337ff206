import { SALARY_PERIODS_PER_YEAR, type PostingSalary, type SalaryPeriod } from '@tributary/schemas';
import { CURRENCY_SIGNS, ISO_4217, resolveCode, resolveSign } from './currency';

/** A salary and what could not be read from it. */
export interface SalaryResult {
  salary: PostingSalary | null;
  notes: string[];
}

/** Pay from a source's structured fields, as given (currency as the source writes it). */
export interface StructuredPay {
  min: number | null;
  max: number | null;
  currency: string | null;
  period: SalaryPeriod | null;
}

/** The note of an amount read as yearly because no period was stated. */
export const PERIOD_INFERRED = 'salary period not stated; read as yearly';

/** Below this, a yearly figure is implausible: amounts without a period are read as yearly only above it. */
export const YEARLY_THRESHOLD = 20_000;

const round2 = (value: number) => Math.round(value * 100) / 100;

function annual(value: number | null, period: SalaryPeriod | null): number | null {
  return value === null || period === null ? null : round2(value * SALARY_PERIODS_PER_YEAR[period]);
}

/** The finished salary: min ≤ max (swapped when given the wrong way round), annualized. */
function finish(
  min: number | null,
  max: number | null,
  currency: string | null,
  period: SalaryPeriod | null,
  origin: PostingSalary['origin'],
  text: string | null,
  notes: string[],
): SalaryResult {
  if (min === null && max === null) return { salary: null, notes };
  if (min !== null && max !== null && min > max) {
    notes.push(`salary min ${min} and max ${max} were swapped`);
    [min, max] = [max, min];
  }
  return {
    salary: {
      min,
      max,
      currency,
      period,
      annual_min: annual(min, period),
      annual_max: annual(max, period),
      origin,
      text,
    },
    notes,
  };
}

const positive = (value: number | null): number | null =>
  value !== null && Number.isFinite(value) && value > 0 ? value : null;

/** Pay from structured fields: currency checked against ISO 4217 (unknown → null), min ≤ max. */
export function structuredSalary(pay: StructuredPay): SalaryResult {
  const notes: string[] = [];
  let currency: string | null = null;
  if (pay.currency === null || pay.currency.trim() === '') {
    notes.push('salary has no currency');
  } else {
    const resolved = resolveCode(pay.currency);
    currency = resolved.currency;
    if (resolved.note) notes.push(resolved.note);
  }
  return finish(
    positive(pay.min),
    positive(pay.max),
    currency,
    pay.period,
    'structured',
    null,
    notes,
  );
}

const PERIOD_WORDS: readonly [SalaryPeriod, RegExp][] = [
  [
    'hour',
    /(?:\/\s*(?:hr|hour|h)\b|\bper\s+hour\b|\bhourly\b|\ban\s+hour\b|\bp\/h\b|\bpro\s+stunde\b)/i,
  ],
  ['day', /(?:\/\s*day\b|\bper\s+day\b|\bdaily\b|\bday\s+rate\b|\ba\s+day\b|\bp\/d\b)/i],
  ['week', /(?:\/\s*(?:wk|week)\b|\bper\s+week\b|\bweekly\b|\ba\s+week\b)/i],
  [
    'month',
    /(?:\/\s*(?:mo|month|monat)\b|\bper\s+month\b|\bmonthly\b|\ba\s+month\b|\bpro\s+monat\b|\bmonatlich\b)/i,
  ],
  [
    'year',
    /(?:\/\s*(?:yr|year|annum|jahr)\b|\bper\s+(?:year|annum)\b|\bannual(?:ly)?\b|\byearly\b|\ba\s+year\b|\bp\.\s?a\.?(?!\w)|\bpro\s+jahr\b|\bjährlich\b)/i,
  ],
];

function periodOf(text: string): SalaryPeriod | null {
  for (const [period, pattern] of PERIOD_WORDS) if (pattern.test(text)) return period;
  return null;
}

const DASHES = /[\u2010-\u2015\u2212]/g;
/** A sign as a pattern: signs with letters ("zł", "CA$") only where no letter is next to them. */
function signPattern(sign: string): RegExp {
  const escaped = sign.replace(/[$.]/g, (char) => `\\${char}`);
  return /[A-Za-z]/.test(sign)
    ? new RegExp(`(?<![A-Za-z])${escaped}(?![A-Za-z])`)
    : new RegExp(escaped);
}
const SIGN_PATTERNS: readonly [string, RegExp][] = Object.keys(CURRENCY_SIGNS)
  .sort((a, b) => b.length - a.length)
  .map((sign) => [sign, signPattern(sign)]);
const SHARED_SIGN_PATTERNS: readonly [string, RegExp][] = ['$', 'kr', '¥', '¤'].map((sign) => [
  sign,
  signPattern(sign),
]);
/** A number with optional thousands separators and decimals, and an optional k. */
const AMOUNT =
  /(\d+(?:[.,'\u2019 \u202f]\d{3})*(?:[.,]\d{1,2})?)(?!\d)(\s?[kK](?![a-zA-Z]))?(\s?%)?/g;
const CODE = /(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])/g;
const RANGE_GAP = /^\s*(?:-|to|bis|and)?\s*(?:[A-Z]{3}|[^\s\d]{1,3})?\s*$/i;

interface Amount {
  value: number;
  k: boolean;
  start: number;
  end: number;
}

function parseNumber(digits: string): number {
  // A separator followed by exactly three digits groups thousands; one or two digits are decimals.
  const decimal = /[.,](\d{1,2})$/.exec(digits);
  const whole = (decimal ? digits.slice(0, decimal.index) : digits).replace(/[^\d]/g, '');
  return Number(decimal ? `${whole}.${decimal[1]}` : whole);
}

function amountsOf(text: string): Amount[] {
  const amounts: Amount[] = [];
  for (const match of text.matchAll(AMOUNT)) {
    if (match[3]) continue; // a percentage (equity), not pay
    if (text.startsWith('(', match.index + match[0].length)) continue; // "401(k)"
    const before = text.slice(Math.max(0, match.index - 1), match.index);
    if (/[\w(]/.test(before) && !/[A-Z$€£¥₹]/.test(before)) continue; // "401(k)", "v2"
    const value = parseNumber(match[1] ?? '');
    if (!(value > 0)) continue;
    amounts.push({
      value,
      k: match[2] !== undefined,
      start: match.index,
      end: match.index + match[0].length,
    });
  }
  return amounts;
}

interface CurrencyFound {
  currencies: Set<string>;
  notes: string[];
}

function currenciesOf(text: string, countries: readonly string[]): CurrencyFound {
  const currencies = new Set<string>();
  const notes: string[] = [];
  let rest = text;
  for (const [sign, pattern] of SIGN_PATTERNS) {
    if (!pattern.test(rest)) continue;
    currencies.add(CURRENCY_SIGNS[sign] as string);
    rest = rest.replace(new RegExp(pattern.source, 'g'), ' ');
  }
  for (const [sign, pattern] of SHARED_SIGN_PATTERNS) {
    if (!pattern.test(rest)) continue;
    const resolved = resolveSign(sign, countries);
    if (resolved.currency) currencies.add(resolved.currency);
    else if (resolved.note) notes.push(resolved.note);
  }
  for (const match of rest.matchAll(CODE)) {
    const code = match[1] ?? '';
    if (ISO_4217.has(code)) currencies.add(code);
    else if (
      /[\dkK]\s*$/.test(rest.slice(0, match.index)) ||
      /^\s*\d/.test(rest.slice(match.index + 3))
    ) {
      notes.push(`"${code}" next to the amount is not an ISO 4217 currency code`);
    }
  }
  return { currencies, notes };
}

/**
 * Reads a salary written as text ("€60k–80k", "$45/hr", "60.000 - 80.000 € p.a.", "competitive"):
 * the first amount or range, its currency (only a stated one), its period (stated, or yearly for
 * amounts of 20,000 and more, with a note). Says in `notes` what it could not read.
 */
export function parseSalaryText(raw: string, countries: readonly string[] = []): SalaryResult {
  const text = raw.normalize('NFKC').replace(DASHES, '-').trim();
  const notes: string[] = [];
  const amounts = amountsOf(text);
  if (amounts.length === 0) {
    if (text.length > 0) notes.push(`salary not stated as an amount: "${raw.trim().slice(0, 80)}"`);
    return { salary: null, notes };
  }
  const found = currenciesOf(text, countries);
  notes.push(...found.notes);
  let currency: string | null = null;
  if (found.currencies.size === 1) currency = [...found.currencies][0] as string;
  else if (found.currencies.size > 1) {
    notes.push(`several currencies in the salary (${[...found.currencies].join(', ')})`);
  } else if (found.notes.length === 0) notes.push('salary has no currency');

  const [first, second] = amounts as [Amount, Amount | undefined];
  const isRange = second !== undefined && RANGE_GAP.test(text.slice(first.end, second.start));
  let low = first.value * (first.k ? 1000 : 1);
  let high = isRange ? second.value * (second.k ? 1000 : 1) : low;
  // "$150-180k": the k written once applies to both ends.
  if (isRange && second.k && !first.k && first.value < 1000) low = first.value * 1000;
  if (isRange && first.k && !second.k && second.value < 1000) high = second.value * 1000;

  let min: number | null = low;
  let max: number | null = high;
  if (!isRange) {
    const before = text.slice(0, first.start);
    if (/\b(?:up\s+to|max(?:imum)?|bis\s+(?:zu)?)\s*\S{0,4}\s*$/i.test(before)) min = null;
    else if (
      /\b(?:from|starting\s+(?:at|from)|min(?:imum)?|ab|at\s+least)\s*\S{0,4}\s*$/i.test(before)
    )
      max = null;
  }
  let period = periodOf(text);
  if (period === null) {
    if (Math.max(min ?? 0, max ?? 0) >= YEARLY_THRESHOLD) {
      period = 'year';
      notes.push(PERIOD_INFERRED);
    } else notes.push('salary period not stated');
  }
  return finish(min, max, currency, period, 'text', raw.trim(), notes);
}
