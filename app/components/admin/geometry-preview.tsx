import type { GeoJsonGeometry } from "#app/domain/routing/geo.ts";

/** A plain SVG outline of a district (no map tiles): enough to see the shape is right. */
export function GeometryPreview({
  geometry,
  bbox,
  label,
}: {
  geometry: GeoJsonGeometry;
  bbox: { minLon: number; minLat: number; maxLon: number; maxLat: number };
  label: string;
}) {
  const w = 160;
  const h = 120;
  const sx = w / Math.max(bbox.maxLon - bbox.minLon, 1e-9);
  const sy = h / Math.max(bbox.maxLat - bbox.minLat, 1e-9);
  const s = Math.min(sx, sy);
  const rings = geometry.type === "Polygon" ? geometry.coordinates : geometry.coordinates.flat();
  const d = rings
    .map(
      (ring) =>
        ring.map(([lon, lat], i) => `${i ? "L" : "M"}${((lon - bbox.minLon) * s).toFixed(1)},${(h - (lat - bbox.minLat) * s).toFixed(1)}`).join("") + "Z",
    )
    .join("");
  return (
    <svg role="img" aria-label={label} width={w} height={h} viewBox={`-2 -2 ${w + 4} ${h + 4}`} className="geometry-preview">
      <path d={d} fill="#cfe0ff" stroke="#0b3d91" strokeWidth={1.5} fillRule="evenodd" />
    </svg>
  );
}
