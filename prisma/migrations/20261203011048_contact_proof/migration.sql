-- DropForeignKey
ALTER TABLE "Notification" DROP CONSTRAINT "Notification_citizenId_fkey";

-- DropIndex
DROP INDEX "Citizen_phone_key";

-- AlterTable
ALTER TABLE "ChannelIdentity" ADD COLUMN     "verifiedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Notification" ALTER COLUMN "citizenId" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "Citizen_phone_idx" ON "Citizen"("phone");

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_citizenId_fkey" FOREIGN KEY ("citizenId") REFERENCES "Citizen"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Data: which existing identities were proven. A Telegram chat identity was only ever
-- created by the chat itself; a phone identity is proven when that number texted or called
-- us (a Twilio-signed From). Everything else (numbers and e-mails typed into a form, contact
-- cards) stays unproven: it still reaches its citizen, but finds nobody by its address.
UPDATE "ChannelIdentity" SET "verifiedAt" = "createdAt" WHERE "channel" = 'TELEGRAM';
UPDATE "ChannelIdentity" i SET "verifiedAt" = i."createdAt"
WHERE i."channel" = 'SMS' AND i."verifiedAt" IS NULL AND (
  EXISTS (SELECT 1 FROM "Message" m WHERE m."channel" = 'SMS' AND m."direction" = 'IN' AND m."address" = i."externalId")
  OR EXISTS (SELECT 1 FROM "Call" c WHERE c."fromNumber" = i."externalId")
);
