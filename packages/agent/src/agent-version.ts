// The agent's release, reported in every heartbeat so the Agents page (and an assessor) can tell
// which hosts run an outdated agent. Kept equal to package.json's version by agent-bundle.test.ts.
export const AGENT_VERSION = '0.1.0';
