// Bound once: inside jest's vm context every global lookup costs ~200 ns, and these run millions of times.
const { floor, imul } = Math;
/** A deterministic source of numbers in [0, 1). */
export type Random = () => number;

/** cyrb53: a fast 53-bit string hash, stable across runs and platforms. */
export function hashString(text: string, salt = 0): number {
  let h1 = 0xdeadbeef ^ salt;
  let h2 = 0x41c6ce57 ^ salt;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = imul(h1 ^ code, 2654435761);
    h2 = imul(h2 ^ code, 1597334677);
  }
  h1 = imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The hash of several parts joined unambiguously: the key of everything the generator derives. */
export function hashKey(...parts: readonly (string | number)[]): number {
  return hashString(parts.join('\u241f'));
}

/** mulberry32 seeded from a hash: the same key always gives the same sequence. */
export function randomFor(seed: number): Random {
  let state = (seed ^ floor(seed / 4294967296)) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomForKey(...parts: readonly (string | number)[]): Random {
  return randomFor(hashKey(...parts));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError('pick from an empty list');
  return items[floor(random() * items.length)] as T;
}

/** An integer in [min, max], both included. */
export function intBetween(random: Random, min: number, max: number): number {
  return min + floor(random() * (max - min + 1));
}

export function chance(random: Random, probability: number): boolean {
  return random() < probability;
}

/** `count` distinct items in a random order (all of them when `count` exceeds the list). */
export function sample<T>(random: Random, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0) {
    const index = floor(random() * pool.length);
    out.push(pool.splice(index, 1)[0] as T);
  }
  return out;
}

/** Picks by weight: `[[item, weight], ...]`. */
export function weighted<T>(random: Random, entries: readonly (readonly [T, number])[]): T {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [item, weight] of entries) {
    roll -= weight;
    if (roll < 0) return item;
  }
  return (entries[entries.length - 1] as readonly [T, number])[0];
}

/** A UUID-shaped string (version 4 layout) from a key. */
export function uuidFor(...parts: readonly (string | number)[]): string {
  const random = randomForKey('uuid', ...parts);
  const hex = Array.from({ length: 32 }, () => floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = (floor(random() * 4) + 8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
