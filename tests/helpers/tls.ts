import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Certificates made at test time with the openssl command (EC P-256 keys: fast), valid for two days,
// in a temporary directory. Nothing is committed: no fixture can expire or leak a real key.

export interface TestCertificate {
  certFile: string;
  keyFile: string;
  cert: string;
  key: string;
}

export interface TestPki {
  dir: string;
  /** The CA that signs the TLS sandbox's certificate. */
  ca: TestCertificate;
  /** The sandbox's certificate: CN and subjectAltName 127.0.0.1 and localhost. */
  server: TestCertificate;
  /** An unrelated CA: trusting it does not make the sandbox trusted. */
  otherCa: TestCertificate;
  /** The CA the mTLS sandbox accepts client certificates from, and one of its client certificates. */
  clientCa: TestCertificate;
  client: TestCertificate;
  /** A client certificate from otherCa, which the mTLS sandbox refuses. */
  strangerClient: TestCertificate;
  /** client.key encrypted with a passphrase (not supported: no passphrase variable). */
  encryptedClientKeyFile: string;
  remove(): void;
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? 'the openssl command is not installed (the TLS tests need it to make their certificates)'
      : `openssl ${args[0]} failed: ${String((error as { stderr?: Buffer }).stderr ?? error)}`;
    assert.fail(reason);
  }
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function read(dir: string, name: string): TestCertificate {
  const certFile = join(dir, `${name}.pem`);
  const keyFile = join(dir, `${name}.key`);
  return { certFile, keyFile, cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
}

function makeCa(dir: string, name: string, subject: string): TestCertificate {
  openssl(['req', '-x509', ...EC, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', subject,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  return read(dir, name);
}

let serial = 1000;

function makeLeaf(dir: string, name: string, ca: string, subject: string, extensions: string): TestCertificate {
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(['req', '-new', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject], dir);
  openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-set_serial', String(serial++),
    '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`], dir);
  return read(dir, name);
}

/** Makes the CAs and certificates the network tests use. */
export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'atlassian-mcp-pki-'));
  const ca = makeCa(dir, 'ca', '/CN=atlassian-mcp test CA');
  const otherCa = makeCa(dir, 'other-ca', '/CN=some other CA');
  const clientCa = makeCa(dir, 'client-ca', '/CN=atlassian-mcp client CA');
  const server = makeLeaf(dir, 'server', 'ca', '/CN=127.0.0.1',
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  const clientExtensions = 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n';
  const client = makeLeaf(dir, 'client', 'client-ca', '/CN=atlassian-mcp robot', clientExtensions);
  const strangerClient = makeLeaf(dir, 'stranger', 'other-ca', '/CN=stranger', clientExtensions);
  openssl(['pkey', '-in', 'client.key', '-aes256', '-passout', 'pass:not-supported', '-out', 'client-encrypted.key'], dir);
  return {
    dir, ca, server, otherCa, clientCa, client, strangerClient,
    encryptedClientKeyFile: join(dir, 'client-encrypted.key'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
