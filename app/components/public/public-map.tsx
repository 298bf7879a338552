// The public map of requests: Leaflet (loaded only in the browser, as on the report form),
// with nearby pins gathered into one numbered circle until the map is zoomed in. A pin's
// popup links to the request's public card. The points are already public (a cell centre
// unless the citizen agreed to show the exact place); the list under the map carries the
// same requests for anyone without JavaScript or without map tiles.
import { useEffect, useRef } from "react";
import type * as Leaflet from "leaflet";
import type { PublicMapPoint } from "#app/domain/public/list-public-requests.server.ts";
import { t, type Lang } from "#app/utils/i18n.ts";

const CITY_CENTRE = { lat: 48.852, lon: 37.605 };
/** Pins closer than this on screen are drawn as one numbered circle. */
const CLUSTER_PX = 48;

const STATE_COLOURS: Record<string, string> = { open: "#b45309", closed: "#1b5e20" };
const STAGE_COLOURS: Record<string, string> = { reported: "#9b1c1c", fixing: "#b45309", fixed: "#1b5e20" };

type Point = Omit<PublicMapPoint, "receivedAt"> & { receivedAt: string };

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function PublicMap(props: { lang: Lang; points: Point[]; tileUrl: string; attribution: string; colourBy: "state" | "stage"; label: string }) {
  const { lang } = props;
  const el = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!el.current) return;
    let cancelled = false;
    let map: Leaflet.Map | null = null;
    const points = props.points;
    void import("leaflet").then((mod) => {
      if (cancelled || !el.current) return;
      const L = (mod as unknown as { default?: typeof Leaflet }).default ?? (mod as unknown as typeof Leaflet);
      const m = L.map(el.current, { keyboard: true }).setView([CITY_CENTRE.lat, CITY_CENTRE.lon], 13);
      map = m;
      L.tileLayer(props.tileUrl, { attribution: props.attribution, maxZoom: 19 }).addTo(m);
      const layer = L.layerGroup().addTo(m);
      const colour = (p: Point) => (props.colourBy === "stage" ? STAGE_COLOURS[p.stage ?? ""] : STATE_COLOURS[p.state]) ?? "#0b3d91";
      const popup = (p: Point) =>
        `<strong>${escapeHtml(p.category ?? t(lang, "problems:list.noCategory"))}</strong><br>` +
        `${escapeHtml(props.colourBy === "stage" && p.stage ? t(lang, `problems:stage.${p.stage}`) : t(lang, `problems:status.${p.status}`))}` +
        `${p.exact ? "" : ` · ${escapeHtml(t(lang, "problems:map.approximate"))}`}<br>` +
        `<a href="/problems/${encodeURIComponent(p.number)}?lang=${lang}">${escapeHtml(t(lang, "problems:map.open"))} ${escapeHtml(p.number)}</a>`;

      const draw = () => {
        layer.clearLayers();
        const zoom = m.getZoom();
        const buckets = new Map<string, Point[]>();
        for (const p of points) {
          const px = m.project([p.lat, p.lon], zoom);
          const key = `${Math.floor(px.x / CLUSTER_PX)}:${Math.floor(px.y / CLUSTER_PX)}`;
          buckets.set(key, [...(buckets.get(key) ?? []), p]);
        }
        for (const group of buckets.values()) {
          const first = group[0]!;
          if (group.length === 1) {
            L.circleMarker([first.lat, first.lon], { radius: 9, color: "#14213d", weight: 2, fillColor: colour(first), fillOpacity: 0.85 })
              .bindPopup(popup(first))
              .addTo(layer);
            continue;
          }
          const lat = group.reduce((s, p) => s + p.lat, 0) / group.length;
          const lon = group.reduce((s, p) => s + p.lon, 0) / group.length;
          const label = t(lang, "problems:map.cluster", { count: group.length });
          const marker = L.marker([lat, lon], {
            icon: L.divIcon({
              className: "public-cluster",
              html: `<span aria-hidden="true">${group.length}</span><span class="visually-hidden">${escapeHtml(label)}</span>`,
              iconSize: [36, 36],
            }),
            title: label,
            alt: label,
            keyboard: true,
          });
          const sameSpot = group.every((p) => p.lat === first.lat && p.lon === first.lon);
          if (sameSpot || zoom >= m.getMaxZoom()) marker.bindPopup(group.slice(0, 20).map(popup).join("<hr>"));
          else marker.on("click", () => m.fitBounds(L.latLngBounds(group.map((p) => [p.lat, p.lon] as [number, number])).pad(0.2)));
          marker.addTo(layer);
        }
      };
      m.on("zoomend", draw);
      draw();
      if (points.length) m.fitBounds(L.latLngBounds(points.map((p) => [p.lat, p.lon] as [number, number])).pad(0.1), { maxZoom: 15 });
    });
    return () => {
      cancelled = true;
      map?.remove();
    };
    // The map is drawn once per page; new filters load a new page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return <div ref={el} className="public-map" role="region" aria-label={props.label} data-testid="public-map" />;
}
