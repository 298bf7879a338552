import { http, passthrough } from "msw";
import { setupServer } from "msw/node";

// msw fakes only third parties' HTTP APIs. Each provider gets its own file in this folder
// (telegram.ts, twilio.ts, igov.ts) exporting handlers; tests add them with server.use().
export const server = setupServer(
  // Servers the tests start themselves on loopback.
  http.all(/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//, () => passthrough()),
);
