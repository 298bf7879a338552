// The web-streams build of React's server renderer, under its own entry point (the types
// package declares it only as part of "react-dom/server").
declare module "react-dom/server.browser" {
  export { renderToReadableStream } from "react-dom/server";
}
