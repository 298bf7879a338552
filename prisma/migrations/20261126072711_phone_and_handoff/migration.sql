-- CreateEnum
CREATE TYPE "CallStatus" AS ENUM ('RINGING', 'IN_PROGRESS', 'QUEUED', 'COMPLETED', 'BUSY', 'NO_ANSWER', 'FAILED', 'CANCELED');

-- CreateEnum
CREATE TYPE "CallbackStatus" AS ENUM ('OPEN', 'DONE', 'CANCELLED');

-- CreateEnum
CREATE TYPE "HandoffProvider" AS ENUM ('IGOV', 'DIIA', 'CNAP', 'MANUAL');

-- CreateEnum
CREATE TYPE "HandoffStatus" AS ENUM ('HANDED_OFF', 'SUBMITTED', 'IN_PROGRESS', 'QUESTION', 'CLOSED', 'REJECTED', 'UNKNOWN', 'FAILING');

-- AlterTable
ALTER TABLE "Category" ADD COLUMN     "adminServiceId" UUID;

-- CreateTable
CREATE TABLE "Call" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "callSid" TEXT NOT NULL,
    "fromNumber" TEXT NOT NULL,
    "toNumber" TEXT,
    "citizenId" UUID,
    "requestId" UUID,
    "status" "CallStatus" NOT NULL DEFAULT 'RINGING',
    "menuPath" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "language" TEXT NOT NULL DEFAULT 'uk',
    "recordingSid" TEXT,
    "recordingUrl" TEXT,
    "recordingSecs" INTEGER,
    "transcription" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "queuedAt" TIMESTAMPTZ(3),
    "answeredAt" TIMESTAMPTZ(3),
    "endedAt" TIMESTAMPTZ(3),
    "durationSecs" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Call_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallbackTask" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "phone" TEXT NOT NULL,
    "citizenId" UUID,
    "callId" UUID,
    "reason" TEXT NOT NULL,
    "status" "CallbackStatus" NOT NULL DEFAULT 'OPEN',
    "assigneeId" UUID,
    "note" TEXT,
    "doneAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CallbackTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CategorySuggestion" (
    "requestId" UUID NOT NULL,
    "categoryId" UUID NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "terms" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "decidedAt" TIMESTAMPTZ(3),
    "accepted" BOOLEAN,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CategorySuggestion_pkey" PRIMARY KEY ("requestId")
);

-- CreateTable
CREATE TABLE "AdminService" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "provider" "HandoffProvider" NOT NULL,
    "externalId" TEXT NOT NULL,
    "nameUk" TEXT NOT NULL,
    "nameEn" TEXT,
    "link" TEXT,
    "detailsUk" TEXT,
    "detailsEn" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AdminService_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CatalogSync" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "provider" "HandoffProvider" NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),
    "ok" BOOLEAN NOT NULL DEFAULT false,
    "error" TEXT,
    "seen" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CatalogSync_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Handoff" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "requestId" UUID NOT NULL,
    "provider" "HandoffProvider" NOT NULL,
    "serviceId" UUID,
    "link" TEXT,
    "createdById" UUID,
    "status" "HandoffStatus" NOT NULL DEFAULT 'HANDED_OFF',
    "orderId" TEXT,
    "orderRecordedAt" TIMESTAMPTZ(3),
    "providerStatus" TEXT,
    "lastCheckedAt" TIMESTAMPTZ(3),
    "nextCheckAt" TIMESTAMPTZ(3),
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "outcome" TEXT,
    "closedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Handoff_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Call_callSid_key" ON "Call"("callSid");

-- CreateIndex
CREATE UNIQUE INDEX "Call_recordingSid_key" ON "Call"("recordingSid");

-- CreateIndex
CREATE INDEX "Call_status_queuedAt_idx" ON "Call"("status", "queuedAt");

-- CreateIndex
CREATE INDEX "Call_fromNumber_startedAt_idx" ON "Call"("fromNumber", "startedAt");

-- CreateIndex
CREATE INDEX "CallbackTask_status_createdAt_idx" ON "CallbackTask"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "AdminService_provider_externalId_key" ON "AdminService"("provider", "externalId");

-- CreateIndex
CREATE INDEX "CatalogSync_provider_startedAt_idx" ON "CatalogSync"("provider", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Handoff_requestId_key" ON "Handoff"("requestId");

-- CreateIndex
CREATE INDEX "Handoff_status_nextCheckAt_idx" ON "Handoff"("status", "nextCheckAt");

-- AddForeignKey
ALTER TABLE "Category" ADD CONSTRAINT "Category_adminServiceId_fkey" FOREIGN KEY ("adminServiceId") REFERENCES "AdminService"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Call" ADD CONSTRAINT "Call_citizenId_fkey" FOREIGN KEY ("citizenId") REFERENCES "Citizen"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Call" ADD CONSTRAINT "Call_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "Request"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallbackTask" ADD CONSTRAINT "CallbackTask_citizenId_fkey" FOREIGN KEY ("citizenId") REFERENCES "Citizen"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallbackTask" ADD CONSTRAINT "CallbackTask_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CategorySuggestion" ADD CONSTRAINT "CategorySuggestion_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "Request"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Handoff" ADD CONSTRAINT "Handoff_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "Request"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Handoff" ADD CONSTRAINT "Handoff_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "AdminService"("id") ON DELETE SET NULL ON UPDATE CASCADE;
