// Builds the offline export bundle of docs/formats.md in the browser, through the same API calls
// as `keywatch export`: verifier key, latest checkpoint, every leaf, up to 64 earlier checkpoints
// with consistency proofs between consecutive ones. Returned as a .tar.
import { getJson, getText } from '../../api/api-client.ts';
import type { CheckpointEntry } from '../../api/api-types.ts';
import { tar } from './tar-writer.ts';

const CHAIN = 64;
const PAGE = 10_000;
const enc = new TextEncoder();

async function earlierCheckpoints(size: number): Promise<{ size: number; note: string }[]> {
  const all: CheckpointEntry[] = [];
  for (let after: number | undefined; ;) {
    const q = after === undefined ? '?limit=1000' : `?after=${after}&limit=1000`;
    const page = (await getJson<{ checkpoints: CheckpointEntry[] }>(`/v1/log/checkpoints${q}`))
      .checkpoints;
    all.push(...page.filter((c) => c.size < size));
    if (page.length < 1000 || page[page.length - 1]!.size >= size) break;
    after = page[page.length - 1]!.size;
  }
  const step = Math.max(1, all.length / CHAIN);
  const picked =
    all.length <= CHAIN ? all : Array.from({ length: CHAIN }, (_, i) => all[Math.floor(i * step)]!);
  return picked.map((c) => ({ size: c.size, note: c.note }));
}

export async function exportBundle(
  onProgress: (done: number, total: number) => void,
): Promise<Blob> {
  const [key, note] = await Promise.all([getText('/v1/log/key'), getText('/v1/log/checkpoint')]);
  const size = Number(note.split('\n')[1]);
  const chain = [...(await earlierCheckpoints(size)), { size, note }];
  const proofs: string[] = [];
  for (let i = 1; i < chain.length; i++) {
    const p = await getJson<unknown>(
      `/v1/log/proof/consistency?from=${chain[i - 1]!.size}&size=${chain[i]!.size}`,
    );
    proofs.push(JSON.stringify(p) + '\n');
  }
  const events: string[] = [];
  for (let start = 0; start < size; start += PAGE) {
    events.push(
      await getText(`/v1/log/entries?start=${start}&limit=${Math.min(PAGE, size - start)}`),
    );
    onProgress(Math.min(size, start + PAGE), size);
  }
  const dir = 'keywatch-export/';
  return tar([
    { name: `${dir}log.vkey`, data: enc.encode(key.endsWith('\n') ? key : key + '\n') },
    { name: `${dir}checkpoint`, data: enc.encode(note) },
    { name: `${dir}events.jsonl`, data: enc.encode(events.join('')) },
    {
      name: `${dir}checkpoints.jsonl`,
      data: enc.encode(chain.map((c) => JSON.stringify(c) + '\n').join('')),
    },
    { name: `${dir}consistency.jsonl`, data: enc.encode(proofs.join('')) },
  ]);
}
