// Reads the GPS position from a photo's EXIF block in the browser, so the form can OFFER
// "use the photo's location" (never applied without the citizen's click). exifr's lite
// build reads JPEG (and HEIC/TIFF) headers; a photo without a position, or bytes that are
// not an image, give null.
import exifr from "exifr/dist/lite.esm.mjs";

export async function readExifGps(buffer: ArrayBuffer): Promise<{ lat: number; lon: number } | null> {
  try {
    const gps = await exifr.gps(buffer);
    const lat = gps?.latitude;
    const lon = gps?.longitude;
    if (typeof lat !== "number" || typeof lon !== "number" || !Number.isFinite(lat) || !Number.isFinite(lon) || (lat === 0 && lon === 0)) return null;
    return { lat, lon };
  } catch {
    return null;
  }
}
