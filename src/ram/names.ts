import { InputError } from '../core/errors.js';

/** What RAM accepts in an entity's name: the characters, in words for a hint, and the longest length. */
export interface NameRule {
  chars: RegExp;
  described: string;
  maxLength: number;
}

export const USER_NAME: NameRule = { chars: /^[A-Za-z0-9.@_-]+$/, described: 'letters, digits and . @ _ -', maxLength: 64 };
export const GROUP_NAME: NameRule = { chars: /^[A-Za-z0-9._-]+$/, described: 'letters, digits and . _ -', maxLength: 64 };
export const ROLE_NAME: NameRule = { chars: /^[A-Za-z0-9.-]+$/, described: 'letters, digits and . -', maxLength: 64 };
export const POLICY_NAME: NameRule = { chars: /^[A-Za-z0-9-]+$/, described: 'letters, digits and -', maxLength: 128 };

/** A RAM entity name as RAM would judge it (user names unless a rule says otherwise); bad input names the field. */
export function checkRamName(value: string, field: string, rule: NameRule = USER_NAME): string {
  if (value.length === 0 || value.length > rule.maxLength || !rule.chars.test(value)) {
    const why = value.length === 0 ? 'is empty' : value.length > rule.maxLength ? `is longer than ${rule.maxLength} characters` : 'has characters RAM does not allow';
    throw new InputError(`${field} "${value}" is not a valid name: it ${why}`, `use 1 to ${rule.maxLength} ${rule.described}`);
  }
  return value;
}
