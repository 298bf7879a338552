// Point-in-polygon over GeoJSON (WGS84 [lon, lat]). Districts are few and small, so a
// bounding-box prefilter in SQL plus this exact test is enough; no PostGIS needed.

export type Position = [number, number];
export type GeoJsonGeometry = { type: "Polygon"; coordinates: Position[][] } | { type: "MultiPolygon"; coordinates: Position[][][] };

function inRing(lon: number, lat: number, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygon(lon: number, lat: number, rings: Position[][]): boolean {
  const [outer, ...holes] = rings;
  if (!outer || !inRing(lon, lat, outer)) return false;
  return !holes.some((h) => inRing(lon, lat, h));
}

export function containsPoint(geometry: GeoJsonGeometry, point: { lat: number; lon: number }): boolean {
  if (geometry.type === "Polygon") return inPolygon(point.lon, point.lat, geometry.coordinates);
  if (geometry.type === "MultiPolygon") return geometry.coordinates.some((p) => inPolygon(point.lon, point.lat, p));
  return false;
}

export function isGeometry(value: unknown): value is GeoJsonGeometry {
  const v = value as { type?: unknown; coordinates?: unknown } | null;
  return !!v && (v.type === "Polygon" || v.type === "MultiPolygon") && Array.isArray(v.coordinates);
}

export function boundingBox(geometry: GeoJsonGeometry) {
  const rings = geometry.type === "Polygon" ? geometry.coordinates : geometry.coordinates.flat();
  let minLon = Infinity,
    minLat = Infinity,
    maxLon = -Infinity,
    maxLat = -Infinity;
  for (const ring of rings)
    for (const [lon, lat] of ring) {
      minLon = Math.min(minLon, lon);
      maxLon = Math.max(maxLon, lon);
      minLat = Math.min(minLat, lat);
      maxLat = Math.max(maxLat, lat);
    }
  return { minLon, minLat, maxLon, maxLat };
}
