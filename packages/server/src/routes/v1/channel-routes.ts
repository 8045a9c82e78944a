// GET /v1/channels: every notification channel (configuration file and API) with its route, secrets
// replaced by "(set)", for every reader. PUT/DELETE /v1/channels/{name}: security officers and
// admins manage API channels; each change is an event naming the person and the channel, never
// a secret (docs/alerts.md, "Managing channels").
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { ALERT_SEVERITIES } from '@keywatch/store';
import { CHANNEL_EDITORS, READERS } from '../../auth/roles.ts';
import type { ChannelConfig } from '../../detection/alerting-config.ts';
import { redactChannel, type ChannelRouteSpec } from '../../detection/channel-manager.ts';
import type { ServerContext } from '../../server-context.ts';

const Params = Type.Object({ name: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' }) });
const Host = Type.String({ minLength: 1, maxLength: 255 });
const Port = Type.Integer({ minimum: 1, maximum: 65535 });
const Channel = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('webhook'),
      url: Type.String({ pattern: '^https?://', maxLength: 2048 }),
      secret: Type.String({ minLength: 16, maxLength: 512 }),
      timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 60_000 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('email'),
      host: Host,
      port: Type.Optional(Port),
      from: Type.String({ minLength: 3, maxLength: 320 }),
      to: Type.Array(Type.String({ minLength: 3, maxLength: 320 }), { minItems: 1, maxItems: 50 }),
      requireTls: Type.Optional(Type.Boolean()),
      auth: Type.Optional(Type.Object({ user: Type.String(), pass: Type.String() })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('syslog'),
      transport: Type.Union([Type.Literal('udp'), Type.Literal('tcp'), Type.Literal('tls')]),
      host: Host,
      port: Type.Optional(Port),
    },
    { additionalProperties: false },
  ),
]);
const Route = Type.Object(
  {
    minSeverity: Type.Optional(Type.Union(ALERT_SEVERITIES.map((s) => Type.Literal(s)))),
    tags: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 })),
    events: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 10 })),
  },
  { additionalProperties: false },
);
const Body = Type.Object(
  { channel: Channel, route: Type.Optional(Route) },
  { additionalProperties: false },
);

export async function channelRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get('/v1/channels', { config: { roles: READERS } }, async () => ({
    channels: ctx.channels.list().map((c) => ({
      name: c.channel.name,
      kind: c.channel.kind,
      origin: c.origin,
      settings: redactChannel(c.channel),
      route: c.route ?? null,
    })),
  }));

  const record = async (req: FastifyRequest, name: string, action: string, kind?: string) => {
    await ctx.sequencer.record({
      time: new Date().toISOString(),
      type: 'system.config_change',
      outcome: 'success',
      actor: { id: req.principal!.name, roles: [req.principal!.role], type: 'user', ip: req.ip },
      target: { type: 'notification_channel', id: name },
      source: { kind: 'keywatch' },
      message: `notification channel ${name} ${action}`,
      detail: { change: `channel.${action}`, ...(kind !== undefined && { kind }) },
    });
  };
  const opts = { config: { roles: CHANNEL_EDITORS } };
  app.put(
    '/v1/channels/:name',
    { ...opts, schema: { params: Params, body: Body } },
    async (req) => {
      const { name } = req.params as { name: string };
      const body = req.body as { channel: Omit<ChannelConfig, 'name'>; route?: ChannelRouteSpec };
      const channel = { ...body.channel, name } as ChannelConfig;
      const created = await ctx.channels.put(channel, body.route);
      const action = created ? 'created' : 'updated';
      await record(req, name, action, channel.kind);
      return { name, action };
    },
  );
  app.delete('/v1/channels/:name', { ...opts, schema: { params: Params } }, async (req) => {
    const { name } = req.params as { name: string };
    await ctx.channels.remove(name);
    await record(req, name, 'deleted');
    return { name, action: 'deleted' };
  });
}
