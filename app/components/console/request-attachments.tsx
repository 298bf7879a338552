import { t, type Lang } from "#app/utils/i18n.ts";
import { kyivTime } from "./format.ts";

export type StaffAttachment = {
  id: string;
  kind: string;
  mimeType: string;
  size: number;
  createdAt: string | Date;
  transcript: string | null;
  transcribedAt: string | Date | null;
  /** "stored": served at /staff/attachments/<id>; "pending": waiting for its download; "unavailable": never will be. */
  file: "stored" | "pending" | "unavailable";
};

const AUDIO = new Set(["recording", "voice"]);
/** "photo": what the citizen sent; "photo-after": the executor's photo of the finished work. */
const PHOTOS = new Set(["photo", "photo-after"]);

/**
 * A request's attachments on the staff request page: photos as thumbnails (opening the
 * full image; the executor's "after" photos named as such), recordings and voice notes as players with what was said under them. Every
 * file comes from the staff-only, audited /staff/attachments/<id>.
 */
export function RequestAttachments({ lang, attachments }: { lang: Lang; attachments: StaffAttachment[] }) {
  const L = (key: string) => t(lang, `console:request.attachment.${key}`);
  if (!attachments.length) return <p>{t(lang, "console:request.noAttachments")}</p>;
  return (
    <ul className="attachments">
      {attachments.map((a) => {
        const src = `/staff/attachments/${a.id}`;
        const kind = PHOTOS.has(a.kind) || AUDIO.has(a.kind) ? a.kind : "other";
        const isAudio = AUDIO.has(a.kind);
        return (
          <li key={a.id} data-attachment-kind={a.kind}>
            <div>
              <strong>{L(kind)}</strong> · {kyivTime(a.createdAt)}
              {a.file === "stored" ? ` · ${Math.max(1, Math.round(a.size / 1024))} KB` : null}
            </div>
            {a.file === "pending" ? <p>{L("notDownloaded")}</p> : null}
            {a.file === "unavailable" ? <p>{L("unavailable")}</p> : null}
            {a.file === "stored" && PHOTOS.has(a.kind) ? (
              <a href={src} target="_blank" rel="noreferrer">
                <img src={src} alt={L(kind)} loading="lazy" style={{ maxWidth: 240, maxHeight: 180 }} />
              </a>
            ) : null}
            {a.file === "stored" && isAudio ? <audio controls preload="none" src={src} /> : null}
            {a.file === "stored" && !isAudio && !PHOTOS.has(a.kind) ? (
              <a href={src} target="_blank" rel="noreferrer">
                {L("open")}
              </a>
            ) : null}
            {isAudio && a.file === "stored" ? (
              <blockquote data-testid="transcript">
                {a.transcript ? (
                  <>
                    <small>{L("transcript")}:</small> {a.transcript}
                  </>
                ) : (
                  L(a.transcribedAt ? "transcriptNone" : "transcriptPending")
                )}
              </blockquote>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
