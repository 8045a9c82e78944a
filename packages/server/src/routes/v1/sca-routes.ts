// Assessment results (docs/sca.md): readers see the trend per host and the report per policy,
// computed from the logged events; security officers and admins approve software baselines per
// host group and run the software assessment (drift and known-vulnerable versions), which also
// runs by itself on every reported inventory (software-follower.ts).
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { AGENT_ADMINS, READERS } from '../../auth/roles.ts';
import { ScaService } from '../../sca/sca-service.ts';
import { softwareFollower } from '../../sca/software-follower.ts';
import type { ServerContext } from '../../server-context.ts';

const ResultsQuery = Type.Object({
  host: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  policy: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
});
const GroupParams = Type.Object({ group: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' }) });
const BaselineBody = Type.Object({
  packages: Type.Record(
    Type.String({ maxLength: 255 }),
    Type.String({ minLength: 1, maxLength: 255 }),
  ),
  hosts: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 255 }), { maxItems: 10000 }),
  ),
  strict: Type.Optional(Type.Boolean()),
});
const AssessBody = Type.Object({
  host: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
});

export async function scaRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const sca = new ScaService(ctx);
  const follower = softwareFollower(ctx, sca);
  app.addHook('onClose', async () => follower.stop());

  app.get(
    '/v1/sca/results',
    { config: { roles: READERS }, schema: { querystring: ResultsQuery } },
    async (req) => {
      const q = req.query as Type.Static<typeof ResultsQuery>;
      return sca.results(q.host, q.policy);
    },
  );

  app.put(
    '/v1/sca/baselines/:group',
    { config: { roles: AGENT_ADMINS }, schema: { params: GroupParams, body: BaselineBody } },
    async (req) => {
      const { group } = req.params as { group: string };
      const b = req.body as Type.Static<typeof BaselineBody>;
      return sca.approveBaseline(
        { group, packages: b.packages, hosts: b.hosts ?? [], strict: b.strict ?? false },
        req.principal!,
      );
    },
  );

  app.post(
    '/v1/sca/software/assess',
    { config: { roles: AGENT_ADMINS }, schema: { body: Type.Optional(AssessBody) } },
    async (req) => sca.assess((req.body as { host?: string } | undefined)?.host),
  );
}
