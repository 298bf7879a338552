-- AlterTable
ALTER TABLE "Attachment" ADD COLUMN     "transcribedAt" TIMESTAMPTZ(3),
ADD COLUMN     "transcript" TEXT;

-- CreateIndex
CREATE INDEX "Attachment_kind_transcribedAt_idx" ON "Attachment"("kind", "transcribedAt");
