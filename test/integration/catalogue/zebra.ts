// Test support: Index Data's Zebra (Debian idzebra-2.0) as a real SRU server
// on a random loopback port, loaded with MARCXML records the test made.
// zebrasrv speaks Z39.50 and SRU (over HTTP) on the same port. Records are
// indexed with the DOM filter (the grs.marc filter is deprecated and re-encodes
// UTF-8 ISO 2709 as if it were Latin-1); `cql2rpn` maps CQL, so
// cql.allRecords=1 works; records are retrieved as schema "marcxml".
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Marc, type Record as MarcRecord } from 'marcjs';

const run = promisify(execFile);

const MODULE_DIRS = ['/usr/lib/x86_64-linux-gnu/idzebra-2.0/modules', '/usr/lib/aarch64-linux-gnu/idzebra-2.0/modules', '/usr/lib/idzebra-2.0/modules'];
const PQF = ['/usr/share/yaz/etc/pqf.properties', '/etc/yaz/pqf.properties'];

/** Why Zebra cannot run here, or null when it can. */
export async function zebraMissing(): Promise<string | null> {
  for (const bin of ['zebrasrv', 'zebraidx']) {
    try {
      await run('sh', ['-c', `command -v ${bin}`]);
    } catch {
      return `${bin} is not installed (Debian package idzebra-2.0; .ci/run installs it)`;
    }
  }
  if (!MODULE_DIRS.some(existsSync)) return 'the Zebra filter modules (libidzebra-2.0-modules) are not installed';
  if (!PQF.some(existsSync)) return "yaz's pqf.properties (package yaz) is not installed";
  return null;
}

const INDEX_XSL = `<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:m="http://www.loc.gov/MARC21/slim" xmlns:z="http://indexdata.com/zebra-2.0">
  <xsl:output indent="yes" method="xml" version="1.0" encoding="UTF-8"/>
  <xsl:template match="text()"/>
  <xsl:template match="/m:record">
    <z:record z:id="{m:controlfield[@tag='001']}">
      <xsl:for-each select="m:datafield[@tag='245']/m:subfield"><z:index name="title:w any:w"><xsl:value-of select="."/></z:index></xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='100' or @tag='700']/m:subfield[@code='a']"><z:index name="author:w any:w"><xsl:value-of select="."/></z:index></xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='020']/m:subfield[@code='a']"><z:index name="isbn:w"><xsl:value-of select="."/></z:index></xsl:for-each>
    </z:record>
  </xsl:template>
</xsl:stylesheet>`;

const IDENTITY_XSL = `<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="1.0">
  <xsl:output method="xml" encoding="UTF-8"/>
  <xsl:template match="node()|@*"><xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy></xsl:template>
</xsl:stylesheet>`;

const DOM = `<dom xmlns="http://indexdata.com/zebra-2.0">
  <input syntax="xml"><xmlreader level="1"/></input>
  <extract name="index"><xslt stylesheet="index.xsl"/></extract>
  <retrieve name="marcxml" identifier="info:srw/schema/1/marcxml-v1.1"><xslt stylesheet="identity.xsl"/></retrieve>
</dom>`;

export function marcXmlCollection(records: MarcRecord[]): string {
  // marcjs writes <record> without a namespace; the collection's default namespace is MARC 21 slim.
  return `<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="http://www.loc.gov/MARC21/slim">\n${records.map((r) => Marc.format(r, 'marcxml')).join('\n')}\n</collection>\n`;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Zebra {
  /** The SRU base URL (database "Default"). */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startZebra(records: MarcRecord[]): Promise<Zebra> {
  const dir = await mkdtemp(join(tmpdir(), 'relay-zebra-'));
  const modules = MODULE_DIRS.find(existsSync)!;
  await mkdir(join(dir, 'reg'));
  await mkdir(join(dir, 'shadow'));
  await writeFile(join(dir, 'index.xsl'), INDEX_XSL);
  await writeFile(join(dir, 'identity.xsl'), IDENTITY_XSL);
  await writeFile(join(dir, 'dom.xml'), DOM);
  await writeFile(join(dir, 'zebra.cfg'), [
    'profilePath: .:/usr/share/idzebra-2.0/tab', `modulePath: ${modules}`, 'attset: bib1.att', 'attset: explain.att',
    'recordType: dom.dom.xml', 'index: icu.idx', 'encoding: utf-8', 'register: reg:50M', 'shadow: shadow:50M', '',
  ].join('\n'));
  await writeFile(join(dir, 'records.xml'), marcXmlCollection(records));
  await run('zebraidx', ['-c', 'zebra.cfg', 'init'], { cwd: dir });
  await run('zebraidx', ['-c', 'zebra.cfg', 'update', 'records.xml'], { cwd: dir });
  await run('zebraidx', ['-c', 'zebra.cfg', 'commit'], { cwd: dir });

  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    await writeFile(join(dir, 'yazgfs.xml'), `<yazgfs><listen id="l">tcp:127.0.0.1:${port}</listen><server id="main" listenref="l"><config>zebra.cfg</config><cql2rpn>${PQF.find(existsSync)}</cql2rpn></server></yazgfs>`);
    const proc: ChildProcess = spawn('zebrasrv', ['-f', 'yazgfs.xml'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    proc.stderr!.on('data', (b: Buffer) => (log = (log + b.toString()).slice(-4000)));
    const url = `http://127.0.0.1:${port}/Default`;
    const up = await waitUp(url, proc);
    if (up) {
      return {
        url, port,
        async stop() {
          if (proc.exitCode === null) {
            const exited = new Promise((r) => proc.once('exit', r));
            proc.kill('SIGTERM');
            await exited;
          }
          await rm(dir, { recursive: true, force: true });
        },
      };
    }
    proc.kill('SIGKILL');
    // The port was taken between choosing and binding it: try another.
    if (attempt >= 3) throw new Error(`zebrasrv did not start: ${log}`);
  }
}

async function waitUp(url: string, proc: ChildProcess): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (proc.exitCode !== null) return false;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return true;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
