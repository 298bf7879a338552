export * from "./client.ts";
export * from "./errors.ts";
export * from "./schemas.ts";
export * from "./segments.ts";
export * from "./signature.ts";
export * from "./twiml.ts";
export * from "./webhook.ts";
