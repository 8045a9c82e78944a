// The verifiable-log API of DESIGN.md: signed checkpoint (c2sp.org/tlog-checkpoint in a signed
// note), verifier key, exact leaf bytes, RFC 9162 inclusion and consistency proofs. Proofs read
// O(log n) stored hashes in one query: no rescan.
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import {
  consistencyProof,
  consistencyProofPlan,
  inclusionProof,
  inclusionProofPlan,
} from '@keywatch/auditlog';
import type { ConsistencyProofJson, InclusionProofJson } from '@keywatch/protocol';
import { ApiError } from '../../api-error.ts';
import { PROOF_READERS, READERS } from '../../auth/roles.ts';
import type { ServerContext } from '../../server-context.ts';

const Index = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const MAX_ENTRIES = 10_000;

export async function logRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const opts = { config: { roles: READERS } };
  const proofOpts = { config: { roles: PROOF_READERS } };

  /** Proof sizes must name a tree the log has (≤ the latest signed size). */
  const checkSize = (size: number | undefined): number => {
    const latest = ctx.sequencer.latestCheckpoint().size;
    const n = size ?? latest;
    if (n < 1 || n > latest) {
      throw new ApiError(
        'PROOF_RANGE_INVALID',
        `size must be between 1 and the latest checkpoint size ${latest}`,
      );
    }
    return n;
  };
  const read = async (plan: number[]) => {
    const hashes = await ctx.store.readHashes(plan);
    return (i: number) => hashes.get(i)!;
  };

  app.get('/v1/log/checkpoint', proofOpts, async (_req, reply) => {
    void reply.type('text/plain; charset=utf-8');
    return ctx.sequencer.latestCheckpoint().note;
  });

  app.get('/v1/log/key', proofOpts, async (_req, reply) => {
    void reply.type('text/plain; charset=utf-8');
    return ctx.identity.verifierKey + '\n';
  });

  app.get(
    '/v1/log/entries/:index',
    { ...opts, schema: { params: Type.Object({ index: Index }) } },
    async (req, reply) => {
      const { index } = req.params as { index: number };
      const leaf = await ctx.store.readLeaf(index);
      if (!leaf) throw new ApiError('NOT_FOUND', `the log has no entry ${index}`);
      void reply.type('application/json; charset=utf-8');
      return Buffer.from(leaf);
    },
  );

  // Extension: a range of exact leaves as JSONL (leaf bytes never contain a raw newline), so
  // `keywatch verify --server` can stream the log.
  app.get(
    '/v1/log/entries',
    {
      ...opts,
      schema: {
        querystring: Type.Object({
          start: Index,
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ENTRIES })),
        }),
      },
    },
    async (req, reply) => {
      const { start, limit } = req.query as { start: number; limit?: number };
      const rows = await ctx.store.readLeaves(start, start + (limit ?? 1000));
      void reply.type('application/x-ndjson');
      return Buffer.concat(rows.flatMap((r) => [Buffer.from(r.leaf), Buffer.from('\n')]));
    },
  );

  app.get(
    '/v1/log/proof/inclusion',
    {
      ...proofOpts,
      schema: { querystring: Type.Object({ index: Index, size: Type.Optional(Index) }) },
    },
    async (req): Promise<InclusionProofJson> => {
      const q = req.query as { index: number; size?: number };
      const size = checkSize(q.size);
      if (q.index >= size)
        throw new ApiError('PROOF_RANGE_INVALID', `index ${q.index} is not below size ${size}`);
      const hashes = inclusionProof(q.index, size, await read(inclusionProofPlan(q.index, size)));
      return { index: q.index, treeSize: size, hashes: hashes.map((h) => h.toString('base64')) };
    },
  );

  app.get(
    '/v1/log/proof/consistency',
    {
      ...proofOpts,
      schema: { querystring: Type.Object({ from: Index, size: Type.Optional(Index) }) },
    },
    async (req): Promise<ConsistencyProofJson> => {
      const q = req.query as { from: number; size?: number };
      const size = checkSize(q.size);
      if (q.from < 1 || q.from > size) {
        throw new ApiError('PROOF_RANGE_INVALID', `from must be between 1 and size ${size}`);
      }
      const hashes = consistencyProof(q.from, size, await read(consistencyProofPlan(q.from, size)));
      return { from: q.from, treeSize: size, hashes: hashes.map((h) => h.toString('base64')) };
    },
  );

  // Extension: stored checkpoints by size (export bundles take a chain of them).
  app.get(
    '/v1/log/checkpoints',
    {
      ...proofOpts,
      schema: {
        querystring: Type.Object({
          after: Type.Optional(Index),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        }),
      },
    },
    async (req) => {
      const q = req.query as { after?: number; limit?: number };
      const rows = await ctx.store.listCheckpoints({
        ...(q.after !== undefined && { afterSize: q.after }),
        limit: q.limit ?? 100,
      });
      return {
        checkpoints: rows.map((r) => ({
          size: r.size,
          note: r.note,
          created: new Date(r.createdMs).toISOString(),
        })),
      };
    },
  );
}
