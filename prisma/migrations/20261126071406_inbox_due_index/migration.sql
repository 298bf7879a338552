-- CreateIndex
CREATE INDEX "Request_dueAt_idx" ON "Request"("dueAt");
