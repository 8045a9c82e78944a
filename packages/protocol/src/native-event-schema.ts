// The native event of DESIGN.md ("The native event"): the wire format every producer may send.
// Fields may be added over time, never renamed; unknown top-level fields are moved under `detail`.
import Type from 'typebox';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const OUTCOMES = ['success', 'failure', 'unknown'] as const;
export const SEVERITIES = ['debug', 'info', 'low', 'medium', 'high', 'critical'] as const;

export const ActorSchema = Type.Object({
  id: Type.Optional(Text(512)),
  name: Type.Optional(Text(512)),
  roles: Type.Optional(Type.Array(Text(128), { maxItems: 64 })),
  type: Type.Optional(Text(64)),
  ip: Type.Optional(Text(128)),
  session: Type.Optional(Text(512)),
  user_agent: Type.Optional(Text(1024)),
});

export const TargetSchema = Type.Object({
  type: Type.Optional(Text(64)),
  id: Type.Optional(Text(2048)),
  name: Type.Optional(Text(512)),
});

export const SourceSchema = Type.Object({
  kind: Type.Optional(Text(64)),
  host: Type.Optional(Text(255)),
  agent: Type.Optional(Text(128)),
  seq: Type.Optional(Type.Integer({ minimum: 0 })),
  request_id: Type.Optional(Text(512)),
});

/** What a producer sends. `time`, `type`, `outcome` and `actor` are required. */
export const NativeEventSchema = Type.Object({
  id: Type.Optional(Text(256)),
  time: Type.String({ minLength: 1, maxLength: 64 }),
  type: Type.String({ pattern: '^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+$', maxLength: 128 }),
  outcome: Type.Union([Type.Literal('success'), Type.Literal('failure'), Type.Literal('unknown')]),
  actor: ActorSchema,
  target: Type.Optional(TargetSchema),
  source: Type.Optional(SourceSchema),
  severity: Type.Optional(
    Type.Union([
      Type.Literal('debug'),
      Type.Literal('info'),
      Type.Literal('low'),
      Type.Literal('medium'),
      Type.Literal('high'),
      Type.Literal('critical'),
    ]),
  ),
  message: Type.Optional(Type.String({ maxLength: 8192 })),
  detail: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  raw: Type.Optional(Type.String({ maxLength: 65536 })),
});

export type Outcome = (typeof OUTCOMES)[number];
export type Severity = (typeof SEVERITIES)[number];
export type Actor = Type.Static<typeof ActorSchema>;
export type Target = Type.Static<typeof TargetSchema>;
export type Source = Type.Static<typeof SourceSchema>;
export type NativeEvent = Type.Static<typeof NativeEventSchema>;

/** An event as the log stores it: the producer's event plus the server's fields. Its RFC 8785
 * canonical JSON is the Merkle leaf (DESIGN.md, Formats). */
export type StoredEvent = NativeEvent & {
  id: string;
  /** Position in the log; leaf 0 is the genesis entry. */
  index: number;
  /** The server's clock when the event was accepted (RFC 3339, UTC, milliseconds). */
  received: string;
};
