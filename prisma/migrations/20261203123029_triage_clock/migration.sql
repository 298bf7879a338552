-- AlterEnum
ALTER TYPE "DeadlineKind" ADD VALUE 'TRIAGE';
