// POST /webhooks/twilio/status?n=<our notification id>&mid=<our message id> — SMS delivery
// status callbacks. Statuses only move forward; 21610 marks the number opted out; a
// notification whose send got no answer is confirmed SENT by its callback.
import type { ActionFunctionArgs } from "@remix-run/node";
import { MessageStatusSchema } from "#integrations/twilio/schemas.ts";
import { recordDeliveryStatus } from "#app/domain/notifications/record-delivery-status.server.ts";
import { requireTwilioWebhook } from "#app/channels/phone/verify-twilio-webhook.server.ts";

export const loader = () => new Response("Not found", { status: 404 });

export async function action({ request }: ActionFunctionArgs) {
  const params = await requireTwilioWebhook({ request, hook: "status" });
  const parsed = MessageStatusSchema.safeParse(params);
  if (!parsed.success) return new Response(null, { status: 204 });
  const query = new URL(request.url).searchParams;
  await recordDeliveryStatus({
    notificationId: query.get("n"),
    messageId: query.get("mid"),
    messageSid: parsed.data.MessageSid,
    status: parsed.data.MessageStatus,
    errorCode: parsed.data.ErrorCode ?? null,
  });
  return new Response(null, { status: 204 });
}
