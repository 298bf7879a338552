// msw handlers for iGov's public portal routes (catalogue, service, places, order lookup),
// answering with payloads shaped from the portal's field names and recording every call.
import { http, HttpResponse } from "msw";
import catalog from "#tests/fixtures/igov/catalog-sloviansk.json";
import { orderEvent } from "#tests/fixtures/igov/order-events.ts";

export const IGOV_ROOT = "https://igov.org.ua";

export type IgovCall = { route: string; url: string };

// The mock checks order ids on its own (not with our code), as the portal does: 403 "CRC Error".
function luhnOk(digits: string) {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function createIgovApi(root = IGOV_ROOT) {
  const calls: IgovCall[] = [];
  const state = {
    catalog: structuredClone(catalog) as unknown[],
    /** "down": every route answers 503; "timeout-ish": the catalogue answers 502. */
    down: false,
    /** sID_Order → nID_StatusType; absent = 403 "Record not found". */
    orders: new Map<string, number>(),
  };
  const rec = (route: string, request: Request) => void calls.push({ route, url: request.url });
  const down = () => HttpResponse.json({ code: "SYSTEM_ERR", message: "Service Unavailable" }, { status: 503 });

  const handlers = [
    http.get(`${root}/api/catalog`, ({ request }) => {
      rec("catalog", request);
      if (state.down) return down();
      return HttpResponse.json(state.catalog);
    }),
    http.get(`${root}/api/service`, ({ request }) => {
      rec("service", request);
      if (state.down) return down();
      const nID = Number(new URL(request.url).searchParams.get("nID"));
      return HttpResponse.json({
        nID,
        sName: "Реєстрація місця проживання",
        sInfo: "<p>Паспорт громадянина України</p>",
        aServiceData: [{ nID: 9001, nID_ServiceType: { nID: 4 }, oPlace: { nID: 38, sName: "Слов'янськ", sID_UA: "1414100000" }, sURL: null }],
      });
    }),
    http.get(`${root}/api/places/regions`, ({ request }) => {
      rec("regions", request);
      return HttpResponse.json([{ nID: 12, sName: "Донецька", sID_UA: "1400000000" }]);
    }),
    http.get(`${root}/api/places/region/:id/cities`, ({ request, params }) => {
      rec("cities", request);
      return HttpResponse.json(String(params.id) === "12" ? [{ nID: 38, sName: "Слов'янськ", sID_UA: "1414100000" }] : []);
    }),
    http.get(`${root}/api/order/search/:sID_Order`, ({ request, params }) => {
      rec("order", request);
      if (state.down) return down();
      const id = String(params.sID_Order);
      const protectedId = id.split("-")[1] ?? "";
      if (!/^\d+$/.test(protectedId) || !luhnOk(protectedId)) return HttpResponse.json({ code: "BUSINESS_ERR", message: "CRC Error" }, { status: 403 });
      const status = state.orders.get(id);
      if (status === undefined) return HttpResponse.json({ code: "BUSINESS_ERR", message: "Record not found" }, { status: 403 });
      return HttpResponse.json(
        orderEvent({ sID_Order: id, nID_StatusType: status, sDateClose: status >= 8 && status <= 11 ? "2026-03-10 12:00:00.000" : null }),
      );
    }),
  ];

  return { handlers, calls, state, count: (route: string) => calls.filter((c) => c.route === route).length, clear: () => void calls.splice(0) };
}
