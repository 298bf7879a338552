-- AlterTable
ALTER TABLE "Request" ADD COLUMN     "isPrivate" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "publishConsent" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "Open311Client" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "keyPrefix" TEXT NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Open311Client_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Open311Client_keyHash_key" ON "Open311Client"("keyHash");

-- CreateIndex
CREATE INDEX "Request_assigneeId_status_dueAt_idx" ON "Request"("assigneeId", "status", "dueAt");

-- CreateIndex
CREATE INDEX "Request_resolvedAt_idx" ON "Request"("resolvedAt");

-- AddForeignKey
ALTER TABLE "Open311Client" ADD CONSTRAINT "Open311Client_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "StaffUser"("id") ON DELETE SET NULL ON UPDATE CASCADE;
