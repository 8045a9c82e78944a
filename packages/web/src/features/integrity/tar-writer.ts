// A minimal POSIX ustar writer (regular files only), so that the browser can hand an auditor the
// export bundle as one file: `tar xf` it and run `keywatch verify --bundle DIR`.

const enc = new TextEncoder();

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, size: number, mtime: number): Uint8Array {
  const h = new Uint8Array(512);
  const put = (text: string, at: number) => h.set(enc.encode(text), at);
  put(name, 0);
  put(octal(0o644, 8), 100);
  put(octal(0, 8), 108);
  put(octal(0, 8), 116);
  put(octal(size, 12), 124);
  put(octal(mtime, 12), 136);
  put('        ', 148); // the checksum counts its own field as spaces
  put('0', 156);
  put('ustar\0' + '00', 257);
  const sum = h.reduce((a, b) => a + b, 0);
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

export function tar(
  files: { name: string; data: Uint8Array }[],
  mtime = Math.floor(Date.now() / 1000),
): Blob {
  const parts: Uint8Array[] = [];
  for (const f of files) {
    if (enc.encode(f.name).length > 99) throw new Error(`tar: name too long: ${f.name}`);
    parts.push(header(f.name, f.data.length, mtime), f.data);
    const pad = (512 - (f.data.length % 512)) % 512;
    if (pad) parts.push(new Uint8Array(pad));
  }
  parts.push(new Uint8Array(1024)); // two zero blocks end the archive
  return new Blob(parts as BlobPart[], { type: 'application/x-tar' });
}
