// One CloudHSM audit block → event draft (research note §1, CloudHSM row). The log stream names
// the HSM (options.host); `Sequence No` is gap-free per `Reboot counter`, so both travel with
// the event (source.seq, detail.reboot_counter) for gap detection (research §4 rule 16).
import type { EventDraft } from '../core/event-builder.ts';
import { fromEpoch, toUtc } from '../core/event-time.ts';
import { nameAndCode, parseNumber, type HsmBlock } from './cloudhsm-block.ts';
import { OPCODES, USER_TYPES } from './cloudhsm-opcodes.ts';

export interface SessionUser {
  name: string;
  type?: string;
}

function time(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // "12/19/17 21:01:17.140812, usecs:1513717277140812": usecs is authoritative (UTC).
  const u = /usecs\s*:\s*(\d{1,19})/.exec(value);
  if (u) {
    const digits = u[1]!.padStart(7, '0');
    return fromEpoch(String(Number(digits.slice(0, -6))), digits.slice(-6));
  }
  const m = /^(\d{2})\/(\d{2})\/(\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)/.exec(value);
  return m ? toUtc(`20${m[3]}-${m[1]}-${m[2]}T${m[4]}Z`) : undefined;
}

export function hsmDraft(
  block: HsmBlock,
  host: string | undefined,
  sessionUser?: SessionUser,
): EventDraft {
  const f = block.fields;
  const [opcode, opHex] = nameAndCode(f.get('Opcode'));
  const info = opcode ? OPCODES[opcode] : undefined;
  const [userType] = nameAndCode(f.get('User Type'));
  const userName = f.get('User Name');
  const response = f.get('Response');
  const rcode = response ? /^(\d+)\s*:/.exec(response)?.[1] : undefined;
  const seq = parseNumber(f.get('Sequence No'));
  const reboot = parseNumber(f.get('Reboot counter'));
  const usecs = /usecs\s*:\s*(\d+)/.exec(f.get('Time') ?? '')?.[1];
  const priv = parseNumber(f.get('Priv/Secret Key Handle'));
  const pub = parseNumber(f.get('Public Key Handle'));
  const handle = priv || pub || undefined;
  const userIsTarget = info?.user === true;
  const actorName = userIsTarget ? sessionUser?.name : (userName ?? sessionUser?.name);
  const actorType = userIsTarget ? sessionUser?.type : (userType ?? sessionUser?.type);
  const role = actorType ? USER_TYPES[actorType] : undefined;
  const hsm = host ?? 'hsm';
  const known = new Set([
    'Time',
    'Sequence No',
    'Reboot counter',
    'Command Type(hex)',
    'Opcode',
    'Session Handle',
    'Response',
    'Log type',
    'User Name',
    'User Type',
    'Priv/Secret Key Handle',
    'Public Key Handle',
  ]);
  const extra = Object.fromEntries([...f].filter(([k]) => !known.has(k)));
  return {
    vendorId:
      seq !== undefined && reboot !== undefined
        ? `${hsm}:${reboot}:${seq}:${usecs ?? ''}`
        : undefined,
    time: time(f.get('Time')),
    type: info?.type ?? 'other.unmapped',
    operation: opcode === undefined ? undefined : `${opcode}${opHex ? ` (${opHex})` : ''}`,
    outcome: rcode === undefined ? undefined : rcode === '0' ? 'success' : 'failure',
    actor: {
      id: actorName,
      roles: role ? [role] : [],
      type: actorType,
      session: f.get('Session Handle'),
    },
    target:
      userIsTarget && userName
        ? { type: 'user', id: userName, name: userName }
        : handle !== undefined
          ? { type: 'key', id: `${hsm}/key-handle/${handle}` }
          : undefined,
    keyBearing: info?.key === true,
    source: { seq },
    detail: {
      reboot_counter: reboot,
      command_type: f.get('Command Type(hex)'),
      response,
      response_code: rcode === undefined ? undefined : Number(rcode),
      log_type: f.get('Log type'),
      user_name: userName,
      user_type: userType,
      actor_from_session: !userIsTarget && userName === undefined && sessionUser ? true : undefined,
      private_key_handle: priv,
      public_key_handle: pub,
      fields: Object.keys(extra).length > 0 ? extra : undefined,
      unparsed_lines: block.unparsed.length > 0 ? block.unparsed : undefined,
    },
  };
}
