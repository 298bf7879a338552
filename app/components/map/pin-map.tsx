// A Leaflet map (loaded only in the browser) with one pin: a click places or moves it, and a
// new `focus` (a street chosen from the list) moves the view there. When the tiles cannot
// load — no network to the tile server, a blocked host — the map says so plainly, so the
// person knows to give the address in words instead of staring at a grey box.
import { useEffect, useRef, useState } from "react";
import type * as Leaflet from "leaflet";

export type Pin = { lat: number; lon: number } | null;

export const CITY_CENTRE = { lat: 48.852, lon: 37.605 };

export function PinMap(props: {
  tileUrl: string;
  attribution: string;
  pin: Pin;
  onPin: (pin: Pin) => void;
  /** Where to look (and how close); changing it moves the view. */
  focus?: { lat: number; lon: number; zoom: number } | null;
  /** Accessible name of the map region. */
  label: string;
  /** What to say when the tiles fail to load. */
  tilesFailedText: string;
  testId?: string;
}) {
  const { pin } = props;
  const mapEl = useRef<HTMLDivElement>(null);
  const map = useRef<Leaflet.Map | null>(null);
  const marker = useRef<Leaflet.CircleMarker | null>(null);
  const leaflet = useRef<typeof Leaflet | null>(null);
  const [tilesFailed, setTilesFailed] = useState(false);
  const onPinRef = useRef(props.onPin);
  useEffect(() => {
    onPinRef.current = props.onPin;
  });

  useEffect(() => {
    if (!mapEl.current || map.current) return;
    let cancelled = false;
    void import("leaflet").then((mod) => {
      if (cancelled || !mapEl.current) return;
      const L = (mod as unknown as { default?: typeof Leaflet }).default ?? (mod as unknown as typeof Leaflet);
      leaflet.current = L;
      const start = pin ?? props.focus ?? CITY_CENTRE;
      const m = L.map(mapEl.current, { keyboard: true }).setView([start.lat, start.lon], pin ? 17 : (props.focus?.zoom ?? 14));
      const tiles = L.tileLayer(props.tileUrl, { attribution: props.attribution, maxZoom: 19 });
      // One failed tile is enough to warn; a tile that loads later clears the warning.
      tiles.on("tileerror", () => setTilesFailed(true));
      tiles.on("tileload", () => setTilesFailed(false));
      tiles.addTo(m);
      m.on("click", (e: Leaflet.LeafletMouseEvent) => onPinRef.current({ lat: round(e.latlng.lat), lon: round(e.latlng.lng) }));
      map.current = m;
      if (pin) marker.current = L.circleMarker([pin.lat, pin.lon], { radius: 10, color: "#9b1c1c", weight: 3, fillOpacity: 0.6 }).addTo(m);
    });
    return () => {
      cancelled = true;
    };
    // The map is created once; later pin and focus changes are applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

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

  const focus = props.focus;
  useEffect(() => {
    if (focus) map.current?.setView([focus.lat, focus.lon], focus.zoom);
  }, [focus]);

  useEffect(() => () => void map.current?.remove(), []);

  return (
    <>
      <div ref={mapEl} className="map" role="region" aria-label={props.label} data-testid={props.testId} />
      {tilesFailed ? (
        <p className="error" role="status" data-testid="map-tiles-failed">
          {props.tilesFailedText}
        </p>
      ) : null}
    </>
  );
}

export function round(n: number) {
  return Math.round(n * 1e6) / 1e6;
}
