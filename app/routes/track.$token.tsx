// /track/:token — the citizen's private tracking page (the token is checked against its
// hash): public timeline, expected date, and forms to add information or answer a
// question, confirm or dispute the resolution, and rate the answer. No JavaScript needed.
// A request is accepted first and routed moments later by the workers: until then the page
// says so and looks again by itself (a revalidation with JavaScript, a meta refresh without).
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, useActionData, useLoaderData, useNavigation, useRevalidator, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";
import { CopyLink } from "#app/components/citizen/copy-link.tsx";
import { FieldError, TextField } from "#app/components/citizen/field.tsx";
import { formatKyivTime } from "#app/domain/calendar/kyiv-time.ts";
import { PhotoField } from "#app/components/citizen/photo-field.tsx";
import { PostForm } from "#app/components/post-form.tsx";
import { ErrorPage } from "#app/components/error-page.tsx";
import { MAX_PHOTOS } from "#app/domain/attachments/prepare-photos.server.ts";
import { addCitizenInfo } from "#app/domain/tracking/add-citizen-info.server.ts";
import { getTrackingView, type TrackingEvent } from "#app/domain/tracking/get-tracking-view.server.ts";
import { recordHandoffOrder } from "#app/domain/handoff/record-handoff-order.server.ts";
import { rateRequest } from "#app/domain/tracking/rate-request.server.ts";
import { respondToResolution } from "#app/domain/tracking/respond-to-resolution.server.ts";
import { requireCsrf } from "#app/utils/csrf.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { isAppError } from "#app/utils/errors.ts";
import { hasText, t, type Lang } from "#app/utils/i18n.ts";
import { loadPageTexts, type PageHandle } from "#app/utils/i18n-page.tsx";
import { getRequestLang } from "#app/utils/lang.server.ts";
import { parseForm } from "#app/utils/form.server.ts";
import { readForm, readSearchParams } from "#app/utils/request-input.server.ts";
import { formErrorsOf, toUserError, type FieldErrors } from "#app/utils/user-error.server.ts";

export const handle: PageHandle = { i18n: ["citizen", "handoff"] };
export const clientLoader = loadPageTexts(handle);

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? t(data.lang, "citizen:track.title", { number: data.view.number }) : "Заявку не знайдено" },
  // The URL holds the private token: never send it to another site.
  { name: "referrer", content: "no-referrer" },
  { name: "robots", content: "noindex" },
];

function notFound(): never {
  throw new Response("Not found", { status: 404 });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = getRequestLang(request);
  const token = params.token ?? "";
  const url = new URL(request.url);
  const search = readSearchParams(url);
  try {
    const view = await getTrackingView({ token, lang });
    const base = getEnv().PUBLIC_BASE_URL ?? url.origin;
    const done = search.get("done");
    return data(
      {
        lang,
        token,
        view,
        isNew: search.get("new") === "1",
        trackingUrl: `${base.replace(/\/$/, "")}/track/${token}`,
        done: done && /^[a-z]{2,12}$/.test(done) ? done : null,
        limits: { maxPhotos: MAX_PHOTOS, maxMb: getEnv().MAX_UPLOAD_MB },
      },
      { headers: { "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" } },
    );
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
}

const TrackFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("info"), text: z.string().max(20_000).default("") }),
  z.object({ intent: z.literal("confirm"), comment: z.string().max(5000).default("") }),
  z.object({ intent: z.literal("reopen"), comment: z.string().max(5000).default("") }),
  // Not a whole number is "no score": the use case names the range.
  z.object({ intent: z.literal("rate"), score: z.number().int().catch(0), ratingComment: z.string().max(5000).default("") }),
  z.object({ intent: z.literal("order"), orderId: z.string().max(40).default("") }),
]);

// The inputs of the tracking page's forms; a problem with anything else is shown for the whole form.
const TRACK_INPUTS = new Set(["text", "photos", "comment", "score", "ratingComment", "orderId"]);

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = getRequestLang(request);
  const token = params.token ?? "";
  const maxBytes = (getEnv().MAX_UPLOAD_MB * MAX_PHOTOS + 1) * 1024 * 1024;
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes)
    return data(
      { intent: "info", errors: { photos: t(lang, "errors:photo.totalTooLarge") } as FieldErrors, values: {} as Record<string, string> },
      { status: 413 },
    );
  const formData = await readForm(request);
  requireCsrf(request, formData);
  const raw = Object.fromEntries([...formData].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const back = (done: string) => redirect(`/track/${token}?${new URLSearchParams({ lang, done })}`);
  try {
    const form = parseForm(formData, TrackFormSchema);
    switch (form.intent) {
      case "info": {
        const photos = formData.getAll("photos").filter((f): f is File => typeof f !== "string" && (f.size > 0 || f.name !== ""));
        const r = await addCitizenInfo({ token, text: form.text, photos });
        return back(r.answered ? "answered" : "info");
      }
      case "confirm":
      case "reopen":
        await respondToResolution({ token, resolved: form.intent === "confirm", comment: form.comment });
        return back(form.intent);
      case "rate":
        await rateRequest({ token, score: form.score, comment: form.ratingComment });
        return back("rate");
      case "order":
        await recordHandoffOrder({ token, orderId: form.orderId });
        return back("order");
    }
  } catch (e) {
    // No request behind the link: the page does not exist.
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    const error = toUserError(e, lang, { fieldName: (field) => (TRACK_INPUTS.has(field) ? field : null) });
    return data({ intent: raw.intent ?? "", errors: formErrorsOf(error), values: raw }, { status: error.status });
  }
}

function statusText(lang: Lang, status: string) {
  return t(lang, `citizen:status.${status}`);
}

function eventText(lang: Lang, e: TrackingEvent) {
  if (e.type.startsWith("handoff") || e.type === "handed-off") return handoffEventText(lang, e);
  const key = `citizen:event.${e.type}`;
  return hasText(lang, key) ? t(lang, key, { status: e.toStatus ? statusText(lang, e.toStatus) : "" }) : t(lang, "citizen:event.other");
}

// Hand-off events name where the request went; their text is the service and link or the provider's outcome.
function handoffEventText(lang: Lang, e: TrackingEvent) {
  const key = `handoff:event.${e.type}`;
  return hasText(lang, key)
    ? t(lang, key, { provider: e.provider ? t(lang, `handoff:provider.${e.provider}`) : "", orderId: e.orderId ?? "", text: "" }).replace(/:\s*$/, "")
    : t(lang, "citizen:event.other");
}

/** Seconds between the page's own reloads without JavaScript while routing is pending. */
const REFRESH_SECONDS = 2;

/**
 * While the request waits for routing, the page looks again by itself: every second for the
 * first minute, then every ten seconds (a request left that long waits for the re-drive).
 * Without JavaScript a meta refresh inside <noscript> does the same for the first minute.
 */
function useRoutingWatch(routing: { watch: boolean } | null) {
  const { revalidate, state } = useRevalidator();
  const navigation = useNavigation();
  const idle = state === "idle" && navigation.state === "idle";
  const delayMs = routing ? (routing.watch ? 1000 : 10_000) : null;
  useEffect(() => {
    if (delayMs === null || !idle) return;
    const timer = setTimeout(revalidate, delayMs);
    return () => clearTimeout(timer);
  }, [delayMs, idle, revalidate]);
}

function RoutingPending(props: { lang: Lang; watch: boolean }) {
  return (
    <section className="notice routing-pending" role="status" data-testid="routing-pending">
      <p>{t(props.lang, "citizen:track.routingPending")}</p>
      {props.watch ? (
        <noscript>
          <meta httpEquiv="refresh" content={String(REFRESH_SECONDS)} />
        </noscript>
      ) : (
        <p>{t(props.lang, "citizen:track.routingLate")}</p>
      )}
    </section>
  );
}

/** A submit button that posts its intent; disabled while a submission is under way. */
function IntentButton(props: { intent: string; busy: boolean; className?: string; label: string }) {
  return (
    <button type="submit" name="intent" value={props.intent} className={props.className} disabled={props.busy}>
      {props.label}
    </button>
  );
}

export default function TrackPage() {
  const { lang, token, view, isNew, trackingUrl, done, limits } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { intent: string; errors: FieldErrors; values: Record<string, string> } | undefined;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const errorsFor = (intent: string): FieldErrors => (actionData?.intent === intent ? actionData.errors : {});
  // A field named as its input with what to fix in it after `intent`; `resent`, what was sent with it.
  const field = (intent: string, name: string) => ({ id: name, name, error: errorsFor(intent)[name] });
  const resent = (intent: string, name: string) => (actionData?.intent === intent ? (actionData.values[name] ?? "") : undefined);
  const action = `/track/${token}?lang=${lang}`;
  const dateTime = (iso: string) => formatKyivTime(iso, "dateTime", lang);
  useRoutingWatch(view.routing);
  const pendingValue = t(lang, "citizen:track.routingPendingValue");

  return (
    <div className="citizen track">
      {isNew ? (
        <section className="success new-request" aria-labelledby="new-title">
          <h1 id="new-title">{t(lang, "citizen:track.newTitle")}</h1>
          <p>
            {t(lang, "citizen:track.newNumber")}{" "}
            <strong className="public-number" data-testid="public-number">
              {view.number}
            </strong>
          </p>
          <p>
            {t(lang, "citizen:track.newLink")}{" "}
            <a href={trackingUrl} data-testid="tracking-link" className="tracking-link">
              {trackingUrl}
            </a>
          </p>
          <p className="keep-link">{t(lang, "citizen:track.newKeep")}</p>
          <CopyLink lang={lang} url={trackingUrl} />
          {view.routing ? null : (
            <p>
              {t(lang, "citizen:track.expected")}: <strong>{view.dueAt ? dateTime(view.dueAt) : t(lang, "citizen:track.expectedNone")}</strong>
            </p>
          )}
        </section>
      ) : null}
      {isNew ? (
        <h2>
          {t(lang, "citizen:track.titleShort")} <span>{view.number}</span>
        </h2>
      ) : (
        <h1>
          {t(lang, "citizen:track.titleShort")} <span data-testid="public-number">{view.number}</span>
        </h1>
      )}
      {view.routing ? <RoutingPending lang={lang} watch={view.routing.watch} /> : null}
      {done && hasText(lang, `citizen:track.done.${done}`) ? (
        <p className="success" role="status">
          {t(lang, `citizen:track.done.${done}`)}
        </p>
      ) : null}

      <dl className="facts">
        <dt>{t(lang, "citizen:track.status")}</dt>
        <dd data-testid="request-status">{statusText(lang, view.status)}</dd>
        {view.category ? (
          <>
            <dt>{t(lang, "citizen:track.category")}</dt>
            <dd>{view.category}</dd>
          </>
        ) : null}
        <dt>{t(lang, "citizen:track.department")}</dt>
        <dd data-testid="department">{view.routing ? pendingValue : (view.department ?? t(lang, "citizen:track.departmentNone"))}</dd>
        <dt>{t(lang, "citizen:track.received")}</dt>
        <dd>{dateTime(view.receivedAt)}</dd>
        {view.settled ? (
          <>
            <dt>{t(lang, `citizen:track.settled.${view.settled.kind}`)}</dt>
            <dd data-testid="settled-at">{dateTime(view.settled.at)}</dd>
          </>
        ) : (
          <>
            <dt>{t(lang, "citizen:track.expected")}</dt>
            <dd data-testid="expected-at">{view.routing ? pendingValue : view.dueAt ? dateTime(view.dueAt) : t(lang, "citizen:track.expectedNone")}</dd>
          </>
        )}
        {view.appeal ? (
          <>
            <dt>{t(lang, "citizen:track.appeal")}</dt>
            <dd data-testid="appeal-registration">
              {t(lang, "citizen:track.appealRegistration", {
                number: view.appeal.registrationNumber,
                date: formatKyivTime(view.appeal.registeredAt, "date", lang),
              })}
            </dd>
          </>
        ) : null}
      </dl>

      {view.outage ? (
        <section className="notice outage" aria-labelledby="outage-title" data-testid="outage">
          <h2 id="outage-title">{t(lang, view.outage.kind === "PLANNED_WORKS" ? "citizen:outage.plannedTitle" : "citizen:outage.title")}</h2>
          <p>
            <strong>{view.outage.title}</strong>
          </p>
          <p>
            {t(lang, "citizen:outage.cause")}: {view.outage.cause}
          </p>
          <p>
            {view.outage.ended
              ? t(lang, "citizen:outage.ended")
              : view.outage.plannedEndAt
                ? t(lang, "citizen:outage.expectedEnd", { date: dateTime(view.outage.plannedEndAt) })
                : t(lang, "citizen:outage.expectedEndUnknown")}
          </p>
        </section>
      ) : null}

      {view.publicAnswer ? (
        <section aria-labelledby="answer-title" className="answer">
          <h2 id="answer-title">{t(lang, "citizen:track.answer")}</h2>
          <p>{view.publicAnswer}</p>
          {view.isAppeal ? (
            <p data-testid="answer-letter">
              <a href={`/track/${token}/letter`}>{t(lang, "citizen:track.letter")}</a> ·{" "}
              <a href={`/track/${token}/letter.pdf`}>{t(lang, "citizen:track.letterPdf")}</a>
            </p>
          ) : null}
        </section>
      ) : null}

      {view.question ? (
        <section className="notice question" aria-labelledby="question-title">
          <h2 id="question-title">{t(lang, "citizen:track.questionTitle")}</h2>
          <p>{view.question}</p>
        </section>
      ) : null}

      {view.canConfirm ? (
        <section aria-labelledby="confirm-title" className="panel">
          <h2 id="confirm-title">{t(lang, "citizen:track.confirmTitle")}</h2>
          <p>{t(lang, "citizen:track.confirmLead")}</p>
          <PostForm action={action}>
            <FieldError id="confirm-form" error={errorsFor("confirm").form ?? errorsFor("reopen").form} />
            <TextField {...field("reopen", "comment")} label={t(lang, "citizen:track.confirmComment")} multiline maxLength={2000} />
            <div className="button-row">
              <IntentButton intent="confirm" busy={busy} label={t(lang, "citizen:track.confirmYes")} />
              <IntentButton intent="reopen" className="secondary" busy={busy} label={t(lang, "citizen:track.confirmNo")} />
            </div>
          </PostForm>
        </section>
      ) : null}

      {view.canRate ? (
        <section aria-labelledby="rate-title" className="panel">
          <h2 id="rate-title">{t(lang, "citizen:track.rateTitle")}</h2>
          {view.rating ? <p role="status">{t(lang, "citizen:track.rated", { score: view.rating.score })}</p> : null}
          <PostForm action={action}>
            <fieldset className="rating" aria-describedby={errorsFor("rate").score ? "score-error" : undefined}>
              <legend>{t(lang, "citizen:track.rateLegend")}</legend>
              {[1, 2, 3, 4, 5].map((n) => (
                <span key={n} className="rating-option">
                  <input type="radio" id={`score-${n}`} name="score" value={n} defaultChecked={view.rating?.score === n} required />
                  <label htmlFor={`score-${n}`}>{n}</label>
                </span>
              ))}
              <FieldError id="score" error={errorsFor("rate").score} />
            </fieldset>
            <TextField
              {...field("rate", "ratingComment")}
              label={t(lang, "citizen:track.rateComment")}
              multiline
              maxLength={2000}
              defaultValue={view.rating?.comment ?? ""}
            />
            <IntentButton intent="rate" busy={busy} label={t(lang, "citizen:track.rateSubmit")} />
          </PostForm>
        </section>
      ) : null}

      {view.handoff ? (
        <section aria-labelledby="handoff-title" className="panel handoff" data-testid="handoff">
          <h2 id="handoff-title">{t(lang, "handoff:track.title")}</h2>
          {done === "order" ? (
            <p className="success" role="status">
              {t(lang, "handoff:track.saved")}
            </p>
          ) : null}
          <dl>
            <dt>{t(lang, "handoff:track.provider")}</dt>
            <dd>{t(lang, `handoff:provider.${view.handoff.provider}`)}</dd>
            {view.handoff.service ? (
              <>
                <dt>{t(lang, "handoff:track.service")}</dt>
                <dd>{view.handoff.service}</dd>
              </>
            ) : null}
            <dt>{t(lang, "handoff:track.status")}</dt>
            <dd data-testid="handoff-status">
              {t(lang, `handoff:status.${view.handoff.status}`)}
              {view.handoff.outcome ? ` — ${view.handoff.outcome}` : ""}
            </dd>
            {view.handoff.orderId ? (
              <>
                <dt>{t(lang, "handoff:track.orderId")}</dt>
                <dd>{view.handoff.orderId}</dd>
              </>
            ) : null}
          </dl>
          {view.handoff.link ? (
            <p>
              <a href={view.handoff.link} rel="noreferrer noopener" target="_blank">
                {t(lang, "handoff:track.link")}
              </a>
            </p>
          ) : null}
          {view.handoff.canRecordOrder ? (
            <PostForm action={action}>
              <p>{t(lang, "handoff:track.orderLead")}</p>
              <TextField
                {...field("order", "orderId")}
                label={t(lang, "handoff:track.orderTitle")}
                maxLength={40}
                defaultValue={resent("order", "orderId") ?? view.handoff.orderId ?? ""}
              />
              <IntentButton intent="order" busy={busy} label={t(lang, "handoff:track.orderSubmit")} />
            </PostForm>
          ) : null}
        </section>
      ) : null}

      {/* Not while the page still reloads itself: a reload without JavaScript would lose what was typed. */}
      {view.canAddInfo && !view.routing?.watch ? (
        <section aria-labelledby="info-title" className="panel">
          <h2 id="info-title">{t(lang, view.question ? "citizen:track.infoAnswerTitle" : "citizen:track.infoTitle")}</h2>
          <PostForm action={action} encType="multipart/form-data">
            <TextField
              {...field("info", "text")}
              label={t(lang, "citizen:track.infoText")}
              multiline
              maxLength={5000}
              defaultValue={resent("info", "text") ?? ""}
            />
            <PhotoField
              lang={lang}
              id="info-photos"
              label={t(lang, "citizen:report.photos", { max: limits.maxPhotos, mb: limits.maxMb })}
              error={errorsFor("info").photos}
              hydrated={false}
            />
            <IntentButton intent="info" busy={busy} label={t(lang, "citizen:track.infoSubmit")} />
          </PostForm>
        </section>
      ) : null}

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t(lang, "citizen:track.timeline")}</h2>
        <ol className="timeline">
          {view.events.map((e) => (
            <li key={e.id}>
              <time dateTime={e.at}>{dateTime(e.at)}</time> — {eventText(lang, e)}
              {e.text ? <p className="event-text">{e.text}</p> : null}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="own-title">
        <h2 id="own-title">{t(lang, "citizen:track.description")}</h2>
        <p className="own-description">{view.description}</p>
        {view.address ? (
          <p>
            {t(lang, "citizen:track.address")}: {view.address}
          </p>
        ) : null}
        {view.attachmentIds.length ? (
          <ul className="photos">
            {view.attachmentIds.map((id, i) => (
              <li key={id}>
                <a href={`/attachments/${id}?token=${token}`}>
                  <img
                    src={`/attachments/${id}?token=${token}`}
                    alt={t(lang, "citizen:track.photoAlt", { n: i + 1 })}
                    loading="lazy"
                    width={160}
                    height={120}
                  />
                </a>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const root = useRouteLoaderData<{ lang: Lang }>("root");
  const lang: Lang = root?.lang ?? "uk";
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <div className="citizen">
        <h1>{t(lang, "citizen:track.notFoundTitle")}</h1>
        <p>{t(lang, "citizen:track.notFoundLead")}</p>
        <p>
          <a href={`/find?lang=${lang}`}>{t(lang, "citizen:home.find")}</a>
        </p>
        <p>
          <a href={`/report?lang=${lang}`}>{t(lang, "citizen:track.reportLink")}</a>
        </p>
      </div>
    );
  }
  return <ErrorPage error={error} lang={lang} />;
}
