// The SSRF guard of webhook targets and the one request deadline of postWebhook, against local receivers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  badReceiver,
  dripHeadersReceiver,
  policy,
  receiver,
} from '../../../test/support/webhook-receivers.js';
import {
  addressAllowed,
  assertWebhookUrl,
  embeddedIPv4s,
  PUBLIC_ONLY,
  parseWebhookPolicy,
  postWebhook,
} from './webhook-target.js';

describe('webhook targets (SSRF guard)', () => {
  it('refuses loopback, private, link-local, metadata and credential-bearing URLs by default', () => {
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://10.1.2.3/hook',
      'http://172.20.0.5/hook',
      'http://192.168.1.1/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/hook',
      'http://[fd00::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://0.0.0.0/hook',
      'http://localhost:8080/hook',
      'http://[2002:7f00:1::]/hook',
      'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook',
      'http://metadata.google.internal/computeMetadata/v1/',
      'http://printer.local/hook',
      'http://[fec0::1]/hook',
      'http://[::127.0.0.1]/hook',
      'http://[::10.0.0.1]/hook',
      'http://[::7f00:1]/hook',
      'http://[::ffff:7f00:1]/hook',
      'http://[0:0:0:0:0:ffff:a9fe:a9fe]/hook',
      'http://localhost./hook',
      'http://LOCALHOST./hook',
      'http://localhost../hook',
      'http://printer.local./hook',
      'http://metadata.google.internal./computeMetadata/v1/',
      'https://hooks.example.com/x\n',
      'https://hooks.example.com/x\r\n',
      ' https://hooks.example.com/x',
      'https://hooks.example.com/a\tb',
      'https://hooks.example.com/a b',
      'https://hooks.example.com/x\u3000',
      'https://user:pass@hooks.example.com/x',
      'ftp://hooks.example.com/x',
      'not a url',
    ])
      assert.throws(() => assertWebhookUrl(url, PUBLIC_ONLY), url);
    assert.equal(assertWebhookUrl('https://hooks.example.com/x', PUBLIC_ONLY).hostname, 'hooks.example.com');
    assert.equal(assertWebhookUrl('http://202.100.1.8/x', PUBLIC_ONLY).hostname, '202.100.1.8');
  });

  it('judges an IPv4 address embedded in IPv6 (mapped or compatible) as that IPv4 address', () => {
    for (const address of [
      '::127.0.0.1',
      '::7f00:1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::a9fe:a9fe',
      '::',
      '::1',
    ])
      assert.equal(addressAllowed(address, PUBLIC_ONLY), false, address);
    for (const address of ['fec0::1', 'feff::1', 'fe80::1%eth0'])
      assert.equal(addressAllowed(address, PUBLIC_ONLY), false, address);
    assert.equal(addressAllowed('::202.100.1.8', PUBLIC_ONLY), true);
    assert.equal(addressAllowed('::ffff:ca64:108', PUBLIC_ONLY), true);
    assert.equal(addressAllowed('2400:3200::1', PUBLIC_ONLY), true);
    const p = policy('127.0.0.0/8');
    assert.equal(addressAllowed('::127.0.0.1', p), true);
    assert.equal(addressAllowed('::ffff:7f00:1', p), true);
  });

  /** An IPv4 address as two hexadecimal 16-bit groups, optionally each inverted (Teredo's client field). */
  const hex = (v4: string, invert = false): string => {
    const [a = 0, b = 0, c = 0, d = 0] = v4.split('.').map(Number);
    const x = (n: number) => (invert ? n ^ 0xffff : n).toString(16);
    return `${x((a << 8) | b)}:${x((c << 8) | d)}`;
  };
  /** Every way an IPv6 address can carry `v4`, in dotted and hexadecimal notation, long and short. */
  const embeddings = (v4: string): string[] => [
    `::${v4}`,
    `::${hex(v4)}`,
    `::ffff:${v4}`,
    `0:0:0:0:0:ffff:${hex(v4)}`,
    `::ffff:0:${v4}`,
    `::ffff:0:${hex(v4)}`,
    `0:0:0:0:ffff:0:${hex(v4)}`,
    `::FFFF:0:${hex(v4).toUpperCase()}`,
    `64:ff9b::${v4}`,
    `64:ff9b::${hex(v4)}`,
    `0064:ff9b:0000:0000:0000:0000:${hex(v4)}`,
    `64:ff9b:1::${hex(v4)}`,
    `2002:${hex(v4)}::`,
    `2002:${hex(v4)}:1:2:3:4:5`,
    `2001:0:${hex(v4)}::1`,
    `2001:0:4136:e378:8000:63bf:${hex(v4, true)}`,
    `2400:cb00:2048:1::5efe:${v4}`,
    `2400:cb00:2048:1:200:5efe:${hex(v4)}`,
    `fe80::5efe:${v4}`,
  ];
  const refusedIPv4 = [
    '127.0.0.1',
    '127.255.255.254',
    '10.0.0.1',
    '172.16.5.4',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '192.0.0.8',
    '198.18.0.1',
    '224.0.0.1',
    '255.255.255.255',
  ];

  it('refuses every embedding of a refused IPv4 address in IPv6, at registration and after DNS', async () => {
    let forms = 0;
    for (const v4 of refusedIPv4) {
      assert.equal(addressAllowed(v4, PUBLIC_ONLY), false, v4);
      for (const address of embeddings(v4)) {
        forms++;
        assert.equal(addressAllowed(address, PUBLIC_ONLY), false, address);
        assert.throws(
          () => assertWebhookUrl(`http://[${address}]:8080/hook`, PUBLIC_ONLY),
          /内网或保留地址/,
          address,
        );
      }
    }
    assert.ok(forms >= 200, `${forms} forms`);
    // the form the probe found: IPv4-translated (SIIT) loopback and metadata addresses
    assert.equal(addressAllowed('::ffff:0:127.0.0.1', PUBLIC_ONLY), false);
    assert.equal(addressAllowed('::ffff:0:a9fe:a9fe', PUBLIC_ONLY), false);
    // a host name that resolves to embedded forms only is refused before any connection
    for (const address of ['::ffff:0:7f00:1', '64:ff9b::a9fe:a9fe', '2002:a00:1::1', '::ffff:0:a00:1']) {
      await assert.rejects(
        postWebhook(
          PUBLIC_ONLY,
          'http://hooks.example.invalid:9/hook',
          '{}',
          {},
          {
            resolveHost: (_h, _o, cb) => cb(null, [{ address, family: 6 }]),
          },
        ),
        /只解析到内网或保留地址/,
        address,
      );
    }
  });

  it('finds the IPv4 address in each embedding and judges a public one by its form', () => {
    const v4 = '202.100.1.8';
    for (const address of embeddings(v4)) {
      const found = embeddedIPv4s(address).map((e) => e.ipv4);
      if (!address.startsWith('64:ff9b:1::')) assert.ok(found.includes(v4), `${address}: ${found.join(',')}`);
    }
    assert.deepEqual(embeddedIPv4s('2400:3200::1'), []);
    // another name of a public IPv4 host is reached: mapped, compatible, translated, NAT64, global ISATAP
    for (const address of [
      '::202.100.1.8',
      '::ffff:202.100.1.8',
      '::ffff:0:202.100.1.8',
      '::ffff:0:ca64:108',
      '64:ff9b::202.100.1.8',
      '64:ff9b::ca64:108',
      '2400:cb00:2048:1::5efe:202.100.1.8',
    ])
      assert.equal(addressAllowed(address, PUBLIC_ONLY), true, address);
    // tunnels stay refused whatever they embed (6to4 is deprecated, Teredo is not a place for webhooks), as do the
    // local-use NAT64 prefix and the documentation ranges
    for (const address of [
      '2002:ca64:108::1',
      '2001:0:ca64:108::1',
      '2001:0:4136:e378:8000:63bf:359b:fef7',
      '64:ff9b:1::ca64:108',
      '2001:db8::1',
      '3fff::1',
      '192.0.2.10',
      '198.51.100.7',
      '203.0.113.9',
      '192.88.99.1',
    ])
      assert.equal(addressAllowed(address, PUBLIC_ONLY), false, address);
    // an allowed intranet network is reached in every form that stands for its addresses, not through a tunnel
    const p = policy('10.20.0.0/16');
    for (const address of [
      '10.20.0.1',
      '::ffff:10.20.0.1',
      '::ffff:0:10.20.0.1',
      '64:ff9b::a14:1',
      '::a14:1',
    ])
      assert.equal(addressAllowed(address, p), true, address);
    for (const address of ['2002:a14:1::1', '::ffff:0:10.21.0.1', '64:ff9b::a15:1'])
      assert.equal(addressAllowed(address, p), false, address);
  });

  it('tells why a URL with whitespace, or a trailing-dot localhost, is refused', () => {
    assert.throws(() => assertWebhookUrl('https://hooks.example.com/x\n', PUBLIC_ONLY), /空白字符或控制字符/);
    assert.throws(() => assertWebhookUrl('http://LOCALHOST./x', PUBLIC_ONLY), /localhost/);
    assert.throws(() => assertWebhookUrl('http://[::127.0.0.1]/x', PUBLIC_ONLY), /内网或保留地址/);
    // an allowed host name matches with or without the trailing dot
    assert.doesNotThrow(() => assertWebhookUrl('http://notify.sx.gov./x', policy('notify.sx.gov')));
  });

  it('opens exactly the networks and hosts an administrator allows', () => {
    const p = policy('10.20.0.0/16, notify.sx.gov ,fd00::/8');
    assert.equal(addressAllowed('10.20.3.4', p), true);
    assert.equal(addressAllowed('10.21.3.4', p), false);
    assert.equal(addressAllowed('fd12::1', p), true);
    assert.equal(addressAllowed('::ffff:10.20.0.1', p), true);
    assert.doesNotThrow(() => assertWebhookUrl('http://notify.sx.gov/x', p));
    assert.match(String(parseWebhookPolicy('10.0.0.0/40')), /not a CIDR/);
    assert.match(String(parseWebhookPolicy('bad host!')), /neither a host name/);
  });

  it('bounds a request by one total deadline and does not read a trickled response body', {
    timeout: 8000,
  }, async () => {
    const hang = await badReceiver('hang');
    const drip = await badReceiver('drip');
    const slowHeaders = await dripHeadersReceiver();
    const p = policy('127.0.0.1/32');
    try {
      let started = Date.now();
      await assert.rejects(
        postWebhook(p, `http://127.0.0.1:${hang.port}/hook`, '{}', {}, { timeoutMs: 300 }),
        /Webhook 请求超时（0.3 秒内未收到响应）/,
      );
      assert.ok(
        Date.now() - started < 2000,
        `a hanging receiver is left after the deadline (${Date.now() - started} ms)`,
      );

      started = Date.now();
      await assert.rejects(
        postWebhook(p, `http://127.0.0.1:${slowHeaders.port}/hook`, '{}', {}, { timeoutMs: 300 }),
        /超时/,
      );
      assert.ok(Date.now() - started < 2000, `headers trickled byte by byte do not extend the deadline`);

      started = Date.now();
      assert.equal(
        await postWebhook(p, `http://127.0.0.1:${drip.port}/hook`, '{}', {}, { timeoutMs: 300 }),
        200,
      );
      assert.ok(Date.now() - started < 2000, `the status is returned without waiting for the body`);
    } finally {
      await Promise.all([hang.close(), drip.close(), slowHeaders.close()]);
    }
  });

  it('checks the addresses a host name resolves to at delivery, and never follows redirects', async () => {
    const rx = await receiver(() => 302);
    try {
      const url = `http://localtest.invalid:${rx.port}/hook`;
      // /etc/hosts-style resolution of the name to loopback, through the guarded lookup
      const toLoopback = policy('');
      await assert.rejects(
        postWebhook(
          toLoopback,
          url,
          '{}',
          {},
          {
            resolveHost: (_h, _o, cb) => cb(null, [{ address: '127.0.0.1', family: 4 }]),
          },
        ),
        /localtest\.invalid 只解析到内网或保留地址/,
      );
      assert.equal(rx.got.length, 0, 'nothing reached the loopback receiver');
      const status = await postWebhook(
        policy('127.0.0.0/8'),
        url,
        '{}',
        {},
        {
          resolveHost: (_h, _o, cb) => cb(null, [{ address: '127.0.0.1', family: 4 }]),
        },
      );
      assert.equal(status, 302, 'the redirect is returned as a failure, not followed');
      assert.equal(rx.got.length, 1);
      // a URL stored before whitespace was refused at registration still reaches the target its parse checked
      assert.equal(
        await postWebhook(
          policy('127.0.0.0/8'),
          `${url}\n`,
          '{}',
          {},
          {
            resolveHost: (_h, _o, cb) => cb(null, [{ address: '127.0.0.1', family: 4 }]),
          },
        ),
        302,
      );
    } finally {
      await rx.close();
    }
  });
});
