-- Article text, search vectors and mention lists are stored compressed with lz4
-- instead of pglz, which took a large share of Postgres CPU per projected article
-- (libs/projection/README.md). It applies to values written from now on, and
-- older rows stay readable as they are.
ALTER TABLE "articles" ALTER COLUMN "body" SET COMPRESSION lz4;
ALTER TABLE "articles" ALTER COLUMN "search" SET COMPRESSION lz4;
ALTER TABLE "articles" ALTER COLUMN "mentions" SET COMPRESSION lz4;
