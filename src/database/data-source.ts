import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATION_OPTIONS } from './migration-options.ts';

/** The entity classes (the app root's list, src/entities.ts: the database layer imports no feature). */
export type EntityList = NonNullable<DataSourceOptions['entities']>;

/** The one set of TypeORM options, shared by the app, the migration CLI and the tests. */
export function dataSourceOptions(
  url: string,
  entities: EntityList,
  extra: Partial<DataSourceOptions> = {},
): DataSourceOptions {
  return {
    ...MIGRATION_OPTIONS,
    url,
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
