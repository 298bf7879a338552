export * from "./client.ts";
export * from "./errors.ts";
export * from "./schemas.ts";
export * from "./webhook.ts";
