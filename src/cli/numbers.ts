import { UsageError } from '../core/errors.js';

/** What a number flag takes. */
export interface NumberRule {
  min: number;
  max: number;
  /** Whole numbers only. */
  integer?: boolean;
  /** The unit the number counts, as the range reads it: `seconds`. */
  unit?: string;
  /** What leaving the flag out gives: a number is the default; words say it otherwise (`its current value`). */
  default: number | string;
}

/** `a whole number from 1 to 256`, `a number of seconds from 0.001 to 86400`. */
export function rangeText(rule: NumberRule): string {
  return `${rule.integer ? 'a whole number' : 'a number'}${rule.unit ? ` of ${rule.unit}` : ''} from ${rule.min} to ${rule.max}`;
}

/**
 * The one rule for every number flag: its value is finite (yargs turns `abc` into NaN), whole when it must be, and
 * within its range; not given (undefined) passes. Anything else is refused with exit 2, naming the flag, the value,
 * the range and what leaving the flag out gives. Answers the value.
 */
export function checkNumber(flag: string, value: unknown, rule: NumberRule): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isFinite(value) && (!rule.integer || Number.isInteger(value)) && value >= rule.min && value <= rule.max) return value;
  const problem =
    typeof value !== 'number' || Number.isNaN(value)
      ? 'is not a number'
      : Number.isFinite(value) && value >= rule.min && value <= rule.max
        ? `${value} is not a whole number`
        : `${value} is out of range`;
  const omitted = typeof rule.default === 'number' ? `the default, ${rule.default}` : rule.default;
  throw new UsageError(`${flag} ${problem}: it takes ${rangeText(rule)}`, `leave ${flag} out for ${omitted}`);
}

/** Every flag of `rules` checked in `argv` (keyed by the flag's long name, without dashes). */
export function checkNumbers(argv: Record<string, unknown>, rules: Record<string, NumberRule>): void {
  for (const [name, rule] of Object.entries(rules)) checkNumber(`--${name}`, argv[name], rule);
}
