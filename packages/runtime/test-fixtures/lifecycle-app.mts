// A minimal app on the runtime skeleton, run by src/app/run-app.spec.ts as a child process with
// Node's type stripping (so it uses the built dist/, as an app does, and no decorator syntax).
// MODE: serve (until SIGTERM) | fail (asks AppControl to fail) | command-ok | command-fail.
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { ConfigError } from '../dist/index.js';
import { AppControl, runApp } from '../dist/app/index.js';

const mode = process.env.MODE ?? 'serve';
const say = (line: string) => process.stdout.write(`${line}\n`);

class Worker {
  private readonly control: AppControl;

  constructor(control: AppControl) {
    this.control = control;
  }

  onModuleInit() {
    say('init');
  }
  onApplicationBootstrap() {
    say('bootstrap');
    if (mode === 'fail') setTimeout(() => this.control.fail('cannot go on', new Error('boom')), 50);
  }
  onModuleDestroy() {
    say('stop intake');
  }
  beforeApplicationShutdown() {
    say('drain');
  }
  onApplicationShutdown() {
    say('disconnect');
  }
}

class WorkerModule {}
Module({
  providers: [
    {
      provide: Worker,
      inject: [AppControl],
      useFactory: (control: AppControl) => new Worker(control),
    },
  ],
  exports: [Worker],
})(WorkerModule);

void runApp(
  {
    name: 'lifecycle-app',
    loadConfig: (env: NodeJS.ProcessEnv) => {
      const opsPort = Number(env.OPS_PORT);
      if (!Number.isInteger(opsPort)) throw new ConfigError(['OPS_PORT: expected a port number']);
      return { opsPort, logLevel: 'silent' };
    },
    rootModule: () => WorkerModule,
  },
  mode.startsWith('command')
    ? {
        command: () => {
          say('command');
          return mode === 'command-fail'
            ? Promise.reject(new Error('the command broke'))
            : Promise.resolve();
        },
      }
    : {},
);
