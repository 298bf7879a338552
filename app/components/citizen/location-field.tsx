// The place of the problem: a Leaflet map (loaded only in the browser, only here) where a
// click drops the pin, "use my location", and an address field with street suggestions.
// The pin is the source of truth; without JavaScript only the address field exists.
import { useEffect, useRef, useState } from "react";
import type * as Leaflet from "leaflet";
import { t, type Lang } from "#app/utils/i18n.ts";
import { TextField } from "./field.tsx";

export type Pin = { lat: number; lon: number } | null;

const CITY_CENTRE = { lat: 48.852, lon: 37.605 };

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
  const mapEl = useRef<HTMLDivElement>(null);
  const map = useRef<Leaflet.Map | null>(null);
  const marker = useRef<Leaflet.CircleMarker | null>(null);
  const leaflet = useRef<typeof Leaflet | null>(null);
  const [geoState, setGeoState] = useState<"idle" | "busy" | "denied">("idle");
  const [streets, setStreets] = useState<{ name: string; lat: number; lon: number }[]>([]);
  const onPinRef = useRef(onPin);
  useEffect(() => {
    onPinRef.current = onPin;
  });

  useEffect(() => {
    if (!props.hydrated || !mapEl.current || map.current) return;
    let cancelled = false;
    void import("leaflet").then((mod) => {
      if (cancelled || !mapEl.current) return;
      const L = (mod as unknown as { default?: typeof Leaflet }).default ?? (mod as unknown as typeof Leaflet);
      leaflet.current = L;
      const start = pin ?? CITY_CENTRE;
      const m = L.map(mapEl.current, { keyboard: true }).setView([start.lat, start.lon], pin ? 17 : 14);
      L.tileLayer(props.tileUrl, { attribution: props.attribution, maxZoom: 19 }).addTo(m);
      m.on("click", (e: Leaflet.LeafletMouseEvent) => onPinRef.current({ lat: round(e.latlng.lat), lon: round(e.latlng.lng) }));
      map.current = m;
      if (pin) marker.current = L.circleMarker([pin.lat, pin.lon], { radius: 10, color: "#9b1c1c", weight: 3, fillOpacity: 0.6 }).addTo(m);
    });
    return () => {
      cancelled = true;
    };
    // The map is created once; later pin changes are applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.hydrated]);

  useEffect(() => {
    const L = leaflet.current;
    const m = map.current;
    if (!L || !m) return;
    if (!pin) {
      marker.current?.remove();
      marker.current = null;
      return;
    }
    if (marker.current) marker.current.setLatLng([pin.lat, pin.lon]);
    else marker.current = L.circleMarker([pin.lat, pin.lon], { radius: 10, color: "#9b1c1c", weight: 3, fillOpacity: 0.6 }).addTo(m);
  }, [pin]);

  useEffect(() => () => void map.current?.remove(), []);

  const useMyLocation = () => {
    if (!navigator.geolocation) return setGeoState("denied");
    setGeoState("busy");
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setGeoState("idle");
        const next = { lat: round(p.coords.latitude), lon: round(p.coords.longitude) };
        onPin(next);
        map.current?.setView([next.lat, next.lon], 17);
      },
      () => setGeoState("denied"),
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };

  const searchStreets = async (value: string) => {
    const match = streets.find((s) => s.name === value);
    if (match) {
      // Choosing a street only moves the map; the citizen still drops the pin.
      map.current?.setView([match.lat, match.lon], 17);
      return;
    }
    if (value.trim().length < 2) return;
    try {
      const res = await fetch(`/api/streets?q=${encodeURIComponent(value.trim())}`);
      if (res.ok) setStreets(((await res.json()) as { streets: { name: string; lat: number; lon: number }[] }).streets);
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
          <div ref={mapEl} className="map" role="region" aria-label={t(lang, "citizen:report.mapLabel")} data-testid="report-map" />
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
            <option key={s.name} value={s.name} />
          ))}
        </datalist>
      ) : null}
    </fieldset>
  );
}

function round(n: number) {
  return Math.round(n * 1e6) / 1e6;
}
