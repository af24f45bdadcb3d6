// The heavy half of the command line, loaded by index.ts only when a command runs.
export { COMMANDS } from './commands.js';
export { main } from './main.js';
