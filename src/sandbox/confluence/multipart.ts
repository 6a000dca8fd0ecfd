// multipart/form-data as the attachment APIs receive it. Route handlers do not see request headers, so the
// boundary is read from the body's first line, which by the format is `--<boundary>`.

export interface FormPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

function headerParam(header: string, name: string): string | undefined {
  for (const piece of header.split(';')) {
    const [key, ...rest] = piece.trim().split('=');
    if (key?.toLowerCase() === name) {
      const value = rest.join('=').trim();
      const unquoted = value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
      // Browsers and undici percent-encode quotes and line breaks in file names.
      try {
        return decodeURIComponent(unquoted);
      } catch {
        return unquoted;
      }
    }
  }
  return undefined;
}

/** The parts of a multipart body, or undefined when the body is not multipart. */
export function parseMultipart(body: Buffer): FormPart[] | undefined {
  const firstLineEnd = body.indexOf('\r\n');
  if (firstLineEnd < 3 || body[0] !== 0x2d || body[1] !== 0x2d) return undefined;
  const delimiter = Buffer.concat([Buffer.from('\r\n'), body.subarray(0, firstLineEnd)]);
  const parts: FormPart[] = [];
  let at = firstLineEnd + 2;
  while (at < body.length) {
    const end = body.indexOf(delimiter, at);
    if (end < 0) return undefined;
    const part = body.subarray(at, end);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) return undefined;
    const headers = part.subarray(0, headerEnd).toString('utf8').split('\r\n');
    const find = (name: string) => headers.find((line) => line.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim();
    const disposition = find('content-disposition') ?? '';
    parts.push({
      name: headerParam(disposition, 'name') ?? '',
      filename: headerParam(disposition, 'filename'),
      contentType: find('content-type'),
      data: Buffer.from(part.subarray(headerEnd + 4)),
    });
    at = end + delimiter.length;
    // `--` after the delimiter closes the body.
    if (body[at] === 0x2d && body[at + 1] === 0x2d) break;
    at += 2;
  }
  return parts;
}
