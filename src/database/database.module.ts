import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CacheInvalidation } from './cache-invalidation.js';
import { dataSourceOptions, type EntityList } from './data-source.js';
import { DATABASE_URL } from './database.tokens.js';

export { DATABASE_URL };

@Global()
@Module({})
export class DatabaseModule {
  /** `replicaUrls`: DATABASE_REPLICA_URLS, read only by the named paths of replica-read.ts. */
  static forRoot(url: string, entities: EntityList, replicaUrls: readonly string[] = []): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(url, entities, {}, replicaUrls),
          retryAttempts: 3,
          retryDelay: 500,
        }),
      ],
      providers: [{ provide: DATABASE_URL, useValue: url }, CacheInvalidation],
      exports: [DATABASE_URL, CacheInvalidation],
    };
  }
}
