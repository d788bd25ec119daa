import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { it } from 'node:test';
import fc from 'fast-check';
import { alsoValidAsRic, companyNumberArb } from '../../../test/support/personal-numbers.js';
import { fixedClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { createDatabase } from '../db/create-database.js';
import { createApp } from './create-app.js';
import { maskingStream, maskJsonText, maskPersonalText, maskReplyText } from './log-redaction.js';

it('masks resident ids and mobile numbers in free text, also percent-encoded', () => {
  assert.equal(maskPersonalText('/s?q=61010219900101123X&p=2'), '/s?q=6****************X&p=2');
  assert.equal(maskPersonalText('id 610102900101123 tel 13812345678'), 'id 6*************3 tel 138****5678');
  assert.equal(maskPersonalText('/s?q=%36%31%30102199001011234'), '/s?q=6****************4');
  assert.equal(
    maskPersonalText('USCC 91350100M0001TGQXM, account 6222021234567890123'),
    'USCC 91350100M0001TGQXM, account 6222021234567890123',
  );
});

it('logs requests and errors without id numbers, cookies or bearer tokens', async () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const db = createDatabase({ engine: 'sqlite', file: ':memory:' });
  const app = await createApp({
    config: loadConfig({ XINYONG_RATE_LIMITS: 'false' }),
    db,
    clock: fixedClock('2026-01-01T00:00:00Z'),
    logger: { level: 'info', stream },
  });
  app.get('/fail', async () => {
    throw new Error('lookup of 330203199001011234 failed');
  });
  await app.ready();
  try {
    await app.inject({
      url: '/api/search?q=330203199001011234&phone=13912345678',
      headers: { authorization: 'Bearer xyk_0123456789abcdef.secret', cookie: 'xinyong_session=abc' },
    });
    await app.inject('/fail?who=330203199001011234');
  } finally {
    await app.close();
    await db.destroy();
  }
  const log = lines.join('');
  assert.ok(log.includes('3****************4'), 'the masked form is logged');
  assert.ok(!log.includes('330203199001011234'), log);
  assert.ok(!log.includes('13912345678'));
  assert.ok(!log.includes('xyk_0123456789abcdef.secret'));
  assert.ok(!log.includes('xinyong_session=abc'));
});

it('masks every log line, whatever logged it, and every text answer and its location / file name', async () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const db = createDatabase({ engine: 'sqlite', file: ':memory:' });
  const app = await createApp({
    config: loadConfig({ XINYONG_RATE_LIMITS: 'false' }),
    db,
    clock: fixedClock('2026-01-01T00:00:00Z'),
    logger: { level: 'info', stream },
  });
  const ric = '33020319900101105X'; // valid (33020319900101123X, a mistyped id, is a valid credit code by chance)
  app.get('/echo', async (request) => {
    request.log.info(`free text ${ric} and 13912345678`);
    return { name: ric, note: `电话13912345678`, amount: 1234567 };
  });
  app.get('/csv', async (_request, reply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${ric}.csv"`)
      .send(`a,${ric}\n`),
  );
  app.get('/pdf', async (_request, reply) => reply.type('application/pdf').send(Buffer.from(`%PDF ${ric}`)));
  app.get('/go', async (_request, reply) => reply.redirect(`/subjects/${ric}`));
  await app.ready();
  try {
    const echo = await app.inject('/echo');
    assert.deepEqual(echo.json(), { name: '3****************X', note: '电话139****5678', amount: 1234567 });
    const csv = await app.inject('/csv');
    assert.equal(csv.body, 'a,3****************X\n');
    assert.equal(csv.headers['content-disposition'], 'attachment; filename="3****************X.csv"');
    assert.equal((await app.inject('/go')).headers.location, '/subjects/3****************X');
    assert.equal(
      (await app.inject('/pdf')).body,
      `%PDF ${ric}`,
      'binary bodies are masked when built, not here',
    );
    const missing = await app.inject(`/no/such/${ric}`);
    assert.equal(missing.body.includes(ric), false, missing.body);
    assert.equal(missing.json().instance, '/no/such/3****************X');
    // problemOf does not mask: onSend does, also percent-encoded digits
    const encoded = await app.inject(`/no/such/%33%33${ric.slice(2)}?n=2`);
    assert.equal(encoded.json().instance, '/no/such/3****************X?n=2');
  } finally {
    await app.close();
    await db.destroy();
  }
  const log = lines.join('');
  assert.ok(log.includes('free text 3****************X and 139****5678'), log);
  assert.ok(!log.includes(ric));
});

/** A reply with the given content type, for {@link maskReplyText}. */
const replyOf = (type: string) => {
  const headers = new Map<string, string>([['content-type', type]]);
  return {
    getHeader: (name: string) => headers.get(name),
    header: (name: string, value: string) => headers.set(name, value),
  };
};

it('masks JSON answers and log lines inside strings only: bare numbers stay, the JSON stays valid', () => {
  const ric = '33020319900101105X'; // valid (33020319900101123X, a mistyped id, is a valid credit code by chance)
  const body = `{"total":15000000000,"big":12345678901234567890123,"n":-13912345678,"e":1.5e+15,"note":"电话13912345678","list":[610102900101123,"${ric}"],"esc":"a\\"b\\n${ric}"}`;
  const expected = `{"total":15000000000,"big":12345678901234567890123,"n":-13912345678,"e":1.5e+15,"note":"电话139****5678","list":[610102900101123,"3****************X"],"esc":"a\\"b\\n3****************X"}`;
  for (const type of ['application/json; charset=utf-8', 'application/problem+json; charset=utf-8']) {
    assert.equal(maskReplyText(replyOf(type), body), expected, type);
    assert.equal(String(maskReplyText(replyOf(type), Buffer.from(body))), expected, type);
    JSON.parse(expected);
    const numbers = '{"total":15000000000,"rows":[{"amount":13800138000,"id":123456789012345}]}';
    assert.equal(maskReplyText(replyOf(type), numbers), numbers, 'no string to mask: the payload itself');
  }
  // digits written as \u escapes are decoded before masking
  assert.equal(maskJsonText('{"q":"\\u0033\\u00330203199001011234"}'), '{"q":"3****************4"}');
  // percent-encoded digits in a string (a problem's instance) are decoded before masking
  assert.equal(
    maskJsonText('{"instance":"/s?q=%33%330203199001011234"}'),
    '{"instance":"/s?q=3****************4"}',
  );
  // not JSON after all: masked as text
  assert.equal(maskJsonText(`{"a":${ric}`), '{"a":3****************X');
  // the log stream: pino lines keep their numbers and stay parseable
  const written: string[] = [];
  maskingStream({ write: (line: string) => written.push(line) }).write(
    `{"level":30,"time":1765000000000,"count":15000000000,"msg":"lookup ${ric}"}\n`,
  );
  assert.equal(
    written[0],
    '{"level":30,"time":1765000000000,"count":15000000000,"msg":"lookup 3****************X"}\n',
  );
  assert.equal(JSON.parse(written[0] ?? '').count, 15000000000);
});

it('leaves valid credit codes and registration numbers of every region in clear in answers, unless valid as an id', () => {
  fc.assert(
    fc.property(companyNumberArb, (code) => {
      const json = JSON.stringify({
        uscc: code,
        href: `/api/v1/subjects/${code}`,
        detail: `代码 ${code} 不存在`,
      });
      const csv = `代码,${code}\n`;
      const outJson = String(maskReplyText(replyOf('application/json'), json));
      const outCsv = String(maskReplyText(replyOf('text/csv'), csv));
      if (alsoValidAsRic(code)) return !outJson.includes(code) && !outCsv.includes(code);
      return outJson === json && outCsv === csv;
    }),
    { seed: 20261208, numRuns: 5_000 },
  );
});
