import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CacheInvalidation } from './cache-invalidation.js';
import { dataSourceOptions, type EntityList } from './data-source.js';
import { DATABASE_URL } from './database.tokens.js';

export { DATABASE_URL };

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(url: string, entities: EntityList): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({ ...dataSourceOptions(url, entities), retryAttempts: 3, retryDelay: 500 }),
      ],
      providers: [{ provide: DATABASE_URL, useValue: url }, CacheInvalidation],
      exports: [DATABASE_URL, CacheInvalidation],
    };
  }
}
