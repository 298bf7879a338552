-- Calendar days made by rule vs by the city, and the years whose rule days were generated.
-- Rows that exist already keep the default ADMIN: nobody can tell any more whether the city
-- edited them, and an ADMIN row is never overwritten by the rules.
-- CreateEnum
CREATE TYPE "CalendarDaySource" AS ENUM ('RULE', 'ADMIN');

-- AlterTable
ALTER TABLE "CalendarDay" ADD COLUMN     "source" "CalendarDaySource" NOT NULL DEFAULT 'ADMIN';

-- CreateTable
CREATE TABLE "CalendarYear" (
    "regime" "CalendarRegime" NOT NULL,
    "year" INTEGER NOT NULL,
    "generatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CalendarYear_pkey" PRIMARY KEY ("regime","year")
);
