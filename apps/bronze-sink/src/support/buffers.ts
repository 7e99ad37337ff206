/*
 * Memory that a thread is done with goes back to the allocator at once. An ArrayBuffer is otherwise
 * freed only when its isolate next collects garbage; with batches of megabytes passing through every
 * thread, those dead buffers were tens of MiB of resident memory, and collecting more often to free
 * them sooner cost a third of the sink's CPU (docs/decisions/0018-release-buffers-explicitly.md).
 */

type TypedArray = Uint8Array | Int32Array | Float64Array | BigInt64Array;

/**
 * Frees the memory behind `view` now; the view (and every other view of its buffer) is empty
 * afterwards. Only a view of a whole buffer of its own is freed: a slice of a shared buffer (a pooled
 * small Buffer, a subarray) is left to the garbage collector.
 */
export function releaseNow(view: ArrayBufferView): void {
  const buffer = view.buffer as ArrayBuffer;
  if (
    // Not `instanceof`: a buffer made in another realm (a vm context, as under Jest) is one too.
    Object.prototype.toString.call(buffer) === '[object ArrayBuffer]' &&
    !buffer.detached &&
    view.byteOffset === 0 &&
    view.byteLength === buffer.byteLength
  ) {
    buffer.transfer(0);
  }
}

/**
 * `array` if it can hold `length` items, else one twice as large (at least `length`) with the same
 * contents; the old one is freed at once, so `array` must not be used afterwards.
 */
export function withCapacity<T extends TypedArray>(array: T, length: number): T {
  if (length <= array.length) return array;
  const Typed = array.constructor as new (length: number) => T;
  const larger = new Typed(Math.max(length, 2 * array.length));
  larger.set(array as never);
  releaseNow(array);
  return larger;
}
