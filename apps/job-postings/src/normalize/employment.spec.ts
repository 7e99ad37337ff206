import { employmentTypeOf, seniorityOf } from './employment';

describe('employmentTypeOf', () => {
  it.each([
    [['FullTime'], 'full-time'],
    [['full_time'], 'full-time'],
    [['Full Time', 'Professional / Experienced'], 'full-time'],
    [['Contract-to-hire'], 'contract'],
    [['Intern'], 'internship'],
    [['Part-time'], 'part-time'],
    [['permanent'], 'full-time'],
    [['Berufseinsteiger'], null],
    [[null, undefined], null],
  ])('%j → %s', (labels, expected) => {
    expect(employmentTypeOf(labels)).toBe(expected);
  });
});

describe('seniorityOf', () => {
  it('reads the title first, then the source labels', () => {
    expect(seniorityOf('Staff Software Engineer', ['Mid-Senior Level'])).toBe('staff');
    expect(seniorityOf('Data Engineer', ['Mid-Senior Level'])).toBe('senior');
    expect(seniorityOf('Data Engineer', ['Entry-level'])).toBe('junior');
    expect(seniorityOf('Director of Engineering')).toBe('director');
    expect(seniorityOf('Engineering Manager')).toBe('manager');
    expect(seniorityOf('Account Executive')).toBeNull();
    expect(seniorityOf('Data Engineer', ['Any'])).toBeNull();
  });
});
