// Accounts of people, managed by admins: GET/POST /v1/users and POST
// /v1/users/{name}/disable|enable|role (the same operations as `keywatch user`).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { PERSON_ROLES } from '@keywatch/protocol';
import { ADMINS } from '../../auth/roles.ts';
import type { ActorRef } from '../../people/people-events.ts';
import type { ServerContext } from '../../server-context.ts';

const Create = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
  role: Type.String({ enum: [...PERSON_ROLES] }),
});
const Params = Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) });
const Role = Type.Object({ role: Type.String({ enum: [...PERSON_ROLES] }) });

const actor = (req: FastifyRequest): ActorRef => ({
  id: req.principal!.name,
  role: req.principal!.role,
  ip: req.ip,
});

export async function userRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const admins = { config: { roles: ADMINS } };
  app.get('/v1/users', admins, async () => ({ users: await ctx.users.list() }));
  app.post('/v1/users', { ...admins, schema: { body: Create } }, async (req, reply) => {
    const b = req.body as Type.Static<typeof Create>;
    void reply.status(201);
    return { user: await ctx.users.create(actor(req), b) };
  });
  const name = (req: FastifyRequest) => (req.params as { name: string }).name;
  app.post('/v1/users/:name/disable', { ...admins, schema: { params: Params } }, async (req) => ({
    user: await ctx.users.setDisabled(actor(req), name(req), true),
  }));
  app.post('/v1/users/:name/enable', { ...admins, schema: { params: Params } }, async (req) => ({
    user: await ctx.users.setDisabled(actor(req), name(req), false),
  }));
  app.post(
    '/v1/users/:name/role',
    { ...admins, schema: { params: Params, body: Role } },
    async (req) => ({
      user: await ctx.users.setRole(actor(req), name(req), (req.body as { role: string }).role),
    }),
  );
}
