// The openssl command lines of the test certificates, shared by the unit tests (test/model/tasks.test.ts) and the
// end-to-end run (e2e/harness.ts), each running them its own way: a CA, a key with its signing request, and the
// certificate the CA signs with the extensions of `<who>.ext`. Every file is `<name>.<ext>` in `dir`; certificates
// are valid for 2 days (a run needs less).
import * as path from 'path';

/** A self-signed CA: `<name>.key` (unencrypted PKCS#8) and `<name>.crt`. */
export function opensslCa(dir: string, name: string): string[] {
  const f = (n: string) => path.join(dir, n);
  return [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f(`${name}.key`),
    '-out',
    f(`${name}.crt`),
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
  ];
}

/** A new key `<who>.key` and its signing request `<who>.csr`, for the subject CN=`who`. */
export function opensslRequest(dir: string, who: string): string[] {
  const f = (n: string) => path.join(dir, n);
  return ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f(`${who}.key`), '-out', f(`${who}.csr`), '-subj', `/CN=${who}`];
}

/** `<who>.crt`, signed by CA `ca` with the extensions in `<who>.ext`; serial numbers count up in `<ca>.srl`. */
export function opensslSign(dir: string, who: string, ca: string): string[] {
  const f = (n: string) => path.join(dir, n);
  return [
    'x509',
    '-req',
    '-in',
    f(`${who}.csr`),
    '-CA',
    f(`${ca}.crt`),
    '-CAkey',
    f(`${ca}.key`),
    '-CAserial',
    f(`${ca}.srl`),
    '-CAcreateserial',
    '-days',
    '2',
    '-out',
    f(`${who}.crt`),
    '-extfile',
    f(`${who}.ext`),
  ];
}
