import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { MIGRATION_OPTIONS } from './migration-options.ts';

/** The one set of TypeORM options, shared by the app, the migration CLI and the tests. */
export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    ...MIGRATION_OPTIONS,
    url,
    entities: ENTITIES,
    extra: { max: 10, application_name: 'comptoir' },
    ...extra,
  } as DataSourceOptions;
}

export function createDataSource(url: string, extra: Partial<DataSourceOptions> = {}): DataSource {
  return new DataSource(dataSourceOptions(url, extra));
}
