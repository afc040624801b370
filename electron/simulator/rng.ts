// A small seeded PRNG so chunk split points and generated identities are reproducible per device.

/** Returns a function yielding floats in [0, 1) from a 32-bit seed (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [min, max] drawn from rnd. */
export function randomInt(rnd: () => number, min: number, max: number): number {
  return min + Math.floor(rnd() * (max - min + 1));
}

/** `bytes` random bytes as upper-case hex, drawn from rnd. */
export function randomHex(rnd: () => number, bytes: number): string {
  let out = '';
  for (let i = 0; i < bytes; i++) out += randomInt(rnd, 0, 255).toString(16).padStart(2, '0');
  return out.toUpperCase();
}
