// The place of the problem: a Leaflet map (loaded only in the browser, only here) where a
// click drops the pin, "use my location", and an address field with street suggestions;
// choosing a street from the list places the pin on it. The pin is the source of truth;
// without JavaScript (or when the map tiles cannot load) the address field is enough.
import { useState } from "react";
import { PinMap, round, type Pin } from "#app/components/map/pin-map.tsx";
import { t, type Lang } from "#app/utils/i18n.ts";
import { TextField } from "./field.tsx";

export type { Pin };

type StreetHit = { name: string; matchedAlias: string | null; lat: number; lon: number };

export function LocationField(props: {
  lang: Lang;
  hydrated: boolean;
  tileUrl: string;
  attribution: string;
  pin: Pin;
  onPin: (pin: Pin) => void;
  defaultAddress?: string;
  error?: string;
}) {
  const { lang, pin, onPin } = props;
  const [geoState, setGeoState] = useState<"idle" | "busy" | "denied">("idle");
  const [streets, setStreets] = useState<StreetHit[]>([]);
  const [focus, setFocus] = useState<{ lat: number; lon: number; zoom: number } | null>(null);

  const useMyLocation = () => {
    if (!navigator.geolocation) return setGeoState("denied");
    setGeoState("busy");
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setGeoState("idle");
        const next = { lat: round(p.coords.latitude), lon: round(p.coords.longitude) };
        onPin(next);
        setFocus({ ...next, zoom: 17 });
      },
      () => setGeoState("denied"),
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };

  const searchStreets = async (value: string) => {
    const match = streets.find((s) => s.name === value);
    if (match) {
      // Choosing a street places the pin on it; the citizen moves it to the exact spot.
      onPin({ lat: round(match.lat), lon: round(match.lon) });
      setFocus({ lat: match.lat, lon: match.lon, zoom: 17 });
      return;
    }
    if (value.trim().length < 2) return;
    try {
      const res = await fetch(`/api/streets?q=${encodeURIComponent(value.trim())}`);
      if (res.ok) setStreets(((await res.json()) as { streets: StreetHit[] }).streets);
    } catch {
      // Suggestions are a convenience; the typed address is enough.
    }
  };

  return (
    <fieldset className="location">
      <legend>{t(lang, "citizen:report.locationLegend")}</legend>
      <p className="hint" id="location-hint">
        {t(lang, "citizen:report.locationHint")}
      </p>
      <input type="hidden" name="lat" value={pin ? String(pin.lat) : ""} />
      <input type="hidden" name="lon" value={pin ? String(pin.lon) : ""} />
      {props.hydrated ? (
        <>
          <PinMap
            tileUrl={props.tileUrl}
            attribution={props.attribution}
            pin={pin}
            onPin={onPin}
            focus={focus}
            label={t(lang, "citizen:report.mapLabel")}
            tilesFailedText={t(lang, "citizen:report.mapTilesFailed")}
            testId="report-map"
          />
          <p className="pin-status" aria-live="polite" data-testid="pin-status">
            {pin ? t(lang, "citizen:report.pinSet", { lat: pin.lat.toFixed(5), lon: pin.lon.toFixed(5) }) : t(lang, "citizen:report.pinNone")}
          </p>
          <div className="button-row">
            <button type="button" className="secondary" onClick={useMyLocation} disabled={geoState === "busy"}>
              {geoState === "busy" ? t(lang, "citizen:report.locating") : t(lang, "citizen:report.useMyLocation")}
            </button>
            {pin ? (
              <button type="button" className="secondary" onClick={() => onPin(null)}>
                {t(lang, "citizen:report.clearPin")}
              </button>
            ) : null}
          </div>
          {geoState === "denied" ? (
            <p className="error" role="status">
              {t(lang, "citizen:report.locationDenied")}
            </p>
          ) : null}
        </>
      ) : null}
      <TextField
        id="address"
        name="address"
        label={t(lang, "citizen:report.address")}
        hint={t(lang, "citizen:report.addressHint")}
        defaultValue={props.defaultAddress}
        error={props.error}
        autoComplete="off"
        list={props.hydrated ? "street-list" : undefined}
        maxLength={500}
        onChange={props.hydrated ? (v) => void searchStreets(v) : undefined}
      />
      {props.hydrated ? (
        <datalist id="street-list" aria-label={t(lang, "citizen:report.streetSuggestions")}>
          {streets.map((s) => (
            <option key={s.name} value={s.name}>
              {s.matchedAlias ? `${s.name} (${t(lang, "citizen:report.formerName", { name: s.matchedAlias })})` : s.name}
            </option>
          ))}
        </datalist>
      ) : null}
    </fieldset>
  );
}
