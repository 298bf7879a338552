import { z } from "zod";
import { DEFAULT_UK_UA_VOICE, UK_UA_VOICES } from "#integrations/twilio/voices.ts";

// Validated once per process, on first use (tests set their own values before that).
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().default("postgresql://postgres@127.0.0.1:5432/slv_contact_centre"),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
  /// Prefix of every BullMQ key, so several installations (or test files) share one Redis.
  QUEUE_PREFIX: z.string().min(1).default("slv"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  /// "1" behind a reverse proxy that sets X-Forwarded-For.
  TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  /// On SIGTERM: how long the web waits for requests in flight, and the workers for running jobs, before cutting them.
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(600).default(15),
  /// On SIGTERM: how long the web keeps accepting (answering /readyz with 503) so a load balancer can take it out first.
  SHUTDOWN_DELAY_SECONDS: z.coerce.number().min(0).max(120).default(0),
  PUBLIC_BASE_URL: z.string().url().optional(),
  /// Signs staff sessions and derives tracking links. Production: 32+ random characters, required
  /// (see session-secret.server.ts); unset locally, a generated one is kept in .data/.
  SESSION_SECRET: z.string().optional(),
  /// "1": seed the demo staff (public passwords) and demo requests. Default on in development only.
  SEED_DEMO: z.enum(["0", "1"]).optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  TELEGRAM_BOT_TOKEN: z.string().optional(),
  TELEGRAM_API_ROOT: z.string().url().default("https://api.telegram.org"),
  /// How updates arrive: the bot process long-polls ("polling"), or Telegram posts them to the web
  /// ("webhook": needs PUBLIC_BASE_URL, TELEGRAM_WEBHOOK_SECRET and TELEGRAM_WEBHOOK_PATH). Independent of Twilio.
  TELEGRAM_MODE: z.enum(["polling", "webhook"]).default("polling"),
  /// Webhook mode: Telegram's secret_token, checked on every delivery.
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/)
    .optional(),
  /// Webhook mode: the random path segment of /webhooks/telegram/<path>.
  TELEGRAM_WEBHOOK_PATH: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,128}$/)
    .optional(),
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_PHONE_NUMBER: z.string().optional(),
  /// Twilio's REST API root (default https://api.twilio.com); another endpoint speaking it, such as the fault drills' stand-in.
  TWILIO_API_URL: z.string().url().optional(),
  /// An SMS within this many minutes of the citizen's own last message joins that request when it is about the same problem.
  SMS_CONVERSATION_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(30),
  /// A caller waiting longer than this for an operator is offered a callback.
  VOICE_QUEUE_MAX_WAIT_SECONDS: z.coerce.number().int().min(10).max(3600).default(180),
  /// The hotline's text-to-speech voice: one of Twilio's uk-UA voices (integrations/twilio/voices.ts); any other is refused at start.
  VOICE_TTS_VOICE: z.enum(UK_UA_VOICES).default(DEFAULT_UK_UA_VOICE),
  /// Speech-to-text for recordings and voice notes: "sandbox" (deterministic, no account; the default) or
  /// "google" (Cloud Speech-to-Text v1 speech:recognize with GOOGLE_SPEECH_API_KEY).
  SPEECH_PROVIDER: z.enum(["sandbox", "google"]).default("sandbox"),
  GOOGLE_SPEECH_API_KEY: z.string().optional(),
  GOOGLE_SPEECH_API_URL: z.string().url().default("https://speech.googleapis.com"),
  /// Operators' hours, Kyiv time: "<first weekday>-<last weekday> HH:MM-HH:MM" (1 = Monday).
  HOTLINE_HOURS: z
    .string()
    .regex(/^[1-7]-[1-7] \d{2}:\d{2}-\d{2}:\d{2}$/)
    .default("1-5 08:00-17:00"),
  /// Map tiles for the citizen's location picker (Leaflet URL template).
  MAP_TILE_URL: z.string().min(1).default("https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
  MAP_ATTRIBUTION: z.string().min(1).default("© OpenStreetMap contributors"),
  /// The city's requisites on official answer letters (app/domain/appeals). Set them for the
  /// city; the defaults name the council and say what is still to configure.
  CITY_NAME: z.string().min(1).default("Виконавчий комітет Слов'янської міської ради"),
  CITY_ADDRESS: z.string().min(1).default("м. Слов'янськ Донецької обл. (вкажіть адресу в CITY_ADDRESS)"),
  CITY_EDRPOU: z.string().min(1).default("не налаштовано (CITY_EDRPOU)"),
  CITY_PHONE: z.string().min(1).default("не налаштовано (CITY_PHONE)"),
  CITY_EMAIL: z.string().min(1).default("не налаштовано (CITY_EMAIL)"),
  /// Who signs answer letters; empty: the staff member who gave the answer, with their role and department.
  LETTER_SIGNER_NAME: z.string().min(1).optional(),
  LETTER_SIGNER_POSITION: z.string().min(1).optional(),
  /// Where citizens' photos are stored (random keys; served only through the tracking link).
  UPLOAD_DIR: z.string().min(1).default("./.data/uploads"),
  /// Where the web keeps SMS and calls it could not record while the database was away, until it can (a local disk that survives restarts).
  SPOOL_DIR: z.string().min(1).default("./.data/spool"),
  MAX_UPLOAD_MB: z.coerce.number().positive().max(100).default(8),
  /// iGov portal (hand-off of administrative services): base URL and the place codes (KOATUU) pre-selected in links.
  IGOV_BASE_URL: z.string().url().default("https://igov.org.ua"),
  IGOV_PLACE_REGION: z
    .string()
    .regex(/^\d{10}$/)
    .default("1400000000"),
  IGOV_PLACE_CITY: z
    .string()
    .regex(/^\d{10}$/)
    .default("1414100000"),
  /// Stop polling a hand-off whose order iGov keeps reporting unknown/not found for this long.
  HANDOFF_POLL_GIVE_UP_DAYS: z.coerce.number().positive().max(365).default(14),
  /// Polling failures in a row after which operators see the hand-off as failing.
  HANDOFF_FAILING_AFTER: z.coerce.number().int().positive().max(100).default(3),
  /// Open311 GeoReport v2: api_key values accepted besides the keys issued in admin (comma-separated; empty: none).
  OPEN311_API_KEYS: z
    .string()
    .default("")
    .refine(
      (v) =>
        v
          .split(",")
          .map((k) => k.trim())
          .every((k) => k === "" || k.length >= 16),
      "every key needs at least 16 characters (generate one with `openssl rand -base64 24`)",
    ),
  /// The jurisdiction_id this Open311 server answers for (a request naming another one gets a 404).
  OPEN311_JURISDICTION_ID: z.string().min(1).default("sloviansk.gov.ua"),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(
    // Empty strings from .env files mean "not set".
    Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== "")),
  );
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}

/**
 * Whether demo data (staff with published passwords, demo requests) is seeded: SEED_DEMO,
 * else only in development. Never in production: a production start refuses SEED_DEMO=1.
 */
export function isDemoSeedingEnabled(env: Env = getEnv()): boolean {
  if (env.NODE_ENV === "production") return false;
  return env.SEED_DEMO ? env.SEED_DEMO === "1" : env.NODE_ENV === "development";
}

/** Tests change the environment between files; production never calls this. */
export function resetEnvForTests() {
  cached = undefined;
}
