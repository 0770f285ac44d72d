import { mask, maskCommand } from '../src/core/mask.js';
import { type Profile, SECRET_KEYS } from './model.js';

/** A copy of the profile safe to print: every secret masked, every other key as it is. */
export function maskProfile(profile: Profile): Profile {
  const copy: Profile = { ...profile };
  for (const key of SECRET_KEYS) {
    if (typeof copy[key] === 'string' && copy[key] !== '') copy[key] = mask(copy[key] as string);
  }
  if (typeof copy.process_command === 'string') copy.process_command = maskCommand(copy.process_command);
  return copy;
}
