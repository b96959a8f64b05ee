/** A seed item for Alea: items are stringified before hashing, exactly as Meteor does. */
export type AleaSeed = string | number | boolean | bigint;

/**
 * Baagøe's Mash hash (version 0.9). Returns a stateful function: each call folds the
 * string form of its argument into the running state and returns a fraction in [0, 1).
 * The float arithmetic below is the algorithm; reordering it changes every sequence.
 */
function createMash(): (data: AleaSeed) => number {
  let n = 0xefc8249d;
  return (data) => {
    const text = String(data);
    for (let i = 0; i < text.length; i++) {
      n += text.charCodeAt(i);
      let h = 0.02519603282416938 * n;
      n = h >>> 0;
      h -= n;
      h *= n;
      n = h >>> 0;
      h -= n;
      n += h * 0x100000000;
    }
    return (n >>> 0) * 2.3283064365386963e-10;
  };
}

/**
 * Alea 0.9, the seeded PRNG Meteor uses for method `randomSeed`s. For the same seeds it must
 * produce the same fractions as Meteor's `Random.createWithSeeds`, bit for bit, because the
 * client stub and the server derive document ids from it independently.
 */
export function createAlea(seeds: readonly AleaSeed[]): () => number {
  if (seeds.length === 0) throw new TypeError('Alea needs at least one seed');
  const mash = createMash();
  let s0 = mash(' ');
  let s1 = mash(' ');
  let s2 = mash(' ');
  let c = 1;
  for (const seed of seeds) {
    s0 -= mash(seed);
    if (s0 < 0) s0 += 1;
    s1 -= mash(seed);
    if (s1 < 0) s1 += 1;
    s2 -= mash(seed);
    if (s2 < 0) s2 += 1;
  }
  return () => {
    const t = 2091639 * s0 + c * 2.3283064365386963e-10;
    s0 = s1;
    s1 = s2;
    c = t | 0;
    s2 = t - c;
    return s2;
  };
}
