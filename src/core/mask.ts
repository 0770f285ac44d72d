/** Masks a secret so a user can recognise it (its last four characters, as aws configure list shows) but not use it. */
export function mask(secret: string | undefined): string {
  if (!secret) return '';
  if (secret.length < 12) return '****';
  return `****${secret.slice(-4)}`;
}
