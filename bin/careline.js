#!/usr/bin/env node
// Entry point of the `careline` command. The TypeScript sources are compiled by `npm install` (prepare).
import '../dist/src/cli/main.js';
