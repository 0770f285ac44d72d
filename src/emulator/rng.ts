/**
 * Seeded draws for generated worlds (sfc32), one stream per section so a section does not shift when another one
 * grows; every service's share of `--generate` draws from its own streams.
 */


export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream: string) {
    // xmur3 of the seed and stream name gives the four words of state.
    let h = 1779033703 ^ stream.length;
    const text = `${seed}/${stream}`;
    for (let i = 0; i < text.length; i++) {
      h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
      h = (h << 13) | (h >>> 19);
    }
    const next = () => {
      h = Math.imul(h ^ (h >>> 16), 2246822507);
      h = Math.imul(h ^ (h >>> 13), 3266489909);
      return (h ^= h >>> 16) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.next();
  }

  /** [0, 1) */
  next(): number {
    return this.word() / 4294967296;
  }

  /** 32 random bits, as a number from 0 to 2^32 - 1. */
  word(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** An integer from min to max, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0);
    let unit = this.next() * total;
    for (const [item, weight] of items) {
      unit -= weight;
      if (unit < 0) return item;
    }
    return items[items.length - 1][0];
  }

  /** `length` characters of `alphabet`, several from each 32-bit word (ids need not be perfectly uniform). */
  chars(length: number, alphabet: string): string {
    const base = alphabet.length;
    const perWord = Math.floor(32 / Math.log2(base));
    let out = '';
    let word = 0;
    for (let i = 0; i < length; i++) {
      if (i % perWord === 0) word = this.word();
      out += alphabet[word % base];
      word = Math.floor(word / base);
    }
    return out;
  }
}

export const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const MIXED_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Ids that are unique across the world: a redraw on the (rare) collision. */
export class IdMaker {
  private readonly taken = new Set<string>();
  constructor(private readonly rng: Rng) {}

  make(prefix: string, length: number, alphabet = LOWER_ALNUM): string {
    for (;;) {
      const id = prefix + this.rng.chars(length, alphabet);
      if (!this.taken.has(id)) {
        this.taken.add(id);
        return id;
      }
    }
  }
}

/** `total` split over `weights` in whole numbers that add up exactly (largest remainder), each at least `floor` if it can. */
