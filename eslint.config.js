// Lint rules of the house. Beyond the recommended sets, the layering is enforced here:
// doors (routes, workers, bots) → channels → domain → integrations and utils. The core never
// speaks a channel's language (no Request/Response, TwiML or Telegram conversation), and
// provider integrations know nothing of the app.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// Import specifiers as regular expressions ("#…" would be a comment in gitignore-style groups).
// A relative path may not climb out of its folder to reach another layer either.
const doors = ["^#app/routes/", "^#workers/", "^#bots/", "^\\.{1,2}/(.*/)?(routes|workers|bots)/"];
const climbing = "^\\.\\./";
const restrict = (patterns, message) => ({ regex: patterns.join("|"), message });

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "dist/**",
      "app/generated/**",
      "node_modules/**",
      "tests/e2e/output/**",
      "tools/**",
      ".data/**",
      "bench/results/**",
      "public/build/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      // Route modules and tests pass loosely typed functions around on purpose.
      "@typescript-eslint/no-unsafe-function-type": "off",
      "@typescript-eslint/no-explicit-any": "warn",
    },
  },
  {
    files: ["app/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ["app/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            restrict([...doors, "^#app/channels/"], "The core does not import doors or channels: move channel talk to app/channels."),
            restrict([climbing], "Outside its own folder the core imports by alias (#app/…), so the layer rules can see it."),
            restrict(
              ["^#integrations/twilio/twiml", "^telegraf(/|$)", "^@remix-run/"],
              "The core is channel-neutral: no TwiML, Telegram conversation or Remix here.",
            ),
          ],
        },
      ],
      "no-restricted-globals": [
        "error",
        { name: "Request", message: "Take plain data; the door reads the Request." },
        { name: "Response", message: "Throw an AppError; the door maps it to its medium." },
      ],
      "@typescript-eslint/no-restricted-types": [
        "error",
        { types: { Request: "Take plain data; the door reads the Request.", Response: "Return data; the door builds the Response." } },
      ],
    },
  },
  {
    files: ["app/channels/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [restrict(doors, "Channels are shared by the doors; they do not import them.")] }] },
  },
  {
    files: ["integrations/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [restrict(["^#app/", ...doors, "^(\\.\\./){2,}"], "Integrations speak a provider's wire format and know nothing of the app.")] },
      ],
    },
  },
  {
    files: ["app/utils/**/*.ts", "app/utils/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            restrict([...doors, "^#app/channels/", "^#app/domain/", climbing], "Utilities are the bottom layer: they import no domain, channel or door."),
          ],
        },
      ],
    },
  },
);
