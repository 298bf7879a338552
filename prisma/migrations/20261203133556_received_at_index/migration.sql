-- CreateIndex
CREATE INDEX "Request_receivedAt_idx" ON "Request"("receivedAt");
