const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether `value` has the form of our ids (PostgreSQL uuid). Checked before a lookup, so a
 * malformed id from a URL or a Stripe metadata field is "not found", never a database error.
 */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
