-- CreateEnum
CREATE TYPE "kb_generation_status" AS ENUM ('loading', 'ready');

-- CreateEnum
CREATE TYPE "kb_name_kind" AS ENUM ('label', 'alias');

-- CreateTable
CREATE TABLE "kb_generations" (
    "id" SERIAL NOT NULL,
    "status" "kb_generation_status" NOT NULL DEFAULT 'loading',
    "sources" TEXT[],
    "entities" INTEGER NOT NULL DEFAULT 0,
    "names" INTEGER NOT NULL DEFAULT 0,
    "malformed" INTEGER NOT NULL DEFAULT 0,
    "index_bytes" BIGINT NOT NULL DEFAULT 0,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ready_at" TIMESTAMPTZ(3),

    CONSTRAINT "kb_generations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kb_entities" (
    "generation" INTEGER NOT NULL,
    "key" INTEGER NOT NULL,
    "id" TEXT NOT NULL,
    "qid" TEXT,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "classes" TEXT[],
    "description" TEXT,
    "prior" REAL NOT NULL,
    "sitelinks" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "kb_entities_pkey" PRIMARY KEY ("generation","key")
);

-- CreateTable
CREATE TABLE "kb_names" (
    "generation" INTEGER NOT NULL,
    "entity_key" INTEGER NOT NULL,
    "ord" SMALLINT NOT NULL,
    "value" TEXT NOT NULL,
    "lang" TEXT NOT NULL,
    "kind" "kb_name_kind" NOT NULL,

    CONSTRAINT "kb_names_pkey" PRIMARY KEY ("generation","entity_key","ord")
);

-- CreateTable
CREATE TABLE "kb_index_chunks" (
    "generation" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "kb_index_chunks_pkey" PRIMARY KEY ("generation","seq")
);
