import { QueryFailedError } from 'typeorm';

/** Whether `err` is PostgreSQL's unique violation (23505) of `constraint`. */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driverError = err.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' && driverError.constraint === constraint;
}
