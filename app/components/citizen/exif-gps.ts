// Reads the GPS position from a JPEG's EXIF block in the browser, so the form can OFFER
// "use the photo's location" (never applied without the citizen's click).
export function readExifGps(buffer: ArrayBuffer): { lat: number; lon: number } | null {
  const view = new DataView(buffer);
  if (view.byteLength < 4 || view.getUint16(0) !== 0xffd8) return null;
  let offset = 2;
  while (offset + 4 <= view.byteLength) {
    const marker = view.getUint16(offset);
    if ((marker & 0xff00) !== 0xff00) return null;
    const length = view.getUint16(offset + 2);
    if (marker === 0xffe1 && offset + 10 <= view.byteLength && view.getUint32(offset + 4) === 0x45786966) {
      return readTiff(view, offset + 10);
    }
    if (marker === 0xffda) return null; // start of image data: no EXIF before it
    offset += 2 + length;
  }
  return null;
}

function readTiff(view: DataView, start: number) {
  try {
    const little = view.getUint16(start) === 0x4949;
    const u16 = (o: number) => view.getUint16(start + o, little);
    const u32 = (o: number) => view.getUint32(start + o, little);
    const entries = (ifd: number) => {
      const n = u16(ifd);
      return Array.from({ length: n }, (_, i) => {
        const e = ifd + 2 + i * 12;
        return { tag: u16(e), type: u16(e + 2), count: u32(e + 4), valueOffset: e + 8 };
      });
    };
    const ifd0 = u32(4);
    const gpsPtr = entries(ifd0).find((e) => e.tag === 0x8825);
    if (!gpsPtr) return null;
    const gps = entries(u32(gpsPtr.valueOffset));
    const ref = (tag: number) => {
      const e = gps.find((x) => x.tag === tag);
      return e ? String.fromCharCode(view.getUint8(start + e.valueOffset)) : null;
    };
    const coord = (tag: number) => {
      const e = gps.find((x) => x.tag === tag);
      if (!e || e.type !== 5 || e.count < 3) return null;
      const at = u32(e.valueOffset);
      const r = (i: number) => {
        const den = u32(at + i * 8 + 4);
        return den ? u32(at + i * 8) / den : 0;
      };
      return r(0) + r(1) / 60 + r(2) / 3600;
    };
    const lat = coord(2);
    const lon = coord(4);
    if (lat === null || lon === null || (lat === 0 && lon === 0)) return null;
    return { lat: ref(1) === "S" ? -lat : lat, lon: ref(3) === "W" ? -lon : lon };
  } catch {
    return null;
  }
}
