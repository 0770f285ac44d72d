import { isLosslessNumber, LosslessNumber, parse, splitNumber, stringify } from 'lossless-json';

/**
 * JSON whose numbers keep the form they were written in. JSON.parse turns 12345678901234567890 into
 * 12345678901234567000 and 1.0 into 1, so a rewrite would change keys aliaudit does not own. Here a number that
 * JSON.stringify would write back as it was stays a plain number (what the model code expects); any other is a
 * WrittenNumber, which is written back as it was read.
 */
export class WrittenNumber extends LosslessNumber {
  /** Only for JSON.stringify (`configure get --format json`, debugging): the nearest number, as JSON.parse gave. */
  toJSON(): number {
    return Number(this.value);
  }
}

export function isWrittenNumber(value: unknown): value is LosslessNumber {
  return isLosslessNumber(value);
}

/** Parses strict JSON (the caller reports syntax errors: this one's messages quote the text). A repeated key keeps
 * its first place and its last value, as JSON.parse and Go's decoder do. */
export function parseKeepingNumbers(text: string): unknown {
  return parse(text, null, {
    parseNumber: (written) => (JSON.stringify(Number(written)) === written ? Number(written) : new WrittenNumber(written)),
    onDuplicateKey: ({ newValue }) => newValue,
  });
}

/** JSON.stringify with the numbers of parseKeepingNumbers written as they were read. */
export function stringifyKeepingNumbers(value: unknown, indent: string): string {
  const text = stringify(value, null, indent);
  if (text === undefined) throw new TypeError('nothing to write');
  return text;
}

/**
 * A number as an integer JavaScript holds exactly: 3600, and 3600.0 or 3.6e3 as written by hand, all give 3600.
 * 'fraction' for 1.5 (or 1.0000000000000001, which Number would round to 1), 'too large' past 2^53 - 1.
 */
export function wholeNumber(value: number | LosslessNumber): number | 'fraction' | 'too large' {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return Number.isFinite(value) ? 'fraction' : 'too large';
    return Number.isSafeInteger(value) ? value : 'too large';
  }
  const { digits, exponent } = splitNumber(value.value);
  // digits has no leading or trailing zeros; exponent is the power of ten of its first digit.
  if (digits !== '0' && digits.length - 1 > exponent) return 'fraction';
  const number = Number(value.value);
  return Number.isSafeInteger(number) ? number : 'too large';
}
