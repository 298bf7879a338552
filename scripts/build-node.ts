// `npm run build` (after the Remix build) and `npm start`: compiles the processes' entry points
// to plain JavaScript in dist/, so production runs them with `node` alone instead of
// through a TypeScript loader (which, holding its transforms and source maps, doubled the
// web's resident memory; docs/decisions/016-compiled-production-start.md).
//
//   dist/server.js    the web (server.ts)
//   dist/workers.js   the workers (workers/index.ts)
//   dist/bot.js       the Telegram bot (bots/telegram/index.ts)
//   dist/start.js     `npm start`'s supervisor (scripts/start.ts)
//   dist/prepare.js   what `npm start` runs once before it (scripts/prepare.ts)
//
// Our code (app/, the generated Prisma client, workers/, bots/, integrations/, prisma/seed)
// is bundled, `#app/*` and the other imports of package.json resolved; packages in
// node_modules stay imports, loaded from node_modules as before. Each module keeps its
// source's `import.meta.url`, so paths such as ./build/server/index.js (server.ts) or
// ../../prisma/migrations (migrate.server.ts) mean what they mean in the source.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
export const NODE_BUILD_DIR = path.join(root, "dist");

export const ENTRY_POINTS = {
  server: "server.ts",
  workers: "workers/index.ts",
  bot: "bots/telegram/index.ts",
  start: "scripts/start.ts",
  prepare: "scripts/prepare.ts",
} as const;

/** `import.meta.url` in a bundled module of ours: the address of its source file, relative to the bundle. */
const sourceImportMetaUrl: Plugin = {
  name: "source-import-meta-url",
  setup(b) {
    b.onLoad({ filter: /\.tsx?$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const text = await readFile(args.path, "utf8");
      const loader = args.path.endsWith(".tsx") ? "tsx" : "ts";
      if (!text.includes("import.meta.url")) return { contents: text, loader };
      const relative = path.relative(NODE_BUILD_DIR, args.path).split(path.sep).join("/");
      return { contents: text.replaceAll("import.meta.url", `new URL(${JSON.stringify(relative)}, import.meta.url).href`), loader };
    });
  },
};

export async function buildNode() {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ENTRY_POINTS,
    outdir: NODE_BUILD_DIR,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    // For `node --enable-source-maps dist/server.js` when a stack should name the .ts
    // lines; not loaded otherwise (parsing them is memory the processes do not spend).
    sourcemap: "linked",
    write: false,
    logLevel: "warning",
    plugins: [sourceImportMetaUrl],
  });
  mkdirSync(NODE_BUILD_DIR, { recursive: true });
  // Each file appears whole: a test or a start reading dist while another rebuilds it
  // never loads half a file.
  for (const file of result.outputFiles) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  return result.outputFiles.map((f) => path.relative(root, f.path)).filter((f) => f.endsWith(".js"));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = Date.now();
  const files = await buildNode();
  process.stdout.write(`Compiled ${files.join(", ")} in ${Date.now() - t0} ms\n`);
}
