import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, parseDatabaseUrl } from './config.js';

describe('loadConfig', () => {
  it('defaults to the embedded SQLite file under ./data and the Shaanxi region', () => {
    const c = loadConfig({}, '/srv/x');
    assert.deepEqual(c.database, { engine: 'sqlite', file: '/srv/x/data/xinyong.sqlite' });
    assert.equal(c.port, 8080);
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.region, '610000');
    assert.equal(c.dataDir, '/srv/x/data');
    assert.equal(c.secretFile, '/srv/x/data/secrets.json');
    assert.equal(c.logLevel, 'info');
    assert.equal(c.publicUrl, 'http://127.0.0.1:8080');
    assert.ok(Object.isFrozen(c));
  });

  it('selects PostgreSQL for postgres:// URLs', () => {
    const c = loadConfig({ XINYONG_DATABASE_URL: 'postgres://u@db:5432/credit', XINYONG_PG_POOL_MAX: '20' });
    assert.deepEqual(c.database, { engine: 'postgres', url: 'postgres://u@db:5432/credit', poolMax: 20 });
  });

  it('reports every invalid key in one error', () => {
    const error = (() => {
      try {
        loadConfig({
          XINYONG_DATABASE_URL: 'nonsense',
          XINYONG_PORT: 'abc',
          XINYONG_REGION: '61',
          XINYONG_LOG_LEVEL: 'loud',
          XINYONG_SAMPLE_DATA: 'maybe',
          XINYONG_INGEST_CONCURRENCY: '0',
          XINYONG_INGEST_CONCURRENCY_PER_PROVIDER: 'two',
        });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(error instanceof ConfigError);
    assert.deepEqual(error.problems.map((p) => p.key).sort(), [
      'XINYONG_DATABASE_URL',
      'XINYONG_INGEST_CONCURRENCY',
      'XINYONG_INGEST_CONCURRENCY_PER_PROVIDER',
      'XINYONG_LOG_LEVEL',
      'XINYONG_PORT',
      'XINYONG_REGION',
      'XINYONG_SAMPLE_DATA',
    ]);
    assert.match(error.message, /XINYONG_PORT="abc"/);
    assert.match(error.message, /XINYONG_DATABASE_URL="nonsense"/);
  });

  it('reads the consent maximum (1–3650 days, default 365) and refuses anything else', () => {
    assert.equal(loadConfig({}).security.consentMaxDays, 365);
    assert.equal(loadConfig({ XINYONG_CONSENT_MAX_DAYS: '1095' }).security.consentMaxDays, 1095);
    for (const bad of ['0', '3651', '1.5', 'forever'])
      assert.throws(
        () => loadConfig({ XINYONG_CONSENT_MAX_DAYS: bad }),
        (e: unknown) =>
          e instanceof ConfigError && e.problems.some((p) => p.key === 'XINYONG_CONSENT_MAX_DAYS'),
        bad,
      );
  });

  it('limits concurrent file ingests to 2 per process and 1 per provider unless told otherwise', () => {
    assert.deepEqual(loadConfig({}).ingest, { concurrency: 2, concurrencyPerProvider: 1 });
    const c = loadConfig({ XINYONG_INGEST_CONCURRENCY: '4', XINYONG_INGEST_CONCURRENCY_PER_PROVIDER: '2' });
    assert.deepEqual(c.ingest, { concurrency: 4, concurrencyPerProvider: 2 });
    assert.throws(() => loadConfig({ XINYONG_INGEST_CONCURRENCY: '65' }), /XINYONG_INGEST_CONCURRENCY="65"/);
  });

  it('rejects ports outside 1–65535', () => {
    assert.throws(() => loadConfig({ XINYONG_PORT: '70000' }), /XINYONG_PORT/);
    assert.throws(() => loadConfig({ XINYONG_PORT: '0' }), /XINYONG_PORT/);
  });
});

describe('parseDatabaseUrl', () => {
  it('resolves relative SQLite paths against the working directory', () => {
    assert.deepEqual(parseDatabaseUrl('sqlite:./a/b.sqlite', '/w'), {
      engine: 'sqlite',
      file: path.resolve('/w/a/b.sqlite'),
    });
    assert.deepEqual(parseDatabaseUrl('sqlite::memory:', '/w'), { engine: 'sqlite', file: ':memory:' });
  });
  it('explains what is wrong', () => {
    assert.equal(parseDatabaseUrl('mysql://x', '/'), 'must start with sqlite: or postgres://');
    assert.equal(
      parseDatabaseUrl('sqlite:', '/'),
      'sqlite: needs a file path, e.g. sqlite:./data/xinyong.sqlite',
    );
  });
});
