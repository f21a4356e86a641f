import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search (src/catalog/product-search.ts keeps the same expressions: an index serves a query only
 * when the query's expression is the index's, character for character):
 * - `comptoir_fr` / `comptoir_en`: the French and English text search configurations with
 *   accents removed before stemming ("grès" and "gres" are one word);
 * - `comptoir_unaccent(text)`: unaccent() declared IMMUTABLE (it is, with a fixed dictionary), so
 *   an index may use it;
 * - one GIN index per language over the name (weight A) and description (weight B) of the
 *   storefront's products, and a trigram GIN index over the unaccented, lower-cased name for the
 *   misspelt-word fallback.
 * The GIN indexes have no pending list (`fastupdate = off`): a catalog is written seldom and read
 * on every search, and a pending list (filled by bulk inserts until vacuum) is read in full by
 * every search, whatever the shop.
 * Created by hand: TypeORM cannot describe them (the entity names them with `synchronize: false`).
 */
const SEARCH_DOCUMENT = (config: string) =>
  `(setweight(to_tsvector('${config}'::regconfig, "name"), 'A') || setweight(to_tsvector('${config}'::regconfig, "description"), 'B'))`;

export class AddCollectionsAndSearch1796224333852 implements MigrationInterface {
  name = 'AddCollectionsAndSearch1796224333852';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "collection" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "shop_id" uuid NOT NULL, "title" text NOT NULL, "handle" character varying(80) NOT NULL, "description" text NOT NULL DEFAULT \'\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_collection" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_collection_shop_handle" ON "collection"  ("shop_id", "handle") ',
    );
    await queryRunner.query(
      'CREATE TABLE "collection_product" ("collection_id" uuid NOT NULL, "product_id" uuid NOT NULL, "shop_id" uuid NOT NULL, "position" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_collection_product" PRIMARY KEY ("collection_id", "product_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_collection_product_product" ON "collection_product"  ("shop_id", "product_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_collection_product_position" ON "collection_product"  ("collection_id", "position", "product_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_product_storefront_price" ON "product"  ("shop_id", "price_amount", "id") WHERE published AND archived_at IS NULL',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_product_storefront_newest" ON "product"  ("shop_id", "created_at", "id") WHERE published AND archived_at IS NULL',
    );
    await queryRunner.query(
      'ALTER TABLE "collection" ADD CONSTRAINT "fk_collection_shop" FOREIGN KEY ("shop_id") REFERENCES "shop"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "collection_product" ADD CONSTRAINT "fk_collection_product_shop" FOREIGN KEY ("shop_id") REFERENCES "shop"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "collection_product" ADD CONSTRAINT "fk_collection_product_collection" FOREIGN KEY ("collection_id") REFERENCES "collection"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "collection_product" ADD CONSTRAINT "fk_collection_product_product" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS unaccent');
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await queryRunner.query(
      `CREATE FUNCTION comptoir_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
         AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$`,
    );
    for (const [config, source, stemmer] of [
      ['comptoir_fr', 'french', 'french_stem'],
      ['comptoir_en', 'english', 'english_stem'],
    ]) {
      await queryRunner.query(`CREATE TEXT SEARCH CONFIGURATION ${config} (COPY = ${source})`);
      await queryRunner.query(
        `ALTER TEXT SEARCH CONFIGURATION ${config}
           ALTER MAPPING FOR hword, hword_part, word WITH unaccent, ${stemmer}`,
      );
    }
    await queryRunner.query(
      `CREATE INDEX "ix_product_search_fr" ON "product" USING gin (${SEARCH_DOCUMENT('comptoir_fr')}) WITH (fastupdate = off) WHERE published AND archived_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_product_search_en" ON "product" USING gin (${SEARCH_DOCUMENT('comptoir_en')}) WITH (fastupdate = off) WHERE published AND archived_at IS NULL`,
    );
    await queryRunner.query(
      'CREATE INDEX "ix_product_name_trgm" ON "product" USING gin (comptoir_unaccent(lower("name")) gin_trgm_ops) WITH (fastupdate = off) WHERE published AND archived_at IS NULL',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_product_name_trgm"');
    await queryRunner.query('DROP INDEX "public"."ix_product_search_en"');
    await queryRunner.query('DROP INDEX "public"."ix_product_search_fr"');
    await queryRunner.query('DROP TEXT SEARCH CONFIGURATION comptoir_en');
    await queryRunner.query('DROP TEXT SEARCH CONFIGURATION comptoir_fr');
    await queryRunner.query('DROP FUNCTION comptoir_unaccent(text)');
    await queryRunner.query(
      'ALTER TABLE "collection_product" DROP CONSTRAINT "fk_collection_product_product"',
    );
    await queryRunner.query(
      'ALTER TABLE "collection_product" DROP CONSTRAINT "fk_collection_product_collection"',
    );
    await queryRunner.query('ALTER TABLE "collection_product" DROP CONSTRAINT "fk_collection_product_shop"');
    await queryRunner.query('ALTER TABLE "collection" DROP CONSTRAINT "fk_collection_shop"');
    await queryRunner.query('DROP INDEX "public"."ix_product_storefront_newest"');
    await queryRunner.query('DROP INDEX "public"."ix_product_storefront_price"');
    await queryRunner.query('DROP INDEX "public"."ix_collection_product_position"');
    await queryRunner.query('DROP INDEX "public"."ix_collection_product_product"');
    await queryRunner.query('DROP TABLE "collection_product"');
    await queryRunner.query('DROP INDEX "public"."uq_collection_shop_handle"');
    await queryRunner.query('DROP TABLE "collection"');
  }
}
