// Server-side FIM in one place for the routes: baselines, the known-good content store and the
// command queue. Built from the ServerContext on first use (one per context), so the shared
// context and server wiring need no new field.
import type { ServerContext } from '../server-context.ts';
import { BaselineUploads } from './baseline-uploads.ts';
import { ContentStore } from './content-store.ts';
import { FimBaselineService } from './fim-baseline-service.ts';
import { FimCommandService } from './fim-command-service.ts';

export interface FimService {
  baselines: FimBaselineService;
  /** Baselines larger than one request, in chunks. */
  uploads: BaselineUploads;
  content: ContentStore;
  commands: FimCommandService;
}

const services = new WeakMap<ServerContext, FimService>();

export function fimService(ctx: ServerContext): FimService {
  let s = services.get(ctx);
  if (!s) {
    const baselines = new FimBaselineService(ctx.store, ctx.sequencer);
    s = {
      baselines,
      // A chunk's base64 (4/3 of its bytes) and the JSON around it fit in one body.
      uploads: new BaselineUploads(baselines, Math.floor(((ctx.config.bodyLimit - 1024) * 3) / 4)),
      // base64 is 4/3 of the bytes, inside a JSON body of at most bodyLimit.
      content: new ContentStore(ctx.store, Math.floor((ctx.config.bodyLimit * 3) / 4) - 1024),
      commands: new FimCommandService(ctx.store, ctx.sequencer),
    };
    services.set(ctx, s);
  }
  return s;
}
