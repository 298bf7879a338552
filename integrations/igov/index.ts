export * from "./adapter.ts";
export * from "./client.ts";
export * from "./errors.ts";
export * from "./luhn.ts";
export * from "./schemas.ts";
export * from "./status.ts";
