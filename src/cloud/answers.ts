/** Whether an answer carries what its action always answers (Product.answers), so a stranger cannot pass as an empty success. */

/** The fields of `expected` (and RequestId) that `answer` lacks. */
export function missingFields(answer: unknown, expected: readonly string[]): string[] {
  return expected.filter((path) => {
    const value = path.split('.').reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), answer);
    return value === undefined || value === null || value === '';
  });
}
