#!/usr/bin/env -S node --
// The `--` above ends Node's own options: Node 20 would otherwise take a container's
// `--env-file` flag as its own.
require('../bundle/skiff.js').main();
