// Site rules written through the API live in the store (meta `rules.site`), not on one server's
// disk, so every server process of a log runs the same rules. Each is a named Sigma YAML text.
import type { RuleText } from '@keywatch/detect';
import type { LogStore } from '@keywatch/store';

const KEY = 'rules.site';

export async function loadSiteRules(store: LogStore): Promise<RuleText[]> {
  const raw = await store.getMeta(KEY);
  return raw === undefined ? [] : (JSON.parse(raw) as RuleText[]);
}

export async function saveSiteRules(store: LogStore, rules: readonly RuleText[]): Promise<void> {
  await store.setMeta(KEY, JSON.stringify(rules));
}
