// Server-side FIM in one place for the routes: baselines, the known-good content store and the
// command queue. Built from the ServerContext on first use (one per context), so the shared
// context and server wiring need no new field.
import type { ServerContext } from '../server-context.ts';
import { ContentStore } from './content-store.ts';
import { FimBaselineService } from './fim-baseline-service.ts';
import { FimCommandService } from './fim-command-service.ts';

export interface FimService {
  baselines: FimBaselineService;
  content: ContentStore;
  commands: FimCommandService;
}

const services = new WeakMap<ServerContext, FimService>();

export function fimService(ctx: ServerContext): FimService {
  let s = services.get(ctx);
  if (!s) {
    s = {
      baselines: new FimBaselineService(ctx.store, ctx.sequencer),
      // base64 is 4/3 of the bytes, inside a JSON body of at most bodyLimit.
      content: new ContentStore(ctx.store, Math.floor((ctx.config.bodyLimit * 3) / 4) - 1024),
      commands: new FimCommandService(ctx.store, ctx.sequencer),
    };
    services.set(ctx, s);
  }
  return s;
}
