// Step "confirm": the draft read back, then "Send" (one request through the core) or "Cancel".
// Words typed here join the description and the draft is read back again.
import type { TelegramMessage } from "#integrations/telegram/schemas.ts";
import { formatKyivMoment } from "#app/domain/calendar/kyiv-time.ts";
import { getCategoryForWizard } from "#app/domain/categories/browse-categories.server.ts";
import { emergencyNumbersText, getEmergencyNotice } from "#app/domain/categories/emergency-notice.server.ts";
import { shortTrackingUrl } from "#app/domain/tracking/short-tracking-link.server.ts";
import { submitTelegramRequest } from "#app/domain/requests/submit-telegram-request.server.ts";
import { isAppError } from "#app/utils/errors.ts";
import { t } from "#app/utils/i18n.server.ts";
import { createLogger } from "#app/utils/logger.server.ts";
import { toUserError } from "#app/utils/user-error.server.ts";
import type { Draft } from "../../conversation-state.server.ts";
import { confirmKeyboard } from "../../keyboards.ts";
import { absorbMedia, appendDescription } from "../draft-input.server.ts";
import { outageText, showMenu } from "../render.ts";
import type { Turn, TurnResult } from "../turn.ts";

const log = createLogger("bot");

export async function showConfirm(turn: Turn) {
  const draft = turn.state.draft!;
  turn.state.step = "confirm";
  const category = draft.categoryCode ? await getCategoryForWizard({ code: draft.categoryCode }) : null;
  const L = turn.lang;
  const lines = [t(L, "telegram:confirm.title")];
  if (category) lines.push(t(L, "telegram:confirm.category", { value: L === "en" ? category.nameEn : category.nameUk }));
  lines.push(t(L, "telegram:confirm.description", { value: draft.description ?? "" }));
  const place = [draft.address, draft.lat !== undefined ? t(L, "telegram:confirm.point") : null].filter(Boolean).join(", ");
  if (place) lines.push(t(L, "telegram:confirm.place", { value: place }));
  if (draft.files.length) lines.push(t(L, "telegram:confirm.files", { value: draft.files.length }));
  lines.push(t(L, "telegram:confirm.contact", { value: draft.phone ?? t(L, "telegram:confirm.anonymous") }));
  if (draft.fullName) lines.push(t(L, "telegram:confirm.name", { value: draft.fullName }));
  if (draft.residence) lines.push(t(L, "telegram:confirm.residence", { value: draft.residence }));
  return turn.reply(lines.join("\n"), confirmKeyboard(L));
}

/** A message at the confirmation: words join the description, a photo, voice note or place the draft; then read back again. */
export async function onConfirmMessage(
  turn: Turn,
  message: TelegramMessage,
  text: string | undefined,
): Promise<{ handled: false } | { handled: true; result: TurnResult }> {
  if (!turn.state.draft) return { handled: false };
  if (message.photo?.length || message.voice || message.location) await absorbMedia(turn, message);
  else if (text) await appendDescription(turn, text);
  else return { handled: false };
  return { handled: true, result: await showConfirm(turn) };
}

export async function onSend(turn: Turn, draft: Draft, messageId?: number): Promise<TurnResult> {
  const category = draft.categoryCode ? await getCategoryForWizard({ code: draft.categoryCode }) : null;
  try {
    const result = await submitTelegramRequest({
      chatId: turn.chatId,
      updateId: turn.updateId,
      draft,
      lang: turn.lang,
      isAppeal: Boolean(category?.statutoryApplies),
    });
    turn.state.step = "idle";
    turn.state.draft = undefined;
    const notice = draft.categoryCode ? await getEmergencyNotice({ code: draft.categoryCode, lang: turn.lang }) : null;
    const lines = [t(turn.lang, "telegram:submitted", { number: result.request.number })];
    // A life threat is not answered with a date: the numbers again, and that we do not replace them.
    if (notice) lines.push("", `⚠️ ${emergencyNumbersText(turn.lang)}`, t(turn.lang, "common:emergency.after"));
    else if (result.request.dueAt) lines.push(t(turn.lang, "telegram:submittedDue", { date: formatKyivMoment(result.request.dueAt, turn.lang) }));
    if (result.outage) lines.push("", outageText(turn.lang, result.outage), t(turn.lang, "telegram:outage.linked"));
    // The first answer carries the link, so the request can be followed from any device.
    const link = shortTrackingUrl({ requestId: result.request.id, number: result.request.number });
    if (link) lines.push("", t(turn.lang, "telegram:trackLink", { url: link }));
    if (messageId) await turn.api.editMessageText({ chatId: turn.chatId, messageId, text: lines.join("\n") });
    else await turn.reply(lines.join("\n"));
    await showMenu(turn);
    log.info("telegram request submitted", { requestId: result.request.id, created: result.created, files: draft.files.length });
    return result.request.id;
  } catch (e) {
    if (isAppError(e) && e.code === "VALIDATION")
      return void (await turn.reply(t(turn.lang, "telegram:error", { reason: toUserError(e, turn.lang).message }), confirmKeyboard(turn.lang)));
    throw e;
  }
}
