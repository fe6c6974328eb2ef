-- AlterTable
ALTER TABLE "articles" ADD COLUMN     "byline" TEXT;
