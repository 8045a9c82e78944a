// GET /v1/rules: the rules the detection engine runs (the shipped pack and site rules), for every
// reader — auditors read rules, only security officers and admins change them (rule files on the
// server; a change reloads the engine and is itself an event, through the access record).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { loadRules, type RuleText } from '@keywatch/detect';
import { ApiError } from '../../api-error.ts';
import { READERS, RULE_EDITORS } from '../../auth/roles.ts';
import { loadSiteRules, saveSiteRules } from '../../detection/site-rules.ts';
import { ruleTexts } from '../../detection/start-alerting.ts';
import type { ServerContext } from '../../server-context.ts';

const Params = Type.Object({ name: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,100}$' }) });
const Body = Type.Object({ text: Type.String({ minLength: 1, maxLength: 256 * 1024 }) });

export async function ruleRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get('/v1/rules', { config: { roles: READERS } }, async () => ({
    rules: ctx.rules.rules.map((r) => ({
      id: r.key,
      title: r.title,
      kind: r.kind,
      level: r.level ?? null,
      status: r.status ?? null,
      tags: r.tags,
      description: r.description ?? null,
      falsepositives: r.falsepositives,
      file: r.file,
    })),
  }));
}

/**
 * PUT/DELETE /v1/rules/site/{name}: security officers and admins change site rules. The whole rule
 * set is rebuilt first (a rule that does not parse is refused with RULE_INVALID naming its line),
 * then stored, then the engine is swapped; the change is an event naming the person.
 */
export async function ruleEditRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const apply = async (req: FastifyRequest, name: string, next: RuleText[], action: string) => {
    const texts = ruleTexts(ctx.config.alerting, next);
    const rules = loadRules(texts);
    await saveSiteRules(ctx.store, next);
    ctx.rules = rules;
    await ctx.detection.setRules(texts);
    await ctx.sequencer.record({
      time: new Date().toISOString(),
      type: 'system.config_change',
      outcome: 'success',
      actor: { id: req.principal!.name, roles: [req.principal!.role], type: 'user' },
      target: { type: 'detection_rule', id: `site:${name}` },
      source: { kind: 'keywatch' },
      message: `site rule ${name} ${action}`,
      detail: { change: `rule.${action}`, rules: rules.rules.length },
    });
    return { name, action, rules: rules.rules.length };
  };
  const opts = { config: { roles: RULE_EDITORS } };
  app.put(
    '/v1/rules/site/:name',
    { ...opts, schema: { params: Params, body: Body } },
    async (req) => {
      const { name } = req.params as { name: string };
      const { text } = req.body as { text: string };
      const current = await loadSiteRules(ctx.store);
      const next = [...current.filter((r) => r.name !== name), { name, text }];
      return apply(req, name, next, current.some((r) => r.name === name) ? 'updated' : 'created');
    },
  );
  app.delete('/v1/rules/site/:name', { ...opts, schema: { params: Params } }, async (req) => {
    const { name } = req.params as { name: string };
    const current = await loadSiteRules(ctx.store);
    if (!current.some((r) => r.name === name))
      throw new ApiError('NOT_FOUND', `no site rule ${name}`);
    return apply(
      req,
      name,
      current.filter((r) => r.name !== name),
      'deleted',
    );
  });
}
