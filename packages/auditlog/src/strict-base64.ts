// Standard base64 with padding (RFC 4648 §4), strictly: Buffer.from(s, 'base64') silently skips
// foreign characters and accepts URL-safe ones, so a malformed note would parse. Here the text must
// be the one canonical encoding of its bytes (padding bits zero), or it is refused.
const STD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function decodeBase64Strict(text: string): Buffer | undefined {
  if (!STD_BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}
