// Up to five photos. With JavaScript, a JPEG's EXIF position is read in the browser and
// OFFERED as the pin; it is never applied unless the citizen presses the button.
import { useState } from "react";
import { t, type Lang } from "#app/utils/i18n.ts";
import { readExifGps } from "./exif-gps.ts";
import { describedBy, FieldError, FieldHint } from "./field.tsx";

export function PhotoField(props: {
  lang: Lang;
  id?: string;
  label: string;
  hint?: string;
  error?: string;
  hydrated: boolean;
  onUseLocation?: (pin: { lat: number; lon: number }) => void;
}) {
  const id = props.id ?? "photos";
  const [gps, setGps] = useState<{ lat: number; lon: number } | null>(null);
  const onChange = async (files: FileList | null) => {
    setGps(null);
    if (!props.onUseLocation || !files) return;
    for (const file of Array.from(files)) {
      if (file.type !== "image/jpeg") continue;
      const found = await readExifGps(await file.slice(0, 256 * 1024).arrayBuffer());
      if (found) return setGps(found);
    }
  };
  return (
    <div className={`field${props.error ? " has-error" : ""}`}>
      <label htmlFor={id}>{props.label}</label>
      <FieldHint id={id}>{props.hint}</FieldHint>
      <input
        id={id}
        name="photos"
        type="file"
        multiple
        accept="image/jpeg,image/png,image/webp"
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(id, props.hint, props.error)}
        onChange={props.hydrated ? (e) => void onChange(e.target.files) : undefined}
      />
      <FieldError id={id} error={props.error} />
      {gps && props.onUseLocation ? (
        <p role="status" className="notice">
          {t(props.lang, "citizen:report.photoGpsFound")}{" "}
          <button type="button" className="secondary" onClick={() => props.onUseLocation!(gps)}>
            {t(props.lang, "citizen:report.photoGpsUse")}
          </button>
        </p>
      ) : null}
    </div>
  );
}
