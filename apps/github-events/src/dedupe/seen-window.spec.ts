import { SeenWindow } from './seen-window';

it('remembers ids up to its capacity, evicting the oldest', () => {
  const window = new SeenWindow(3);
  expect(['1', '2', '3'].map((id) => window.add(id))).toEqual([true, true, true]);
  expect(window.add('2')).toBe(false);
  expect(window.add('4')).toBe(true);
  expect(window.has('1')).toBe(false);
  expect(window.has('4')).toBe(true);
  expect(window.size).toBe(3);
  expect(() => new SeenWindow(0)).toThrow(RangeError);
});
