#!/usr/bin/env node
import { writeStartScript } from './launch';

const distDir = process.argv[2] ?? 'dist';
process.stdout.write(`wrote ${writeStartScript(distDir)}\n`);
