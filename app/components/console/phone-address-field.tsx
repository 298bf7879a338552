// The place of a phone appeal as the caller dictates it: street (suggested from the city's list,
// former names too), house, flat, entrance; a small map whose pin starts on the chosen street
// and can be moved; and the district that routing will use, shown before saving. Without
// JavaScript (or when the map tiles cannot load) the typed street and house are enough: the
// server finds the street's point and district itself.
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { PinMap, round, type Pin } from "#app/components/map/pin-map.tsx";
import { TextField } from "#app/components/console/labelled-field.tsx";
import { t, type Lang } from "#app/utils/i18n.ts";

type StreetHit = { name: string; matchedAlias: string | null; lat: number; lon: number; approximate: boolean };
type District = { code: string; nameUk: string; nameEn: string } | null;

const noSubscription = () => () => {};

export type PhoneAddressValues = { street?: string; house?: string; flat?: string; entrance?: string; lat?: string; lon?: string };

export function PhoneAddressField(props: {
  lang: Lang;
  tileUrl: string;
  attribution: string;
  values: PhoneAddressValues;
  fieldErrors: Record<string, string>;
}) {
  const { lang, values, fieldErrors } = props;
  const L = (key: string, params?: Record<string, string>) => t(lang, `console:phone.${key}`, params);
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const initialPin = values.lat && values.lon ? { lat: Number(values.lat), lon: Number(values.lon) } : null;
  const [pin, setPin] = useState<Pin>(initialPin && Number.isFinite(initialPin.lat) && Number.isFinite(initialPin.lon) ? initialPin : null);
  const [focus, setFocus] = useState<{ lat: number; lon: number; zoom: number } | null>(null);
  const [streets, setStreets] = useState<StreetHit[]>([]);
  const [chosen, setChosen] = useState<StreetHit | null>(null);
  const [typed, setTyped] = useState(values.street ?? "");
  const [district, setDistrict] = useState<{ for: string; value: District } | null>(null);
  const asked = useRef(0);

  const onStreet = async (value: string) => {
    setTyped(value);
    const match = streets.find((s) => s.name === value);
    if (match) {
      // Choosing a street places the pin on its point; the operator moves it to the house.
      setChosen(match);
      setPin({ lat: round(match.lat), lon: round(match.lon) });
      setFocus({ lat: match.lat, lon: match.lon, zoom: 16 });
      return;
    }
    setChosen(null);
    if (value.trim().length < 2) return;
    try {
      const res = await fetch(`/api/streets?q=${encodeURIComponent(value.trim())}`);
      if (!res.ok) return;
      const hits = ((await res.json()) as { streets: StreetHit[] }).streets;
      setStreets(hits);
      // A name typed out in full (today's or a former one) counts as chosen.
      const same = (a: string | null) => a?.toLocaleLowerCase("uk") === value.trim().toLocaleLowerCase("uk");
      const exact = hits.find((h) => same(h.name) || same(h.matchedAlias));
      if (exact) {
        setChosen(exact);
        setPin({ lat: round(exact.lat), lon: round(exact.lon) });
        setFocus({ lat: exact.lat, lon: exact.lon, zoom: 16 });
      }
    } catch {
      // Suggestions are a convenience; the server resolves the typed street on saving.
    }
  };

  // The district of the current pin, asked of the server (the same polygons routing uses).
  useEffect(() => {
    if (!pin) return;
    const key = `${pin.lat},${pin.lon}`;
    const n = ++asked.current;
    void fetch(`/staff/district-at?lat=${pin.lat}&lon=${pin.lon}`)
      .then((res) => (res.ok ? (res.json() as Promise<{ district: District }>) : null))
      .then((body) => {
        if (body && n === asked.current) setDistrict({ for: key, value: body.district });
      })
      .catch(() => undefined);
  }, [pin]);

  const pinKey = pin ? `${pin.lat},${pin.lon}` : null;
  const districtText = !pin
    ? L("districtPending")
    : district?.for !== pinKey
      ? L("districtPending")
      : district.value
        ? L("district", { name: lang === "en" ? district.value.nameEn : district.value.nameUk })
        : L("districtNone");
  const notInList = hydrated && typed.trim().length >= 2 && !chosen && streets.length > 0 && !streets.some((s) => s.name === typed);

  return (
    <fieldset className="phone-place">
      <legend>{L("placeLegend")}</legend>
      <input type="hidden" name="lat" value={pin ? String(pin.lat) : ""} />
      <input type="hidden" name="lon" value={pin ? String(pin.lon) : ""} />
      <TextField
        label={L("street")}
        name="street"
        defaultValue={values.street}
        autoComplete="off"
        list={hydrated ? "phone-street-list" : undefined}
        maxLength={200}
        aria-invalid={fieldErrors.street ? true : undefined}
        aria-describedby="street-hint"
        onChange={hydrated ? (e) => void onStreet(e.currentTarget.value) : undefined}
      />
      <p className="muted" id="street-hint">
        {fieldErrors.street ?? L("streetHint")}
      </p>
      {hydrated ? (
        <datalist id="phone-street-list" data-testid="phone-street-list">
          {streets.map((s) => (
            <option key={s.name} value={s.name}>
              {s.matchedAlias ? `${s.name} (${L("formerName", { name: s.matchedAlias })})` : s.name}
            </option>
          ))}
        </datalist>
      ) : null}
      {notInList ? <p className="muted">{L("streetNotInList")}</p> : null}
      {chosen?.approximate ? <p className="muted">{L("pointApproximate")}</p> : null}
      <div className="field-row">
        <TextField
          label={L("house")}
          name="house"
          defaultValue={values.house}
          autoComplete="off"
          maxLength={20}
          inputMode="text"
          aria-invalid={fieldErrors.house ? true : undefined}
          aria-describedby={fieldErrors.house ? "house-error" : undefined}
        />
        <TextField label={L("flat")} name="flat" defaultValue={values.flat} autoComplete="off" maxLength={10} />
        <TextField label={L("entrance")} name="entrance" defaultValue={values.entrance} autoComplete="off" maxLength={10} />
      </div>
      {fieldErrors.house ? (
        <p className="error" id="house-error">
          {fieldErrors.house}
        </p>
      ) : null}
      {hydrated ? (
        <>
          <PinMap
            tileUrl={props.tileUrl}
            attribution={props.attribution}
            pin={pin}
            onPin={setPin}
            focus={focus}
            label={L("mapLabel")}
            tilesFailedText={L("tilesFailed")}
            testId="phone-map"
          />
          <p className="muted" aria-live="polite" data-testid="phone-pin">
            {pin ? L("pinSet", { lat: pin.lat.toFixed(5), lon: pin.lon.toFixed(5) }) : L("pinNone")}
          </p>
        </>
      ) : null}
      <p aria-live="polite" data-testid="phone-district">
        {districtText}
      </p>
    </fieldset>
  );
}
