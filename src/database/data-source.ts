import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATION_OPTIONS } from './migration-options.ts';

/** The entity classes (the app root's list, src/entities.ts: the database layer imports no feature). */
export type EntityList = NonNullable<DataSourceOptions['entities']>;

/** The one set of TypeORM options, shared by the app, the migration CLI and the tests. */
export function dataSourceOptions(
  url: string,
  entities: EntityList,
  extra: Partial<DataSourceOptions> = {},
  replicaUrls: readonly string[] = [],
): DataSourceOptions {
  return {
    ...MIGRATION_OPTIONS,
    ...(replicaUrls.length
      ? {
          // `defaultMode: 'master'`: TypeORM would otherwise send every find/query builder read to
          // a replica, including reads right after a write. Only the query runners asked for
          // 'slave' (src/database/replica-read.ts, named storefront reads) reach a replica.
          replication: {
            master: { url },
            slaves: replicaUrls.map((replica) => ({ url: replica })),
            defaultMode: 'master',
          },
        }
      : { url }),
    entities,
    extra: { max: 10, application_name: 'comptoir' },
    ...extra,
  } as DataSourceOptions;
}

export function createDataSource(
  url: string,
  entities: EntityList,
  extra: Partial<DataSourceOptions> = {},
): DataSource {
  return new DataSource(dataSourceOptions(url, entities, extra));
}
