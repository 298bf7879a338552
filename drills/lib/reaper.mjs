// Started by the drills harness (drills/lib/processes.ts) in its own process group. While
// the harness lives it does nothing; when the harness is gone (killed with -9, a closed
// terminal) it kills the process groups listed in the state file and removes the
// temporary directories, then exits. Plain JavaScript so it starts in milliseconds.
import { readFileSync, rmSync } from "node:fs";

const [harnessPid, stateFile] = process.argv.slice(2).map(String);
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
};

setInterval(() => {
  if (alive(Number(harnessPid))) return;
  let state = { groups: [], dirs: [] };
  try {
    state = JSON.parse(readFileSync(stateFile, "utf8"));
  } catch {
    // nothing recorded: nothing to do
  }
  for (const pgid of state.groups ?? []) {
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // gone already
    }
  }
  for (const dir of state.dirs ?? []) rmSync(dir, { recursive: true, force: true });
  rmSync(stateFile, { force: true });
  process.exit(0);
}, 1000);
