import { releaseNow, withCapacity } from './buffers';

describe('releaseNow', () => {
  it('frees a view of a whole buffer of its own', () => {
    const array = new Float64Array(1_000).fill(1);
    releaseNow(array);
    expect(array.buffer.detached).toBe(true);
    expect(array.length).toBe(0);
  });

  it('leaves alone a slice of a shared buffer: a subarray, a pooled small Buffer', () => {
    const whole = new Uint8Array(64).fill(7);
    const part = whole.subarray(8, 16);
    const pooled = Buffer.from('a small string lives in a shared pool');
    releaseNow(part);
    releaseNow(pooled);
    expect(whole.buffer.detached).toBe(false);
    expect(whole[10]).toBe(7);
    expect(pooled.toString()).toBe('a small string lives in a shared pool');
  });

  it('does nothing to a buffer already freed', () => {
    const array = new Int32Array(8);
    releaseNow(array);
    expect(() => releaseNow(array)).not.toThrow();
  });
});

describe('withCapacity', () => {
  it('returns the array itself while it is large enough', () => {
    const array = new Int32Array(4);
    expect(withCapacity(array, 4)).toBe(array);
  });

  it('grows to twice the size (or the length asked), keeps the contents and frees the old array', () => {
    const array = Int32Array.from([1, 2, 3, 4]);
    const doubled = withCapacity(array, 5);
    expect(doubled).toBeInstanceOf(Int32Array);
    expect([...doubled]).toEqual([1, 2, 3, 4, 0, 0, 0, 0]);
    expect(array.buffer.detached).toBe(true);
    expect(withCapacity(doubled, 100)).toHaveLength(100);
  });
});
