/** Injection token of the resolved connection URL (DATABASE_URL or the embedded cluster's). */
export const DATABASE_URL = Symbol('DATABASE_URL');
