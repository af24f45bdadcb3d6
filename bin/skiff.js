// The CLI's entry: `bin/skiff` starts Node on this file, inside the user's namespace when it
// can join that directly.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../packages/cli/bundle/skiff.js').main();
