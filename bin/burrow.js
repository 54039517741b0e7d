#!/usr/bin/env node
// The `burrow` command. The code lives in dist/ (built by `npm run build`).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
