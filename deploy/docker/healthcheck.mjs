// The HEALTHCHECK of every image built from app.Dockerfile: asks the endpoint in healthcheck.json
// (written at build time from deploy/docker/images.json) on the port the container was given.
// Exit 0 when it answers 2xx within 3 s, else 1. Node's fetch: no curl in the image.
import { readFileSync } from 'node:fs';

const spec = JSON.parse(readFileSync(new URL('./healthcheck.json', import.meta.url), 'utf8'));
const port = process.env[spec.portEnv] || spec.defaultPort;

try {
  const response = await fetch(`http://127.0.0.1:${port}${spec.path}`, {
    signal: AbortSignal.timeout(3_000),
  });
  process.exitCode = response.ok ? 0 : 1;
} catch {
  process.exitCode = 1;
}
