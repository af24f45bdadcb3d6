#!/usr/bin/env node
require('../bundle/skiff.js').main();
