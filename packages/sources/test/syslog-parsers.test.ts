// RFC 5424 and RFC 3164 parsing (examples from RFC 5424 §6.5 and RFC 3164 §5.4), and RFC 6587
// framing with its error cases.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SyslogFramer, parseRfc3164, parseRfc5424 } from '../src/index.ts';

test('RFC 5424 §6.5 example 1: no STRUCTURED-DATA, MSG with a BOM', () => {
  const r = parseRfc5424(
    "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \uFEFF'su root' failed for lonvick on /dev/pts/8",
  );
  assert.ok(r.ok);
  assert.deepEqual(r.message, {
    format: 'rfc5424',
    facility: 4,
    severity: 2,
    timestamp: '2003-10-11T22:14:15.003Z',
    hostname: 'mymachine.example.com',
    appName: 'su',
    msgId: 'ID47',
    bom: true,
    msg: "'su root' failed for lonvick on /dev/pts/8",
  });
});

test('RFC 5424 §6.5 examples 2-4: offsets, NILVALUEs, SD with escapes and repeated params', () => {
  const a = parseRfc5424(
    "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.",
  );
  assert.ok(
    a.ok &&
      a.message.timestamp === '2003-08-24T12:14:15.000003Z' &&
      a.message.procId === '8710' &&
      a.message.msgId === undefined,
  );
  const b = parseRfc5424(
    '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"]',
  );
  assert.ok(b.ok);
  assert.deepEqual(b.message.structuredData, {
    'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' },
    'examplePriority@32473': { class: 'high' },
  });
  assert.equal(b.message.msg, '');
  const c = parseRfc5424('<13>1 - - - - - [x@1 a="q\\"uo\\]te\\\\" a="2"] m');
  assert.ok(c.ok);
  assert.deepEqual(c.message.structuredData, { 'x@1': { a: ['q"uo]te\\', '2'] } });
  assert.equal(c.message.timestamp, undefined);
});

test('RFC 5424 errors name the part that is wrong', () => {
  const cases: [string, RegExp][] = [
    ['<192>1 - - - - - -', /PRI/],
    ['<13>0 - - - - - -', /VERSION/],
    ['<13>1 2003-10-11 - - - - -', /TIMESTAMP/],
    ['<13>1 - - - - -', /truncated/],
    ['<13>1 - - - - - [a b]', /PARAM/],
    ['<13>1 - - - - - [a b="x]', /unterminated/],
    ['<13>1 - - - - - -x', /MSG must follow/],
  ];
  for (const [text, reason] of cases) {
    const r = parseRfc5424(text);
    assert.ok(!r.ok && reason.test(r.reason), `${text} → ${JSON.stringify(r)}`);
  }
});

test('RFC 3164 and its usual deviations', () => {
  const now = new Date('2026-01-10T00:00:00Z');
  const a = parseRfc3164(
    "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8",
    now,
  );
  assert.ok(a.ok);
  assert.deepEqual(a.message, {
    format: 'rfc3164',
    facility: 4,
    severity: 2,
    timestamp: '2025-10-11T22:14:15Z',
    timeAssumed: true,
    hostname: 'mymachine',
    appName: 'su',
    msg: "'su root' failed for lonvick on /dev/pts/8",
  });
  const b = parseRfc3164('Jan  5 17:32:18 kms-1 sshd[1234]: Accepted publickey', now);
  assert.ok(
    b.ok &&
      b.message.facility === undefined &&
      b.message.procId === '1234' &&
      b.message.timestamp === '2026-01-05T17:32:18Z',
  );
  const c = parseRfc3164('<13>2026-01-05T17:32:18.123+01:00 kms-1 vault: hello', now);
  assert.ok(
    c.ok && c.message.timestamp === '2026-01-05T16:32:18.123Z' && c.message.appName === 'vault',
  );
  const d = parseRfc3164('<13>Jan  5 17:32:18 sshd[9]: no hostname', now);
  assert.ok(d.ok && d.message.hostname === undefined && d.message.appName === 'sshd');
  const e = parseRfc3164('<13>just a message', now);
  assert.ok(e.ok && e.message.msg === 'just a message' && e.message.timestamp === undefined);
  assert.ok(!parseRfc3164('no pri and no time', now).ok);
  assert.ok(!parseRfc3164('<13>Feb 30 10:00:00 h x: y', now).ok);
});

test('framer: octet counting, LF framing, oversize and broken lengths', () => {
  const oct = new SyslogFramer(16);
  const frames = oct.push(Buffer.from('5 hello3 abc20 01234567890123456789'));
  assert.deepEqual(
    frames.map((f) => (f.ok ? f.text : f.error.code)),
    ['hello', 'abc', 'FRAME_TOO_LARGE'],
  );
  assert.deepEqual(
    oct.push(Buffer.from('2 ok')).map((f) => f.ok && f.text),
    ['ok'],
  );
  assert.equal(oct.framing, 'octet-counting');
  const broken = new SyslogFramer();
  const [err] = broken.push(Buffer.from('12x <13>1 - - - - - -'));
  assert.ok(err && !err.ok && err.fatal && err.error.code === 'FRAMING_ERROR');
  const lf = new SyslogFramer(10);
  const got = [
    ...lf.push(Buffer.from('<13>one\r\n<13>two\n<13>this-is-too-long\n<13>x')),
    ...lf.end(),
  ];
  assert.deepEqual(
    got.map((f) => (f.ok ? f.text : f.error.code)),
    ['<13>one', '<13>two', 'FRAME_TOO_LARGE', '<13>x'],
  );
  assert.equal(lf.framing, 'lf');
});
