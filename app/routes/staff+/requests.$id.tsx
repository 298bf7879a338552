import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, useActionData, useLoaderData, useMatches, useRouteError } from "@remix-run/react";
import { useState, type KeyboardEvent, type ReactNode } from "react";
import { z } from "zod";
import type { RequestStatus } from "#app/domain/requests/status-machine.ts";
import type { StaffRole } from "#app/domain/staff/staff-role-rules.ts";
import { CategorySelect } from "#app/components/console/category-select.tsx";
import { ErrorPage } from "#app/components/error-page.tsx";
import { MAX_PHOTOS, preparePhotos } from "#app/domain/attachments/prepare-photos.server.ts";
import { addResultPhotos } from "#app/domain/requests/add-result-photos.server.ts";
import { canTransition, isOpen } from "#app/domain/requests/status-machine.ts";
import { kyivTime } from "#app/components/console/format.ts";
import { IntentForm } from "#app/components/console/intent-form.tsx";
import { SelectField, TextField } from "#app/components/console/labelled-field.tsx";
import { LiveUpdates } from "#app/components/console/live-updates.tsx";
import { PostForm } from "#app/components/post-form.tsx";
import { RequestAttachments } from "#app/components/console/request-attachments.tsx";
import { addInternalNote } from "#app/domain/requests/add-internal-note.server.ts";
import { askCitizen } from "#app/domain/requests/ask-citizen.server.ts";
import { assignRequest } from "#app/domain/requests/assign-request.server.ts";
import { changeCategory } from "#app/domain/requests/change-category.server.ts";
import { extendStatutoryTerm } from "#app/domain/deadlines/extend-statutory-term.server.ts";
import { getRequestForStaff } from "#app/domain/requests/get-request-for-staff.server.ts";
import { listRequestNotifications } from "#app/domain/notifications/list-request-notifications.server.ts";
import { DEPARTMENT_ROLES, requireRequestAccess, requireRole, type AccessLevel } from "#app/domain/requests/request-access.server.ts";
import { mergeDuplicate } from "#app/domain/requests/merge-duplicate.server.ts";
import { recordCallback } from "#app/domain/calls/record-callback.server.ts";
import { rejectRequest } from "#app/domain/requests/reject-request.server.ts";
import { rerouteRequest } from "#app/domain/requests/reroute-request.server.ts";
import { resolveRequest } from "#app/domain/requests/resolve-request.server.ts";
import { returnNotCompetent } from "#app/domain/requests/return-not-competent.server.ts";
import { revealCitizenContact } from "#app/domain/requests/reveal-citizen-contact.server.ts";
import { sendPublicReply } from "#app/domain/requests/send-public-reply.server.ts";
import { setRequestVisibility } from "#app/domain/public/set-request-visibility.server.ts";
import { handOffRequest } from "#app/domain/handoff/hand-off-request.server.ts";
import { HANDOFF_DECIDED_STATUSES, isHandoffDecided } from "#app/domain/handoff/handoff-status.ts";
import { recordHandoffOrder } from "#app/domain/handoff/record-handoff-order.server.ts";
import { recordHandoffOutcome } from "#app/domain/handoff/record-handoff-outcome.server.ts";
import { parseKyivLocal } from "#app/domain/calendar/kyiv-time.ts";
import { requireStaffUser } from "#app/utils/auth.server.ts";
import { getClientAddress } from "#app/utils/client-address.server.ts";
import { requireCsrf } from "#app/utils/csrf.server.ts";
import { hasText, t, type Lang } from "#app/utils/i18n.ts";
import { recordRequestViewer } from "#app/domain/inbox/request-presence.server.ts";
import { AlsoViewing } from "#app/components/console/also-viewing.tsx";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { parseForm } from "#app/utils/form.server.ts";
import { readForm, readSearchParams, requireIdParam } from "#app/utils/request-input.server.ts";
import { throwAsResponse, toUserError } from "#app/utils/user-error.server.ts";

export const handle: PageHandle = { i18n: ["console", "handoff", "staff"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? t(data.lang, "console:request.title", { number: data.request.number }) : "" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request);
  const lang = getRequestLang(request);
  try {
    const page = await getRequestForStaff({ actor: user, requestId: requireIdParam(params.id) });
    const notifications = await listRequestNotifications({ requestId: page.request.id });
    // Who else has this request open (names shown without JavaScript too); this view counts.
    const viewers = await recordRequestViewer({ actor: user, requestId: page.request.id });
    return { lang, actorId: user.id, done: readSearchParams(request).get("done"), ...page, notifications, maxPhotos: MAX_PHOTOS, viewers };
  } catch (e) {
    throwAsResponse(e, lang);
  }
}

const text = (max: number) => z.string().trim().max(max).optional().default("");
const RESULT = z.enum(["RESOLVED_POSITIVELY", "REFUSED", "EXPLANATION_GIVEN", "FORWARDED", "LEFT_WITHOUT_CONSIDERATION", "OTHER"]);

const IntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("reveal-contact") }),
  z.object({ intent: z.literal("note"), text: text(5000) }),
  z.object({ intent: z.literal("reply"), text: text(2000), templateCode: text(100) }),
  z.object({ intent: z.literal("take") }),
  z.object({ intent: z.literal("assign"), assigneeId: text(100) }),
  z.object({ intent: z.literal("reroute"), departmentId: text(100), coDepartmentIds: z.array(z.string()).default([]), reason: text(1000) }),
  z.object({ intent: z.literal("return"), reason: text(2000) }),
  z.object({ intent: z.literal("change-category"), categoryCode: text(100) }),
  z.object({ intent: z.literal("ask"), question: text(2000) }),
  z.object({ intent: z.literal("resolve"), resultCode: RESULT.optional(), publicAnswer: text(5000), note: text(5000) }),
  z.object({ intent: z.literal("reject"), reason: text(2000) }),
  z.object({ intent: z.literal("merge"), main: text(100) }),
  z.object({ intent: z.literal("extend"), until: text(40), reason: text(2000) }),
  z.object({ intent: z.literal("callback"), resolved: z.enum(["yes", "no"]), comment: text(2000) }),
  z.object({ intent: z.literal("hand-off"), serviceId: text(100), provider: z.enum(["IGOV", "DIIA", "CNAP", "MANUAL"]).optional() }),
  z.object({ intent: z.literal("handoff-order"), orderId: text(40) }),
  z.object({ intent: z.literal("handoff-outcome"), outcome: z.enum(HANDOFF_DECIDED_STATUSES), note: text(2000) }),
  z.object({ intent: z.literal("result-photos") }),
  z.object({ intent: z.literal("visibility"), visibility: z.enum(["private", "public"]) }),
]);

type Intent = z.infer<typeof IntentSchema>["intent"];

/** Each intent's access level (request-access.server.ts) and, where narrower, the roles that may use it. */
const INTENT_ACCESS: Record<Intent, { level: AccessLevel; roles?: readonly StaffRole[] }> = {
  "reveal-contact": { level: "view" },
  note: { level: "view" },
  reply: { level: "work" },
  take: { level: "work" },
  assign: { level: "work" },
  reroute: { level: "centre" },
  return: { level: "work", roles: DEPARTMENT_ROLES },
  "change-category": { level: "centre" },
  ask: { level: "work" },
  resolve: { level: "work" },
  reject: { level: "work" },
  merge: { level: "centre" },
  extend: { level: "work", roles: ["OPERATOR", "SUPERVISOR", "ADMIN", "DEPARTMENT_HEAD"] },
  callback: { level: "centre" },
  "hand-off": { level: "work" },
  "handoff-order": { level: "work" },
  "handoff-outcome": { level: "centre" },
  "result-photos": { level: "work" },
  visibility: { level: "centre" },
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireStaffUser(request);
  const lang = getRequestLang(request);
  const requestId = requireIdParam(params.id);
  const form = await readForm(request);
  requireCsrf(request, form);
  const intent = String(form.get("intent") ?? "");
  const actor = user;
  const ip = getClientAddress(request, context);
  try {
    // Who may act comes before what they typed: a 403 for another department's request or a
    // role's forbidden action, whatever the form holds (the use case checks again).
    const rule = Object.hasOwn(INTENT_ACCESS, intent) ? INTENT_ACCESS[intent as Intent] : null;
    if (rule) {
      if (rule.roles) requireRole(user, rule.roles);
      await requireRequestAccess({ actor: user, requestId, level: rule.level });
    }
    const input = parseForm(form, IntentSchema);
    switch (input.intent) {
      case "reveal-contact": {
        const contact = await revealCitizenContact({ actor, requestId, ip });
        return data({ intent: input.intent, error: null, field: null, contact });
      }
      case "note":
        await addInternalNote({ actor, requestId, text: input.text });
        break;
      case "reply":
        await sendPublicReply({ actor, requestId, text: input.text, templateCode: input.templateCode || undefined });
        break;
      case "take":
        await assignRequest({ actor, requestId, assigneeId: actor.id });
        break;
      case "assign":
        await assignRequest({ actor, requestId, assigneeId: input.assigneeId });
        break;
      case "reroute":
        await rerouteRequest({ actor, requestId, departmentId: input.departmentId, coDepartmentIds: input.coDepartmentIds, reason: input.reason });
        break;
      case "return":
        await returnNotCompetent({ actor, requestId, reason: input.reason });
        break;
      case "change-category":
        await changeCategory({ actor, requestId, categoryCode: input.categoryCode });
        break;
      case "ask":
        await askCitizen({ actor, requestId, question: input.question });
        break;
      case "resolve": {
        // Photos of the result may come with the resolution: checked before anything is
        // written, stored once the request is resolved (a refused resolution stores nothing).
        const photos = await preparePhotos({ files: uploadedFiles(form) });
        await resolveRequest({ actor, requestId, resultCode: input.resultCode || undefined, publicAnswer: input.publicAnswer, note: input.note });
        if (photos.length) await addResultPhotos({ actor, requestId, photos });
        break;
      }
      case "result-photos":
        await addResultPhotos({ actor, requestId, photos: await preparePhotos({ files: uploadedFiles(form) }) });
        break;
      case "reject":
        await rejectRequest({ actor, requestId, reason: input.reason });
        break;
      case "merge":
        await mergeDuplicate({ actor, requestId, main: input.main });
        break;
      case "extend": {
        // A plain date (YYYY-MM-DD) means that Kyiv day; the term ends at its end.
        const until = /^\d{4}-\d{2}-\d{2}$/.test(input.until) ? parseKyivLocal(`${input.until}T12:00`) : null;
        await extendStatutoryTerm({ actor, requestId, until: until ?? new Date(NaN), reason: input.reason });
        break;
      }
      case "callback":
        await recordCallback({ actor, requestId, resolved: input.resolved === "yes", comment: input.comment });
        break;
      case "hand-off":
        await handOffRequest({ requestId, actor: { type: "STAFF", ...actor }, serviceId: input.serviceId || undefined, provider: input.provider || undefined });
        break;
      case "handoff-order":
        await recordHandoffOrder({ requestId, actor, orderId: input.orderId });
        break;
      case "handoff-outcome":
        await recordHandoffOutcome({ actor, requestId, outcome: input.outcome, note: input.note });
        break;
      case "visibility":
        await setRequestVisibility({ actor, requestId, isPrivate: input.visibility === "private", ip });
        break;
    }
    return redirect(`/staff/requests/${requestId}?lang=${lang}&done=${input.intent}`);
  } catch (e) {
    const error = toUserError(e, lang);
    return data({ intent, error: error.message, field: error.field, contact: null }, { status: error.status });
  }
}

/** The files of the form's photo field (an empty file input sends one nameless, empty part). */
function uploadedFiles(form: FormData) {
  return form.getAll("photos").filter((f): f is File => typeof f !== "string" && (f.size > 0 || f.name !== ""));
}

function name(lang: Lang, o: { nameUk: string; nameEn: string } | null | undefined) {
  return o ? (lang === "en" ? o.nameEn : o.nameUk) : "—";
}

/** A coded value in words: the key when it is known, otherwise a plain "other" (never the code). */
function coded(lang: Lang, prefix: string, code: string, fallback = "console:request.unknownCode") {
  return hasText(lang, `${prefix}.${code}`) ? t(lang, `${prefix}.${code}`) : t(lang, fallback);
}

/** One action of the side panel: its tab's id and name, and its form. */
type ActionTab = { id: string; title: string; form: ReactNode };

export default function StaffRequestPage() {
  const { lang, request: r, permissions: p, options, done, actorId, notifications, maxPhotos, viewers } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const L = (key: string, params?: Record<string, string | number>) => t(lang, `console:${key}`, params);
  const A = (key: string, params?: Record<string, string | number>) => L(`actions.${key}`, params);
  const contact = actionData?.contact ?? null;
  const open = isOpen(r.status);
  // What the status machine allows from here (status-machine.ts); the roles come from permissions.
  const can = (to: RequestStatus) => canTransition(r.status, to);
  const choices = {
    departments: options.departments.map((d) => ({ value: d.id, label: name(lang, d) })),
    colleagues: options.colleagues.map((c) => ({ value: c.id, label: c.name })),
    resultCodes: options.resultCodes.map((c) => ({ value: c, label: L(`resultCode.${c}`) })),
    templates: options.templates.map((tpl) => ({ value: tpl.code, label: lang === "en" ? tpl.titleEn : tpl.titleUk })),
  };
  const photoInput = (required: boolean) => (
    <TextField label={A("resultPhotos", { max: maxPhotos })} type="file" name="photos" accept="image/jpeg,image/png,image/webp" multiple required={required} />
  );

  const actions: ActionTab[] = [];
  const add = (allowed: unknown, tab: ActionTab) => {
    if (allowed) actions.push(tab);
  };

  add(p.canWork && (open || r.status === "RESOLVED"), {
    id: "resolve",
    title: A("resolve"),
    form:
      p.canWork && open && can("RESOLVED") ? (
        <IntentForm intent="resolve" title={A("resolve")} submit={A("resolveSubmit")} multipart>
          <SelectField label={A("resultCode")} name="resultCode" required defaultValue="" choose choices={choices.resultCodes} />
          <TextField label={A("publicAnswer")} multiline name="publicAnswer" required rows={3} />
          {photoInput(false)}
        </IntentForm>
      ) : (
        <IntentForm intent="result-photos" title={A("addResultPhotos")} submit={A("addResultPhotosSubmit")} multipart>
          {photoInput(true)}
        </IntentForm>
      ),
  });
  add(p.canWork && open && can("RESOLVED"), {
    id: "result-photos",
    title: A("addResultPhotos"),
    form: (
      <IntentForm intent="result-photos" title={A("addResultPhotos")} submit={A("addResultPhotosSubmit")} multipart>
        <p className="muted">{A("resultPhotosHint")}</p>
        {photoInput(true)}
      </IntentForm>
    ),
  });
  add(p.canWork, {
    id: "reply",
    title: A("reply"),
    form: (
      <IntentForm intent="reply" title={A("reply")} submit={A("sendReply")}>
        <SelectField label={A("template")} name="templateCode" defaultValue="" none={A("noTemplate")} choices={choices.templates} />
        <TextField label={A("replyText")} multiline name="text" rows={3} />
      </IntentForm>
    ),
  });
  add(true, {
    id: "note",
    title: A("note"),
    form: (
      <IntentForm intent="note" title={A("note")} submit={A("addNote")}>
        <TextField label={A("noteText")} multiline name="text" required rows={3} />
      </IntentForm>
    ),
  });
  add(p.canWork && open && can("WAITING_CITIZEN"), {
    id: "ask",
    title: A("ask"),
    form: (
      <IntentForm intent="ask" title={A("ask")} submit={A("askSubmit")}>
        <TextField label={A("question")} multiline name="question" required rows={2} />
      </IntentForm>
    ),
  });
  add(p.canWork && open && r.department && can("ASSIGNED"), {
    id: "assign",
    title: A("assign"),
    form: (
      <>
        {r.assignee?.id !== actorId && !p.isCentre ? (
          <PostForm fields={{ intent: "take" }} className="request-action" aria-label={A("take")}>
            <button type="submit">{A("take")}</button>
          </PostForm>
        ) : null}
        <IntentForm intent="assign" title={A("assign")} submit={A("assignSubmit")}>
          <SelectField label={A("assignee")} name="assigneeId" required defaultValue="" choose choices={choices.colleagues} />
        </IntentForm>
      </>
    ),
  });
  add(p.isCentre && open, {
    id: "reroute",
    title: A("reroute"),
    form: (
      <>
        {r.suggestion && !r.suggestion.decidedAt ? (
          <section aria-labelledby="suggestion-h" data-testid="category-suggestion">
            <h3 id="suggestion-h">{A("suggestion.title")}</h3>
            <p>
              {A("suggestion.text", { category: name(lang, r.suggestion.category), confidence: r.suggestion.confidencePercent })}{" "}
              {r.suggestion.terms.length ? A("suggestion.terms", { terms: r.suggestion.terms.join(", ") }) : null}
            </p>
            <IntentForm intent="change-category" title={A("suggestion.title")} submit={A("suggestion.confirm")}>
              <input type="hidden" name="categoryCode" value={r.suggestion.category.code} />
            </IntentForm>
          </section>
        ) : null}
        <IntentForm intent="change-category" title={A("changeCategory")} submit={A("categorySubmit")}>
          <CategorySelect
            lang={lang}
            label={L("request.category")}
            name="categoryCode"
            required
            defaultValue={r.category?.code ?? ""}
            categories={options.categories}
          />
        </IntentForm>
        <IntentForm intent="reroute" title={A("reroute")} submit={A("rerouteSubmit")}>
          <SelectField label={A("department")} name="departmentId" required defaultValue="" choose choices={choices.departments} />
          <SelectField label={A("coDepartments")} name="coDepartmentIds" multiple size={4} choices={choices.departments} />
          <TextField label={A("reason")} name="reason" />
        </IntentForm>
      </>
    ),
  });
  add(p.canReturn && open && can("RETURNED"), {
    id: "return",
    title: A("return"),
    form: (
      <IntentForm intent="return" title={A("return")} submit={A("returnSubmit")}>
        <TextField label={A("returnReason")} multiline name="reason" required rows={2} />
      </IntentForm>
    ),
  });
  add(p.canExtend && open, {
    id: "extend",
    title: A("extend"),
    form: (
      <IntentForm intent="extend" title={A("extend")} submit={A("extendSubmit")}>
        <TextField label={A("until")} type="date" name="until" required />
        <TextField label={A("extendReason")} multiline name="reason" required rows={2} />
      </IntentForm>
    ),
  });
  add(p.isCentre && open && can("MERGED"), {
    id: "merge",
    title: A("merge"),
    form: (
      <IntentForm intent="merge" title={A("merge")} submit={A("mergeSubmit")}>
        <p>{A("suggestions")}:</p>
        {options.suggestions.length ? (
          <ul data-testid="duplicate-suggestions">
            {options.suggestions.map((s) => (
              <li key={s.id}>
                <a href={`/staff/requests/${s.id}?lang=${lang}`}>{s.number}</a> · {s.distanceM !== null ? L("actions.distance", { m: s.distanceM }) : ""} ·{" "}
                {L("actions.similarity", { s: s.similarity })} · {s.description}
              </li>
            ))}
          </ul>
        ) : (
          <p>{A("noSuggestions")}</p>
        )}
        <TextField label={A("mainNumber")} name="main" required list="dup-numbers" />
        <datalist id="dup-numbers">
          {options.suggestions.map((s) => (
            <option key={s.id} value={s.number} />
          ))}
        </datalist>
      </IntentForm>
    ),
  });
  add(p.canWork && open && !r.handoff && r.status !== "WAITING_CITIZEN" && can("HANDED_OFF"), {
    id: "hand-off",
    title: t(lang, "handoff:staff.title"),
    form: (
      <IntentForm intent="hand-off" title={t(lang, "handoff:staff.title")} submit={t(lang, "handoff:staff.submit")}>
        {r.category?.isAdminService && r.category.adminService ? (
          <p>
            {t(lang, "handoff:staff.byCategory", {
              service: name(lang, { nameUk: r.category.adminService.nameUk, nameEn: r.category.adminService.nameEn ?? r.category.adminService.nameUk }),
            })}
          </p>
        ) : null}
        <SelectField
          label={t(lang, "handoff:staff.service")}
          name="serviceId"
          defaultValue={r.category?.adminService?.id ?? ""}
          none={t(lang, "handoff:staff.noService")}
          choices={options.adminServices.map((s) => ({
            value: s.id,
            label: `${t(lang, `handoff:provider.${s.provider}`)} · ${lang === "en" ? (s.nameEn ?? s.nameUk) : s.nameUk}`,
          }))}
        />
        <SelectField
          label={t(lang, "handoff:staff.provider")}
          name="provider"
          defaultValue=""
          none="—"
          choices={(["IGOV", "DIIA", "CNAP", "MANUAL"] as const).map((pv) => ({ value: pv, label: t(lang, `handoff:provider.${pv}`) }))}
        />
      </IntentForm>
    ),
  });
  add(r.handoff && p.canWork && !isHandoffDecided(r.handoff.status) && r.handoff.provider === "IGOV", {
    id: "handoff-order",
    title: t(lang, "handoff:staff.orderId"),
    form: (
      <IntentForm intent="handoff-order" title={t(lang, "handoff:staff.orderId")} submit={t(lang, "handoff:staff.orderSubmit")}>
        <TextField
          label={t(lang, "handoff:staff.orderId")}
          name="orderId"
          required
          defaultValue={r.handoff?.orderId ?? ""}
          inputMode="numeric"
          pattern="[0-9]+-[0-9]+"
        />
      </IntentForm>
    ),
  });
  add(
    r.handoff &&
      p.isCentre &&
      !isHandoffDecided(r.handoff.status) &&
      (r.handoff.provider === "CNAP" || r.handoff.provider === "MANUAL") &&
      r.status === "HANDED_OFF",
    {
      id: "handoff-outcome",
      title: t(lang, "handoff:staff.outcome.title"),
      form: (
        <IntentForm intent="handoff-outcome" title={t(lang, "handoff:staff.outcome.title")} submit={t(lang, "handoff:staff.outcome.submit")}>
          <p>{t(lang, "handoff:staff.outcome.lead")}</p>
          <SelectField
            label={t(lang, "handoff:staff.outcome.result")}
            name="outcome"
            defaultValue="CLOSED"
            choices={HANDOFF_DECIDED_STATUSES.map((o) => ({ value: o, label: t(lang, `handoff:staff.outcome.${o}`) }))}
          />
          <TextField label={t(lang, "handoff:staff.outcome.note")} multiline name="note" required minLength={3} maxLength={2000} rows={3} />
        </IntentForm>
      ),
    },
  );
  add(p.isCentre && r.status === "RESOLVED", {
    id: "callback",
    title: A("callback"),
    form: (
      <IntentForm
        intent="callback"
        title={A("callback")}
        buttons={
          <>
            <button type="submit" name="resolved" value="yes">
              {A("confirm")}
            </button>{" "}
            <button type="submit" name="resolved" value="no">
              {A("rework")}
            </button>
          </>
        }
      >
        <TextField label={A("callbackComment")} name="comment" />
      </IntentForm>
    ),
  });
  add(p.isCentre, {
    id: "visibility",
    title: A("visibility.title"),
    form: (
      <IntentForm intent="visibility" title={A("visibility.title")} submit={A(r.isPrivate ? "visibility.makePublic" : "visibility.makePrivate")}>
        <p>{A(r.isPrivate ? "visibility.isPrivate" : "visibility.isPublic")}</p>
        <input type="hidden" name="visibility" value={r.isPrivate ? "public" : "private"} />
      </IntentForm>
    ),
  });
  // After a failed action, its tab is the one open (the error is shown above it).
  const failed = actions.find((a) => a.id === actionData?.intent || (actionData?.intent === "take" && a.id === "assign"))?.id;
  // A tab chosen by hand holds until the next action's answer (which opens its own tab).
  const [picked, setPicked] = useState<{ after: unknown; id: string } | null>(null);
  const chosen = picked && picked.after === actionData ? picked.id : undefined;
  const setChosen = (id: string) => setPicked({ after: actionData, id });
  const current = [chosen, failed].find((id) => id && actions.some((a) => a.id === id)) ?? actions[0]?.id;
  // With JavaScript the tabs switch in place (arrow keys move between them, as in any tab list);
  // without it each tab is a link to its panel and CSS shows the one targeted.
  const onTabKey = (e: KeyboardEvent<HTMLAnchorElement>, index: number) => {
    const step = e.key === "ArrowRight" || e.key === "ArrowDown" ? 1 : e.key === "ArrowLeft" || e.key === "ArrowUp" ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = actions[(index + step + actions.length) % actions.length]!;
    setChosen(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };

  return (
    <article className="staff-request">
      <p>
        <a href={`/staff/inbox?lang=${lang}`}>← {L("request.back")}</a>
      </p>
      <h1>{L("request.title", { number: r.number })}</h1>
      <LiveUpdates lang={lang} requestId={r.id} />
      <AlsoViewing lang={lang} requestId={r.id} initial={viewers} />
      {done ? <p role="status">{L("request.done")}</p> : null}
      {actionData?.error ? (
        <p role="alert" className="error" data-testid="action-error">
          {actionData.error}
        </p>
      ) : null}

      <div className="request-layout">
        <div className="request-main">
          <section aria-labelledby="details">
            <h2 id="details">{L("request.details")}</h2>
            <dl className="request-facts">
              <dt>{L("request.status")}</dt>
              <dd data-testid="request-status" data-status={r.status}>
                {L(`status.${r.status}`)}
              </dd>
              <dt>{L("request.category")}</dt>
              <dd data-testid="request-category">{name(lang, r.category)}</dd>
              <dt>{L("request.description")}</dt>
              <dd style={{ whiteSpace: "pre-wrap" }}>{r.description}</dd>
              <dt>{L("request.address")}</dt>
              <dd>{r.address ?? "—"}</dd>
              <dt>{L("request.location")}</dt>
              <dd>
                {r.lat !== null && r.lon !== null ? (
                  <a href={`https://www.openstreetmap.org/?mlat=${r.lat}&mlon=${r.lon}#map=18/${r.lat}/${r.lon}`}>
                    {r.lat.toFixed(5)}, {r.lon.toFixed(5)}
                  </a>
                ) : (
                  "—"
                )}
              </dd>
              <dt>{L("request.district")}</dt>
              <dd>{name(lang, r.district)}</dd>
              <dt>{L("request.department")}</dt>
              <dd data-testid="request-department">{name(lang, r.department)}</dd>
              <dt>{L("request.coExecutors")}</dt>
              <dd>{r.coExecutors.length ? r.coExecutors.map((c) => name(lang, c.department)).join(", ") : "—"}</dd>
              <dt>{L("request.assignee")}</dt>
              <dd data-testid="request-assignee">{r.assignee?.name ?? "—"}</dd>
              <dt>{L("request.urgency")}</dt>
              <dd>{coded(lang, "console:request.urgencyCode", r.urgency)}</dd>
              <dt>{L("request.channel")}</dt>
              <dd>{coded(lang, "console:channel", r.channel)}</dd>
              <dt>{L("request.received")}</dt>
              <dd>{kyivTime(r.receivedAt)}</dd>
              <dt>{L("request.due")}</dt>
              <dd data-testid="request-due">{kyivTime(r.dueAt)}</dd>
              {r.resolvedAt ? (
                <>
                  <dt>{L("request.resolved")}</dt>
                  <dd>{kyivTime(r.resolvedAt)}</dd>
                </>
              ) : null}
              {r.resultCode ? (
                <>
                  <dt>{L("request.result")}</dt>
                  <dd data-testid="request-result">{coded(lang, "console:resultCode", r.resultCode)}</dd>
                </>
              ) : null}
              {r.publicAnswer ? (
                <>
                  <dt>{L("request.publicAnswer")}</dt>
                  <dd>
                    {r.publicAnswer}
                    {r.isAppeal ? (
                      <span data-testid="answer-letter">
                        {" "}
                        (<a href={`/staff/requests/${r.id}/letter`}>{L("request.letter")}</a> ·{" "}
                        <a href={`/staff/requests/${r.id}/letter.pdf`}>{L("request.letterPdf")}</a>)
                      </span>
                    ) : null}
                  </dd>
                </>
              ) : null}
              <dt>{L("request.publicView")}</dt>
              <dd data-testid="request-visibility">
                {r.isPrivate ? L("request.visibilityPrivate") : L(r.publishConsent ? "request.visibilityConsent" : "request.visibilityCoarse")}
              </dd>
              {r.isBeneficiary ? (
                <>
                  <dt>{L("request.beneficiary")}</dt>
                  <dd>★ {L("yes")}</dd>
                </>
              ) : null}
              {r.duplicateOf ? (
                <>
                  <dt>{L("request.duplicateOf")}</dt>
                  <dd>
                    <a href={`/staff/requests/${r.duplicateOf.id}?lang=${lang}`}>{r.duplicateOf.number}</a>
                  </dd>
                </>
              ) : null}
              {r.appeal ? (
                <>
                  <dt>{L("request.appeal")}</dt>
                  <dd data-testid="appeal-kind">
                    {coded(lang, "console:request.appealKindCode", r.appeal.kind)}
                    {r.appeal.subject ? ` · ${coded(lang, "console:request.appealSubjectCode", r.appeal.subject)}` : ""}
                    {r.appeal.isRepeated ? ` · ${L("request.appealRepeated")}` : ""}
                  </dd>
                  <dt>{L("request.statutoryTerm")}</dt>
                  <dd>{coded(lang, "console:request.statutoryTermCode", r.appeal.statutoryTerm)}</dd>
                  {r.appeal.extendedUntil ? (
                    <>
                      <dt>{L("request.extendedUntil")}</dt>
                      <dd>{kyivTime(r.appeal.extendedUntil)}</dd>
                    </>
                  ) : null}
                </>
              ) : null}
            </dl>
          </section>

          <section aria-labelledby="contact">
            <h2 id="contact">{L("request.contact.title")}</h2>
            {contact ? (
              <dl data-testid="citizen-contact">
                {contact.citizen ? (
                  <>
                    <dt>{L("request.contact.name")}</dt>
                    <dd>{contact.citizen.fullName ?? "—"}</dd>
                    <dt>{L("request.contact.phone")}</dt>
                    <dd>{contact.citizen.phone ?? "—"}</dd>
                    <dt>{L("request.contact.email")}</dt>
                    <dd>{contact.citizen.email ?? "—"}</dd>
                    <dt>{L("request.contact.residence")}</dt>
                    <dd>{contact.citizen.residence ?? "—"}</dd>
                  </>
                ) : null}
                {contact.appeal ? (
                  <>
                    <dt>
                      {L("request.contact.name")} ({L("request.appeal")})
                    </dt>
                    <dd>{contact.appeal.fullName}</dd>
                    <dt>{L("request.contact.residence")}</dt>
                    <dd>{contact.appeal.residence}</dd>
                    <dt>{L("request.contact.appealContact")}</dt>
                    <dd>{contact.appeal.contact}</dd>
                  </>
                ) : null}
                {!contact.citizen && !contact.appeal ? <dd>{L("request.contact.none")}</dd> : null}
              </dl>
            ) : r.hasContact ? (
              <PostForm fields={{ intent: "reveal-contact" }}>
                <p className="muted">{L("request.contact.hint")}</p>
                <button type="submit">{L("request.contact.reveal")}</button>
              </PostForm>
            ) : (
              <p>{L("request.contact.none")}</p>
            )}
          </section>

          <section aria-labelledby="deadlines">
            <h2 id="deadlines">{L("request.deadlines")}</h2>
            <ul>
              {r.deadlines.map((d) => (
                <li key={d.id}>
                  {coded(lang, "console:request.deadlineKind", d.kind)} ({coded(lang, "console:request.deadlineLabel", d.label)}): {kyivTime(d.dueAt)} —{" "}
                  {d.breached
                    ? L("request.deadlineBreached")
                    : d.active
                      ? L("request.deadlineActive")
                      : d.metAt
                        ? L("request.deadlineMet")
                        : L("request.deadlineSuperseded")}
                </li>
              ))}
            </ul>
          </section>

          <section aria-labelledby="attachments">
            <h2 id="attachments">{L("request.attachments")}</h2>
            <RequestAttachments lang={lang} attachments={r.attachments} />
          </section>

          {r.handoff ? (
            <section aria-labelledby="handoff" data-testid="handoff">
              <h2 id="handoff">{t(lang, "handoff:staff.title")}</h2>
              <dl>
                <dt>{t(lang, "handoff:staff.provider")}</dt>
                <dd>{coded(lang, "handoff:provider", r.handoff.provider)}</dd>
                {r.handoff.service ? (
                  <>
                    <dt>{t(lang, "handoff:staff.service")}</dt>
                    <dd>{name(lang, { nameUk: r.handoff.service.nameUk, nameEn: r.handoff.service.nameEn ?? r.handoff.service.nameUk })}</dd>
                  </>
                ) : null}
                {r.handoff.link ? (
                  <>
                    <dt>{t(lang, "handoff:track.link")}</dt>
                    <dd>
                      <a href={r.handoff.link} rel="noreferrer noopener" target="_blank">
                        {r.handoff.link}
                      </a>
                    </dd>
                  </>
                ) : null}
                <dt>{t(lang, "handoff:track.status")}</dt>
                <dd data-testid="handoff-status" data-status={r.handoff.status}>
                  {coded(lang, "handoff:status", r.handoff.status)}
                </dd>
                <dt>{t(lang, "handoff:staff.orderId")}</dt>
                <dd>{r.handoff.orderId ?? "—"}</dd>
                {r.handoff.outcome ? (
                  <>
                    <dt>{t(lang, "handoff:staff.outcome.result")}</dt>
                    <dd>{r.handoff.outcome}</dd>
                  </>
                ) : null}
                {r.handoff.lastCheckedAt ? (
                  <>
                    <dt>{t(lang, "handoff:staff.lastChecked")}</dt>
                    <dd>{kyivTime(r.handoff.lastCheckedAt)}</dd>
                  </>
                ) : null}
                {r.handoff.failures ? (
                  <>
                    <dt>{t(lang, "handoff:staff.failures")}</dt>
                    <dd>{r.handoff.failures}</dd>
                    <dt>{t(lang, "handoff:staff.lastError")}</dt>
                    <dd>{r.handoff.lastError ?? "—"}</dd>
                  </>
                ) : null}
              </dl>
            </section>
          ) : null}

          <section aria-labelledby="timeline">
            <h2 id="timeline">{L("request.timeline")}</h2>
            <ol className="timeline" data-testid="timeline">
              {r.events.map((e) => {
                const d = (e.data ?? {}) as Record<string, unknown>;
                const body = [d.text, d.question, d.publicAnswer, d.reason, d.comment].filter((x) => typeof x === "string" && x).join(" · ");
                return (
                  <li key={e.id} data-event-type={e.type}>
                    <time>{kyivTime(e.createdAt)}</time> · <strong>{coded(lang, "console:eventTypes", e.type, "console:eventTypes.other")}</strong>
                    {e.toStatus ? ` → ${coded(lang, "console:status", e.toStatus)}` : ""} ·{" "}
                    {e.actorType === "STAFF" ? (e.actorName ?? "—") : e.actorType === "CITIZEN" ? L("request.citizen") : L("request.system")}{" "}
                    <small>[{e.isPublic ? L("request.publicMark") : L("request.internalMark")}]</small>
                    {body ? <div style={{ whiteSpace: "pre-wrap" }}>{body}</div> : null}
                  </li>
                );
              })}
            </ol>
          </section>

          <section aria-labelledby="notifications" data-testid="notifications">
            <h2 id="notifications">{t(lang, "console:notifications.title")}</h2>
            {notifications.length ? (
              <ul>
                {notifications.map((n) => (
                  <li key={n.id} data-notification-status={n.status}>
                    <time>{kyivTime(n.lastAttemptAt ?? n.createdAt)}</time> · {coded(lang, "console:channel", n.channel)} ·{" "}
                    {coded(lang, "console:notifications.template", n.template, "console:notifications.templateOther")} ·{" "}
                    <strong>{coded(lang, "console:notifications.status", n.status)}</strong>
                    {n.deliveryStatus && n.status === "SENT" ? ` (${coded(lang, "console:notifications.delivery", n.deliveryStatus)})` : ""}
                    {n.attempts > 1 ? ` · ${t(lang, "console:notifications.attempts", { count: n.attempts })}` : ""}
                    {n.status === "UNCERTAIN" ? <div role="note">{t(lang, "console:notifications.uncertainHint")}</div> : null}
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t(lang, "console:notifications.none")}</p>
            )}
          </section>
        </div>

        <aside className="request-side" aria-labelledby="actions">
          <h2 id="actions">{A("title")}</h2>
          {actions.length ? (
            <div className="action-tabs" data-current={current}>
              <ul role="tablist" aria-labelledby="actions" className="action-tablist">
                {actions.map((a, index) => (
                  <li key={a.id} role="presentation">
                    <a
                      role="tab"
                      id={`tab-${a.id}`}
                      href={`#action-${a.id}`}
                      aria-controls={`action-${a.id}`}
                      aria-selected={a.id === current}
                      tabIndex={a.id === current ? 0 : -1}
                      onClick={(e) => {
                        e.preventDefault();
                        setChosen(a.id);
                      }}
                      onKeyDown={(e) => onTabKey(e, index)}
                    >
                      {a.title}
                    </a>
                  </li>
                ))}
              </ul>
              {actions.map((a) => (
                <div
                  key={a.id}
                  id={`action-${a.id}`}
                  role="tabpanel"
                  aria-labelledby={`tab-${a.id}`}
                  className={a.id === current ? "action-panel action-panel-current" : "action-panel"}
                >
                  {a.form}
                </div>
              ))}
            </div>
          ) : (
            <p>{A("none")}</p>
          )}
        </aside>
      </div>
    </article>
  );
}

/**
 * A page this staff member may not open (another department's request: 403), or one that
 * does not exist, inside the staff navigation: what happened and the way back to the inbox.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  // The nearest loader that knows the reader's language (the staff layout's, then the root's).
  const lang: Lang =
    useMatches()
      .map((m) => (m.data as { lang?: Lang } | undefined)?.lang)
      .filter((l): l is Lang => l === "uk" || l === "en")
      .at(-1) ?? "uk";
  const status = isRouteErrorResponse(error) ? error.status : null;
  if (status !== 403 && status !== 404) return <ErrorPage error={error} lang={lang} />;
  const key = status === 403 ? "forbidden" : "notFound";
  return (
    <article className="staff-request staff-request-error" role="alert" data-testid={`request-${status}`}>
      <h1>{t(lang, `console:request.${key}Title`)}</h1>
      <p>{t(lang, `console:request.${key}Text`)}</p>
      <p>
        <a href={`/staff/inbox?lang=${lang}`}>← {t(lang, "console:request.back")}</a>
      </p>
    </article>
  );
}
