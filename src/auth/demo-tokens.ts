import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TokenGrant } from '../config';

const DEMO_GRANTS: Omit<TokenGrant, 'token'>[] = [
  { role: 'district', districtCode: '320412' },
  { role: 'district', districtCode: '320413' },
  { role: 'district', districtCode: '320411' },
  { role: 'city', districtCode: null },
  { role: 'analyst', districtCode: null },
];

/** The demo tokens of the embedded default: made once, then kept with the data so they survive restarts. */
export async function loadOrCreateDemoTokens(dataDir: string): Promise<TokenGrant[]> {
  const file = path.join(dataDir, 'demo-tokens.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as TokenGrant[];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const grants = DEMO_GRANTS.map((grant) => ({
    ...grant,
    token: `demo-${grant.role}${grant.districtCode ? `-${grant.districtCode}` : ''}-${randomBytes(12).toString('hex')}`,
  }));
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(grants, null, 2) + '\n', { mode: 0o600 });
  return grants;
}
