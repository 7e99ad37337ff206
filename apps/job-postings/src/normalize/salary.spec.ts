import { parseSalaryText, structuredSalary } from './salary';

describe('parseSalaryText: salary as given, never a guessed currency', () => {
  const cases: [string, string[], Partial<Record<string, unknown>>][] = [
    // text, countries, expected fields
    [
      '€60k–80k',
      [],
      { min: 60_000, max: 80_000, currency: 'EUR', period: 'year', annual_max: 80_000 },
    ],
    ['$45/hr', ['US'], { min: 45, max: 45, currency: 'USD', period: 'hour', annual_min: 93_600 }],
    ['$45-60/hr', [], { min: 45, max: 60, period: 'hour', annual_max: 124_800 }],
    ['$150-180k + equity', [], { min: 150_000, max: 180_000, currency: 'USD', period: 'year' }],
    [
      '60.000 - 80.000 € p.a.',
      ['DE'],
      { min: 60_000, max: 80_000, currency: 'EUR', period: 'year' },
    ],
    [
      '£400–500 per day',
      ['GB'],
      { min: 400, max: 500, currency: 'GBP', period: 'day', annual_min: 104_000 },
    ],
    ['CA$120,000 - CA$150,000', ['CA'], { min: 120_000, max: 150_000, currency: 'CAD' }],
    ['80k-100k GBP', [], { min: 80_000, max: 100_000, currency: 'GBP', period: 'year' }],
    [
      'USD 8,000 per month',
      [],
      { min: 8_000, max: 8_000, currency: 'USD', period: 'month', annual_min: 96_000 },
    ],
    ['1.234,50 € / Monat', [], { min: 1_234.5, period: 'month' }],
    ['up to $120k', [], { min: null, max: 120_000 }],
    ['from €70,000', [], { min: 70_000, max: null }],
    ['$2,500 a week', [], { min: 2_500, period: 'week', annual_min: 130_000 }],
    ['kr 650 000 - 750 000', ['SE'], { currency: 'SEK', min: 650_000, max: 750_000 }],
  ];
  it.each(cases)('%s', (text, countries, expected) => {
    const { salary } = parseSalaryText(text, countries);
    expect(salary).toMatchObject({ origin: 'text', text, ...expected });
  });

  it('keeps amounts but no currency for an unknown sign or code, and says why', () => {
    const unknown = parseSalaryText('¤60k–80k');
    expect(unknown.salary).toMatchObject({ min: 60_000, max: 80_000, currency: null });
    expect(unknown.notes).toContain('currency sign "¤" names no particular currency');
    const code = parseSalaryText('60k-80k XYZ');
    expect(code.salary?.currency).toBeNull();
    expect(code.notes.join()).toMatch(/"XYZ" next to the amount is not an ISO 4217 currency code/);
    const none = parseSalaryText('60,000 - 80,000');
    expect(none.salary?.currency).toBeNull();
    expect(none.notes).toContain('salary has no currency');
  });

  it('does not treat "$" in a non-US dollar country as US dollars, nor "kr" without a country', () => {
    expect(parseSalaryText('$120k', ['CA']).salary?.currency).toBeNull();
    expect(parseSalaryText('$120k', ['US', 'CA']).salary?.currency).toBe('USD');
    expect(parseSalaryText('kr 650 000').salary?.currency).toBeNull();
  });

  it('reads no salary from words, and says so', () => {
    for (const text of ['competitive', 'Competitive salary + equity', 'DOE', 'market rate']) {
      const result = parseSalaryText(text);
      expect(result.salary).toBeNull();
      expect(result.notes[0]).toMatch(/^salary not stated as an amount/);
    }
  });

  it('swaps min and max given the wrong way round, with a note', () => {
    const result = parseSalaryText('$180,000 - $150,000');
    expect(result.salary).toMatchObject({ min: 150_000, max: 180_000 });
    expect(result.notes).toContain('salary min 180000 and max 150000 were swapped');
  });

  it('reads an amount without period as yearly only from 20,000 up, and notes it', () => {
    expect(parseSalaryText('€55,000').salary?.period).toBe('year');
    expect(parseSalaryText('€55,000').notes).toContain('salary period not stated; read as yearly');
    const small = parseSalaryText('€4,000 - €5,000');
    expect(small.salary).toMatchObject({ period: null, annual_min: null });
    expect(small.notes).toContain('salary period not stated');
  });

  it('ignores an equity percentage and a 401(k)', () => {
    expect(parseSalaryText('$140k-$160k, 0.5% equity').salary).toMatchObject({
      min: 140_000,
      max: 160_000,
    });
    expect(parseSalaryText('401(k), $90,000').salary).toMatchObject({ min: 90_000, max: 90_000 });
  });
});

describe('structuredSalary', () => {
  it('keeps the given currency and period and annualizes with one constant set', () => {
    const { salary } = structuredSalary({ min: 40, max: 55, currency: 'usd', period: 'hour' });
    expect(salary).toEqual({
      min: 40,
      max: 55,
      currency: 'USD',
      period: 'hour',
      annual_min: 83_200,
      annual_max: 114_400,
      origin: 'structured',
      text: null,
    });
    expect(
      structuredSalary({ min: 5_000, max: 6_000, currency: 'EUR', period: 'month' }).salary
        ?.annual_max,
    ).toBe(72_000);
    expect(
      structuredSalary({ min: 400, max: 500, currency: 'GBP', period: 'day' }).salary?.annual_min,
    ).toBe(104_000);
    expect(
      structuredSalary({ min: 2_000, max: 2_000, currency: 'CHF', period: 'week' }).salary
        ?.annual_min,
    ).toBe(104_000);
  });

  it('swaps min and max and rejects an unknown currency code', () => {
    const swapped = structuredSalary({
      min: 150_000,
      max: 120_000,
      currency: 'ABC',
      period: 'year',
    });
    expect(swapped.salary).toMatchObject({ min: 120_000, max: 150_000, currency: null });
    expect(swapped.notes).toEqual([
      '"ABC" is not an ISO 4217 currency code',
      'salary min 150000 and max 120000 were swapped',
    ]);
  });

  it('has no salary when no amount is given, and no annual figure without a period', () => {
    expect(
      structuredSalary({ min: 0, max: null, currency: 'USD', period: 'year' }).salary,
    ).toBeNull();
    expect(
      structuredSalary({ min: 10, max: 20, currency: null, period: null }).salary,
    ).toMatchObject({
      currency: null,
      annual_min: null,
    });
  });
});
