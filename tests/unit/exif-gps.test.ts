// "Use the photo's location": the GPS position is read from a real JPEG's EXIF (written by
// sharp here), and anything without one gives null rather than an error.
import sharp from "sharp";
import { describe, expect, test } from "vitest";
import { readExifGps } from "#app/components/citizen/exif-gps.ts";

const bytes = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer;
const image = () => sharp({ create: { width: 8, height: 8, channels: 3, background: "#888" } });

describe("readExifGps", () => {
  test("a JPEG with a position in Sloviansk", async () => {
    const jpeg = await image()
      .jpeg()
      .withExif({ IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 3000/100", GPSLongitudeRef: "E", GPSLongitude: "37/1 36/1 0/1" } })
      .toBuffer();
    const gps = await readExifGps(bytes(jpeg));
    expect(gps?.lat).toBeCloseTo(48.858333, 5);
    expect(gps?.lon).toBeCloseTo(37.6, 5);
  });

  test("south and west are negative", async () => {
    const jpeg = await image()
      .jpeg()
      .withExif({ IFD3: { GPSLatitudeRef: "S", GPSLatitude: "33/1 52/1 0/1", GPSLongitudeRef: "W", GPSLongitude: "70/1 40/1 0/1" } })
      .toBuffer();
    const gps = await readExifGps(bytes(jpeg));
    expect(gps!.lat).toBeLessThan(0);
    expect(gps!.lon).toBeLessThan(0);
  });

  test("no position, no EXIF, or not an image at all → null", async () => {
    expect(
      await readExifGps(
        bytes(
          await image()
            .jpeg()
            .withExif({ IFD0: { Copyright: "Слов'янськ" } })
            .toBuffer(),
        ),
      ),
    ).toBeNull();
    expect(await readExifGps(bytes(await image().jpeg().toBuffer()))).toBeNull();
    expect(await readExifGps(new TextEncoder().encode("not a photo").buffer as ArrayBuffer)).toBeNull();
    expect(await readExifGps(new ArrayBuffer(0))).toBeNull();
  });
});
