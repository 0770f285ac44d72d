/** A generated client's response body as the API sent it: PascalCase wire names, absent fields left out. */
export function wireShape(response: any): any {
  const body = response?.body;
  if (body && typeof body.toMap === 'function') return dropUndefined(body.toMap());
  return (body ?? {}) as Record<string, unknown>;
}

function dropUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropUndefined);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined && v !== null)
        .map(([k, v]) => [k, dropUndefined(v)]),
    );
  }
  return value;
}
