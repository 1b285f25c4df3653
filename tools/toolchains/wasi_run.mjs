// Runs a wasm32-wasi command module under node's WASI (preview1):
//   node --no-warnings wasi_run.mjs PROGRAM.wasm [ARGS...]
// stdio, arguments and environment pass through; the host's / is preopened so paths work as
// they do natively. The exit status is the program's; a trap (abort, unreachable) exits 134 as
// SIGABRT would.
import { readFile } from 'node:fs/promises';
import { argv, env, exit } from 'node:process';
import { WASI } from 'node:wasi';

const [program, ...args] = argv.slice(2);
if (program === undefined) {
  console.error('usage: node wasi_run.mjs PROGRAM.wasm [ARGS...]');
  exit(2);
}
const wasi = new WASI({
  version: 'preview1',
  args: [program, ...args],
  env,
  preopens: { '/': '/' },
  returnOnExit: true,
});
let status;
try {
  const module = await WebAssembly.compile(await readFile(program));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  status = wasi.start(instance);
} catch (error) {
  console.error(`${program}: ${error.message}`);
  status = 134;
}
exit(status);
